"""Tests for nahbar.directory.recurrence (pure Python, no Django needed)."""

from __future__ import annotations

import time as clock
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import Any

import holidays
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nahbar.directory import recurrence
from nahbar.directory.recurrence import (
    BERLIN,
    LAND_CODES,
    InvalidRule,
    ScheduleSpec,
    Slot,
    UnknownLand,
    cancelled_dates,
    expand,
    public_holidays,
    validate_rrule,
)

H = timedelta(hours=1)
CET = timedelta(hours=1)
CEST = timedelta(hours=2)


def make(
    rrule: str = "",
    *,
    dtstart: date = date(2026, 1, 1),
    start_time: time | None = time(15),
    duration: timedelta = 2 * H,
    **kwargs: Any,
) -> ScheduleSpec:
    return ScheduleSpec(dtstart=dtstart, start_time=start_time, duration=duration, rrule=rrule, **kwargs)


def dates(slots: Iterable[Slot]) -> list[date]:
    return [slot.start.date() for slot in slots]


def run(spec: ScheduleSpec, start: date, end: date, land: str = "BE", **kwargs: Any) -> list[date]:
    return dates(expand(spec, start=start, end=end, land=land, **kwargs))


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


# ------------------------------------------------------------------ DST handling


def test_weekly_keeps_local_time_across_spring_forward() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=SU", dtstart=date(2026, 3, 1))
    slots = expand(spec, start=date(2026, 3, 22), end=date(2026, 4, 5), land="BE")
    assert dates(slots) == [date(2026, 3, 22), date(2026, 3, 29), date(2026, 4, 5)]
    assert [s.start.timetz().replace(tzinfo=None) for s in slots] == [time(15)] * 3
    assert [s.start.utcoffset() for s in slots] == [CET, CEST, CEST]
    assert slots[0].start.astimezone(UTC).hour == 14
    assert slots[1].start.astimezone(UTC).hour == 13
    assert all(s.start.tzinfo is BERLIN for s in slots)


def test_weekly_keeps_local_time_across_fall_back() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=SU", dtstart=date(2026, 9, 6))
    slots = expand(spec, start=date(2026, 10, 18), end=date(2026, 11, 1), land="BE")
    assert dates(slots) == [date(2026, 10, 18), date(2026, 10, 25), date(2026, 11, 1)]
    assert all(s.start.hour == 15 and s.start.minute == 0 for s in slots)
    assert [s.start.utcoffset() for s in slots] == [CEST, CET, CET]
    assert [s.start.isoformat() for s in slots][:2] == ["2026-10-18T15:00:00+02:00", "2026-10-25T15:00:00+01:00"]


def test_nonexistent_local_time_is_shifted_to_real_instant() -> None:
    spec = make("FREQ=DAILY", dtstart=date(2026, 3, 27), start_time=time(2, 30), duration=H)
    slots = expand(spec, start=date(2026, 3, 28), end=date(2026, 3, 30), land="BE")
    assert [s.start.isoformat() for s in slots] == [
        "2026-03-28T02:30:00+01:00",
        "2026-03-29T03:30:00+02:00",
        "2026-03-30T02:30:00+02:00",
    ]
    assert slots[1].start.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert slots[1].end.isoformat() == "2026-03-29T04:30:00+02:00"


def test_one_off_in_gap_becomes_0330_summer_time() -> None:
    spec = make(dtstart=date(2026, 3, 29), start_time=time(2, 30), duration=H)
    [slot] = expand(spec, start=date(2026, 3, 29), end=date(2026, 3, 29), land="BE")
    assert slot.start.isoformat() == "2026-03-29T03:30:00+02:00"


def test_ambiguous_local_time_takes_first_summer_time_instance() -> None:
    spec = make(dtstart=date(2026, 10, 25), start_time=time(2, 30), duration=H)
    [slot] = expand(spec, start=date(2026, 10, 25), end=date(2026, 10, 25), land="BE")
    assert slot.start.isoformat() == "2026-10-25T02:30:00+02:00"
    assert slot.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert slot.end.isoformat() == "2026-10-25T02:30:00+01:00"  # one real hour later


