from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nahbar.tenancy.services import municipality_create


class Command(BaseCommand):
    help = "Create a municipality (tenant): nahbar create-municipality --name … --slug … --ags … --land …"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="path segment, e.g. dresden for /dresden/")
        parser.add_argument("--ags", required=True, help="Amtlicher Gemeindeschlüssel, 8 digits")
        parser.add_argument("--land", required=True, help="ISO 3166-2:DE code of the Land, e.g. SN, NW, BE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = municipality_create(
                actor=None,
                name=options["name"],
                slug=options["slug"],
                ags=options["ags"],
                land=options["land"].upper(),
            )
        except ValidationError as exc:
            raise CommandError(_format(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"created municipality {municipality.name} at /{municipality.slug}/"))


def _format(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
