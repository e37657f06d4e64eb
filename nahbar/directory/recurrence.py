"""Expansion of an offer's schedule into concrete dates ("Termine").

Pure Python on purpose (no Django imports) so that models, the finder, exports and
tests can all call it.

Behaviour in short:

* Schedules are RFC 5545 RRULE strings without DTSTART. They are expanded in *naive
  local wall-clock time* and only then attached to Europe/Berlin, so a weekly offer at
  15:00 stays at 15:00 across daylight-saving changes.
* A wall-clock time that does not exist (spring-forward gap, 02:30 on the last Sunday in
  March) becomes the instant it denotes (03:30 CEST); an ambiguous one (autumn fold)
  is the first, i.e. summer-time, instance.
* ``dtstart`` is an occurrence only if it matches the rule (dateutil semantics, not the
  RFC's "DTSTART is always the first instance"): coordinators enter the start date
  loosely. Without a rule the occurrences are the RDATEs, or ``dtstart`` alone if there
  are none (a plain one-off event).
* Public holidays of the Land cancel rule occurrences unless ``runs_on_holidays``.
  Explicit one-off dates (RDATEs) are never cancelled by a holiday: someone who adds
  "25.12." by hand means it. EXDATEs always cancel, RDATEs included.
* ``until`` (the schedule's valid-until) ends everything, RDATEs included, inclusive.
  The RRULE's own UNTIL/COUNT only limit the rule, as in RFC 5545.
* An occurrence belongs to a range when its local start date lies in [start, end].
* Holidays come from the `holidays` package, which knows German holidays for
  1991-2100 only; outside those years nothing is cancelled as a holiday.
* Durations follow RFC 5545: whole days are nominal (wall-clock, 1 day may be 23 or 25
  hours), the rest is exact elapsed time. All-day entries start at local midnight and
  last whole days (a partial day is rounded up, at least one day).
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import groupby, islice, takewhile
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

__all__ = [
    "BERLIN",
    "LAND_CODES",
    "InvalidRule",
    "ScheduleSpec",
    "Slot",
    "UnknownLand",
    "cancelled_dates",
    "expand",
    "public_holidays",
    "validate_rrule",
]

BERLIN = ZoneInfo("Europe/Berlin")

# ISO 3166-2:DE codes, exactly the subdivisions `holidays` accepts for DE (its extra
# "Augsburg" city subdivision is deliberately not a Land).
LAND_CODES: dict[str, str] = {
    "BB": "Brandenburg",
    "BE": "Berlin",
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "HB": "Bremen",
    "HE": "Hessen",
    "HH": "Hamburg",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SH": "Schleswig-Holstein",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "TH": "Thüringen",
}

# Offers happen at most daily; sub-daily frequencies would also flood the finder.
ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# The time of day comes from ScheduleSpec.start_time, never from the rule.
_FORBIDDEN_KEYS = ("BYHOUR", "BYMINUTE", "BYSECOND")
# COUNT rules cannot be fast-forwarded, so a huge COUNT would mean a long walk.
MAX_COUNT = 10_000
# Allowed ranges of integer list parts; gives clear messages instead of silent no-ops.
_INT_RANGES: dict[str, tuple[int, int]] = {
    "BYMONTH": (1, 12),
    "BYMONTHDAY": (-31, 31),
    "BYYEARDAY": (-366, 366),
    "BYWEEKNO": (-53, 53),
    "BYSETPOS": (-366, 366),
}
_UNTIL_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Units of each frequency in 400 Gregorian years, after which the calendar (leap
# years and weekdays) repeats exactly: 146097 days = 20871 weeks = 4800 months.
_CYCLE_UNITS = {"DAILY": 146_097, "WEEKLY": 20_871, "MONTHLY": 4_800, "YEARLY": 400}
_MAX_YEAR = 9999


class InvalidRule(ValueError):
    """The recurrence rule cannot be used; the message says why (English, translatable)."""


class UnknownLand(KeyError):
    """The Land code is not one of LAND_CODES."""

    def __str__(self) -> str:
        # KeyError would repr() the message, i.e. wrap it in quotes.
        return str(self.args[0]) if self.args else "unknown Land"


@dataclass(frozen=True)
class ScheduleSpec:
    dtstart: date
    start_time: time | None  # None = all-day
    duration: timedelta  # > 0
    rrule: str = ""  # "" = no recurrence
    rdates: tuple[date, ...] = ()
    exdates: tuple[date, ...] = ()
    until: date | None = None
    runs_on_holidays: bool = False

    def __post_init__(self) -> None:
        if self.duration <= timedelta(0):
            raise ValueError("duration must be positive")
        # Callers (Django models) may hand in lists; keep the dataclass immutable.
        object.__setattr__(self, "rdates", tuple(self.rdates))
        object.__setattr__(self, "exdates", tuple(self.exdates))


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, Europe/Berlin
    end: datetime  # aware, Europe/Berlin
    all_day: bool = False
    one_off: bool = False  # True when the date came from RDATEs

    @property
    def local_date(self) -> date:
        return self.start.date()

    @property
    def elapsed(self) -> timedelta:
        # Not ``end - start``: Python subtracts same-zone datetimes as wall-clock times.
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


@dataclass(frozen=True)
class _Rule:
    """A validated rule; ``parts`` exclude UNTIL, which is kept as local wall time."""

    parts: tuple[tuple[str, str], ...]
    freq: str
    interval: int
    count: int | None
    until: datetime | None  # naive local wall-clock time, inclusive
    normalised: str

    def part_names(self) -> set[str]:
        return {key for key, _ in self.parts}


# --------------------------------------------------------------------------- rules


def validate_rrule(rule: str) -> str:
    """Return the normalised rule ("" for no recurrence) or raise InvalidRule."""
    compiled = _compile(rule)
    if compiled is None:
        return ""
    probe_start = datetime.combine(date(2000, 1, 1), time.min)
    if not _satisfiable(_explicit_parts(compiled, probe_start), compiled.freq, probe_start):
        raise InvalidRule("The rule never produces a date.")
    return compiled.normalised


@lru_cache(maxsize=1024)
def _compile(rule: str) -> _Rule | None:
    text = re.sub(r"\s+", "", rule or "").upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text:
        return None
    if "DTSTART" in text:
        raise InvalidRule("DTSTART must not be part of the rule; the start date is separate.")
    if ":" in text:
        raise InvalidRule("Only a single RRULE is allowed (no RDATE/EXDATE lines).")
    parts = _split_parts(text)
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQS:
        raise InvalidRule(f"FREQ must be one of {', '.join(ALLOWED_FREQS)}.")
    _check_parts(parts)
    until = _parse_until(parts["UNTIL"]) if "UNTIL" in parts else None
    ordered = [("FREQ", freq)] + [(k, v) for k, v in parts.items() if k != "FREQ"]
    kept = tuple((k, v) for k, v in ordered if k != "UNTIL")
    compiled = _Rule(
        parts=kept,
        freq=freq,
        interval=int(parts.get("INTERVAL", "1")),
        count=int(parts["COUNT"]) if "COUNT" in parts else None,
        until=until,
        normalised=";".join(f"{k}={v}" for k, v in ordered),
    )
    _build(compiled.parts, datetime.combine(date(2000, 1, 1), time.min))  # dateutil's checks
    return compiled


def _split_parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in filter(None, text.split(";")):
        key, sep, value = chunk.partition("=")
        if not sep or not key or not value:
            raise InvalidRule(f"Malformed rule part {chunk!r}; expected NAME=VALUE.")
        if key in parts:
            raise InvalidRule(f"{key} is given more than once.")
        parts[key] = value
    return parts


def _check_parts(parts: Mapping[str, str]) -> None:
    for key in _FORBIDDEN_KEYS:
        if key in parts:
            raise InvalidRule(f"{key} is not allowed; the time comes from the start time.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise InvalidRule("COUNT and UNTIL must not be combined (RFC 5545).")
    _check_int(parts, "INTERVAL", 1, 1000)
    _check_int(parts, "COUNT", 1, MAX_COUNT)
    for key, (low, high) in _INT_RANGES.items():
        for item in parts.get(key, "").split(","):
            if item:
                _check_int({key: item}, key, low, high, nonzero=True)


def _check_int(parts: Mapping[str, str], key: str, low: int, high: int, *, nonzero: bool = False) -> None:
    if key not in parts:
        return
    try:
        value = int(parts[key])
    except ValueError:
        raise InvalidRule(f"{key} must be a whole number.") from None
    if not low <= value <= high or (nonzero and value == 0):
        raise InvalidRule(f"{key} must be between {low} and {high}, got {value}.")


def _parse_until(value: str) -> datetime:
    """UNTIL as naive local wall time; dateutil rejects a UTC UNTIL with naive DTSTART."""
    match = _UNTIL_RE.match(value)
    if match is None:
        raise InvalidRule("UNTIL must look like 20261231, 20261231T180000 or 20261231T170000Z.")
    year, month, day, hour, minute, second, zulu = match.groups()
    try:
        day_ = date(int(year), int(month), int(day))
        if hour is None:
            # A bare date means "up to and including that day", whatever the start time.
            return datetime.combine(day_, time.max)
        moment = datetime.combine(day_, time(int(hour), int(minute), int(second)))
    except ValueError:
        raise InvalidRule(f"UNTIL {value} is not a valid date.") from None
    if zulu:
        return moment.replace(tzinfo=UTC).astimezone(BERLIN).replace(tzinfo=None)
    return moment


def _build(parts: Iterable[tuple[str, str]], dtstart: datetime) -> rrule:
    try:
        built = rrulestr(";".join(f"{k}={v}" for k, v in parts), dtstart=dtstart)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidRule(f"Invalid rule: {exc}") from None
    if not isinstance(built, rrule):  # pragma: no cover - a single RRULE never gives a set
        raise InvalidRule("Only a single RRULE is allowed.")
    return built


def _explicit_parts(rule: _Rule, dtstart: datetime) -> tuple[tuple[str, str], ...]:
    """Spell out what dateutil would derive from dtstart, so dtstart can be moved."""
    if rule.part_names() & {"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER"}:
        return rule.parts
    extra: list[tuple[str, str]] = []
    if rule.freq == "YEARLY" and "BYMONTH" not in rule.part_names():
        extra.append(("BYMONTH", str(dtstart.month)))
    if rule.freq in ("YEARLY", "MONTHLY"):
        extra.append(("BYMONTHDAY", str(dtstart.day)))
    if rule.freq == "WEEKLY":
        extra.append(("BYDAY", _WEEKDAYS[dtstart.weekday()]))
    return rule.parts + tuple(extra)


def _shift(dtstart: datetime, freq: str, periods: int) -> datetime:
    """Move dtstart forward by whole periods; month/year moves land on the 1st."""
    if periods <= 0:
        return dtstart
    if freq == "DAILY":
        return dtstart + timedelta(days=periods)
    if freq == "WEEKLY":
        return dtstart + timedelta(weeks=periods)
    first = dtstart.replace(day=1, month=1 if freq == "YEARLY" else dtstart.month)
    step = relativedelta(months=periods) if freq == "MONTHLY" else relativedelta(years=periods)
    return first + step


def _periods_between(first: date, later: date, freq: str) -> int:
    if freq == "DAILY":
        return (later - first).days
    if freq == "WEEKLY":
        return (later - first).days // 7
    if freq == "MONTHLY":
        return (later.year - first.year) * 12 + later.month - first.month
    return later.year - first.year


@lru_cache(maxsize=1024)
def _satisfiable(parts: tuple[tuple[str, str], ...], freq: str, dtstart: datetime) -> bool:
    """Does the rule (ignoring COUNT) ever produce a date?

    dateutil only stops at a produced date or at year 9999, so an impossible rule
    ("30 February") would keep the server busy for seconds on every call. The calendar
    repeats every 400 years, so we probe one full cycle (lcm with INTERVAL) placed just
    before 9999: exact, and at most 146097 periods of work, cached.
    """
    interval = int(dict(parts).get("INTERVAL", "1"))
    units = math.lcm(_CYCLE_UNITS[freq], interval)
    cycle_years = 400 * units // _CYCLE_UNITS[freq]
    cycles = max(0, (_MAX_YEAR - cycle_years - dtstart.year) // cycle_years)
    probe_start = dtstart.replace(year=dtstart.year + cycles * cycle_years)
    core = tuple((k, v) for k, v in parts if k != "COUNT")
    return _build(core, probe_start).after(probe_start, inc=True) is not None


def _rule_occurrences(
    spec: ScheduleSpec, rule: _Rule, window_start: datetime, *, fast_forward: bool = True
) -> Iterator[datetime]:
    """Naive local occurrences of the rule from window_start on, in order."""
    dtstart = _naive_start(spec.dtstart, spec.start_time)
    parts = _explicit_parts(rule, dtstart)
    if not _satisfiable(parts, rule.freq, dtstart):
        return iter(())
    if fast_forward and rule.count is None:
        # Skip whole INTERVAL blocks up to (strictly) before the window instead of
        # walking from a dtstart years ago; COUNT rules need the walk to count.
        gap = _periods_between(dtstart.date(), window_start.date(), rule.freq) - 1
        dtstart = _shift(dtstart, rule.freq, max(0, gap) // rule.interval * rule.interval)
    # dateutil drops microseconds; put the exact start time back.
    wall_time = dtstart.time()
    occurrences = (
        datetime.combine(moment.date(), wall_time) for moment in _build(parts, dtstart).xafter(window_start, inc=True)
    )
    if rule.until is None:
        return occurrences
    until = rule.until
    return takewhile(lambda moment: moment <= until, occurrences)


# ------------------------------------------------------------------------ holidays


def _land(land: str) -> str:
    code = (land or "").strip().upper().removeprefix("DE-")
    if code not in LAND_CODES:
        raise UnknownLand(f"Unknown Land {land!r}; expected one of {', '.join(LAND_CODES)}.")
    return code


@lru_cache(maxsize=2048)
def _holidays_of_year(land: str, year: int) -> Mapping[date, str]:
    found = holidays.country_holidays("DE", subdiv=land, years=year, language="de")
    return MappingProxyType(dict(found.items()))


def public_holidays(land: str, years: Iterable[int]) -> dict[date, str]:
    """Public holidays of a Land (German names), cached per (land, year)."""
    code = _land(land)
    result: dict[date, str] = {}
    for year in sorted(set(years)):
        result.update(_holidays_of_year(code, year))
    return result


# ---------------------------------------------------------------------- expansion


def _naive_start(day: date, start_time: time | None) -> datetime:
    return datetime.combine(day, start_time or time.min)


def _localize(naive: datetime) -> datetime:
    # fold=0 takes summer time for the ambiguous autumn hour; the UTC round-trip moves a
    # non-existent spring-forward time (02:30) to the instant it denotes (03:30 CEST).
    return naive.replace(tzinfo=BERLIN, fold=0).astimezone(UTC).astimezone(BERLIN)


def _end(naive_start: datetime, start: datetime, spec: ScheduleSpec) -> datetime:
    if spec.start_time is None:
        days = max(1, math.ceil(spec.duration / timedelta(days=1)))
        return _localize(datetime.combine(naive_start.date() + timedelta(days=days), time.min))
    # Whole days are wall-clock days (RFC 5545 nominal), the rest is elapsed time.
    nominal = timedelta(days=spec.duration.days)
    exact = spec.duration - nominal
    base = _localize(naive_start + nominal) if nominal else start
    return (base.astimezone(UTC) + exact).astimezone(BERLIN)


def _candidates(spec: ScheduleSpec, start: date, end: date) -> Iterator[tuple[datetime, bool]]:
    """(naive local start, is_one_off) in order, without duplicates, within the range."""
    last = min(end, spec.until) if spec.until else end
    window_start = datetime.combine(start, time.min)
    rule = _compile(spec.rrule)
    explicit = spec.rdates if rule is not None or spec.rdates else (spec.dtstart,)
    one_offs = sorted({(_naive_start(day, spec.start_time), True) for day in explicit if start <= day <= last})
    streams: list[Iterator[tuple[datetime, bool]]] = [iter(one_offs)]
    if rule is not None:
        streams.append((moment, False) for moment in _rule_occurrences(spec, rule, window_start))
    merged = heapq.merge(*streams, key=lambda item: item[0])
    in_range = takewhile(lambda item: item[0].date() <= last, merged)
    for moment, group in groupby(in_range, key=lambda item: item[0]):
        yield moment, any(one_off for _, one_off in group)


def _cancel_reason(day: date, one_off: bool, spec: ScheduleSpec, land: str) -> str | None:
    if day in spec.exdates:
        return "exdate"
    if spec.runs_on_holidays or one_off:
        return None
    name = _holidays_of_year(land, day.year).get(day)
    return f"holiday:{name}" if name is not None else None


def _decisions(
    spec: ScheduleSpec, start: date, end: date, land: str, limit: int
) -> Iterator[tuple[datetime, bool, str | None]]:
    """Candidates with their cancel reason; bounded so mostly-cancelled rules stay cheap."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    code = _land(land)
    _compile(spec.rrule)  # raise InvalidRule even for an empty range
    if start > end:
        return
    max_scan = 10 * limit + len(spec.exdates) + 100
    for moment, one_off in islice(_candidates(spec, start, end), max_scan):
        yield moment, one_off, _cancel_reason(moment.date(), one_off, spec, code)


def expand(spec: ScheduleSpec, *, start: date, end: date, land: str, limit: int = 1000) -> list[Slot]:
    """Occurrences whose local start date is in [start, end], sorted, at most ``limit``.

    Raises InvalidRule for a bad rule and UnknownLand for a bad Land code.
    """
    slots: list[Slot] = []
    for moment, one_off, reason in _decisions(spec, start, end, land, limit):
        if reason is not None:
            continue
        begin = _localize(moment)
        slots.append(Slot(begin, _end(moment, begin, spec), spec.start_time is None, one_off))
        if len(slots) >= limit:
            break
    return slots


def cancelled_dates(
    spec: ScheduleSpec, *, start: date, end: date, land: str, limit: int = 1000
) -> list[tuple[date, str]]:
    """Dates the schedule would produce in [start, end] that are cancelled, with reason
    ``"exdate"`` or ``"holiday:<German name>"`` (for "fällt aus (Feiertag)")."""
    cancelled: list[tuple[date, str]] = []
    for moment, _one_off, reason in _decisions(spec, start, end, land, limit):
        if reason is not None:
            cancelled.append((moment.date(), reason))
            if len(cancelled) >= limit:
                break
    return cancelled
