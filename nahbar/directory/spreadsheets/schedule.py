"""The schedule columns of the offers sheet: one rule per offer, as weekdays or as an RFC 5545 RRULE."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from nahbar.directory.models import Offer, Schedule
from nahbar.directory.spreadsheets import cells
from nahbar.directory.spreadsheets.cells import CellError

DEFAULT_DURATION = 120
_WEEKLY = re.compile(
    r"^FREQ=WEEKLY(?:;INTERVAL=(\d+))?;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)$"
)


def only_schedule(offer: Offer) -> Schedule | None:
    """The offer's schedule when it has exactly one (the sheet cannot hold more)."""
    schedules = list(offer.schedules.all())
    return schedules[0] if len(schedules) == 1 else None


def export_cells(offer: Offer) -> dict[str, Any]:
    schedule = only_schedule(offer)
    return schedule_cells(schedule) if schedule is not None else {}


def schedule_cells(schedule: Schedule) -> dict[str, Any]:
    """The cells of one schedule (saved or only planned)."""
    values: dict[str, Any] = {
        "schedule.dtstart": cells.format_date(schedule.dtstart),
        "schedule.start_time": cells.format_clock(schedule.start_time),
        "schedule.duration_minutes": schedule.duration_minutes,
        "schedule.until": cells.format_date(schedule.until),
        "schedule.runs_on_holidays": cells.format_bool(schedule.runs_on_holidays),
    }
    weekly = _WEEKLY.match(schedule.rrule)
    if weekly:
        values["schedule.weekdays"] = cells.format_weekdays(weekly.group(2).split(","))
        values["schedule.interval"] = int(weekly.group(1) or 1)
    else:
        values["schedule.rrule"] = schedule.rrule
    return values


def read(raw: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The schedule's fields from the row's schedule cells (None when all are empty: leave schedules alone),
    and the messages per column key for cells that do not fit."""
    if all(cells.blank(value) for value in raw.values()):
        return None, {}
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {"duration_minutes": DEFAULT_DURATION, "runs_on_holidays": False}

    def take(key: str, reader: Any, target: str) -> None:
        value = raw.get(key)
        if cells.blank(value):
            return
        try:
            fields[target] = reader(value)
        except CellError as exc:
            errors[key] = str(exc)

    take("schedule.dtstart", cells.date, "dtstart")
    take("schedule.start_time", cells.clock, "start_time")
    take("schedule.duration_minutes", cells.integer, "duration_minutes")
    take("schedule.until", cells.date, "until")
    take("schedule.runs_on_holidays", cells.boolean, "runs_on_holidays")
    if "dtstart" not in fields and "schedule.dtstart" not in errors:
        errors["schedule.dtstart"] = _("Für eine Terminregel ist der erste Termin nötig.")
    if fields["duration_minutes"] <= 0 and "schedule.duration_minutes" not in errors:
        errors["schedule.duration_minutes"] = _("Die Dauer muss mindestens eine Minute sein.")
    rule, rule_errors = _rule(raw)
    errors.update(rule_errors)
    fields["rrule"] = rule
    return fields, errors


def _rule(raw: dict[str, Any]) -> tuple[str, dict[str, str]]:
    weekdays_cell, rrule_cell = raw.get("schedule.weekdays"), raw.get("schedule.rrule")
    interval_cell = raw.get("schedule.interval")
    if not cells.blank(weekdays_cell) and not cells.blank(rrule_cell):
        return "", {"schedule.rrule": _("Bitte entweder Wochentage oder eine Regel angeben, nicht beides.")}
    if not cells.blank(rrule_cell):
        if not cells.blank(interval_cell):
            return "", {"schedule.interval": _("„Alle … Wochen“ gilt nur zusammen mit Wochentagen.")}
        return cells.text(rrule_cell).upper(), {}
    if cells.blank(weekdays_cell):
        if not cells.blank(interval_cell):
            return "", {"schedule.interval": _("„Alle … Wochen“ gilt nur zusammen mit Wochentagen.")}
        return "", {}  # a single date
    try:
        days = cells.weekdays(weekdays_cell)
    except CellError as exc:
        return "", {"schedule.weekdays": str(exc)}
    interval = 1
    if not cells.blank(interval_cell):
        try:
            interval = cells.integer(interval_cell)
        except CellError as exc:
            return "", {"schedule.interval": str(exc)}
        if not 1 <= interval <= 52:
            return "", {"schedule.interval": _("Erlaubt sind 1 bis 52 Wochen.")}
    prefix = "FREQ=WEEKLY" + (f";INTERVAL={interval}" if interval > 1 else "")
    return f"{prefix};BYDAY={','.join(days)}", {}
