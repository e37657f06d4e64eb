"""Writing LimeSurvey responses into a wave: validated completely first, then one transaction.

Rules (docs/limesurvey.md): incomplete responses (no submit date) are skipped and counted; so are
complete ones without a single mapped answer. Each mapped value must translate to an allowed code of its
item; the first problems are reported with LimeSurvey's response number, the data row and the column, and
then nothing is written. The submission day is kept when the file has a real one; otherwise the response
gets the import day. The audit row records counts, item keys and column *names* — never a value.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.areas.models import Area
from nahbar.survey.limesurvey.mapping import Mapping
from nahbar.survey.limesurvey.structure import LimeData, LimeSurveyError, Row
from nahbar.survey.limesurvey.targets import Target, targets_for
from nahbar.survey.models import Response, Wave
from nahbar.tenancy import audit

MAX_ERRORS = 50
MAX_TEXT = 4000
_NUMBER = re.compile(r"^\s*-?\d+(?:[.,]0+)?\s*$")


@dataclass
class Report:
    rows_read: int = 0
    imported: int = 0
    skipped_incomplete: int = 0
    skipped_empty: int = 0
    days_from_file: int = 0
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (column, item)
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (column, question text)
    warnings: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    import_label: str = ""
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "imported": self.imported,
            "skipped_incomplete": self.skipped_incomplete,
            "skipped_empty": self.skipped_empty,
            "days_from_file": self.days_from_file,
            "mapped": [list(pair) for pair in self.mapped],
            "unmapped": [column for column, _text in self.unmapped],
            "warnings": self.warnings,
            "dropped_columns": self.dropped_columns,
            "errors": self.errors,
            "import_label": self.import_label,
            "written": self.written,
        }


class ImportRejected(LimeSurveyError):
    """The data does not fit the mapping; nothing was written. ``report.errors`` says where."""

    def __init__(self, report: Report) -> None:
        super().__init__("\n".join(report.errors))
        self.report = report


def privacy_warnings(data: LimeData) -> list[str]:
    dropped = data.dropped
    warnings = []
    if dropped.ip:
        warnings.append(
            _("Die Datei enthält IP-Adressen (Spalte %(cols)s). Sie werden nicht übernommen.")
            % {"cols": ", ".join(dropped.ip)}
        )
    if dropped.referrer:
        warnings.append(
            _("Die Datei enthält Verweis-Adressen (Referrer, Spalte %(cols)s). Sie werden nicht übernommen.")
            % {"cols": ", ".join(dropped.referrer)}
        )
    if dropped.exact_times:
        warnings.append(
            _("Die Datei enthält genaue Zeitpunkte (Spalte %(cols)s). Übernommen wird höchstens der Tag des Absendens.")
            % {"cols": ", ".join(dropped.timestamps)}
        )
    if dropped.token:
        warnings.append(
            _("Die Datei enthält Zugangsschlüssel oder Teilnehmerdaten (Spalte %(cols)s). Sie werden nie übernommen.")
            % {"cols": ", ".join(dropped.token)}
        )
    for name in dropped.ignored_files:
        warnings.append(_("„%(name)s“ wird nicht gelesen (Zeiten oder Teilnehmerliste).") % {"name": name})
    if data.unknown_columns:
        warnings.append(
            _("Diese Spalten stehen nicht im Fragebogen: %(cols)s.") % {"cols": ", ".join(data.unknown_columns)}
        )
    return warnings


def check_mapping(data: LimeData, mapping: Mapping, targets: dict[str, Target]) -> list[str]:
    errors = []
    columns = data.field_by_key()
    used: dict[str, str] = {}
    for column, chosen in mapping.items():
        if column not in columns:
            errors.append(_("Die Spalte „%(col)s“ gibt es in der Datei nicht.") % {"col": column})
            continue
        target = targets.get(chosen.item)
        if target is None:
            errors.append(
                _("Spalte „%(col)s“: Die Befragung hat keine Frage „%(item)s“.") % {"col": column, "item": chosen.item}
            )
            continue
        if target.kind != "multiple" and chosen.item in used:
            errors.append(
                _("Die Frage „%(item)s“ ist den Spalten „%(a)s“ und „%(b)s“ zugeordnet; bitte nur einer.")
                % {"item": chosen.item, "a": used[chosen.item], "b": column}
            )
        used[chosen.item] = column
        for code in chosen.codes.values():
            if target.code_for(code) is None:
                errors.append(
                    _("Spalte „%(col)s“: „%(code)s“ ist keine Antwort der Frage „%(item)s“.")
                    % {"col": column, "code": code, "item": chosen.item}
                )
    return errors


class _Cell(ValueError):
    pass


@dataclass(frozen=True)
class _Column:
    """One mapped column, compiled once: the answer lookup from LimeSurvey value to stored code."""

    name: str
    target: Target
    lookup: dict[str, Any]


def _compile(mapping: Mapping, targets: dict[str, Target]) -> list[_Column]:
    columns = []
    for name, chosen in mapping.items():
        target = targets[chosen.item]
        by_text = {str(option.code): option.code for option in target.options}
        if chosen.codes:
            lookup = {raw: by_text[str(code)] for raw, code in chosen.codes.items() if str(code) in by_text}
        else:
            lookup = by_text  # no recoding given: the values must be the item's codes themselves
        columns.append(_Column(name, target, lookup))
    return columns


def _translate(value: str, column: _Column) -> Any:
    """The stored value for one cell, or raise _Cell with a German reason."""
    kind = column.target.kind
    if kind == "text":
        return value[:MAX_TEXT]
    if kind == "number":
        if not _NUMBER.match(value):
            raise _Cell(_("„%(value)s“ ist keine ganze Zahl") % {"value": value})
        return int(float(value.replace(",", ".")))
    if value in column.lookup:
        return column.lookup[value]
    raise _Cell(_("Antwort „%(value)s“ hat keine Zuordnung zu einer Antwort von „%(item)s“")
                % {"value": value, "item": column.target.key})  # fmt: skip


def _row_values(row: Row, columns: list[_Column]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    errors = []
    for column in columns:
        value = row.values.get(column.name)
        if value is None:
            continue
        value = value.strip()
        if not value or (value == "N" and column.target.kind == "multiple"):
            continue
        try:
            translated = _translate(value, column)
        except _Cell as reason:
            where = {"id": row.response_id or "–", "line": row.line, "col": column.name, "reason": reason}
            errors.append(_("Antwort Nr. %(id)s (Datenzeile %(line)d), Spalte „%(col)s“: %(reason)s.") % where)
            continue
        key = column.target.key
        if column.target.kind == "multiple":
            chosen = values.setdefault(key, [])
            if translated not in chosen:
                chosen.append(translated)
        else:
            values[key] = translated
    return values, errors


def _response(wave: Wave, values: dict[str, Any], day: dt.date, label: str, targets: dict[str, Target]) -> Response:
    columns: dict[str, Any] = {}
    answers = {}
    for key, value in values.items():
        column = targets[key].column
        if column == "area":
            columns["area_id"] = value
        elif column == "lives_alone":
            columns["lives_alone"] = bool(value)
        elif column:
            columns[column] = value
        else:
            answers[key] = value
    return Response(
        municipality=wave.municipality,
        wave=wave,
        received_on=day,
        channel=Response.Channel.IMPORT,
        answers=answers,
        import_label=label,
        **columns,
    )


def _label(data: LimeData, today: dt.date) -> str:
    return f"LimeSurvey {data.survey_id or ''} {today.isoformat()} {secrets.token_hex(3)}".replace("  ", " ")[:120]


def import_limesurvey(wave: Wave, data: LimeData, mapping: Mapping, *, actor: Any, dry_run: bool = True) -> Report:
    """Check everything, then (unless ``dry_run``) write all responses and one audit row in one transaction.

    With errors, a dry run returns them in the report and a real run raises :class:`ImportRejected`.
    """
    targets = {target.key: target for target in targets_for(wave)}
    today = timezone.localdate()
    report = Report(rows_read=len(data.rows), warnings=privacy_warnings(data), import_label=_label(data, today))
    report.dropped_columns = [
        *data.dropped.ip,
        *data.dropped.referrer,
        *data.dropped.timestamps,
        *data.dropped.token,
        *data.dropped.technical,
    ]
    report.mapped = [(column, chosen.item) for column, chosen in mapping.items()]
    report.unmapped = [(f.key, f.text("de")) for f in data.fields if f.key not in mapping]
    report.errors = check_mapping(data, mapping, targets)
    responses: list[Response] = []
    if not report.errors:
        columns = _compile(mapping, targets)
        for row in data.rows:
            if not row.complete:
                report.skipped_incomplete += 1
                continue
            values, errors = _row_values(row, columns)
            report.errors.extend(errors[: MAX_ERRORS - len(report.errors)])
            if not values:
                report.skipped_empty += 1
                continue
            report.days_from_file += row.day is not None
            responses.append(_response(wave, values, row.day or today, report.import_label, targets))
        _check_areas(wave, responses, report)
    if report.errors:
        if dry_run:
            return report
        raise ImportRejected(report)
    report.imported = len(responses)
    if not dry_run:
        _write(wave, responses, report, actor)
    return report


def _check_areas(wave: Wave, responses: list[Response], report: Report) -> None:
    wanted = {r.area_id for r in responses if r.area_id is not None}
    known = set(Area.objects.filter(municipality=wave.municipality, pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        report.errors.append(_("Zugeordnete Wohngebiete gehören nicht zu dieser Kommune."))


def _write(wave: Wave, responses: list[Response], report: Report, actor: Any) -> None:
    with transaction.atomic():
        Response.objects.bulk_create(responses, batch_size=500)
        report.written = True
        changes = report.as_dict()
        changes.pop("errors")
        audit.record(actor=actor, action="survey.limesurvey_import", obj=wave, changes=changes)
