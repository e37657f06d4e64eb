#!/usr/bin/env python3
"""Render time of the provider dashboard and the coordinators' review queue with many pending items.

    .venv/bin/python bench/review_pages.py [--items 200] [--requests 30]

Builds a throw-away SQLite database (migrations run, then ``--items`` published offers of one
organization, each with a submitted change, ``--items`` submitted new offers and ``--items`` // 4 place
changes, all through the workflow services) and renders both pages with Django's test client, DEBUG off.
Prints the median and p95 per page, the queries per page (constant, also asserted in
tests/providers/test_views.py) and the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's nahbar, not an installed one

from build_dataset import load_average, machine
from common import p95, print_rows


def _setup(path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
    os.environ["NAHBAR_DEBUG"] = "false"
    os.environ["NAHBAR_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("NAHBAR_SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ["NAHBAR_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def _build(items: int) -> tuple[object, object]:
    from django_scopes import scope, scopes_disabled

    from nahbar.directory.services import offer_create, organization_create, place_create, schedule_add
    from nahbar.providers import services
    from nahbar.providers.place_proposal import place_proposal
    from nahbar.providers.proposal import offer_proposal
    from nahbar.tenancy.models import Role
    from nahbar.tenancy.services import membership_grant, municipality_create, user_create

    with scopes_disabled():
        town = municipality_create(actor=None, name="Benchstadt", slug="benchstadt", ags="14612000", land="SN")
        organization = organization_create(actor=None, municipality=town, name="Verein Bench")
        provider = user_create(actor=None, username="bench-provider")
        coordinator = user_create(actor=None, username="bench-coordinator")
        membership_grant(actor=None, user=provider, municipality=town, role=Role.PROVIDER, organizations=[organization])
        membership_grant(actor=None, user=coordinator, municipality=town, role=Role.COORDINATOR)
    with scope(municipality=town):
        for number in range(items):
            offer = offer_create(
                actor=None, organization=organization, title=f"Angebot {number}", summary="x", review_state="published"
            )
            schedule_add(
                actor=None, offer=offer, dtstart=dt.date(2026, 1, 5), start_time=dt.time(10), rrule="FREQ=WEEKLY"
            )
            proposal = offer_proposal(offer)
            proposal["fields"]["summary"] = "y"
            services.revision_save(actor=None, offer=offer, proposal=proposal, submit=True)
            new = {**proposal, "schedule": None}
            services.offer_draft_create(actor=None, organization=organization, proposal=new, submit=True)
            if number % 4 == 0:
                place = place_create(
                    actor=None, municipality=town, organization=organization, name=f"Ort {number}", is_third_place=True
                )
                change = place_proposal(place)
                change["fields"]["transit_note"] = "Bus"
                services.place_revision_save(actor=None, place=place, proposal=change)
    return provider, coordinator


def _measure(user: object, path: str, requests: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(path)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return times, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp) / "bench.sqlite3")
        started = time.perf_counter()
        provider, coordinator = _build(args.items)
        built = time.perf_counter() - started
        rows = [(key, value) for key, value in machine().items()]
        rows += [("load average", load_average()), ("items", f"{args.items} per kind, built in {built:.1f} s")]
        for label, user, path in [
            ("dashboard", provider, "/benchstadt/mitmachen/"),
            ("review queue", coordinator, "/benchstadt/intern/pruefen/"),
        ]:
            times, queries = _measure(user, path, args.requests)
            rows.append(
                (label, f"median {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms, {queries} queries")
            )
        print_rows("Provider dashboard and review queue (SQLite, DEBUG off)", rows)


if __name__ == "__main__":
    main()
