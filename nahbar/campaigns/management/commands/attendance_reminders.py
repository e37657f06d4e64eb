from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nahbar.campaigns.attendance_reminders import send_reminders
from nahbar.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Mail providers a signed link to enter head counts after campaign events "
        "(one mail per offer per run; each day reminded once): nahbar attendance-reminders [--municipality slug]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="only this municipality (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options.get("municipality")
        if slug and not Municipality.objects.filter(slug=slug).exists():
            raise CommandError(f"no municipality with slug {slug!r}")
        report = send_reminders(municipality_slug=slug)
        self.stdout.write(f"sent {report.mails} reminder mail(s) covering {report.days} event day(s)")
        for title in report.without_address:
            self.stdout.write(self.style.WARNING(f"no e-mail address for offer {title!r}"))
