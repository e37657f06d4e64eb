"""``nahbar export-hsds --municipality SLUG -o FILE.json [--base-url https://…]``"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope

from nahbar.areas.management.commands.import_areas import municipality_by_slug
from nahbar.opendata.export import write_directory


class Command(BaseCommand):
    help = (
        "Write a municipality's published offers and their organizations as one HSDS 3.0 JSON document "
        "(full documents, as the API serves them), in chunks so memory stays flat for any size. "
        "nahbar import-hsds reads the file back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="slug of the municipality")
        parser.add_argument("-o", "--output", required=True, type=Path, help="the .json file to write")
        parser.add_argument("--base-url", default=settings.SITE_URL, help="public address of the site (for links)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        path = reverse("hsds:api-root", kwargs={"municipality_slug": municipality.slug})
        base_url = options["base_url"].rstrip("/") + path
        with scope(municipality=municipality), options["output"].open("w", encoding="utf-8") as out:
            counts = write_directory(out, municipality, base_url, progress=sys.stderr.isatty())
        self.stdout.write(
            self.style.SUCCESS(
                _("%(services)d Angebote und %(organizations)d Organisationen geschrieben: %(path)s")
                % {**counts, "path": options["output"]}
            )
        )
