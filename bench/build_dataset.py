#!/usr/bin/env python3
"""Build the benchmark data set (100 000 offers in 20 municipalities) in a fresh database and report
how long that took, how big the database is, what it holds and on which machine it ran.

    .venv/bin/python bench/build_dataset.py                       # temporary SQLite file (deleted afterwards)
    .venv/bin/python bench/build_dataset.py --offers 20000        # a smaller set
    .venv/bin/python bench/build_dataset.py --postgres-url postgres://user:pw@localhost/nahbar_bench

The data set comes from ``nahbar demo --offers N --municipalities M`` (nahbar/demo/bulk.py). The run uses
production settings (NAHBAR_DEBUG=false), because Django's debug mode logs every query and would make the
figure a measure of the debug machinery. Exits non-zero when anything fails or the counts are off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--offers", type=int, default=100_000, help="offers in total (default: %(default)s)")
    parser.add_argument("--municipalities", type=int, default=20, help="municipalities (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default: %(default)s)")
    parser.add_argument(
        "--postgres-url",
        default=None,
        help="build in this PostgreSQL database instead of a temporary SQLite file; it should be a throw-away "
        "database (it is migrated, and earlier benchmark municipalities bench-NN in it are replaced)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite database and print its path")
    return parser.parse_args(argv)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": memory or "n/a",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }


def load_average() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def sqlite_size(path: Path) -> int:
    # Fold the write-ahead log into the file first, so the figure is the database, not a half-written log.
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def counts() -> dict[str, int]:
    from django.db.models import Model
    from django_scopes import scopes_disabled

    from nahbar.areas.models import Area, AreaStatistic
    from nahbar.directory.models import Offer, Organization, Place, Schedule

    def m2m_rows(model: type[Model], *names: str) -> int:
        return sum(model._meta.get_field(n).remote_field.through.objects.count() for n in names)  # type: ignore[union-attr]

    with scopes_disabled():
        bench = {"municipality__slug__startswith": "bench-"}
        return {
            "offers": Offer.objects.filter(**bench).count(),
            "schedules": Schedule.objects.filter(**bench).count(),
            "places": Place.objects.filter(**bench).count(),
            "third places": Place.objects.filter(is_third_place=True, **bench).count(),
            "organizations": Organization.objects.filter(**bench).count(),
            "areas": Area.objects.filter(**bench).count(),
            "area statistics": AreaStatistic.objects.filter(**bench).count(),
            "M2M rows": m2m_rows(
                Offer,
                "places",
                "delivery_modes",
                "formats",
                "target_groups",
                "low_threshold",
                "accessibility",
                "languages",
            )
            + m2m_rows(Place, "accessibility"),
        }


def run(args: argparse.Namespace, workdir: Path) -> int:
    sqlite_path = workdir / "bench.sqlite3"
    os.environ["DATABASE_URL"] = args.postgres_url or f"sqlite:///{sqlite_path}"  # absolute: sqlite:////tmp/…
    os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
    os.environ["NAHBAR_DEBUG"] = "false"
    os.environ.setdefault("NAHBAR_SECRET_KEY", secrets.token_urlsafe(40))
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    info = machine()
    load_before = load_average()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started

    summary = io.StringIO()
    cpu_before = time.process_time()
    started = time.perf_counter()
    call_command("demo", offers=args.offers, municipalities=args.municipalities, seed=args.seed, stdout=summary)
    build_seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_before

    found = counts()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum would gather them soon after a bulk load in production;
            # without them the first benchmark runs measure the planner's guesses (docs/performance.md).
            cursor.execute("ANALYZE")
            cursor.execute("SELECT pg_database_size(current_database())")
            size = int(cursor.fetchone()[0])
        database = f"PostgreSQL {connection.pg_version // 10000} ({connection.settings_dict['NAME']})"  # type: ignore[attr-defined]
    else:
        connection.close()
        size = sqlite_size(sqlite_path)
        database = f"SQLite {sqlite3.sqlite_version} ({sqlite_path if args.keep else 'temporary file'})"

    rows: list[tuple[str, Any]] = [
        ("date", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
        ("database", database),
        ("data set", f"{args.offers:,} offers in {args.municipalities} municipalities (seed {args.seed})"),
        (
            "build time",
            f"{build_seconds:.1f} s wall, {cpu_seconds:.1f} s CPU (migrate before: {migrate_seconds:.1f} s)",
        ),
        ("database size", f"{size / 1024 / 1024:.1f} MB ({size:,} bytes)"),
        *((name, f"{value:,}") for name, value in found.items()),
        *info.items(),
        ("load average", f"{load_before} before, {load_average()} after (1, 5, 15 min)"),
    ]
    width = max(len(name) for name, _value in rows) + 2
    print()
    print("nahbar benchmark data set")
    print("=" * 25)
    for name, value in rows:
        print(f"{name:<{width}}{value}")
    print()
    print("Phases reported by `nahbar demo`:")
    for line in summary.getvalue().splitlines():
        if line.strip().endswith(" s") and not line.startswith("Benchmark"):
            print(f"  {line.strip()}")

    if found["offers"] != args.offers:
        print(f"ERROR: expected {args.offers} offers, found {found['offers']}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="nahbar-bench-"))
    try:
        return run(args, workdir)
    except Exception:
        traceback.print_exc()
        print("ERROR: building the benchmark data set failed", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
