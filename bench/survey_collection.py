#!/usr/bin/env python3
"""The anonymous survey form and the paper questionnaire: time per page, per submission, per PDF.

    .venv/bin/python bench/survey_collection.py               # 200 form pages, 50 submissions, 10 PDFs

Self-contained: a throw-away SQLite database (migrated), one municipality with 12 areas and the full
catalogue survey, DEBUG off. Measured through Django's test client in this process (no web server), so
the figures are the application's own cost. Prints the machine and load, since 8 engineers share it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_dataset import load_average, machine  # noqa: E402
from bench.common import p95, print_rows  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=50)
    parser.add_argument("--pdfs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nahbar-bench-survey-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
        os.environ["NAHBAR_DEBUG"] = "false"
        os.environ["NAHBAR_ALLOWED_HOSTS"] = "testserver"
        os.environ["NAHBAR_SECRET_KEY"] = "bench-" + "x" * 40
        os.environ["NAHBAR_SURVEY_MIN_SECONDS"] = "0"
        os.environ["NAHBAR_SURVEY_SUBMISSIONS_PER_HOUR"] = str(args.submissions + 10)
        import django

        django.setup()
        from django.conf import settings

        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        rows = run(args)
    rows += [(k, v) for k, v in machine().items()] + [("load average (1, 5, 15 min)", load_average())]
    print_rows("Survey collection", rows)


def run(args: argparse.Namespace) -> list[tuple[str, str]]:
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from nahbar.areas.models import Area, AreaStatistic
    from nahbar.survey.instruments import build_survey
    from nahbar.survey.models import Response, Wave
    from nahbar.tenancy.services import municipality_create

    with scopes_disabled():
        town = municipality_create(actor=None, name="Benchstadt", slug="bench", ags="14612000", land="SN")
        for n in range(1, 13):
            area = Area.objects.create(municipality=town, code=f"{n:02d}", name=f"Bezirk {n}", level="Bezirk")
            for band in ("18-29", "30-49", "50-64", "65-79", "80+"):
                AreaStatistic.objects.create(
                    municipality=town, area=area, indicator="population", year=2024, age_band=band, value=1000
                )
        survey = build_survey(municipality=town, slug="viertel", title="Bench", actor=None)
        today = timezone.localdate()
        Wave.objects.create(
            municipality=town, survey=survey, slug="w", name="W", opens_on=today, closes_on=today + dt.timedelta(days=1)
        )
    url = "/bench/befragung/viertel/"
    client = Client()
    client.get(url)
    page_times = []
    for i in range(args.pages):
        started = time.perf_counter()
        _check(client.get(url, {"schritt": 1 + i % 4}).status_code == 200, "form page failed")
        page_times.append(time.perf_counter() - started)
    answers = {"ucla.companionship": "2", "ucla.left_out": "3", "ucla.isolated": "1", "direct.lonely": "4"}
    submit_times = []
    for _ in range(args.submissions):
        visitor = Client()
        visitor.get(url)
        visitor.post(url, {"schritt": 1, "aktion": "weiter", **answers})
        for step in (2, 3, 4):
            visitor.post(url, {"schritt": step, "aktion": "weiter", "demo.age_band": "4", "demo.area": "3"})
        started = time.perf_counter()
        response = visitor.post(url, {"schritt": 5, "aktion": "absenden"})
        submit_times.append(time.perf_counter() - started)
        _check(response.status_code == 302, f"submission answered {response.status_code}")
    with scopes_disabled():
        _check(Response.objects.count() == args.submissions, "not every submission was stored")
    started = time.perf_counter()
    client.get(url + "fragebogen.pdf")
    first_pdf = time.perf_counter() - started
    pdf_times, size = [], 0
    for _ in range(args.pdfs):
        started = time.perf_counter()
        pdf = client.get(url + "fragebogen.pdf")
        pdf_times.append(time.perf_counter() - started)
        size = len(pdf.content)
    return [
        ("form page: median / p95", f"{_ms(page_times)} ({args.pages} pages)"),
        ("submission: median / p95", f"{_ms(submit_times)} ({args.submissions} responses)"),
        (
            "paper PDF: median / p95",
            f"{_ms(pdf_times)}, {size / 1024:.0f} KiB ({args.pdfs} requests; after the first, from the cache)",
        ),
        ("paper PDF: first render", f"{first_pdf * 1000:.0f} ms"),
        ("database", "SQLite (throw-away file)"),
    ]


def _ms(times: list[float]) -> str:
    return f"{sorted(times)[len(times) // 2] * 1000:.1f} / {p95(times) * 1000:.1f} ms"


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise SystemExit(message)


if __name__ == "__main__":
    main()
