"""``nahbar import-addresses FILE.csv|FILE.xlsx --municipality SLUG [--replace]``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahbar.areas.importers import AreaImportError
from nahbar.areas.management.commands.import_areas import add_common_arguments, municipality_by_slug, show_progress
from nahbar.areas.services import addresses_import


class Command(BaseCommand):
    help = (
        "Import the municipality's address list for the finder's 'near an address' search from a CSV (; or ,) "
        "or XLSX table with the columns Straße, Hausnummer, optional Zusatz, PLZ, Ort, Breitengrad, Längengrad "
        "(WGS84; English and OpenStreetMap names such as addr:street and @lat are accepted too). Re-importing "
        "updates the addresses; --replace also removes those the file no longer has. A bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file (UTF-8 for CSV)")
        add_common_arguments(parser)
        parser.add_argument("--replace", action="store_true", help="remove addresses that are not in the file")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        try:
            report = addresses_import(
                actor=None,
                municipality=municipality,
                path=options["file"],
                replace=options["replace"],
                progress=show_progress(options["quiet"]),
            )
        except AreaImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Adressen: %(created)d neu, %(updated)d geändert, %(unchanged)d unverändert, %(removed)d entfernt.")
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "removed": report.removed,
                }
            )
        )
        if report.not_in_file:
            self.stdout.write(
                _("%(count)d Adressen fehlen in der Datei; sie bleiben erhalten (mit --replace werden sie entfernt).")
                % {"count": report.not_in_file}
            )
        if report.without_area:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)d Adressen liegen in keinem Gebiet der Kommune.") % {"count": report.without_area}
                )
            )
        if report.ignored_columns:
            self.stdout.write(
                _("Nicht verwendete Spalten: %(columns)s") % {"columns": ", ".join(report.ignored_columns)}
            )
