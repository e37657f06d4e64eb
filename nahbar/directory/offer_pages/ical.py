"""iCalendar (RFC 5545) files for "add to calendar": the whole series, or one date.

The series keeps the rule (RRULE) so calendars show it as recurring; cancelled
dates become EXDATEs: the schedule's own ones, and public holidays of the next
12 months when the offer does not run on holidays (calendars cannot know the
Land's holidays, so later ones would show; the page stays the reference).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

import icalendar
from django.utils import timezone

from nahbar.directory.offer_pages import dates as offer_dates
from nahbar.directory.offer_pages.dates import DateEntry, schedule_place
from nahbar.directory.recurrence import BERLIN, ScheduleSpec, cancelled_dates, expand

if TYPE_CHECKING:
    from collections.abc import Iterable

    from nahbar.directory.models import Offer, Schedule
    from nahbar.tenancy.models import Municipality

PRODID = "-//nahbar//Angebote//DE"
HOLIDAY_WINDOW_DAYS = 365
_UNTIL_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_berlin())
    return calendar


def _berlin() -> icalendar.Timezone:
    """Europe/Berlin as the EU rule (since 1996), valid for any year, unlike a list of past transitions."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Berlin")
    for kind, name, start, offsets, rule in [
        # VTIMEZONE onsets are local times without a zone (RFC 5545 3.6.5).
        (icalendar.TimezoneDaylight, "CEST", dt.datetime(1981, 3, 29, 2), (1, 2), {"BYMONTH": [3]}),  # noqa: DTZ001
        (icalendar.TimezoneStandard, "CET", dt.datetime(1996, 10, 27, 3), (2, 1), {"BYMONTH": [10]}),  # noqa: DTZ001
    ]:
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", dt.timedelta(hours=offsets[1]))
        part.add("rrule", {"FREQ": ["YEARLY"], "BYDAY": ["-1SU"], **rule})
        zone.add_component(part)
    return zone


def _moment(day: dt.date, spec: ScheduleSpec) -> dt.date | dt.datetime:
    """A start on ``day`` in the type DTSTART uses: a DATE for all-day, else local time with TZID."""
    if spec.start_time is None:
        return day
    return dt.datetime.combine(day, spec.start_time).replace(tzinfo=BERLIN)


def _relaxed(spec: ScheduleSpec) -> ScheduleSpec:
    """The bare rule: every date it produces, nothing cancelled, no one-off dates, no end."""
    return replace(spec, rdates=(), exdates=(), until=None, runs_on_holidays=True)


def _nth_rule_date(spec: ScheduleSpec, count: int, land: str) -> dt.date | None:
    """The ``count``-th date of the bare rule (1 = its first), counting from ``dtstart``."""
    slots = expand(_relaxed(spec), start=spec.dtstart, end=dt.date(9999, 12, 31), land=land, limit=count)
    return slots[-1].start.date() if len(slots) == count else None


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in rule.split(";") if "=" in item)


def _ics_rule(spec: ScheduleSpec, land: str) -> icalendar.vRecur:
    """The rule with its end expressed as RFC 5545 wants next to a TZID start (UNTIL in UTC, or a DATE)."""
    parts = _rule_parts(spec.rrule)
    ends: list[dt.date] = [spec.until] if spec.until else []
    if "UNTIL" in parts:
        match = _UNTIL_DATE.match(parts.pop("UNTIL"))
        if match:
            ends.append(dt.date(*(int(g) for g in match.groups())))
    if ends and "COUNT" in parts:
        # RFC 5545 forbids COUNT with UNTIL; the COUNT-th date gives the same end.
        nth = _nth_rule_date(spec, int(parts.pop("COUNT")), land)
        if nth:
            ends.append(nth)
    if ends:
        last = min(ends)
        if spec.start_time is None:
            parts["UNTIL"] = last.strftime("%Y%m%d")
        else:
            local = dt.datetime.combine(last, spec.start_time).replace(tzinfo=BERLIN)
            parts["UNTIL"] = local.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return icalendar.vRecur.from_ical(";".join(f"{k}={v}" for k, v in parts.items()))


