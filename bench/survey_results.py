#!/usr/bin/env python3
"""The survey results page for a wave of 5,000 responses: first view (computes), cached views, CSV, PDF.

    .venv/bin/python bench/survey_results.py                 # 5,000 responses per wave, two waves
    .venv/bin/python bench/survey_results.py --responses 20000 --views 30

Builds a throw-away SQLite database (migrations, one municipality with 12 areas, population per area × age
band × sex, a survey with two published waves of seeded responses, a third of them with a wish), then
times with Django's test client, DEBUG off: the first view of the newer wave (raking, all outcome × grouping
tables, themes, trend chart: the cache is empty), then ``--views`` cached views (median, p95, queries), the
aggregate CSV and the PDF report. Prints the figures and the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AGE_BANDS = ("0-17", "18-29", "30-49", "50-64", "65-79", "80+")
WISHES = (
    "Ein offener Treffpunkt im Viertel mit Kaffee.",
    "Der Bus fährt abends zu selten.",
    "Jemand, der mich besucht.",
    "Gemeinsame Spaziergänge im Park.",
    "Hilfe mit dem Smartphone für Videotelefonate.",
)


CPU_SECONDS: dict[str, float] = {}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=5000, help="responses per wave (default: %(default)s)")
    parser.add_argument("--views", type=int, default=20, help="cached page views to time (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
    os.environ["NAHBAR_DEBUG"] = "false"
    os.environ["NAHBAR_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("NAHBAR_SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)


def build(responses: int, seed: int) -> str:
    from django_scopes import scopes_disabled

    from nahbar.areas.models import Area, AreaStatistic
    from nahbar.survey.models import Response, Survey, Wave
    from nahbar.tenancy.services import municipality_create

    rng = random.Random(seed)
    square = lambda x, y: {  # noqa: E731 - a throw-away shape per area
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]],
    }
    with scopes_disabled():
        town = municipality_create(actor=None, name="Benchstadt", slug="bench", ags="14612000", land="SN")
        areas = [
            Area.objects.create(municipality=town, level="Bezirk", code=f"{i:02d}", name=f"Bezirk {i:02d}",
                                geometry=square(13 + (i % 4) * 0.1, 51 + (i // 4) * 0.1))
            for i in range(1, 13)
        ]  # fmt: skip
        AreaStatistic.objects.bulk_create(
            AreaStatistic(municipality=town, area=area, indicator="population", year=2024, age_band=band, sex=sex,
                          value=float(rng.randint(2000, 9000)))
            for area in areas for band in AGE_BANDS for sex in ("f", "m")
        )  # fmt: skip
        survey = Survey.objects.create(municipality=town, slug="befragung", title="Wie geht es Ihnen?")
        for year in (2025, 2026):
            opens = dt.date(year, 3, 1)
            wave = Wave.objects.create(
                municipality=town, survey=survey, slug=f"welle-{year}", name=f"Welle {year}", opens_on=opens,
                closes_on=opens + dt.timedelta(days=30), results_published=True,
            )  # fmt: skip
            Response.objects.bulk_create((_response(rng, town, wave, areas) for _ in range(responses)), batch_size=1000)
    return "/bench/ergebnisse/befragung/welle-2026/"


def _response(rng: random.Random, town: object, wave: object, areas: list[object]) -> object:
    from nahbar.survey.models import Response

    band = rng.choice(AGE_BANDS[1:])
    alone = rng.random() < 0.4
    latent = rng.gauss(0, 1) + 0.6 * alone + 0.4 * (band == "80+") - 0.4
    items = {k: 1 + (latent + rng.gauss(0, 0.8) > 0.3) + (latent + rng.gauss(0, 0.8) > 1.3)
             for k in ("ucla.companionship", "ucla.left_out", "ucla.isolated")}  # fmt: skip
    answers: dict[str, object] = {**items, "direct.lonely": max(1, min(5, round(2.2 + latent)))}
    if rng.random() < 0.33:
        answers["wishes.text"] = rng.choice(WISHES) + " " + rng.choice(WISHES)
    return Response(
        municipality=town, wave=wave, received_on=wave.opens_on, channel="paper",  # type: ignore[attr-defined]
        area=rng.choice(areas), age_band=band, sex=rng.choice("fm"), lives_alone=alone, answers=answers,
    )  # fmt: skip


def timed(client: object, path: str) -> tuple[float, int, int]:
    """Wall-clock seconds, queries and bytes of one request (CPU seconds go to ``CPU_SECONDS[path]``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - start
        CPU_SECONDS[path] = time.process_time() - cpu
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return elapsed, len(queries), len(response.content)


def machine() -> str:
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    import sqlite3

    return (
        f"{platform.platform()}; {cpu}; {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}; load average {load}"
    )


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="nahbar-bench-results-") as tmp:
        setup(Path(tmp) / "bench.sqlite3")
        from django.core.cache import cache
        from django.test import Client

        start = time.perf_counter()
        path = build(args.responses, args.seed)
        build_s = time.perf_counter() - start
        cache.clear()
        client = Client()
        first_s, first_q, size = timed(client, path)
        first_cpu = CPU_SECONDS[path]
        views = [timed(client, path) for _ in range(args.views)]
        times = sorted(v[0] for v in views)
        csv_s, _, csv_size = timed(client, path + "ergebnisse.csv")
        pdf_s, _, pdf_size = timed(client, path + "bericht.pdf")
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        rows = [
            ("responses per wave (2 waves)", f"{args.responses:,}"),
            ("building the data", f"{build_s:.1f} s"),
            (
                "first view (computes both waves)",
                f"{first_s:.2f} s wall, {first_cpu:.2f} s CPU, {first_q} queries, {size / 1024:.0f} KiB HTML",
            ),
            (
                f"cached views ({args.views})",
                f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, {views[-1][1]} queries",
            ),
            ("aggregate CSV (cached)", f"{csv_s * 1000:.0f} ms, {csv_size / 1024:.0f} KiB"),
            (
                "PDF report (cached results)",
                f"{pdf_s:.2f} s wall, {CPU_SECONDS[path + 'bericht.pdf']:.2f} s CPU, {pdf_size / 1024:.0f} KiB",
            ),
            ("machine", machine()),
        ]
        width = max(len(name) for name, _ in rows) + 2
        print("Survey results page")
        print("===================")
        for name, value in rows:
            print(f"{name:<{width}}{value}")


if __name__ == "__main__":
    main()
