#!/usr/bin/env python3
"""Throughput of the finder's results page against a minimal page with the same base template, under load.

    .venv/bin/python bench/throughput.py                      # the demo, built once into --workdir
    .venv/bin/python bench/throughput.py --sqlite /tmp/nahbar-bench-…/bench.sqlite3   # the 100k set

Serves the database with gunicorn (2 sync workers, DEBUG off, production static files) on 127.0.0.1 and
drives it with ``wrk`` (Debian package ``wrk``) on loopback, alternating between

- the **minimal page**: the site's start page ``/`` (the list of municipalities: the base template, one
  query), and
- the **results page**: ``/<slug>/angebote/?q=…`` with filters, cycling through a fixed list of searches (a
  search word plus one or two of free / weekday / time of day / format / target group), so that a cache for
  one address would not flatter the figure.

Each page gets ``--rounds`` runs of ``--duration`` seconds, interleaved, after a warm-up; the figure is all
requests over all their time. Issue budget: results ≥ 0.5 × minimal requests per second.

Why sync workers: both pages are CPU-bound Python (SQLite runs in the worker; no slow upstream calls), and
the machine has two cores, so two single-threaded processes use both; threads (gthread) would only take
turns on the GIL. Behind the reverse proxy of docs/operations.md, which buffers slow clients, gunicorn
recommends sync workers. A sync worker closes the connection after each response, so every request
includes a TCP connect on loopback — the same for both pages.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_dataset import load_average, machine
from common import print_rows
from webserver import DEMO_SLUG, Gunicorn, demo_database

WORDS = ["Kaffee", "Spaziergang", "Erzählcafé", "Singen", "Treff", "Spiele", "Frühstück", "Chor", "Nachbarschaft"]
FILTERS = [
    ("kostenlos", ["1"]),
    ("tag", ["mo", "di", "mi", "do", "fr"]),
    ("tageszeit", ["vormittag", "nachmittag"]),
    ("zielgruppe", ["aeltere", "alle"]),
    ("merkmal", ["ohne-anmeldung", "allein-willkommen"]),
]
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "nahbar-bench-web")
    parser.add_argument("--sqlite", type=Path, help="serve this database instead of the demo (e.g. the 100k set)")
    parser.add_argument("--slug", help="municipality of the results page (default: demo, or bench-01 with --sqlite)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per run (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per page, interleaved (default: %(default)s)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default: %(default)s)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--searches", type=int, default=40, help="distinct results addresses (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def results_paths(slug: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        params = [("q", rng.choice(WORDS))]
        for name, values in rng.sample(FILTERS, rng.choice([1, 2])):
            params.append((name, rng.choice(values)))
        paths.append(f"/{slug}/angebote/?{urlencode(params)}")
    return paths


def check_pages(base_url: str, paths: list[str]) -> tuple[int, list[int]]:
    """Every address answers 200; returns the page sizes and the hits shown (``finder-hit`` items)."""
    sizes, hits = [], []
    for path in paths:
        with urllib.request.urlopen(base_url + path, timeout=30) as response:  # noqa: S310 - our own server
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: status {response.status}")
        sizes.append(len(body))
        hits.append(body.count(b'class="finder-hit"'))
    return int(statistics.median(sizes)), hits


def wrk(base_url: str, paths: list[str], seconds: int, connections: int, script_dir: Path) -> tuple[int, float, str]:
    """Runs wrk; returns requests, seconds and the latency line. Non-2xx answers are an error."""
    script = script_dir / "paths.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths))
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "-s", str(script)]
    # As a browser asks: the answers are gzip-compressed (GZipMiddleware), and that costs CPU too.
    command += ["-H", "Accept-Encoding: gzip, deflate, br", base_url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    if "Non-2xx" in out or re.search(r"Socket errors: connect [1-9]|timeout [1-9]", out):
        raise RuntimeError(f"wrk saw errors:\n{out}")
    done = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    if not done or not latency:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    elapsed = float(done.group(2)) * (60 if done.group(3) == "m" else 1)
    if done.group(3) == "ms":
        elapsed /= 1000
    return int(done.group(1)), elapsed, f"avg {latency.group(1)}, max {latency.group(3)}"


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("ERROR: wrk is not installed (Debian: apt-get install wrk); no figures without a load generator.")
        return 2
    slug = args.slug or ("bench-01" if args.sqlite else DEMO_SLUG)
    database = demo_database(args.workdir, database=args.sqlite)
    minimal = ["/"]
    results = results_paths(slug, args.searches, args.seed)
    with Gunicorn(database, args.workdir, workers=2, worker_class=args.worker_class) as server:
        minimal_size, _ = check_pages(server.base_url, minimal)
        results_size, hits = check_pages(server.base_url, results)
        for paths in (minimal, results):  # warm-up: connections, caches, templates in both workers
            wrk(server.base_url, paths, 3, args.connections, args.workdir)
        load_before = load_average()
        runs: dict[str, list[tuple[int, float, str]]] = {"minimal": [], "results": []}
        for _ in range(args.rounds):
            runs["minimal"].append(wrk(server.base_url, minimal, args.duration, args.connections, args.workdir))
            runs["results"].append(wrk(server.base_url, results, args.duration, args.connections, args.workdir))
        load_after = load_average()

    def rate(name: str) -> float:
        return sum(r[0] for r in runs[name]) / sum(r[1] for r in runs[name])

    ratio = rate("results") / rate("minimal")
    rows = [
        ("database", f"{database.name} (SQLite), results in /{slug}/"),
        ("server", f"gunicorn, 2 {args.worker_class} workers, DEBUG off, 127.0.0.1"),
        (
            "load",
            f"wrk, {args.connections} connections, {args.rounds} × {args.duration} s per page, interleaved, "
            "Accept-Encoding: gzip",
        ),
        ("minimal page", f"/ (municipality list, base template), {minimal_size / 1024:.1f} KB"),
        (
            "results page",
            f"{len(results)} searches, e.g. {results[0]}; median {results_size / 1024:.1f} KB, "
            f"hits per page median {statistics.median(hits):g} (min {min(hits)}, max {max(hits)})",
        ),
        ("minimal req/s", f"{rate('minimal'):.1f}  (" + "; ".join(r[2] for r in runs["minimal"]) + ")"),
        ("results req/s", f"{rate('results'):.1f}  (" + "; ".join(r[2] for r in runs["results"]) + ")"),
        ("ratio", f"{ratio:.2f}  (budget ≥ 0.50: {'met' if ratio >= 0.5 else 'MISSED'})"),
        *machine().items(),
        ("load average", f"{load_before} before, {load_after} after (1, 5, 15 min)"),
    ]
    print_rows("nahbar throughput: results page vs minimal page", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
