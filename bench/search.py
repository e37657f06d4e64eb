#!/usr/bin/env python3
"""Time the finder's results page over the benchmark data set: text + three filters + distance sort.

    .venv/bin/python bench/build_dataset.py --keep          # prints the path of the SQLite file
    .venv/bin/python bench/search.py --sqlite /tmp/nahbar-bench-…/bench.sqlite3
    .venv/bin/python bench/search.py --postgres-url postgres://user:pw@localhost/nahbar_bench

Each of N searches (default 200) picks a benchmark municipality, a search word, three filters and a
third place as the point (``ort``, radius 2–5 km, ``sortierung=entfernung``), all from a seeded random
generator, and calls the finder view with a RequestFactory request inside the municipality's scope, as
the middleware would. The time measured is the view's: parsing, searching and rendering the page, not the
network or the middleware. The figures are printed with the machine's description; ``docs/performance.md``
summarises them. Production settings (NAHBAR_DEBUG=false) as in build_dataset.py.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_dataset import load_average, machine  # noqa: E402
from common import add_database_arguments, database_label, p95, print_rows, setup_django  # noqa: E402

WORDS = [
    "Kaffee",
    "Spaziergang",
    "Erzählcafé",
    "Singen",
    "Treff",
    "Schach",
    "Telefon",
    "Frühstück",
    "Spiele",
    "Trauer",
    "Nachbarschaft",
    "Besuchsdienst",
    "Kuchen",
    "Chor",
    "Advent",
    "Gedächtnistraining",
]
FILTERS = [
    ("kostenlos", ["1"]),
    ("tag", ["mo", "di", "mi", "do", "fr", "sa"]),
    ("tageszeit", ["vormittag", "nachmittag", "abend"]),
    ("format", ["erzaehlcafe", "bewegung", "musik", "spiele", "offener-treff", "essen"]),
    ("zielgruppe", ["aeltere", "alle", "alleinlebende", "familien"]),
    ("merkmal", ["ohne-anmeldung", "allein-willkommen", "kostenlos"]),
    ("barrierefrei", ["stufenlos", "sitzgelegenheiten", "oepnv-nah"]),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("-n", type=int, default=200, help="searches (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--htmx", action="store_true", help="send HX-Request: time the results fragment htmx swaps in, not the page"
    )
    parser.add_argument(
        "--profile", type=int, metavar="N", default=0, help="print the N costliest functions (cProfile, cumulative)"
    )
    return parser.parse_args()


def backend_cpu_seconds(connection: Any) -> float | None:
    """CPU time (user + system) of this connection's PostgreSQL backend process, when it runs on this
    machine and /proc is readable; None otherwise (and for SQLite, which runs in this process)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def main() -> int:
    args = parse_args()
    setup_django(args, plain_static=True)
    from django.db import connection
    from django.test import RequestFactory
    from django.utils import translation
    from django_scopes import scope, scopes_disabled

    from nahbar.directory.finder.views import finder
    from nahbar.directory.models import Offer, Place
    from nahbar.tenancy.models import Municipality

    rng = random.Random(args.seed)
    with scopes_disabled():
        tenants = list(Municipality.objects.filter(slug__startswith="bench-").order_by("slug"))
        if not tenants:
            print("ERROR: no benchmark municipalities; run bench/build_dataset.py first", file=sys.stderr)
            return 1
        third = {
            t.pk: list(Place.objects.filter(municipality=t, is_third_place=True).values_list("pk", flat=True))
            for t in tenants
        }
        offers = Offer.objects.filter(municipality__in=tenants).count()
    factory = RequestFactory()
    translation.activate("de")

    def one(tenant: Municipality) -> tuple[float, float, int]:
        params: dict[str, Any] = {"q": rng.choice(WORDS)}
        for name, values in rng.sample(FILTERS, 3):
            params[name] = rng.choice(values)
        params.update(ort=rng.choice(third[tenant.pk]), umkreis=rng.choice(["2", "3", "5"]), sortierung="entfernung")
        headers = {"HX-Request": "true"} if args.htmx else {}
        request = factory.get(f"/{tenant.slug}/angebote/", params, headers=headers)
        request.municipality = tenant  # type: ignore[attr-defined]
        started, cpu_started = time.perf_counter(), time.process_time()
        with scope(municipality=tenant):
            response = finder(request, municipality_slug=tenant.slug)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"status {response.status_code} for {params}")
        return elapsed, cpu, len(response.content)

    for _ in range(10):  # warm-up: connections, template and stemmer caches
        one(rng.choice(tenants))
    # ... and each municipality's cached form choices and geography (search/choices.py), which a
    # server process builds once per municipality and keeps; without touching the seeded sequence.
    for tenant in tenants:
        request = factory.get(f"/{tenant.slug}/angebote/", {"q": "Treff", "ort": third[tenant.pk][0]})
        request.municipality = tenant  # type: ignore[attr-defined]
        with scope(municipality=tenant):
            finder(request, municipality_slug=tenant.slug)
    backend_before = backend_cpu_seconds(connection)
    load_before = load_average()
    times, cpu_times, sizes = [], [], []
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    for _ in range(args.n):
        elapsed, cpu, size = one(rng.choice(tenants))
        times.append(elapsed)
        cpu_times.append(cpu)
        sizes.append(size)
    backend_after = backend_cpu_seconds(connection)
    if profiler:  # the figures of a profiled run include the profiler's overhead: use them for the split only
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    times.sort()
    cpu_times.sort()

    database = database_label(connection)
    rows = [
        ("database", database),
        ("data set", f"{offers:,} offers in {len(tenants)} municipalities"),
        ("searches", f"{args.n} (seed {args.seed}): text + 3 filters + place, radius 2–5 km, sort by distance"),
        ("response", "results fragment (HX-Request)" if args.htmx else "whole page"),
        ("median", f"{statistics.median(times):.1f} ms"),
        ("p95", f"{p95(times):.1f} ms"),
        (
            "CPU of this process",
            f"median {statistics.median(cpu_times):.1f} ms, p95 {p95(cpu_times):.1f} ms"
            + (
                " (SQLite runs in-process: the server's own cost, less sensitive to load)"
                if connection.vendor == "sqlite"
                else " (without the database server's time)"
            ),
        ),
        *(
            [
                (
                    "CPU of the PostgreSQL backend",
                    f"mean {(backend_after - backend_before) * 1000 / args.n:.1f} ms per search "
                    "(from /proc, in clock ticks summed over the run)",
                )
            ]
            if backend_before is not None and backend_after is not None
            else []
        ),
        ("min / max", f"{times[0]:.1f} / {times[-1]:.1f} ms"),
        ("page size", f"median {statistics.median(sizes) / 1024:.1f} KB uncompressed"),
        *machine().items(),
        ("load average", f"{load_before} before, {load_average()} after (1, 5, 15 min)"),
    ]
    print_rows("nahbar finder search benchmark (view time)", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
