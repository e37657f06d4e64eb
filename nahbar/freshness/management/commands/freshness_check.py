"""``nahbar freshness-check``: resume paused offers whose date has come, and send the reminders due.

Meant to run once a day (docs/freshness.md has cron and systemd timer examples).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Offer
from nahbar.freshness.dates import months_of
from nahbar.freshness.selectors import due_offer_ids
from nahbar.freshness.services import paused_offers_resume
from nahbar.freshness.tasks import send_reminders
from nahbar.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Sends 'still running?' reminders for offers not confirmed for N months; resumes paused offers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="SLUG", help="only this municipality")
        parser.add_argument("--dry-run", action="store_true", help="only report, change and send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            municipalities = Municipality.objects.order_by("slug")
            if options["municipality"]:
                municipalities = municipalities.filter(slug=options["municipality"])
                if not municipalities.exists():
                    raise CommandError(f"unknown municipality: {options['municipality']}")
            chosen = list(municipalities)
        for municipality in chosen:
            with scope(municipality=municipality):
                self._check(municipality, dry_run=options["dry_run"])

    def _check(self, municipality: Municipality, *, dry_run: bool) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        if dry_run:
            resumed = Offer.objects.filter(
                municipality=municipality, status=Offer.Status.PAUSED, paused_until__lte=today
            ).count()
        else:
            resumed = len(paused_offers_resume(actor=None, municipality=municipality, today=today))
        due = due_offer_ids(municipality, now)
        verb = "would" if dry_run else "did"
        line = (
            f"{municipality.slug}: N={months_of(municipality)} months; {verb} resume {resumed} paused offer(s); "
            f"{len(due)} reminder(s) due"
        )
        if due and not dry_run:
            result = send_reminders.enqueue(municipality.pk, due)
            line += f"; mail batch enqueued (task {result.id}, {result.status})"
        self.stdout.write(line)