@pytest.mark.parametrize(
    ("day", "expected_end"),
    [
        (date(2026, 3, 29), "2026-03-29T04:30:00+02:00"),  # wall clock 3h, real 2h
        (date(2026, 10, 25), "2026-10-25T02:30:00+01:00"),  # wall clock 1h, real 2h
        (date(2026, 6, 1), "2026-06-01T03:30:00+02:00"),
    ],
)
def test_hour_durations_are_elapsed_time_across_dst(day: date, expected_end: str) -> None:
    spec = make(dtstart=day, start_time=time(1, 30), duration=2 * H)
    [slot] = expand(spec, start=day, end=day, land="BE")
    assert slot.end.isoformat() == expected_end
    assert slot.elapsed == 2 * H
    assert slot.end.astimezone(UTC) - slot.start.astimezone(UTC) == 2 * H


def test_day_durations_are_wall_clock_days_across_dst() -> None:
    spec = make(dtstart=date(2026, 3, 28), start_time=time(15), duration=timedelta(days=1, hours=1))
    [slot] = expand(spec, start=date(2026, 3, 28), end=date(2026, 3, 28), land="BE")
    assert slot.end.isoformat() == "2026-03-29T16:00:00+02:00"
    assert slot.elapsed == timedelta(hours=24)  # 23-hour day + 1 hour


# --------------------------------------------------------------------- all-day


def test_all_day_starts_at_local_midnight_and_lasts_whole_days() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=SU", dtstart=date(2026, 3, 22), start_time=None, duration=timedelta(days=1))
    slots = expand(spec, start=date(2026, 3, 22), end=date(2026, 3, 29), land="BE")
    assert all(s.all_day for s in slots)
    assert [(s.start.isoformat(), s.end.isoformat()) for s in slots] == [
        ("2026-03-22T00:00:00+01:00", "2026-03-23T00:00:00+01:00"),
        ("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"),  # a 23-hour day
    ]


def test_all_day_partial_days_round_up() -> None:
    spec = make(dtstart=date(2026, 5, 4), start_time=None, duration=timedelta(hours=30))
    [slot] = expand(spec, start=date(2026, 5, 4), end=date(2026, 5, 4), land="BE")
    assert slot.end == berlin(2026, 5, 6)
    short = make(dtstart=date(2026, 5, 4), start_time=None, duration=timedelta(minutes=1))
    assert expand(short, start=date(2026, 5, 4), end=date(2026, 5, 4), land="BE")[0].end == berlin(2026, 5, 5)


def test_timed_slots_are_not_all_day() -> None:
    [slot] = expand(make(dtstart=date(2026, 5, 4)), start=date(2026, 5, 4), end=date(2026, 5, 4), land="BE")
    assert not slot.all_day
    assert slot.local_date == date(2026, 5, 4)


# -------------------------------------------------------------------- holidays


def test_karfreitag_cancels_weekly_friday_in_berlin() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=FR", dtstart=date(2026, 1, 2))
    assert run(spec, date(2026, 3, 27), date(2026, 4, 10)) == [date(2026, 3, 27), date(2026, 4, 10)]
    keep = make("FREQ=WEEKLY;BYDAY=FR", dtstart=date(2026, 1, 2), runs_on_holidays=True)
    assert date(2026, 4, 3) in run(keep, date(2026, 3, 27), date(2026, 4, 10))


def test_christmas_and_new_year_cancel_but_heiligabend_and_silvester_do_not() -> None:
    spec = make("FREQ=DAILY", dtstart=date(2026, 12, 1))
    got = run(spec, date(2026, 12, 23), date(2027, 1, 2))
    assert got == [
        date(2026, 12, 23),
        date(2026, 12, 24),
        date(2026, 12, 27),
        date(2026, 12, 28),
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2027, 1, 2),
    ]
    keep = make("FREQ=DAILY", dtstart=date(2026, 12, 1), runs_on_holidays=True)
    assert len(run(keep, date(2026, 12, 23), date(2027, 1, 2))) == 11


