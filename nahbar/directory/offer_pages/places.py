"""Opening hours of a place in words, one line per weekday."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from nahbar.directory.describe import join_words, weekday_name
from nahbar.directory.offer_pages.jsonld import valid_opening_hours


def _clock(value: str) -> str:
    hours, minutes = int(value[:2]), value[3:]
    return f"{hours}" if minutes == "00" else f"{hours}:{minutes}"


def opening_hours_by_day(raw: Any) -> list[tuple[str, str]]:
    """[("Montag", "10–16 Uhr"), ("Dienstag", "geschlossen"), …]; empty when no hours are entered."""
    entries = valid_opening_hours(raw)
    if not entries:
        return []
    rows = []
    for day in range(7):
        spans = sorted((e["opens"], e["closes"]) for e in entries if day in e["days"])
        if spans:
            text = join_words([_("%(start)s–%(end)s Uhr") % {"start": _clock(o), "end": _clock(c)} for o, c in spans])
        else:
            text = _("geschlossen")
        rows.append((weekday_name(day), text))
    return rows
