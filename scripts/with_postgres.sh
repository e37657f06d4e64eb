#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster: initdb in a temporary directory,
# start it on a free loopback port, export DATABASE_URL, run "$@", stop and delete the cluster.
# initdb refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail

find_bin() {
  command -v "$1" 2>/dev/null && return 0
  ls -1d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1
}
INITDB=$(find_bin initdb || true)
PG_CTL=$(find_bin pg_ctl || true)
if [ -z "$INITDB" ] || [ -z "$PG_CTL" ]; then
  echo "=== PostgreSQL server binaries (initdb/pg_ctl) not found: the PostgreSQL run is SKIPPED ==="
  exit 0
fi

as_pg=()
if [ "$(id -u)" = "0" ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "running as root and there is no 'postgres' user for initdb: the PostgreSQL run FAILED to start" >&2
    exit 1
  fi
  as_pg=(runuser -u postgres --)
fi

workdir=$(mktemp -d /tmp/nahbar-pg.XXXXXX)
chmod 755 "$workdir"
[ ${#as_pg[@]} -gt 0 ] && chown postgres "$workdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${as_pg[@]}" "$PG_CTL" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${as_pg[@]}" "$INITDB" -D "$workdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
# Durability is pointless for a cluster that is deleted afterwards; switching it off makes the suite faster.
"${as_pg[@]}" "$PG_CTL" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 start \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/nahbar"
echo "=== throw-away PostgreSQL $("$PG_CTL" --version | awk '{print $3}') on port $port ==="
"$@"