@pytest.mark.parametrize(
    ("land", "day", "cancelled"),
    [
        ("SN", date(2026, 10, 31), True),  # Reformationstag
        ("BY", date(2026, 10, 31), False),
        ("BY", date(2026, 6, 4), True),  # Fronleichnam
        ("NW", date(2026, 6, 4), True),
        ("BE", date(2026, 6, 4), False),
        ("BE", date(2026, 3, 8), True),  # Internationaler Frauentag
        ("HH", date(2026, 3, 8), False),
        ("BY", date(2026, 1, 6), True),  # Heilige Drei Könige
        ("BE", date(2026, 1, 6), False),
    ],
)
def test_land_specific_holidays(land: str, day: date, cancelled: bool) -> None:
    spec = make("FREQ=DAILY", dtstart=date(2026, 1, 1))
    assert (run(spec, day, day, land=land) == []) is cancelled
    assert run(make("FREQ=DAILY", runs_on_holidays=True), day, day, land=land) == [day]


def test_exdate_cancels_even_when_running_on_holidays() -> None:
    spec = make(
        "FREQ=WEEKLY;BYDAY=FR",
        dtstart=date(2026, 1, 2),
        exdates=(date(2026, 4, 3), date(2026, 4, 10)),
        runs_on_holidays=True,
    )
    assert run(spec, date(2026, 3, 27), date(2026, 4, 17)) == [date(2026, 3, 27), date(2026, 4, 17)]


def test_exdate_also_cancels_a_one_off_date() -> None:
    spec = make(rdates=(date(2026, 5, 5), date(2026, 5, 6)), exdates=(date(2026, 5, 6),))
    assert run(spec, date(2026, 5, 1), date(2026, 5, 31)) == [date(2026, 5, 5)]


def test_explicit_one_off_dates_are_not_cancelled_by_holidays() -> None:
    # A Christmas lunch entered by hand must not disappear because 25.12. is a holiday.
    spec = make("FREQ=WEEKLY;BYDAY=FR", dtstart=date(2026, 12, 4), rdates=(date(2026, 12, 25), date(2026, 12, 26)))
    slots = expand(spec, start=date(2026, 12, 18), end=date(2026, 12, 31), land="BE")
    assert dates(slots) == [date(2026, 12, 18), date(2026, 12, 25), date(2026, 12, 26)]
    assert [s.one_off for s in slots] == [False, True, True]


def test_public_holidays_berlin_2026_and_2027() -> None:
    found = public_holidays("BE", [2026, 2027])
    assert found[date(2026, 4, 3)] == "Karfreitag"
    assert found[date(2026, 3, 8)] == "Frauentag"
    assert {date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)} <= found.keys()
    assert date(2026, 12, 24) not in found
    assert date(2026, 12, 31) not in found
    assert date(2026, 10, 31) not in found
    assert public_holidays("BE", []) == {}


def test_public_holidays_result_is_a_fresh_dict() -> None:
    first = public_holidays("BE", [2026])
    first.clear()
    assert public_holidays("BE", [2026])


def test_public_holidays_accepts_lowercase_and_iso_prefix() -> None:
    assert public_holidays("de-sn", [2026]) == public_holidays("SN", [2026])
    assert date(2026, 11, 18) in public_holidays(" sn ", [2026])  # Buß- und Bettag


@pytest.mark.parametrize("land", ["XX", "", "Augsburg", "DE"])
def test_unknown_land_raises_clear_key_error(land: str) -> None:
    with pytest.raises(KeyError) as excinfo:
        public_holidays(land, [2026])
    assert isinstance(excinfo.value, UnknownLand)
    assert "Unknown Land" in str(excinfo.value)
    assert not str(excinfo.value).startswith("'")
    with pytest.raises(UnknownLand):
        expand(make("FREQ=DAILY"), start=date(2026, 1, 1), end=date(2026, 1, 2), land=land)


def test_land_codes_are_the_sixteen_laender_known_to_holidays() -> None:
    assert len(LAND_CODES) == 16
    assert set(LAND_CODES) <= set(holidays.list_supported_countries()["DE"])
    assert LAND_CODES["BE"] == "Berlin"
    assert LAND_CODES["BY"] == "Bayern"
    assert LAND_CODES["TH"] == "Thüringen"


# ---------------------------------------------------------------- rule shapes


