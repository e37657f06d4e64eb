"""``nahbar import-limesurvey --municipality M --survey S --wave W FILE [FILE2] [--mapping M.json] [--commit]``"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope

from nahbar.areas.management.commands.import_areas import municipality_by_slug
from nahbar.survey.limesurvey.importer import ImportRejected, Report, import_limesurvey
from nahbar.survey.limesurvey.loader import load
from nahbar.survey.limesurvey.mapping import Mapping, from_json, suggest_mapping, to_json
from nahbar.survey.limesurvey.structure import LimeData, LimeSurveyError
from nahbar.survey.limesurvey.targets import targets_for
from nahbar.survey.models import Wave


class Command(BaseCommand):
    help = (
        "Import LimeSurvey responses (.lsa, or .lss with .lsr, VV or CSV) into a survey wave. Without --mapping the "
        "suggested mapping is used and printed as JSON to edit; without --commit nothing is written (dry run). "
        "IP addresses, referrers, timestamps and tokens are dropped. See docs/limesurvey.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="a .lsa, or a .lss/.txt structure and a response file")
        parser.add_argument("--municipality", required=True, help="slug of the municipality")
        parser.add_argument("--survey", required=True, help="slug of the survey")
        parser.add_argument("--wave", required=True, help="slug of the wave")
        parser.add_argument("--mapping", type=Path, help="mapping JSON (as printed by a dry run, edited)")
        parser.add_argument("--commit", action="store_true", help="write the responses (default: dry run)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        with scope(municipality=municipality):
            wave = Wave.objects.filter(
                municipality=municipality, survey__slug=options["survey"], slug=options["wave"]
            ).first()
            if wave is None:
                raise CommandError(
                    _("Die Befragung „%(survey)s“ hat keine Welle „%(wave)s“.")
                    % {"survey": options["survey"], "wave": options["wave"]}
                )
            try:
                data = load([(path.name, path.read_bytes()) for path in options["files"]])
                if options["mapping"]:
                    mapping = from_json(options["mapping"].read_text(encoding="utf-8"))
                else:
                    mapping = suggest_mapping(data, targets_for(wave))
                report = import_limesurvey(wave, data, mapping, actor=None, dry_run=not options["commit"])
            except ImportRejected as exc:
                self._report(data, mapping, exc.report)
                raise CommandError(_("Nichts wurde gespeichert.")) from None
            except (LimeSurveyError, OSError) as exc:
                raise CommandError(str(exc)) from None
        self._report(data, mapping, report)
        if report.errors:
            raise CommandError(_("Nichts wurde gespeichert."))
        if not options["commit"]:
            self.stderr.write(_("Probelauf: nichts gespeichert (mit --commit schreiben)."))
        else:
            saved = ngettext("%(n)d Antwortbogen gespeichert.", "%(n)d Antwortbögen gespeichert.", report.imported)
            self.stderr.write(self.style.SUCCESS(saved % {"n": report.imported}))

    def _report(self, data: LimeData, mapping: Mapping, report: Report) -> None:
        """Standard output: one JSON document with the mapping (edit it, pass it back with --mapping) and the
        report; messages for people go to standard error."""
        for warning in report.warnings:
            self.stderr.write(_("Warnung: %(text)s") % {"text": warning})
        for error in report.errors:
            self.stderr.write(_("Fehler: %(text)s") % {"text": error})
        document = {"mapping": json.loads(to_json(data, mapping)), "report": report.as_dict()}
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
