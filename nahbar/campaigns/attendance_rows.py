"""The rows of a head-count screen (reminder link or coordinator's tally): one per occurrence, five numbers each.

Input names are ``<offer id>-<UTC stamp>-<field>``. A screen saves all rows or none: when one row is wrong,
nothing is written and every row keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from nahbar.campaigns.attendance import (
    COUNT_FIELDS,
    CountInput,
    attendance_save,
    field_labels,
    occurrence_key,
    place_capacity,
    validate_counts,
)
from nahbar.campaigns.models import Attendance, Campaign
from nahbar.directory.schedules import Occurrence
from nahbar.tenancy import audit

INPUT_NAME = re.compile(r"^(?P<key>\d+-\d{8}T\d{4})-(?P<field>[a-z0-9_]+)$")


@dataclass
class CountRow:
    key: str
    occurrence: Occurrence
    attendance: Attendance | None
    inputs: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def capacity(self) -> int | None:
        return place_capacity(self.occurrence)

    def input_name(self, name: str) -> str:
        return f"{self.key}-{name}"

    @property
    def fields(self) -> list[tuple[str, str, str, str]]:
        """(input name, field name, label, current text) for the template."""
        labels = field_labels()
        return [(self.input_name(name), name, labels[name], self.inputs.get(name, "")) for name in COUNT_FIELDS]


def _initial(attendance: Attendance | None) -> dict[str, str]:
    if attendance is None:
        return dict.fromkeys(COUNT_FIELDS, "")
    return {name: "" if getattr(attendance, name) is None else str(getattr(attendance, name)) for name in COUNT_FIELDS}


def build_rows(occurrences: Iterable[Occurrence], attendances: Mapping[str, Attendance]) -> list[CountRow]:
    rows = []
    for occurrence in occurrences:
        key = occurrence_key(occurrence.offer.pk, occurrence.start)
        attendance = attendances.get(key)
        rows.append(CountRow(key=key, occurrence=occurrence, attendance=attendance, inputs=_initial(attendance)))
    return rows


@dataclass
class SaveResult:
    saved: int = 0
    errors: list[str] = field(default_factory=list)  # about the request as a whole

    @property
    def ok(self) -> bool:
        return not self.errors


def _foreign_keys(data: Mapping[str, str], rows: list[CountRow]) -> set[str]:
    """Posted occurrence keys that are not rows of this screen (another offer, a future or made-up date)."""
    known = {row.key for row in rows}
    posted = {m.group("key") for name in data if (m := INPUT_NAME.match(name))}
    return posted - known


def read_and_save(
    *,
    actor: audit.Actor,
    campaign: Campaign,
    rows: list[CountRow],
    data: Mapping[str, str],
    source: str,
    now: dt.datetime,
) -> SaveResult:
    """Validate every row from ``data``; if all are fine, save the filled ones. Rows keep the typed text."""
    result = SaveResult()
    if _foreign_keys(data, rows):
        result.errors.append(
            _("Die Eingabe enthält Termine, die nicht zu diesem Formular gehören. Nichts wurde gespeichert.")
        )
        return result
    to_save: list[tuple[CountRow, CountInput]] = []
    for row in rows:
        row.inputs = {name: str(data.get(row.input_name(name), "")) for name in COUNT_FIELDS}
        entry = CountInput(raw=row.inputs)
        if entry.is_blank:
            continue  # a row left empty is "not counted yet", not zero
        if row.occurrence.start > now:
            row.errors.append(_("Dieser Termin liegt noch in der Zukunft."))
            continue
        validate_counts(entry, capacity=row.capacity)
        row.errors = entry.errors
        to_save.append((row, entry))
    if any(row.errors for row in rows):
        result.errors.append(_("Bitte prüfen Sie die markierten Termine. Nichts wurde gespeichert."))
        return result
    with transaction.atomic():
        for row, entry in to_save:
            saved = attendance_save(
                actor=actor, campaign=campaign, occurrence=row.occurrence, values=entry.values, source=source
            )
            if saved is not None:
                row.attendance = saved
                result.saved += 1
    return result