def test_last_day_of_month() -> None:
    spec = make("FREQ=MONTHLY;BYMONTHDAY=-1", dtstart=date(2026, 1, 1))
    assert run(spec, date(2026, 1, 1), date(2026, 4, 30)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert run(spec, date(2028, 2, 1), date(2028, 2, 29)) == [date(2028, 2, 29)]


def test_bymonthday_31_skips_short_months() -> None:
    spec = make("FREQ=MONTHLY;BYMONTHDAY=31", dtstart=date(2026, 1, 1))
    assert run(spec, date(2026, 1, 1), date(2026, 6, 30)) == [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]


def test_implicit_monthly_on_the_31st_skips_short_months() -> None:
    spec = make("FREQ=MONTHLY", dtstart=date(2026, 1, 31))
    assert run(spec, date(2026, 1, 1), date(2026, 6, 30)) == [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]


def test_last_friday_and_second_tuesday() -> None:
    last_friday = make("FREQ=MONTHLY;BYDAY=-1FR", dtstart=date(2026, 1, 1))
    assert run(last_friday, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
    ]
    second_tuesday = make("FREQ=MONTHLY;BYDAY=2TU", dtstart=date(2026, 1, 1))
    assert run(second_tuesday, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
    ]


def test_every_other_week_monday_and_thursday() -> None:
    spec = make("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", dtstart=date(2026, 1, 5))
    assert run(spec, date(2026, 1, 1), date(2026, 2, 8)) == [
        date(2026, 1, 5),
        date(2026, 1, 8),
        date(2026, 1, 19),
        date(2026, 1, 22),
        date(2026, 2, 2),
        date(2026, 2, 5),
    ]
    # The phase is kept when the window is far from dtstart (fast-forward).
    assert run(spec, date(2030, 1, 1), date(2030, 1, 20)) == [
        date(2030, 1, 3),
        date(2030, 1, 14),
        date(2030, 1, 17),
    ]


def test_count_inside_rule_counts_from_dtstart() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=TU;COUNT=3", dtstart=date(2026, 1, 6))
    assert run(spec, date(2026, 1, 1), date(2026, 12, 31)) == [date(2026, 1, 6), date(2026, 1, 13), date(2026, 1, 20)]
    assert run(spec, date(2026, 1, 14), date(2026, 12, 31)) == [date(2026, 1, 20)]


def test_count_includes_cancelled_occurrences() -> None:
    # RFC 5545: EXDATEs (and our holidays) remove instances but do not extend COUNT.
    spec = make("FREQ=WEEKLY;BYDAY=FR;COUNT=3", dtstart=date(2026, 3, 27))
    assert run(spec, date(2026, 1, 1), date(2026, 12, 31)) == [date(2026, 3, 27), date(2026, 4, 10)]


@pytest.mark.parametrize(
    ("until", "last"),
    [
        ("20260120", date(2026, 1, 20)),  # a date includes that whole day
        ("20260120T150000", date(2026, 1, 20)),  # floating local time, inclusive
        ("20260120T145959", date(2026, 1, 13)),
        ("20260120T140000Z", date(2026, 1, 20)),  # 15:00 CET
        ("20260120T135959Z", date(2026, 1, 13)),
    ],
)
def test_until_inside_rule(until: str, last: date) -> None:
    spec = make(f"FREQ=WEEKLY;BYDAY=TU;UNTIL={until}", dtstart=date(2026, 1, 6))
    assert run(spec, date(2026, 1, 1), date(2026, 12, 31))[-1] == last


def test_until_in_utc_during_summer_time() -> None:
    spec = make("FREQ=DAILY;UNTIL=20260702T130000Z", dtstart=date(2026, 7, 1))
    assert run(spec, date(2026, 7, 1), date(2026, 7, 31)) == [date(2026, 7, 1), date(2026, 7, 2)]


def test_schedule_until_is_inclusive_and_also_ends_one_offs() -> None:
    spec = make(
        "FREQ=WEEKLY;BYDAY=TU",
        dtstart=date(2026, 1, 6),
        until=date(2026, 1, 20),
        rdates=(date(2026, 1, 21), date(2026, 1, 15)),
    )
    assert run(spec, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 15),
        date(2026, 1, 20),
    ]


def test_dtstart_counts_only_if_it_matches_the_rule() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=TU", dtstart=date(2026, 1, 5))  # a Monday
    assert run(spec, date(2026, 1, 1), date(2026, 1, 14)) == [date(2026, 1, 6), date(2026, 1, 13)]


