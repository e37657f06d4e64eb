"""Plain repetition choices ("weekly on Tuesday", "every 2nd Tuesday of the month", "one-off") and RRULEs.

Providers choose from these instead of writing RFC 5545; an existing rule that none of them
describes is kept as it is ("wie bisher").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Repeat(models.TextChoices):
    ONCE = "once", _("einmalig")
    WEEKLY = "weekly", _("jede Woche")
    BIWEEKLY = "biweekly", _("alle zwei Wochen")
    MONTHLY = "monthly", _("einmal im Monat")
    KEEP = "keep", _("wie bisher")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("am 1.")
    SECOND = 2, _("am 2.")
    THIRD = 3, _("am 3.")
    FOURTH = 4, _("am 4.")
    LAST = -1, _("am letzten")


def to_rrule(repeat: str, weekday: int, week_of_month: int | None, keep: str = "") -> str:
    """The RRULE for a plain choice (empty for a one-off date)."""
    day = WEEKDAY_CODES[weekday]
    if repeat == Repeat.WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={day}"
    if repeat == Repeat.BIWEEKLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    if repeat == Repeat.MONTHLY:
        return f"FREQ=MONTHLY;BYDAY={week_of_month or 1}{day}"
    if repeat == Repeat.KEEP:
        return keep
    return ""


def from_rrule(rule: str) -> tuple[str, int | None, int | None]:
    """``(repeat, weekday, week_of_month)`` for a rule; ``Repeat.KEEP`` when no plain choice fits."""
    if not rule:
        return Repeat.ONCE, None, None
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    known = {"FREQ", "BYDAY", "INTERVAL"}
    byday = parts.get("BYDAY", "")
    if set(parts) - known or "," in byday or not byday:
        return Repeat.KEEP, None, None
    code, prefix = byday[-2:], byday[:-2]
    if code not in WEEKDAY_CODES:
        return Repeat.KEEP, None, None
    weekday = WEEKDAY_CODES.index(code)
    interval = parts.get("INTERVAL", "1")
    if parts.get("FREQ") == "WEEKLY" and not prefix and interval in ("1", "2"):
        return (Repeat.WEEKLY if interval == "1" else Repeat.BIWEEKLY), weekday, None
    if parts.get("FREQ") == "MONTHLY" and interval == "1" and prefix in ("1", "2", "3", "4", "-1"):
        return Repeat.MONTHLY, weekday, int(prefix)
    return Repeat.KEEP, None, None
