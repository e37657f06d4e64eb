"""Planning an import (what each row would do, or why it cannot) and applying a plan in one transaction.

Planning writes nothing. A plan with a rejected row cannot be applied at all: staff fix the file and
upload it again, so a half-imported sheet never exists.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.tables import Row, Table, read_table
from nahbar.directory import services
from nahbar.directory.models import Offer, Schedule
from nahbar.directory.spreadsheets import cells, codec, schedule
from nahbar.directory.spreadsheets.cells import CellError
from nahbar.directory.spreadsheets.codec import Lookups
from nahbar.directory.spreadsheets.columns import Column, Kind, Sheet, normalise_header
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

MAX_FILE_BYTES = 10 * 1024 * 1024


class SpreadsheetError(ValidationError):
    """A file that cannot be planned at all (format, encoding, headers); the message names the spot."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="spreadsheet")

    def __str__(self) -> str:
        return " ".join(self.messages)


NEW, CHANGED, UNCHANGED, REJECTED = "new", "changed", "unchanged", "rejected"


@dataclass
class RowPlan:
    number: int
    label: str
    action: str = UNCHANGED
    pk: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column as the user sees it, message)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (header, before, after)
    fields: dict[str, Any] = field(default_factory=dict)
    m2m: dict[str, list[Any]] = field(default_factory=dict)
    schedule: dict[str, Any] | None = None


@dataclass
class ImportPlan:
    sheet: Sheet
    municipality: Municipality
    rows: list[RowPlan]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {action: counted.get(action, 0) for action in (NEW, CHANGED, UNCHANGED, REJECTED)}

    @property
    def can_apply(self) -> bool:
        return bool(self.rows) and not any(row.action == REJECTED for row in self.rows)


# --- reading the file ---------------------------------------------------------------------------------------