def test_nothing_before_dtstart() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=TU", dtstart=date(2026, 6, 1))
    assert run(spec, date(2026, 1, 1), date(2026, 6, 10)) == [date(2026, 6, 2), date(2026, 6, 9)]


def test_without_rule_and_dates_dtstart_is_the_single_occurrence() -> None:
    spec = make(dtstart=date(2026, 5, 7))
    assert run(spec, date(2026, 1, 1), date(2026, 12, 31)) == [date(2026, 5, 7)]


def test_one_off_rdates_without_rule_exclude_dtstart() -> None:
    spec = make(dtstart=date(2026, 1, 1), rdates=(date(2026, 5, 7), date(2026, 2, 3), date(2026, 5, 7)))
    slots = expand(spec, start=date(2026, 1, 1), end=date(2026, 12, 31), land="BE")
    assert dates(slots) == [date(2026, 2, 3), date(2026, 5, 7)]
    assert all(s.one_off for s in slots)
    assert slots[0].start == berlin(2026, 2, 3, 15)
    assert slots[0].end == berlin(2026, 2, 3, 17)


def test_rdates_merge_with_rule_without_duplicates() -> None:
    spec = make(
        "FREQ=WEEKLY;BYDAY=TU",
        dtstart=date(2026, 1, 6),
        rdates=(date(2026, 1, 13), date(2026, 1, 15), date(2025, 12, 30)),
    )
    assert run(spec, date(2025, 12, 1), date(2026, 1, 20)) == [
        date(2025, 12, 30),  # a one-off before dtstart is still a one-off
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 15),
        date(2026, 1, 20),
    ]


def test_yearly_rule() -> None:
    spec = make("FREQ=YEARLY", dtstart=date(2024, 2, 29), runs_on_holidays=True)
    assert run(spec, date(2024, 1, 1), date(2032, 12, 31)) == [date(2024, 2, 29), date(2028, 2, 29), date(2032, 2, 29)]


def test_rule_impossible_for_this_dtstart_yields_nothing_quickly() -> None:
    spec = make("FREQ=MONTHLY;BYMONTH=4", dtstart=date(2026, 1, 31))  # 31 April never exists
    started = clock.perf_counter()
    assert run(spec, date(2026, 1, 1), date(2030, 12, 31)) == []
    assert clock.perf_counter() - started < 5


# -------------------------------------------------------------------- ranges


def test_range_boundaries_are_inclusive() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=TU,TH", dtstart=date(2026, 1, 6))
    assert run(spec, date(2026, 1, 6), date(2026, 1, 15)) == [
        date(2026, 1, 6),
        date(2026, 1, 8),
        date(2026, 1, 13),
        date(2026, 1, 15),
    ]
    assert run(spec, date(2026, 1, 13), date(2026, 1, 13)) == [date(2026, 1, 13)]
    assert run(spec, date(2026, 1, 14), date(2026, 1, 14)) == []


def test_late_evening_slot_belongs_to_its_start_date() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=TU", dtstart=date(2026, 1, 6), start_time=time(23, 30))
    slots = expand(spec, start=date(2026, 1, 13), end=date(2026, 1, 13), land="BE")
    assert dates(slots) == [date(2026, 1, 13)]
    assert slots[0].end == berlin(2026, 1, 14, 1, 30)


def test_start_after_end_gives_empty_list() -> None:
    spec = make("FREQ=DAILY", dtstart=date(2026, 1, 1))
    assert expand(spec, start=date(2026, 2, 1), end=date(2026, 1, 1), land="BE") == []
    assert cancelled_dates(spec, start=date(2026, 2, 1), end=date(2026, 1, 1), land="BE") == []


def test_limit_caps_output() -> None:
    spec = make("FREQ=DAILY", dtstart=date(2026, 1, 1), runs_on_holidays=True)
    slots = expand(spec, start=date(2026, 1, 1), end=date(2099, 12, 31), land="BE", limit=5)
    assert dates(slots) == [date(2026, 1, d) for d in range(1, 6)]
    assert len(expand(spec, start=date(2026, 1, 1), end=date(2099, 12, 31), land="BE")) == 1000
    with pytest.raises(ValueError, match="limit"):
        expand(spec, start=date(2026, 1, 1), end=date(2026, 1, 2), land="BE", limit=0)