def _base_event(offer: Offer, schedule: Schedule, *, url: str, uid: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    stamp = offer.updated_at or offer_dates.now()
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("last-modified", stamp.astimezone(dt.UTC))
    event.add("summary", offer.title)
    event.add("description", f"{offer.summary}\n\n{url}")
    event.add("url", url)
    event.add("status", "CONFIRMED")
    place = schedule_place(offer, schedule)
    if place is not None:
        event.add("location", ", ".join(p for p in [place.name, place.address] if p))
        if place.latitude is not None and place.longitude is not None:
            event.add("geo", (place.latitude, place.longitude))
    return event


def _add_times(event: icalendar.Event, start: dt.date | dt.datetime, spec: ScheduleSpec) -> None:
    event.add("dtstart", start)
    if spec.start_time is None:
        days = max(1, -(-spec.duration // dt.timedelta(days=1)))
        event.add("duration", dt.timedelta(days=days))
    else:
        event.add("duration", spec.duration)


def _uid(municipality: Municipality, schedule: Schedule, suffix: str = "") -> str:
    return f"schedule-{schedule.pk}{suffix}.{municipality.slug}@nahbar"


def _series_events(offer: Offer, schedule: Schedule, municipality: Municipality, url: str) -> list[icalendar.Event]:
    spec = schedule.spec()
    last = spec.until or dt.date.max
    exdates = set(spec.exdates)
    one_offs = sorted(d for d in (spec.rdates if spec.rrule or spec.rdates else (spec.dtstart,)) if d <= last)
    events = []
    first = _nth_rule_date(spec, 1, municipality.land) if spec.rrule else None
    if first is not None and first <= last:
        event = _base_event(offer, schedule, url=url, uid=_uid(municipality, schedule))
        _add_times(event, _moment(first, spec), spec)
        event.add("rrule", _ics_rule(spec, municipality.land))
        if not spec.runs_on_holidays:
            today = timezone.localdate(offer_dates.now())
            window = cancelled_dates(
                replace(spec, rdates=(), exdates=()),
                start=today,
                end=today + dt.timedelta(days=HOLIDAY_WINDOW_DAYS),
                land=municipality.land,
            )
            # A one-off date on a holiday still takes place, so it must not be excluded.
            exdates |= {day for day, reason in window if reason.startswith("holiday:") and day not in spec.rdates}
        rdates = [d for d in one_offs if d >= first]
        one_offs = [d for d in one_offs if d < first]
        if rdates:
            event.add("rdate", [_moment(d, spec) for d in rdates])
        if exdates:
            event.add("exdate", [_moment(d, spec) for d in sorted(exdates)])
        events.append(event)
    one_offs = [d for d in one_offs if d not in exdates]
    if one_offs:
        # One-off dates before the rule starts get their own event: DTSTART must stay the rule's first date.
        event = _base_event(offer, schedule, url=url, uid=_uid(municipality, schedule, "-dates" if events else ""))
        _add_times(event, _moment(one_offs[0], spec), spec)
        if one_offs[1:]:
            event.add("rdate", [_moment(d, spec) for d in one_offs[1:]])
        events.append(event)
    return events


def series_calendar(offer: Offer, municipality: Municipality, *, url: str) -> bytes:
    calendar = _calendar()
    calendar.add("x-wr-calname", offer.title)
    for schedule in offer.schedules.all():
        for event in _series_events(offer, schedule, municipality, url):
            calendar.add_component(event)
    return calendar.to_ical()


def feed_calendar(offers: Iterable[tuple[Offer, str]], municipality: Municipality, *, name: str) -> bytes:
    """One calendar with the series of many offers (each with its page's address): a finder's .ics twin."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    for offer, url in offers:
        for schedule in offer.schedules.all():
            for event in _series_events(offer, schedule, municipality, url):
                calendar.add_component(event)
    return calendar.to_ical()


def single_calendar(offer: Offer, municipality: Municipality, entry: DateEntry, *, url: str) -> bytes:
    calendar = _calendar()
    spec = entry.schedule.spec()
    event = _base_event(offer, entry.schedule, url=url, uid=_uid(municipality, entry.schedule, f"-{entry.stamp}"))
    if entry.all_day:
        _add_times(event, timezone.localtime(entry.start).date(), spec)
    else:
        event.add("dtstart", timezone.localtime(entry.start))
        event.add("dtend", timezone.localtime(entry.end))
    calendar.add_component(event)
    return calendar.to_ical()
