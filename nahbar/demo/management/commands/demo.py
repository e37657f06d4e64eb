"""``nahbar demo``: the demo municipality and its log-ins; ``nahbar demo --offers N --municipalities M``: bench data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nahbar.demo import berlin
from nahbar.demo.build import DEFAULT_PASSWORD, DEFAULT_SEED, DEMO_SLUG, DemoReport, demo_build
from nahbar.demo.bulk import BulkReport, bulk_build
from nahbar.demo.reset import DemoError

BULK_DEFAULT_OFFERS = 100_000
BULK_DEFAULT_MUNICIPALITIES = 20


class Command(BaseCommand):
    help = (
        "Build the demo municipality /demo/ (Berlin's districts, everything else fictional) with one log-in per "
        "role, replacing an earlier demo. With --offers/--municipalities build the benchmark data set "
        "(bench-01 …) instead. Municipalities that are not marked as demo are never touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
        parser.add_argument(
            "--password",
            default=None,
            help=f"password of all demo log-ins (default {DEFAULT_PASSWORD}; required when NAHBAR_DEBUG is off)",
        )
        parser.add_argument(
            "--offers", type=int, default=None, help=f"benchmark mode: offers in total (default {BULK_DEFAULT_OFFERS})"
        )
        parser.add_argument(
            "--municipalities",
            type=int,
            default=None,
            help=f"benchmark mode: number of municipalities (default {BULK_DEFAULT_MUNICIPALITIES})",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        progress = self.verbosity >= 1 and not options["no_progress"]
        try:
            if options["offers"] is not None or options["municipalities"] is not None:
                report = bulk_build(
                    offers=options["offers"] or BULK_DEFAULT_OFFERS,
                    municipalities=options["municipalities"] or BULK_DEFAULT_MUNICIPALITIES,
                    seed=options["seed"],
                    progress=progress,
                )
                self._bulk_summary(report)
                return
            password = options["password"]
            if password is None:
                if not settings.DEBUG:
                    raise CommandError(
                        "NAHBAR_DEBUG is off: the demo would create a superuser with the published default "
                        "password. Pass --password (or build the demo on a development installation)."
                    )
                password = DEFAULT_PASSWORD
            self._demo_summary(demo_build(seed=options["seed"], password=password, progress=progress), password)
        except DemoError as exc:
            raise CommandError(str(exc)) from None

    def _demo_summary(self, report: DemoReport, password: str) -> None:
        if self.verbosity < 1:
            return
        c = report.counts
        site = settings.SITE_URL.rstrip("/")
        out = self.stdout
        out.write("")
        out.write(
            self.style.SUCCESS(
                f"Demo municipality „{report.municipality.name}“ built in {report.seconds:.1f} s "
                "– all data is fictional."
            )
        )
        out.write(
            f"  {c['areas']} districts (Berlin Bezirke) with population statistics, "
            f"{c['organizations']} organizations, "
            f"{c['places']} places ({c['third_places']} third places),\n"
            f"  {c['offers']} offers ({c['published']} public, {c['phone']} by phone, {c['online']} online), "
            f"{c['schedules']} schedules, {c['addresses']} addresses."
        )
        out.write(f"  District boundaries: {berlin.BOUNDARY_CREDIT} ({berlin.BOUNDARY_SOURCE}).")
        out.write("")
        out.write(self.style.MIGRATE_HEADING(f"Demo log-ins (password for all: {password})"))
        width = max(len(login.username) for login in report.logins) + 2
        role_width = max(len(login.role) for login in report.logins) + 2
        out.write(f"  {'username':<{width}}{'role':<{role_width}}")
        for login in report.logins:
            out.write(f"  {login.username:<{width}}{login.role:<{role_width}}{login.note}".rstrip())
        out.write("")
        out.write(f"  Week page:  {site}/{DEMO_SLUG}/")
        out.write(f"  Admin:      {site}/admin/")
        out.write("")

    def _bulk_summary(self, report: BulkReport) -> None:
        if self.verbosity < 1:
            return
        c = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark data set built in {report.seconds:.1f} s: {len(report.slugs)} municipalities "
                f"({report.slugs[0]} … {report.slugs[-1]}), all fictional."
            )
        )
        for key, value in c.items():
            self.stdout.write(f"  {key:<16}{value:>10,}")
        for phase, seconds in report.phases.items():
            self.stdout.write(f"  {phase:<30}{seconds:>8.1f} s")
