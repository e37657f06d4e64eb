#!/usr/bin/env python3
"""Time the HSDS API's service list over the benchmark data set: ``/services?per_page=50``.

    .venv/bin/python bench/build_dataset.py --keep          # prints the path of the SQLite file
    .venv/bin/python bench/hsds_api.py --sqlite /tmp/nahbar-bench-…/bench.sqlite3
    .venv/bin/python bench/hsds_api.py --postgres-url postgres://user:pw@localhost/nahbar_bench

Each of N requests (default 300) picks a benchmark municipality and one of its pages (deep pages
included) from a seeded random generator and GETs ``/api/hsds/<slug>/services?per_page=50&page=…``
through Django's full request stack (middleware, tenant scope, ninja), with the test client, so the
time is the server's: no network. A second series asks for ``full=true`` (nested locations,
schedules, attributes) for comparison. Production settings (NAHBAR_DEBUG=false) as in build_dataset.py.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_dataset import load_average, machine  # noqa: E402
from common import add_database_arguments, database_label, p95, print_rows, setup_django  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("-n", type=int, default=300, help="requests per series (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    setup_django(args, allowed_hosts="testserver")
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    from nahbar.directory.models import Offer
    from nahbar.tenancy.models import Municipality

    rng = random.Random(args.seed)
    with scopes_disabled():
        tenants = list(Municipality.objects.filter(slug__startswith="bench-").order_by("slug"))
        if not tenants:
            print("ERROR: no benchmark municipalities; run bench/build_dataset.py first", file=sys.stderr)
            return 1
        offers = Offer.objects.filter(municipality__in=tenants).count()
    client = Client()
    # Only pages that exist: an empty page past the end would flatter the figures.
    pages = {
        t.slug: client.get(f"/api/hsds/{t.slug}/services?per_page=50", secure=True).json()["total_pages"]
        for t in tenants
    }

    def one(query: str) -> tuple[float, float, int, int]:
        tenant = rng.choice(tenants)
        path = f"/api/hsds/{tenant.slug}/services?per_page=50&page={rng.randint(1, pages[tenant.slug])}{query}"
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path, secure=True)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"status {response.status_code} for {path}")
        body = response.json()
        return elapsed, cpu, len(response.content), body["size"]

    series = {}
    load_before = load_average()
    for label, query in [("list", ""), ("full", "&full=true")]:
        for _ in range(10):  # warm-up: connections, catalogue, imports
            one(query)
        results = [one(query) for _ in range(args.n)]
        series[label] = results
    database = database_label(connection)
    rows = [
        ("database", database),
        ("data set", f"{offers:,} offers in {len(tenants)} municipalities (~{offers // len(tenants):,} each)"),
        ("published pages", f"{min(pages.values())}–{max(pages.values())} pages of 50 per municipality"),
        ("requests", f"{args.n} per series (seed {args.seed}), random municipality, random existing page"),
    ]
    for label, results in series.items():
        times = [r[0] for r in results]
        cpu = [r[1] for r in results]
        sizes = [r[2] for r in results]
        name = "/services?per_page=50" + ("&full=true" if label == "full" else "")
        rows += [
            (name, f"median {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms, max {max(times):.1f} ms"),
            ("  CPU of this process", f"median {statistics.median(cpu):.1f} ms, p95 {p95(cpu):.1f} ms"),
            (
                "  response",
                f"median {statistics.median(sizes) / 1024:.1f} KB, {statistics.mean(r[3] for r in results):.1f} "
                "services per page on average",
            ),
        ]
    rows += [*machine().items(), ("load average", f"{load_before} before, {load_average()} after (1, 5, 15 min)")]
    print_rows("nahbar HSDS API benchmark (server time, no network)", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
