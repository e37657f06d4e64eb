"""A schedule's rule in plain words: "jeden 2. Dienstag im Monat, 15–17 Uhr".

Every fragment goes through gettext at call time, so the English UI gets English
words once the catalogue has them. Rules the sentence builder does not know
(BYSETPOS, BYWEEKNO, …) fall back to a neutral phrase rather than a wrong one:
the page always lists the next concrete dates as well.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext, pgettext

if TYPE_CHECKING:
    from nahbar.directory.models import Schedule

_WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def weekday_name(index: int) -> str:
    # Django's own catalogue has the weekday names in every language.
    return str(WEEKDAYS[index])


def _weekday_adverb(index: int) -> str:
    return [
        pgettext("every such weekday", "montags"),
        pgettext("every such weekday", "dienstags"),
        pgettext("every such weekday", "mittwochs"),
        pgettext("every such weekday", "donnerstags"),
        pgettext("every such weekday", "freitags"),
        pgettext("every such weekday", "samstags"),
        pgettext("every such weekday", "sonntags"),
    ][index]


def join_words(words: list[str]) -> str:
    """ "A", "A und B", "A, B und C"."""
    if len(words) <= 1:
        return "".join(words)
    return gettext("%(first)s und %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _english() -> bool:
    return (get_language() or "de").startswith("en")


def number_ordinal(n: int) -> str:
    """ "2." in German, "2nd" in English: suffix rules, not a translation table."""
    if not _english():
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _clock(value: dt.time) -> str:
    # German writes "15 Uhr"; English readers expect "15:00".
    if value.minute == 0 and not _english():
        return f"{value.hour}"
    return f"{value.hour}:{value.minute:02d}"


def time_range(start_time: dt.time | None, duration_minutes: int) -> str:
    """ "15–17 Uhr", "15:30–17 Uhr"; "ganztägig" without a start time."""
    if start_time is None:
        return gettext("ganztägig")
    end = (dt.datetime.combine(dt.date(2000, 1, 1), start_time) + dt.timedelta(minutes=duration_minutes)).time()
    return gettext("%(start)s–%(end)s Uhr") % {"start": _clock(start_time), "end": _clock(end)}


def long_date(day: dt.date) -> str:
    return date_format(day, pgettext("long date format", "j. F Y"))


def _parts(rule: str) -> dict[str, str]:
    parts = {}
    for item in rule.upper().removeprefix("RRULE:").split(";"):
        key, _sep, value = item.partition("=")
        if key:
            parts[key.strip()] = value.strip()
    return parts


def _ordinal(n: int) -> str:
    if n == -1:
        return pgettext("weekday of the month", "letzten")
    if n == -2:
        return pgettext("weekday of the month", "vorletzten")
    return number_ordinal(n)


def _parse_byday(value: str) -> list[tuple[int | None, int]]:
    """[(ordinal or None, weekday index)]; raises ValueError on anything odd."""
    result = []
    for token in value.split(","):
        code = token[-2:]
        prefix = token[:-2]
        result.append((int(prefix) if prefix else None, _WEEKDAY_CODES.index(code)))
    return result


def _every(interval: int, unit: str) -> str:
    """ "alle zwei Wochen"; unit is one of days, weeks, months, years."""
    if interval == 2:
        return {
            "days": gettext("jeden zweiten Tag"),
            "weeks": gettext("alle zwei Wochen"),
            "months": gettext("alle zwei Monate"),
            "years": gettext("alle zwei Jahre"),
        }[unit]
    return {
        "days": gettext("alle %(n)s Tage"),
        "weeks": gettext("alle %(n)s Wochen"),
        "months": gettext("alle %(n)s Monate"),
        "years": gettext("alle %(n)s Jahre"),
    }[unit] % {"n": interval}


def _weekly(days: list[int], interval: int) -> str:
    days = sorted(set(days))
    if interval == 1:
        if len(days) == 7:
            return gettext("täglich")
        if days == [0, 1, 2, 3, 4]:
            return gettext("montags bis freitags")
        if len(days) == 1:
            return gettext("jeden %(weekday)s") % {"weekday": weekday_name(days[0])}
        return join_words([_weekday_adverb(d) for d in days])
    if days == [0, 1, 2, 3, 4]:
        adverbs = gettext("montags bis freitags")
    else:
        adverbs = join_words([_weekday_adverb(d) for d in days])
    return gettext("%(every)s %(weekdays)s") % {"every": _every(interval, "weeks"), "weekdays": adverbs}


def _monthly(parts: dict[str, str], dtstart: dt.date, interval: int) -> str | None:
    if "BYDAY" in parts:
        entries = _parse_byday(parts["BYDAY"])
        if any(n is None for n, _day in entries):
            # "every Tuesday in a monthly rule" is unusual; say it as the weekly rule it means.
            if interval == 1 and all(n is None for n, _day in entries):
                return _weekly([d for _n, d in entries], 1)
            return None
        weekdays = {d for _n, d in entries}
        if len(weekdays) == 1:
            ordinals = join_words([_ordinal(n) for n, _d in entries if n is not None])
            which = gettext("%(ordinals)s %(weekday)s") % {
                "ordinals": ordinals,
                "weekday": weekday_name(entries[0][1]),
            }
        else:
            which = join_words(
                [
                    gettext("%(ordinals)s %(weekday)s") % {"ordinals": _ordinal(n), "weekday": weekday_name(d)}
                    for n, d in entries
                    if n is not None
                ]
            )
    else:
        monthdays = [int(v) for v in parts.get("BYMONTHDAY", str(dtstart.day)).split(",")]
        if monthdays == [-1]:
            which_day = gettext("letzten Tag")
        else:
            which_day = join_words(
                [number_ordinal(d) if d > 0 else _ordinal(d) + " " + gettext("Tag") for d in monthdays]
            )
        if interval == 1:
            return gettext("jeden Monat am %(day)s") % {"day": which_day}
        return gettext("%(every)s am %(day)s") % {"every": _every(interval, "months"), "day": which_day}
    if interval == 1:
        return gettext("jeden %(which)s im Monat") % {"which": which}
    return gettext("%(every)s am %(which)s") % {"every": _every(interval, "months"), "which": which}


def _yearly(parts: dict[str, str], dtstart: dt.date, interval: int) -> str | None:
    if "BYDAY" in parts or "BYYEARDAY" in parts or "BYWEEKNO" in parts:
        return None
    months = [int(v) for v in parts.get("BYMONTH", str(dtstart.month)).split(",")]
    days = [int(v) for v in parts.get("BYMONTHDAY", str(dtstart.day)).split(",")]
    if len(months) != 1 or len(days) != 1 or days[0] < 1:
        return None
    day = date_format(dt.date(2000, months[0], days[0]), pgettext("day and month format", "j. F"))
    if interval == 1:
        return gettext("jedes Jahr am %(day)s") % {"day": day}
    return gettext("%(every)s am %(day)s") % {"every": _every(interval, "years"), "day": day}


def describe_rule(rule: str, dtstart: dt.date) -> str | None:
    """The rule in words without time or end; None when it has no plain description."""
    parts = _parts(rule)
    freq = parts.get("FREQ", "")
    if freq not in _FREQS or any(key in parts for key in ("BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND")):
        return None
    try:
        interval = int(parts.get("INTERVAL", "1"))
        if freq == "DAILY":
            if "BYDAY" in parts:
                return _weekly([d for _n, d in _parse_byday(parts["BYDAY"])], interval)
            return gettext("täglich") if interval == 1 else _every(interval, "days")
        if freq == "WEEKLY":
            days = [d for _n, d in _parse_byday(parts["BYDAY"])] if "BYDAY" in parts else [dtstart.weekday()]
            return _weekly(days, interval)
        if freq == "MONTHLY":
            return _monthly(parts, dtstart, interval)
        return _yearly(parts, dtstart, interval)
    except (ValueError, KeyError):
        return None


def _limits(parts: dict[str, str], until: dt.date | None) -> str:
    if "COUNT" in parts and parts["COUNT"].isdigit():
        count = int(parts["COUNT"])
        return ngettext("%(count)s Termin", "%(count)s Termine", count) % {"count": count}
    if until is not None:
        return gettext("bis %(date)s") % {"date": long_date(until)}
    return ""


def describe_schedule(
    *,
    dtstart: dt.date,
    start_time: dt.time | None,
    duration_minutes: int,
    rrule: str = "",
    rdates: list[dt.date] | tuple[dt.date, ...] = (),
    until: dt.date | None = None,
) -> str:
    """The whole schedule in one line, e.g. "jeden 2. Dienstag im Monat, 15–17 Uhr"."""
    time_text = time_range(start_time, duration_minutes) if start_time is not None else ""
    if not rrule:
        days = sorted(set(rdates) or {dtstart})
        if until is not None:
            days = [d for d in days if d <= until] or days
        what = gettext("am %(dates)s") % {"dates": join_words([long_date(d) for d in days])}
        return ", ".join(p for p in [what, time_text] if p)
    what = describe_rule(rrule, dtstart) or gettext("regelmäßig")
    pieces = [what, time_text, _limits(_parts(rrule), until)]
    if rdates:
        pieces.append(
            gettext("zusätzlich am %(dates)s") % {"dates": join_words([long_date(d) for d in sorted(rdates)])}
        )
    return ", ".join(p for p in pieces if p)


def describe(schedule: Schedule) -> str:
    """:func:`describe_schedule` for a ``Schedule`` model instance."""
    return describe_schedule(
        dtstart=schedule.dtstart,
        start_time=schedule.start_time,
        duration_minutes=schedule.duration_minutes,
        rrule=schedule.rrule,
        rdates=[dt.date.fromisoformat(str(d)) for d in schedule.rdates or []],
        until=schedule.until,
    )
