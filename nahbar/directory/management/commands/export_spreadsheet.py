"""``nahbar export-spreadsheet --municipality SLUG --sheet organisationen|orte|angebote -o FILE.csv|FILE.xlsx``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_scopes import scope

from nahbar.areas.management.commands.import_areas import municipality_by_slug
from nahbar.directory.spreadsheets import export
from nahbar.directory.spreadsheets.columns import SHEETS


class Command(BaseCommand):
    help = "Write a municipality's organizations, places or offers as CSV (; and UTF-8 with BOM) or Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="slug of the municipality")
        parser.add_argument("--sheet", required=True, choices=sorted(SHEETS), help="what to export")
        parser.add_argument("-o", "--output", required=True, type=Path, help="a .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        output: Path = options["output"]
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in export.FORMATS:
            raise CommandError(_("Bitte eine Datei mit der Endung .csv oder .xlsx angeben."))
        sheet = SHEETS[options["sheet"]]
        with scope(municipality=municipality):
            objects = export.prefetched(sheet, sheet.model._default_manager.filter(municipality=municipality))
            output.write_bytes(export.write(fmt, sheet, objects, municipality))
        self.stdout.write(self.style.SUCCESS(_("Geschrieben: %(path)s") % {"path": output}))