def test_huge_range_with_only_cancelled_occurrences_stays_bounded() -> None:
    spec = make("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", dtstart=date(1995, 1, 1))
    started = clock.perf_counter()
    assert expand(spec, start=date(1995, 1, 1), end=date(2100, 12, 31), land="BE", limit=1) == []
    assert clock.perf_counter() - started < 5


def test_holidays_are_only_known_until_2100() -> None:
    # Documented limitation of `holidays`: no German holidays outside 1991-2100.
    spec = make("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", dtstart=date(2026, 1, 1))
    assert run(spec, date(2100, 1, 1), date(2101, 12, 31)) == [date(2101, 12, 25)]


def test_results_are_sorted_and_timezone_aware() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=SU,MO,WE", dtstart=date(2026, 1, 1), rdates=(date(2026, 3, 3),))
    slots = expand(spec, start=date(2026, 1, 1), end=date(2026, 12, 31), land="BE")
    starts = [s.start for s in slots]
    assert starts == sorted(starts)
    assert all(s.start.tzinfo is not None and s.end.tzinfo is not None for s in slots)
    assert all(s.end > s.start for s in slots)


def test_fast_forward_starts_near_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[datetime] = []
    real_build = recurrence._build

    def spy(parts: Any, dtstart: datetime) -> Any:
        seen.append(dtstart)
        return real_build(parts, dtstart)

    monkeypatch.setattr(recurrence, "_build", spy)
    spec = make("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", dtstart=date(2001, 1, 2))
    assert run(spec, date(2026, 6, 1), date(2026, 6, 7)) in ([date(2026, 6, 2)], [])
    assert seen
    assert date(2026, 5, 1) < seen[-1].date() < date(2026, 6, 1)


# ------------------------------------------------------------ cancelled_dates


def test_cancelled_dates_reasons() -> None:
    spec = make(
        "FREQ=WEEKLY;BYDAY=FR",
        dtstart=date(2026, 1, 2),
        exdates=(date(2026, 12, 25), date(2026, 4, 17), date(2026, 4, 16)),
    )
    assert cancelled_dates(spec, start=date(2026, 3, 1), end=date(2026, 12, 31), land="BE") == [
        (date(2026, 4, 3), "holiday:Karfreitag"),
        (date(2026, 4, 17), "exdate"),
        (date(2026, 5, 1), "holiday:Erster Mai"),
        (date(2026, 12, 25), "exdate"),  # an EXDATE wins over the holiday reason
    ]


def test_cancelled_dates_when_running_on_holidays_only_lists_exdates() -> None:
    spec = make("FREQ=DAILY", dtstart=date(2026, 12, 1), runs_on_holidays=True, exdates=(date(2026, 12, 24),))
    assert cancelled_dates(spec, start=date(2026, 12, 20), end=date(2027, 1, 3), land="BE") == [
        (date(2026, 12, 24), "exdate"),
    ]


def test_cancelled_dates_for_saxony() -> None:
    spec = make("FREQ=WEEKLY;BYDAY=SA", dtstart=date(2026, 1, 3))
    assert cancelled_dates(spec, start=date(2026, 10, 4), end=date(2026, 10, 31), land="SN") == [
        (date(2026, 10, 31), "holiday:Reformationstag"),
    ]
    assert cancelled_dates(spec, start=date(2026, 10, 4), end=date(2026, 10, 31), land="BY") == []
    assert cancelled_dates(spec, start=date(2026, 10, 1), end=date(2026, 10, 3), land="BY") == [
        (date(2026, 10, 3), "holiday:Tag der Deutschen Einheit"),
    ]


