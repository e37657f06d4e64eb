"""``nahbar import-areas FILE --municipality SLUG --level … --code-field … --name-field …``"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahbar.areas.importers import AreaImportError
from nahbar.areas.services import AreaImportReport, areas_import
from nahbar.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Import the areas of one level from a GeoJSON or KML file (WGS84), e.g. "
        "nahbar import-areas stadtteile.kml --municipality koeln --level Stadtteil --code-field STT_NR "
        "--name-field STT_NAME --parent-level Stadtbezirk. Re-importing updates the areas; a bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .geojson/.json or .kml file")
        add_common_arguments(parser)
        parser.add_argument("--level", required=True, help="e.g. Stadtbezirk, Stadtteil, statistischer Bezirk")
        parser.add_argument("--code-field", required=True, help="property holding the area code, e.g. STT_NR")
        parser.add_argument("--name-field", required=True, help="property holding the area name, e.g. STT_NAME")
        parser.add_argument(
            "--level-rank",
            type=int,
            default=None,
            help="1 = coarsest level; default: the level's current rank or one finer than all others",
        )
        parser.add_argument(
            "--parent-level", default=None, help="level whose areas contain these ones, e.g. Stadtbezirk for Stadtteile"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        try:
            report = areas_import(
                actor=None,
                municipality=municipality,
                path=options["file"],
                level=options["level"],
                code_field=options["code_field"],
                name_field=options["name_field"],
                level_rank=options["level_rank"],
                parent_level=options["parent_level"],
                progress=show_progress(options["quiet"]),
            )
        except AreaImportError as exc:
            raise CommandError(str(exc)) from None
        self._summary(report)

    def _summary(self, report: AreaImportReport) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Ebene „%(level)s“ (Rang %(rank)d): %(created)d neu, %(updated)d geändert, "
                    "%(unchanged)d unverändert."
                )
                % {
                    "level": report.level,
                    "rank": report.level_rank,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                }
            )
        )
        for number, code, note in report.repaired:
            self.stdout.write(
                self.style.WARNING(
                    _("Objekt %(number)d (Kennziffer „%(code)s“): %(note)s")
                    % {"number": number, "code": code, "note": note}
                )
            )
        if report.without_parent:
            self.stdout.write(
                self.style.WARNING(
                    _("Ohne übergeordnetes Gebiet: %(codes)s") % {"codes": ", ".join(report.without_parent)}
                )
            )
        if report.not_in_file:
            self.stdout.write(
                _("%(count)d Gebiete dieser Ebene fehlen in der Datei; sie bleiben unverändert erhalten.")
                % {"count": report.not_in_file}
            )
        self.stdout.write(_("Orte neu zugeordnet: %(count)d") % {"count": report.places_relocated})


# Shared with import_area_stats.
def add_common_arguments(parser: CommandParser) -> None:
    parser.add_argument("--municipality", required=True, help="slug of the municipality, e.g. koeln")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def municipality_by_slug(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise CommandError(_("Eine Kommune mit dem Kürzel „%(slug)s“ gibt es nicht.") % {"slug": slug})
    return municipality


def show_progress(quiet: bool) -> bool:
    # A progress bar in a log file or a pipe is only noise.
    return not quiet and sys.stderr.isatty()
