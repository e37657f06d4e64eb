"""Calendar files: valid iCalendar, and expanding them gives the dates the page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from dateutil.rrule import rruleset, rrulestr
from django.test import Client
from django_scopes import scopes_disabled

from nahbar.directory.offer_pages.dates import next_dates
from nahbar.directory.offer_pages.selectors import offer_for_page
from tests import factories
from tests.directory.offer_pages.conftest import BERLIN, NOW, World

pytestmark = pytest.mark.django_db


def series(world: World) -> icalendar.Calendar:
    response = Client().get(f"/heimstadt/angebote/{world.offer.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return icalendar.Calendar.from_ical(response.content)


def _values(prop: Any) -> list[Any]:
    items = prop if isinstance(prop, list) else [prop] if prop is not None else []
    return [d.dt for item in items for d in item.dts]


def expand_ics(calendar: icalendar.Calendar, end: dt.datetime) -> list[dt.datetime]:
    """Expand every VEVENT with dateutil: a second, independent reading next to recurring_ical_events."""
    starts: list[dt.datetime] = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        rules = rruleset()
        if "RRULE" in event:
            rules.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))  # type: ignore[arg-type,union-attr]
        else:
            rules.rdate(start)
        for day in _values(event.get("RDATE")):
            rules.rdate(day)
        for day in _values(event.get("EXDATE")):
            rules.exdate(day)
        starts += list(rules.between(NOW, end, inc=True))
    return sorted(starts)


def page_dates(cast: Any, world: World, count: int = 12) -> list[dt.datetime]:
    with scopes_disabled():
        offer = offer_for_page(cast.home, world.offer.pk)
        return [e.start for e in next_dates(offer, land="SN", count=count) if not e.cancelled]


@pytest.fixture
def rich(cast: Any, world: World) -> World:
    """Tuesdays with an exdate, Fridays cancelled on holidays, one extra date on Easter Monday."""
    with scopes_disabled():
        factories.weekly_schedule(
            world.offer,
            byday="FR",
            dtstart=dt.date(2026, 1, 2),
            start_time=dt.time(10, 30),
            duration_minutes=60,
            runs_on_holidays=False,
            rdates=["2026-04-06"],
        )
    return world


def test_series_is_valid_icalendar(rich: World) -> None:
    calendar = series(rich)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    zones = calendar.walk("VTIMEZONE")
    assert len(zones) == 1 and zones[0]["TZID"] == "Europe/Berlin"
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    for event in events:
        for name in ["UID", "DTSTAMP", "DTSTART", "SUMMARY", "RRULE", "URL"]:
            assert name in event, name
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["SUMMARY"] == "Erzählcafé am Markt"
    friday, tuesday = sorted(events, key=lambda e: e.decoded("dtstart"))
    assert tuesday.decoded("dtstart") == dt.datetime(2026, 1, 6, 15, tzinfo=BERLIN)
    assert _values(tuesday["EXDATE"]) == [dt.datetime(2026, 3, 24, 15, tzinfo=BERLIN)]
    holidays = {d.date() for d in _values(friday["EXDATE"])}
    # Public holidays on Fridays in the next 12 months (Saxony): Good Friday, Christmas Day, New Year.
    assert {dt.date(2026, 4, 3), dt.date(2026, 12, 25), dt.date(2027, 1, 1)} <= holidays
    assert _values(friday["RDATE"]) == [dt.datetime(2026, 4, 6, 10, 30, tzinfo=BERLIN)]


def test_uids_are_stable(rich: World) -> None:
    first = [e["UID"] for e in series(rich).walk("VEVENT")]
    second = [e["UID"] for e in series(rich).walk("VEVENT")]
    assert first == second and len(set(first)) == 2


def test_round_trip_gives_the_page_dates_across_dst_exdate_and_holiday(cast: Any, rich: World) -> None:
    expected = page_dates(cast, rich, count=12)
    got = expand_ics(series(rich), end=expected[-1])
    assert got == expected
    assert dt.datetime(2026, 3, 24, 15, tzinfo=BERLIN) not in got  # exdate
    assert dt.datetime(2026, 4, 3, 10, 30, tzinfo=BERLIN) not in got  # Good Friday
    assert dt.datetime(2026, 4, 6, 10, 30, tzinfo=BERLIN) in got  # the one-off on Easter Monday
    # Summer time starts on 29 March: the wall-clock time stays, the UTC offset changes.
    offsets = {d.utcoffset() for d in got}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_round_trip_with_recurring_ical_events(cast: Any, rich: World) -> None:
    expected = page_dates(cast, rich, count=12)
    found = recurring_ical_events.of(series(rich)).between(NOW, expected[-1] + dt.timedelta(minutes=1))
    assert sorted(e.decoded("dtstart") for e in found) == expected


def test_end_and_count_become_an_rfc_until(cast: Any, world: World) -> None:
    with scopes_disabled():
        factories.weekly_schedule(
            world.offer,
            byday="WE",
            dtstart=dt.date(2026, 3, 1),
            rrule="FREQ=WEEKLY;BYDAY=WE;COUNT=10",
            until=dt.date(2026, 4, 1),
        )
        factories.weekly_schedule(world.offer, byday="SA", dtstart=dt.date(2026, 3, 1), start_time=None)
    _tuesday, wednesday, saturday = sorted(series(world).walk("VEVENT"), key=lambda e: str(e.decoded("dtstart")))
    rule: Any = wednesday["RRULE"]
    assert "COUNT" not in rule and rule["UNTIL"] == [dt.datetime(2026, 4, 1, 13, tzinfo=dt.UTC)]
    assert saturday.decoded("dtstart") == dt.date(2026, 3, 7)  # all day: a DATE, not a date-time


def test_one_off_only_schedule(cast: Any, world: World) -> None:
    with scopes_disabled():
        world.tuesday.delete()
        factories.weekly_schedule(
            world.offer, rrule="", dtstart=dt.date(2026, 12, 24), start_time=dt.time(12), rdates=[]
        )
    (event,) = series(world).walk("VEVENT")
    assert "RRULE" not in event
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 24, 12, tzinfo=BERLIN)


def test_single_date(world: World) -> None:
    response = Client().get(f"/heimstadt/angebote/{world.offer.pk}/termin/2026-03-31T1500.ics")
    assert response.status_code == 200
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 31, 15, tzinfo=BERLIN)
    assert event.decoded("dtend") == dt.datetime(2026, 3, 31, 17, tzinfo=BERLIN)
    assert "RRULE" not in event and event["UID"] and event["DTSTAMP"]
    assert event["LOCATION"] == "Stadtteilhaus Mitte, Hauptstraße 1, 01067 Heimstadt"


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-03-24T1500",  # cancelled (exdate)
        "2026-03-25T1500",  # not a Tuesday
        "2026-03-31T1400",  # wrong time
        "2026-13-01T1500",  # no such date
        "2026-03-31T2599",
    ],
)
def test_single_date_404_for_a_wrong_date(world: World, stamp: str) -> None:
    assert Client().get(f"/heimstadt/angebote/{world.offer.pk}/termin/{stamp}.ics").status_code == 404


def test_ics_of_another_municipality_is_404(world: World) -> None:
    assert Client().get(f"/anderswo/angebote/{world.offer.pk}/kalender.ics").status_code == 404
    assert Client().get(f"/anderswo/angebote/{world.offer.pk}/termin/2026-03-31T1500.ics").status_code == 404
