"""``nahbar import-spreadsheet FILE --municipality SLUG --sheet organisationen|orte|angebote [--commit]``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_scopes import scope

from nahbar.areas.management.commands.import_areas import municipality_by_slug
from nahbar.directory.spreadsheets.columns import SHEETS
from nahbar.directory.spreadsheets.importer import REJECTED, SpreadsheetError, apply_plan, plan_file


class Command(BaseCommand):
    help = (
        "Plan an import of organizations, places or offers from a CSV or XLSX sheet with the German headers of "
        "the admin's template, and print the verdict per row. Writes only with --commit, and only if every row "
        "is fine (all rows in one transaction). See docs/spreadsheets.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")
        parser.add_argument("--municipality", required=True, help="slug of the municipality")
        parser.add_argument("--sheet", required=True, choices=sorted(SHEETS), help="what the file holds")
        parser.add_argument("--commit", action="store_true", help="write the rows (default: only show the plan)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        sheet = SHEETS[options["sheet"]]
        with scope(municipality=municipality):
            try:
                plan = plan_file(sheet, municipality, options["file"])
            except SpreadsheetError as exc:
                raise CommandError(str(exc)) from None
            for row in plan.rows:
                for where, message in row.errors:
                    self.stderr.write(
                        _("Zeile %(row)d, %(where)s: %(message)s")
                        % {"row": row.number, "where": where, "message": message}
                    )
            summary = (
                _("%(new)d neu, %(changed)d geändert, %(unchanged)d unverändert, %(rejected)d mit Fehlern.")
                % plan.counts
            )
            if plan.counts[REJECTED] or not plan.rows:
                raise CommandError(summary + " " + _("Nichts wurde gespeichert."))
            if not options["commit"]:
                self.stdout.write(summary + " " + _("Probelauf: nichts gespeichert (mit --commit schreiben)."))
                return
            apply_plan(plan, actor=None, file_name=options["file"].name)
        self.stdout.write(self.style.SUCCESS(summary + " " + _("Gespeichert.")))
