"""``nahbar import-area-stats FILE.csv|FILE.xlsx --municipality SLUG [--source …] [--year …] [--level …]``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahbar.areas.importers import AreaImportError
from nahbar.areas.management.commands.import_areas import add_common_arguments, municipality_by_slug, show_progress
from nahbar.areas.services import area_statistics_import


class Command(BaseCommand):
    help = (
        "Import area statistics (population by age band and sex, other indicators) from a CSV (; or ,) or XLSX "
        "table in long format (columns Gebiet, Indikator, Jahr, Wert, optional Altersgruppe, Geschlecht, Quelle) "
        "or wide format (Gebiet, optional Jahr, then one column per indicator such as einwohner:80+:w). "
        "Re-importing updates the figures; a bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file (UTF-8 for CSV)")
        add_common_arguments(parser)
        parser.add_argument("--source", default="", help="source of figures whose row names none")
        parser.add_argument("--year", type=int, default=None, help="year of a wide table without a year column")
        parser.add_argument("--level", default=None, help="area level, where the same code exists on several levels")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        try:
            report = area_statistics_import(
                actor=None,
                municipality=municipality,
                path=options["file"],
                source=options["source"],
                year=options["year"],
                level=options["level"],
                progress=show_progress(options["quiet"]),
            )
        except AreaImportError as exc:
            raise CommandError(str(exc)) from None
        layout = _("Langformat") if report.layout == "long" else _("Breitformat")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(layout)s: %(created)d Werte neu, %(updated)d geändert, %(unchanged)d unverändert.")
                % {
                    "layout": layout,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                }
            )
        )
