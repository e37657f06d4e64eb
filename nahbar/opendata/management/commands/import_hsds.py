"""``nahbar import-hsds URL|PATH --municipality SLUG [--source KEY] [--commit] [--publish] [--skip-rejected]``"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_scopes import scope

from nahbar.areas.management.commands.import_areas import municipality_by_slug
from nahbar.opendata.importing.bundle import Bundle, HsdsSourceError, fetch_api, read_json, read_package
from nahbar.opendata.importing.plan import REJECTED, HsdsImportPlan, apply_import, plan_import

TYPE_LABELS = {"organization": _lazy("Organisationen"), "location": _lazy("Orte"), "service": _lazy("Angebote")}


def read_source(source: str) -> Bundle:
    """An HSDS API (http/https address), a JSON file, or a tabular package (its folder or datapackage.json)."""
    if source.startswith(("http://", "https://")):
        return fetch_api(source)
    path = Path(source)
    if path.is_dir():
        return read_package(path)
    if path.name == "datapackage.json":
        return read_package(path.parent)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HsdsSourceError(
            _("„%(path)s“ lässt sich nicht lesen: %(error)s") % {"path": source, "error": exc.strerror}
        ) from None
    return read_json(data, name=path.name)


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 data (an HSDS API address, a JSON file or the tabular CSV package) into a municipality. "
        "Records are matched by source and HSDS id, so repeating the import updates what it created. Prints a "
        "report (new / changed / unchanged / rejected with reasons); writes only with --commit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="https://…/api/hsds/<slug>/, a .json file, or a folder with the CSV package")
        parser.add_argument("--municipality", required=True, help="slug of the municipality to import into")
        parser.add_argument("--source-key", default="", help="name of the source (default: the address or file name)")
        parser.add_argument("--commit", action="store_true", help="write (default: dry run with the report only)")
        parser.add_argument("--publish", action="store_true", help="publish new offers (default: drafts for review)")
        parser.add_argument(
            "--skip-rejected", action="store_true", help="write the good records even if others are rejected"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_slug(options["municipality"])
        key = options["source_key"] or options["source"]
        with scope(municipality=municipality):
            try:
                bundle = read_source(options["source"])
            except HsdsSourceError as exc:
                raise CommandError(str(exc)) from None
            plan = plan_import(bundle, municipality, key, publish=options["publish"])
            self._report(plan)
            if plan.rejected and not options["skip_rejected"]:
                raise CommandError(_("Abgelehnte Einträge: nichts wurde gespeichert (oder --skip-rejected angeben)."))
            if not options["commit"]:
                self.stdout.write(_("Probelauf: nichts gespeichert (mit --commit schreiben)."))
                return
            apply_import(plan, actor=None, skip_rejected=options["skip_rejected"], progress=sys.stderr.isatty())
        self.stdout.write(self.style.SUCCESS(_("Gespeichert.")))

    def _report(self, plan: HsdsImportPlan) -> None:
        for problem in plan.problems:
            self.stderr.write(problem)
        for record in plan.records:
            label = f"{TYPE_LABELS[record.hsds_type]} {record.hsds_id} „{record.name}“"
            for reason in record.reasons:
                self.stderr.write(_("%(record)s abgelehnt: %(reason)s") % {"record": label, "reason": reason})
            for note in record.notes:
                self.stdout.write(_("%(record)s: %(note)s") % {"record": label, "note": note})
        for kind, counts in plan.counts().items():
            self.stdout.write(
                _("%(type)s: %(new)d neu, %(changed)d geändert, %(unchanged)d unverändert, %(rejected)d abgelehnt.")
                % {"type": TYPE_LABELS[kind], **counts, "rejected": counts[REJECTED]}
            )
