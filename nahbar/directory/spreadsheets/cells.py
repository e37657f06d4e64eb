"""Reading and writing single cells as staff type them: ja/nein, 15:30, 01.03.2026, „Montag, Dienstag“."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from nahbar.areas.importers.numbers import parse_number


class CellError(ValueError):
    """A value that does not fit its column; the message is shown with row and column."""


YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "y"}
NO = {"nein", "n", "0", "falsch", "false", "no", "-"}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
_FULL_NAMES = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
_WEEKDAY_INPUT = {
    **{name.lower(): code for name, code in zip(WEEKDAY_NAMES, WEEKDAYS, strict=True)},
    **dict(zip(_FULL_NAMES, WEEKDAYS, strict=True)),
    "sonnabend": "SA",
}
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:\s*uhr)?$", re.IGNORECASE)
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel hands postcodes and phone numbers over as numbers
    return str(value).strip()


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("„%(value)s“ ist weder „ja“ noch „nein“.") % {"value": value})


def integer(value: Any) -> int:
    try:
        number = parse_number(value, decimal_comma=True)
    except ValueError:
        raise CellError(_("„%(value)s“ ist keine ganze Zahl.") % {"value": value}) from None
    if not number.is_integer():
        raise CellError(_("„%(value)s“ ist keine ganze Zahl.") % {"value": value})
    return int(number)


def decimal(value: Any) -> float:
    try:
        return parse_number(value, decimal_comma=True)
    except ValueError:
        raise CellError(_("„%(value)s“ ist keine Zahl.") % {"value": value}) from None


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    match = _GERMAN_DATE.match(raw)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CellError(
            _("„%(value)s“ ist kein gültiges Datum (erwartet z. B. 31.12.2026).") % {"value": value}
        ) from None


def clock(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.datetime):
        return value.time()
    match = _CLOCK.match(text(value))
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise CellError(_("„%(value)s“ ist keine Uhrzeit (erwartet z. B. 15:30).") % {"value": value})


def weekdays(value: Any) -> list[str]:
    codes = []
    for part in split_list(value):
        code = _WEEKDAY_INPUT.get(part.lower().rstrip("."))
        if code is None:
            raise CellError(
                _("„%(value)s“ ist kein Wochentag (erwartet z. B. „Mo, Mi“ oder „Montag“).") % {"value": part}
            )
        if code not in codes:
            codes.append(code)
    return sorted(codes, key=WEEKDAYS.index)


def split_list(value: Any) -> list[str]:
    """Items of a list cell: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in re.split(r"[,;\n]", text(value)) if part.strip()]


def format_bool(value: bool) -> str:
    # Cell values stay German like the headers: the sheet is the same whatever the UI language.
    return "ja" if value else "nein"


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def format_clock(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def format_weekdays(codes: list[str]) -> str:
    return ", ".join(WEEKDAY_NAMES[WEEKDAYS.index(code)] for code in codes)
