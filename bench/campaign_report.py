#!/usr/bin/env python3
"""The campaign report's PDF for a campaign with 1,000 events, all but a few counted: wall time per render.

    .venv/bin/python bench/campaign_report.py                      # temporary SQLite database
    .venv/bin/python bench/campaign_report.py --events 2000 --runs 5
    .venv/bin/python bench/campaign_report.py --postgres-url postgres://…   # a throw-away database

Issue budget: "Report for a campaign with 1,000 events renders as PDF in ≤ 5 s". Timed: the whole request
through Django's test client as a coordinator (tenant middleware, figures from the database, five matplotlib
SVG charts and the map, WeasyPrint), after one untimed warm-up render (WeasyPrint's and matplotlib's
first-use costs: fonts, stylesheets). The data (not timed): 500 offers with two dates each in a 7-day
campaign, 120 places with capacity in 10 districts, 60 organizations of all kinds, formats and target groups,
counts for 95 % of the events, and a previous campaign for the comparison. Exits non-zero if the median is
over the budget or anything fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_dataset import load_average, machine  # noqa: E402
from common import database_label, print_rows  # noqa: E402

BUDGET_SECONDS = 5.0
SLUG = "bench-report"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="events in the campaign (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="timed renders (default: %(default)s)")
    parser.add_argument("--postgres-url", help="a throw-away PostgreSQL database instead of a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest calls of one render")
    return parser.parse_args()


def square(lon: float, lat: float, size: float = 0.02) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def build(events: int, seed: int) -> Any:
    """The municipality, its districts, places, offers, two campaigns and the counts (bulk writes, untimed)."""
    from django.contrib.auth import get_user_model
    from django_scopes import scopes_disabled

    from nahbar.areas.models import Area
    from nahbar.campaigns.attendance import COUNT_FIELDS, campaign_occurrences, campaign_offers
    from nahbar.campaigns.models import Attendance, Campaign, CampaignEntry
    from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
    from nahbar.tenancy.models import Membership, Municipality

    rng = random.Random(seed)
    with scopes_disabled():
        Municipality.objects.filter(slug=SLUG).delete()
        town = Municipality.objects.create(name="Berichtstadt", slug=SLUG, ags="14612000", land="SN")
        areas = [
            Area.objects.create(
                municipality=town,
                level="Stadtbezirk",
                level_rank=1,
                code=str(i),
                name=f"Bezirk {i}",
                geometry=square(13.0 + 0.02 * (i % 5), 51.0 + 0.02 * (i // 5)),
            )
            for i in range(10)
        ]
        kinds = [k for k, _label in Organization.Kind.choices]
        orgs = Organization.objects.bulk_create(
            Organization(municipality=town, name=f"Organisation {i}", kind=kinds[i % len(kinds)]) for i in range(60)
        )
        places = Place.objects.bulk_create(
            Place(
                municipality=town,
                organization=orgs[i % 60],
                name=f"Ort {i}",
                capacity=rng.choice((None, 30, 60, 200)),
                area=areas[i % 10],
                latitude=51.0 + 0.02 * ((i % 10) // 5) + rng.uniform(0.001, 0.019),
                longitude=13.0 + 0.02 * (i % 5) + rng.uniform(0.001, 0.019),
            )
            for i in range(120)
        )
        formats = list(Term.objects.filter(vocabulary="format", municipality=None))
        groups = list(Term.objects.filter(vocabulary="target_group", municipality=None))
        start = dt.date(2026, 5, 4)
        campaigns = [
            Campaign.objects.create(
                municipality=town,
                slug=f"aktionswoche-{year}",
                name=f"Aktionswoche {year}",
                starts_on=start.replace(year=year),
                ends_on=start.replace(year=year) + dt.timedelta(days=6),
                submissions_open_on=start.replace(year=year) - dt.timedelta(days=60),
                submissions_close_on=start.replace(year=year) - dt.timedelta(days=14),
            )
            for year in (2025, 2026)
        ]
        for campaign, count in zip(campaigns, (events // 2, events), strict=True):
            offers = Offer.objects.bulk_create(
                Offer(
                    municipality=town,
                    organization=orgs[i % 60],
                    title=f"Veranstaltung {campaign.starts_on.year}-{i}",
                    summary="Für alle.",
                    review_state=Offer.ReviewState.PUBLISHED,
                )
                for i in range(count // 2)
            )
            days = ("MO,WE", "TU,TH", "WE,FR", "TH,SA", "FR,SU", "SA,MO", "SU,TU")
            Schedule.objects.bulk_create(
                Schedule(
                    municipality=town,
                    offer=offer,
                    place=places[i % 120] if i % 10 else None,
                    dtstart=campaign.starts_on,
                    until=campaign.ends_on,
                    start_time=dt.time(9 + i % 10, 0),
                    rrule=f"FREQ=WEEKLY;BYDAY={days[i % 7]}",
                    runs_on_holidays=True,
                )
                for i, offer in enumerate(offers)
            )
            CampaignEntry.objects.bulk_create(
                CampaignEntry(municipality=town, campaign=campaign, offer=offer) for offer in offers
            )
            for offer in offers:
                offer.formats.add(rng.choice(formats))
                offer.target_groups.add(*rng.sample(groups, 2))
            occurrences = campaign_occurrences(campaign, campaign_offers(campaign))
            Attendance.objects.bulk_create(
                Attendance(
                    municipality=town,
                    campaign=campaign,
                    offer=occ.offer,
                    starts_at=occ.start,
                    source="link",
                    **dict(zip(COUNT_FIELDS, _numbers(rng, occ.place.capacity if occ.place else None), strict=True)),
                )
                for occ in occurrences
                if rng.random() < 0.95
            )
        user = get_user_model().objects.create(username=f"{SLUG}-{secrets.token_hex(4)}", is_staff=True)
        Membership.objects.create(user=user, municipality=town, role="coordinator")
        return town, campaigns[1], user, len(occurrences)


def _numbers(rng: random.Random, capacity: int | None) -> tuple[int, int | None, int | None, int | None, int | None]:
    people = rng.randint(0, min(capacity or 40, 40))
    young = rng.randint(0, people // 3)
    middle = rng.randint(0, (people - young) // 2)
    return people, rng.randint(0, people), young, middle, people - young - middle


def phase_times(town: Any, campaign: Any) -> list[tuple[str, float]]:
    """CPU seconds of each step of one render, called directly (the view does the same in this order)."""
    from django.template.loader import render_to_string
    from django_scopes import scope

    from nahbar.campaigns.report.figures import campaign_figures
    from nahbar.campaigns.report.page import charts, print_map, report_context
    from nahbar.directory.start.printing import render_pdf

    result = []
    with scope(municipality=town):
        campaign.municipality = town
        clock = time.process_time()
        figures = campaign_figures(campaign, land=town.land)
        result.append(("figures", time.process_time() - clock))
        clock = time.process_time()
        charts(figures)
        result.append(("charts", time.process_time() - clock))
        clock = time.process_time()
        chart_map = print_map(figures)
        result.append(("map", time.process_time() - clock))
        clock = time.process_time()
        html = render_to_string(
            "campaigns/report/report_pdf.html", report_context(figures) | {"campaign": campaign, "map": chart_map}
        )
        result.append(("template (charts again)", time.process_time() - clock))
        clock = time.process_time()
        render_pdf(html)
        result.append(("WeasyPrint", time.process_time() - clock))
    return result


def main() -> int:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="nahbar-bench-report-"))
    try:
        return run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: Path) -> int:
    os.environ["DATABASE_URL"] = args.postgres_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
    os.environ["NAHBAR_DEBUG"] = "false"
    os.environ["NAHBAR_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("NAHBAR_SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    info = machine()
    load_before = load_average()
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    town, campaign, user, events = build(args.events, args.seed)
    build_seconds = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    url = reverse("campaign-report-pdf", kwargs={"municipality_slug": town.slug, "campaign_slug": campaign.slug})
    warm = time.perf_counter()
    response = client.get(url)
    warm_seconds = time.perf_counter() - warm
    if response.status_code != 200 or not response.content.startswith(b"%PDF-"):
        print(f"render failed: HTTP {response.status_code}", file=sys.stderr)
        return 1
    times, cpu = [], []
    for _ in range(args.runs):
        wall, proc = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - wall)
        cpu.append(time.process_time() - proc)
        if response.status_code != 200:
            print(f"render failed: HTTP {response.status_code}", file=sys.stderr)
            return 1
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    phases = phase_times(town, campaign)
    median = statistics.median(times)
    rows = [
        ("events in the campaign", f"{events:,}"),
        ("data set built in", f"{build_seconds:.1f} s (not timed below)"),
        ("first render (warm-up)", f"{warm_seconds:.2f} s"),
        ("PDF renders", ", ".join(f"{t:.2f} s" for t in times)),
        ("median wall / CPU", f"{median:.2f} s / {statistics.median(cpu):.2f} s"),
        ("CPU by phase (one render)", ", ".join(f"{name} {sec:.2f} s" for name, sec in phases)),
        ("PDF size", f"{len(response.content) / 1024:.0f} KiB"),
        ("budget", f"≤ {BUDGET_SECONDS:.0f} s: {'PASS' if median <= BUDGET_SECONDS else 'OVER'}"),
        ("database", database_label(connection)),
        *[(k, v) for k, v in info.items() if k != "SQLite"],
        ("load average before / after", f"{load_before} / {load_average()}"),
        ("date", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    print_rows("Campaign report PDF", rows)
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