# --------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("rule", "normalised"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU"),
        (" freq=monthly; byday=2tu ", "FREQ=MONTHLY;BYDAY=2TU"),
        ("RRULE:FREQ=DAILY;", "FREQ=DAILY"),
        ("BYDAY=MO,TH;FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=2"),
        ("FREQ=WEEKLY;UNTIL=20261231T230000Z", "FREQ=WEEKLY;UNTIL=20261231T230000Z"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_validate_rrule_normalises(rule: str, normalised: str) -> None:
    assert validate_rrule(rule) == normalised


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("garbage", "NAME=VALUE"),
        ("FREQ=HOURLY", "FREQ"),
        ("FREQ=MINUTELY", "FREQ"),
        ("FREQ=SECONDLY;COUNT=2", "FREQ"),
        ("FREQ=FORTNIGHTLY", "FREQ"),
        ("BYDAY=MO", "FREQ"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=WEEKLY", "DTSTART"),
        ("FREQ=WEEKLY;DTSTART=20260101", "DTSTART"),
        ("FREQ=WEEKLY\nEXDATE:20260101", "single RRULE"),
        ("FREQ=DAILY;BYHOUR=9,15", "BYHOUR"),
        ("FREQ=WEEKLY;FREQ=DAILY", "more than once"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20261231", "COUNT and UNTIL"),
        ("FREQ=WEEKLY;UNTIL=31.12.2026", "UNTIL"),
        ("FREQ=WEEKLY;UNTIL=20260231", "UNTIL"),
        ("FREQ=WEEKLY;COUNT=0", "COUNT"),
        ("FREQ=WEEKLY;COUNT=many", "COUNT"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH"),
        ("FREQ=WEEKLY;BYDAY=XX", "Invalid rule"),
        ("FREQ=WEEKLY;FOO=BAR", "Invalid rule"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never"),
        ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2", "never"),
    ],
)
def test_invalid_rules_raise(rule: str, message: str) -> None:
    with pytest.raises(InvalidRule, match=message):
        validate_rrule(rule)


def test_invalid_rule_is_a_value_error_and_expand_raises_it() -> None:
    assert issubclass(InvalidRule, ValueError)
    spec = make("FREQ=HOURLY")
    with pytest.raises(InvalidRule):
        expand(spec, start=date(2026, 1, 1), end=date(2026, 1, 31), land="BE")
    with pytest.raises(InvalidRule):
        expand(spec, start=date(2026, 2, 1), end=date(2026, 1, 1), land="BE")  # even for an empty range
    with pytest.raises(InvalidRule):
        cancelled_dates(spec, start=date(2026, 1, 1), end=date(2026, 1, 31), land="BE")


def test_schedule_spec_checks_duration_and_freezes_lists() -> None:
    with pytest.raises(ValueError, match="duration"):
        make(duration=timedelta(0))
    spec = make(rdates=[date(2026, 1, 2)], exdates=[date(2026, 1, 3)])
    assert spec.rdates == (date(2026, 1, 2),)
    assert spec.exdates == (date(2026, 1, 3),)


# ------------------------------------------------------------ property tests

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
days_2020s = st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31))


def _last_sunday_of_march(year: int) -> date:
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    weekdays=st.sets(st.integers(0, 6), min_size=1),
    interval=st.integers(1, 3),
    dtstart=days_2020s,
    start_time=st.times(),
    window_start=days_2020s,
    window_days=st.integers(-3, 120),
    exdates=st.frozensets(days_2020s, max_size=20),
    runs_on_holidays=st.booleans(),
    land=st.sampled_from(sorted(LAND_CODES)),
)
def test_weekly_rules_match_brute_force_reference(
    weekdays: set[int],
    interval: int,
    dtstart: date,
    start_time: time,
    window_start: date,
    window_days: int,
    exdates: frozenset[date],
    runs_on_holidays: bool,
    land: str,
) -> None:
    window_end = window_start + timedelta(days=window_days)
    rule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(WEEKDAY_CODES[d] for d in sorted(weekdays))}"
    spec = make(
        rule,
        dtstart=dtstart,
        start_time=start_time,
        duration=timedelta(minutes=90),
        exdates=tuple(exdates),
        runs_on_holidays=runs_on_holidays,
    )
    slots = expand(spec, start=window_start, end=window_end, land=land)
    got = dates(slots)
    holidays_ = public_holidays(land, range(window_start.year, window_end.year + 1))

    # Reference: walk every day, weeks counted from dtstart's Monday (WKST=MO).
    first_monday = dtstart - timedelta(days=dtstart.weekday())
    expected = []
    day = window_start
    while day <= window_end:
        week = (day - timedelta(days=day.weekday()) - first_monday).days // 7
        produced = day >= dtstart and day.weekday() in weekdays and week % interval == 0
        if produced and day not in exdates and (runs_on_holidays or day not in holidays_):
            expected.append(day)
        day += timedelta(days=1)
    assert got == expected

    starts = [s.start for s in slots]
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts)
    for slot in slots:
        assert slot.start.tzinfo is BERLIN
        assert slot.elapsed == timedelta(minutes=90)
        wall = slot.start.time().replace(fold=0)
        if wall != start_time.replace(fold=0):
            # Only a time in the spring-forward gap may move, by exactly one hour.
            assert slot.start.date() == _last_sunday_of_march(slot.start.year)
            assert start_time.hour == 2
            assert wall == start_time.replace(hour=3, fold=0)

    cancelled = cancelled_dates(spec, start=window_start, end=window_end, land=land)
    assert not set(got) & {day for day, _ in cancelled}
    assert all(reason == "exdate" or reason.startswith("holiday:") for _, reason in cancelled)
    if runs_on_holidays:
        assert all(reason == "exdate" for _, reason in cancelled)