def read_file(path: Path) -> Table:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            _("Die Datei ist %(size)d MB groß; erlaubt sind höchstens %(limit)d MB. Bitte in kleinere Dateien teilen.")
            % {"size": size // (1024 * 1024), "limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    try:
        return read_table(path)
    except AreaImportError as exc:
        raise SpreadsheetError(str(exc)) from None


def _column_map(sheet: Sheet, table: Table) -> dict[int, Column]:
    known = {normalise_header(column.header): column for column in sheet.columns}
    mapping: dict[int, Column] = {}
    for index, header in enumerate(table.header):
        column = known.get(normalise_header(header))
        letter = get_column_letter(index + 1)
        if column is None:
            raise SpreadsheetError(
                _(
                    "Zeile 1, Spalte %(letter)s: Die Überschrift „%(header)s“ kennt die Tabelle „%(sheet)s“ nicht. "
                    "Erlaubt sind: %(allowed)s."
                )
                % {
                    "letter": letter,
                    "header": header,
                    "sheet": sheet.title,
                    "allowed": ", ".join(c.header for c in sheet.columns),
                }
            )
        if column in mapping.values():
            raise SpreadsheetError(
                _("Zeile 1, Spalte %(letter)s: Die Spalte „%(header)s“ steht zweimal in der Datei.")
                % {"letter": letter, "header": header}
            )
        mapping[index] = column
    return mapping


# --- planning -------------------------------------------------------------------------------------------------


def plan_file(sheet: Sheet, municipality: Municipality, path: Path) -> ImportPlan:
    return plan_table(sheet, municipality, read_file(path))


def plan_table(sheet: Sheet, municipality: Municipality, table: Table) -> ImportPlan:
    columns = _column_map(sheet, table)
    lookups = Lookups.load(municipality)
    existing = _existing(sheet, municipality)
    planner = _RowPlanner(sheet, table, columns, lookups, existing)
    rows = [planner.plan(row) for row in table.rows]
    return ImportPlan(sheet=sheet, municipality=municipality, rows=rows)


def _existing(sheet: Sheet, municipality: Municipality) -> dict[int, Any]:
    queryset = sheet.model._default_manager.filter(municipality=municipality)
    m2m = [c.key for c in sheet.columns if c.kind in (Kind.TERMS, Kind.PLACES)]
    if sheet.model is Offer:
        m2m.append("schedules")
    return {obj.pk: obj for obj in queryset.prefetch_related(*m2m)}


class _RowPlanner:
    def __init__(
        self, sheet: Sheet, table: Table, columns: dict[int, Column], lookups: Lookups, existing: dict[int, Any]
    ) -> None:
        self.sheet, self.table, self.columns = sheet, table, columns
        self.lookups, self.existing = lookups, existing
        self.present = {column.key for column in columns.values()}
        self.seen_pks: dict[int, int] = {}

    def label(self, key: str) -> str:
        for index, column in self.columns.items():
            if column.key == key:
                return self.table.label(index)
        return f"„{self.sheet.column(key).header}“"

    def plan(self, row: Row) -> RowPlan:
        raw = {column.key: row.cells[index] for index, column in self.columns.items()}
        plan = RowPlan(number=row.number, label=cells.text(raw.get("title") or raw.get("name")))
        instance = self._instance(raw, plan)
        self._read_cells(raw, plan)
        if instance is None and cells.blank(raw.get("pk")):
            self._require(raw, plan)
        candidate = self._candidate(instance, plan)
        if candidate is not None:
            self._validate(candidate, plan)
            self._validate_schedule(instance, plan)
        if plan.errors:
            plan.action = REJECTED
        elif instance is None:
            plan.action = NEW
            plan.changes = self._changes(None, candidate, plan)
        else:
            plan.changes = self._changes(instance, candidate, plan)
            plan.action = CHANGED if plan.changes else UNCHANGED
        return plan

    def _instance(self, raw: dict[str, Any], plan: RowPlan) -> Any:
        if cells.blank(raw.get("pk")):
            return None
        try:
            pk = cells.integer(raw["pk"])
        except CellError as exc:
            plan.errors.append((self.label("pk"), str(exc)))
            return None
        if pk in self.seen_pks:
            message = _("Die Nr. %(pk)d steht schon in Zeile %(row)d.") % {"pk": pk, "row": self.seen_pks[pk]}
            plan.errors.append((self.label("pk"), message))
            return None
        self.seen_pks[pk] = plan.number
        instance = self.existing.get(pk)
        if instance is None:
            message = _(
                "Einen Eintrag mit der Nr. %(pk)d gibt es in dieser Kommune nicht; "
                "für neue Einträge die Nr. leer lassen."
            )
            plan.errors.append((self.label("pk"), message % {"pk": pk}))
            return None
        plan.pk = pk
        plan.label = plan.label or str(instance)
        return instance

    def _read_cells(self, raw: dict[str, Any], plan: RowPlan) -> None:
        for key, value in raw.items():
            column = self.sheet.column(key)
            if key == "pk" or column.kind is Kind.SCHEDULE:
                continue
            try:
                parsed = codec.read_cell(column, value, self.sheet, self.lookups)
            except CellError as exc:
                plan.errors.append((self.label(key), str(exc)))
                continue
            if column.kind in (Kind.TERMS, Kind.PLACES):
                plan.m2m[key] = parsed
            else:
                plan.fields[key] = parsed
        schedule_raw = {key: value for key, value in raw.items() if key.startswith("schedule.")}
        plan.schedule, errors = schedule.read(schedule_raw)
        plan.errors += [(self.label(key), message) for key, message in errors.items()]

    def _require(self, raw: dict[str, Any], plan: RowPlan) -> None:
        for column in self.sheet.columns:
            if column.required and cells.blank(raw.get(column.key)):
                where = self.label(column.key) if column.key in self.present else f"„{column.header}“"
                plan.errors.append((where, _("Für neue Einträge ist diese Angabe nötig.")))

    def _candidate(self, instance: Any, plan: RowPlan) -> Any:
        """An unsaved copy with the row's values, for validation and the preview."""
        if plan.errors and instance is None and not plan.fields:
            return None
        candidate = (
            copy.copy(instance) if instance is not None else self.sheet.model(municipality=self.lookups.municipality)
        )
        for key, value in plan.fields.items():
            setattr(candidate, key, value)
        return candidate

    def _validate(self, candidate: Any, plan: RowPlan) -> None:
        m2m = [f.name for f in self.sheet.model._meta.many_to_many]
        try:
            candidate.full_clean(exclude=[*m2m, "municipality"], validate_unique=False)
        except ValidationError as exc:
            reported = {where for where, _message in plan.errors}
            for name, messages in exc.message_dict.items():
                where = self._where(name)
                if where not in reported:
                    plan.errors += [(where, message) for message in messages]

    def _where(self, field_name: str) -> str:
        if field_name in self.present:
            return self.label(field_name)
        if any(column.key == field_name for column in self.sheet.columns):
            return f"„{self.sheet.column(field_name).header}“"
        return _("Zeile")

    def _validate_schedule(self, instance: Any, plan: RowPlan) -> None:
        if plan.schedule is None or plan.errors:
            return
        if instance is not None and len(instance.schedules.all()) > 1:
            plan.errors.append(
                (
                    self.label("schedule.dtstart"),
                    _("Dieses Angebot hat mehrere Terminregeln; bitte in nahbar bearbeiten."),
                )
            )
            return
        probe = Schedule(municipality=self.lookups.municipality, **plan.schedule)
        try:
            probe.full_clean(exclude=["offer", "municipality", "place"])
        except ValidationError as exc:
            rule_key = (
                "schedule.rrule" if "schedule.rrule" in self.present and plan.schedule["rrule"] else "schedule.weekdays"
            )
            for name, messages in exc.message_dict.items():
                key = {"rrule": rule_key, "until": "schedule.until"}.get(name, "schedule.dtstart")
                plan.errors += [(self.label(key), message) for message in messages]

    def _changes(self, instance: Any, candidate: Any, plan: RowPlan) -> list[tuple[str, str, str]]:
        before_schedule = schedule.export_cells(instance) if instance is not None and self.sheet.model is Offer else {}
        after_schedule = (
            schedule.schedule_cells(Schedule(**plan.schedule)) if plan.schedule is not None else before_schedule
        )
        changes = []
        for column in self.columns.values():
            if column.key == "pk":
                continue
            before = "" if instance is None else self._cell(column, instance, before_schedule)
            after = self._after(column, candidate, plan, after_schedule)
            if str(before) != str(after):
                changes.append((column.header, str(before), str(after)))
        return changes

    def _cell(self, column: Column, obj: Any, planned: dict[str, Any]) -> Any:
        with translation.override("de"):
            return codec.export_cell(column, obj, self.lookups, planned)

    def _after(self, column: Column, candidate: Any, plan: RowPlan, planned: dict[str, Any]) -> Any:
        if column.kind is Kind.SCHEDULE:
            return planned.get(column.key, "")
        if column.kind is Kind.TERMS:
            return ", ".join(sorted(term.label_de for term in plan.m2m.get(column.key, [])))
        if column.kind is Kind.PLACES:
            return ", ".join(str(pk) for pk in sorted(plan.m2m.get(column.key, [])))
        return self._cell(column, candidate, planned)


# --- applying -------------------------------------------------------------------------------------------------


class PlanNotApplicable(Exception):
    pass


@transaction.atomic
def apply_plan(plan: ImportPlan, *, actor: audit.Actor, file_name: str = "") -> dict[str, int]:
    """Write every new and changed row, or nothing (raises PlanNotApplicable for a plan with rejected rows)."""
    if not plan.can_apply:
        raise PlanNotApplicable
    writer = _WRITERS[plan.sheet.slug]
    for row in plan.rows:
        if row.action in (NEW, CHANGED):
            writer(row, plan, actor)
    audit.record(
        actor=actor,
        action="spreadsheet.import",
        municipality=plan.municipality,
        object_type=plan.sheet.model._meta.label_lower,
        object_repr=file_name[:300],
        changes={"sheet": plan.sheet.slug, "file": file_name, **plan.counts},
    )
    return plan.counts


def _get(plan: ImportPlan, row: RowPlan) -> Any:
    return plan.sheet.model._default_manager.select_for_update().get(pk=row.pk, municipality=plan.municipality)


def _write_organization(row: RowPlan, plan: ImportPlan, actor: audit.Actor) -> None:
    if row.pk is None:
        services.organization_create(actor=actor, municipality=plan.municipality, **row.fields)
    else:
        services.object_update(actor=actor, obj=_get(plan, row), fields=row.fields)


def _write_place(row: RowPlan, plan: ImportPlan, actor: audit.Actor) -> None:
    if row.pk is None:
        services.place_create(
            actor=actor, municipality=plan.municipality, accessibility=row.m2m.get("accessibility", []), **row.fields
        )
    else:
        services.object_update(actor=actor, obj=_get(plan, row), fields=row.fields, m2m=row.m2m)


def _write_offer(row: RowPlan, plan: ImportPlan, actor: audit.Actor) -> None:
    m2m = dict(row.m2m)
    if "places" in m2m:
        m2m["places"] = _places(plan.municipality, m2m["places"])
    if row.pk is None:
        fields = dict(row.fields)
        organization = fields.pop("organization")
        offer = services.offer_create(actor=actor, organization=organization, **fields, **m2m)
    else:
        offer = services.object_update(actor=actor, obj=_get(plan, row), fields=row.fields, m2m=m2m)
    if row.schedule is not None:
        services.offer_single_schedule_set(actor=actor, offer=offer, fields=row.schedule)


def _places(municipality: Municipality, pks: list[int]) -> list[models.Model]:
    from nahbar.directory.models import Place

    found = Place.objects.filter(municipality=municipality).in_bulk(pks)
    return [found[pk] for pk in pks]


_WRITERS = {"organisationen": _write_organization, "orte": _write_place, "angebote": _write_offer}