rule_parts = st.one_of(
    st.just("FREQ=DAILY"),
    st.builds(lambda n: f"FREQ=DAILY;INTERVAL={n}", st.integers(2, 9)),
    st.builds(lambda n: f"FREQ=WEEKLY;INTERVAL={n}", st.integers(1, 4)),
    st.builds(
        lambda n, d: f"FREQ=WEEKLY;INTERVAL={n};BYDAY={d};WKST=SU",
        st.integers(1, 3),
        st.sampled_from(["MO,FR", "SU", "TU,WE,SA"]),
    ),
    st.builds(
        lambda n, d, p, w: f"FREQ=WEEKLY;INTERVAL={n};BYDAY={d};BYSETPOS={p};WKST={w}",
        st.integers(1, 3),
        st.sampled_from(["MO,FR", "TU,WE,SA", "SU,TH"]),
        st.sampled_from(["1", "-1", "2"]),
        st.sampled_from(["MO", "SU", "WE"]),
    ),
    st.builds(lambda n: f"FREQ=MONTHLY;INTERVAL={n}", st.integers(1, 5)),
    st.builds(
        lambda n, d: f"FREQ=MONTHLY;INTERVAL={n};BYMONTHDAY={d}",
        st.integers(1, 4),
        st.sampled_from(["-1", "31", "1,15", "29"]),
    ),
    st.builds(
        lambda n, d: f"FREQ=MONTHLY;INTERVAL={n};BYDAY={d}",
        st.integers(1, 4),
        st.sampled_from(["2TU", "-1FR", "1MO,3MO", "MO"]),
    ),
    st.builds(lambda n: f"FREQ=MONTHLY;INTERVAL={n};BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", st.integers(1, 3)),
    st.builds(lambda n: f"FREQ=YEARLY;INTERVAL={n}", st.integers(1, 3)),
    st.builds(lambda n, m: f"FREQ=YEARLY;INTERVAL={n};BYMONTH={m};BYDAY=-1SU", st.integers(1, 3), st.integers(1, 12)),
    st.builds(lambda w: f"FREQ=YEARLY;BYWEEKNO={w};BYDAY=MO", st.sampled_from([1, 20, 52, 53, -1])),
)


@settings(max_examples=300, deadline=None)
@example(rule="FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1", dtstart=date(2026, 1, 7), start_time=time(15), offset_days=14)
@example(rule="FREQ=MONTHLY;INTERVAL=3", dtstart=date(2000, 1, 31), start_time=time(9), offset_days=9000)
@example(rule="FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", dtstart=date(2019, 12, 30), start_time=time(9), offset_days=3650)
@given(
    rule=rule_parts,
    dtstart=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    start_time=st.times(),
    offset_days=st.integers(-400, 40 * 365),
)
def test_fast_forward_gives_the_same_occurrences_as_walking_from_dtstart(
    rule: str, dtstart: date, start_time: time, offset_days: int
) -> None:
    compiled = recurrence._compile(rule)
    assert compiled is not None
    spec = make(rule, dtstart=dtstart, start_time=start_time)
    window = datetime.combine(dtstart + timedelta(days=offset_days), time.min)
    fast = list(islice(recurrence._rule_occurrences(spec, compiled, window), 30))
    slow = list(islice(recurrence._rule_occurrences(spec, compiled, window, fast_forward=False), 30))
    assert fast == slow
    assert all(moment >= window for moment in fast)
