"""The freshness rules as dates: calendar months, month ends, leap years, per-municipality N."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from nahbar.freshness.dates import (
    State,
    months_after,
    months_before,
    reminder_cutoff,
    state_of,
    withdrawal_cutoff,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (dt.datetime(2026, 8, 31, 12, 0, tzinfo=UTC), 6, dt.datetime(2026, 2, 28, 12, 0, tzinfo=UTC)),
        (dt.datetime(2028, 8, 31, 12, 0, tzinfo=UTC), 6, dt.datetime(2028, 2, 29, 12, 0, tzinfo=UTC)),  # leap
        (dt.datetime(2026, 3, 31, 0, 0, tzinfo=UTC), 1, dt.datetime(2026, 2, 28, 0, 0, tzinfo=UTC)),
        (dt.datetime(2026, 1, 15, 9, 30, tzinfo=UTC), 6, dt.datetime(2025, 7, 15, 9, 30, tzinfo=UTC)),  # year back
        (dt.datetime(2026, 1, 15, 9, 30, tzinfo=UTC), 12, dt.datetime(2025, 1, 15, 9, 30, tzinfo=UTC)),
        (dt.datetime(2026, 5, 31, 23, 59, tzinfo=UTC), 9, dt.datetime(2025, 8, 31, 23, 59, tzinfo=UTC)),
        (dt.datetime(2026, 12, 31, 8, 0, tzinfo=UTC), 10, dt.datetime(2026, 2, 28, 8, 0, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment: dt.datetime, months: int, expected: dt.datetime) -> None:
    assert months_before(moment, months) == expected


def test_months_before_keeps_the_wall_clock_across_summer_time() -> None:
    # 1 July 10:00 summer time, six months back is 1 January 10:00 winter time.
    result = months_before(dt.datetime(2026, 7, 1, 10, 0, tzinfo=BERLIN), 6)
    assert result.isoformat() == "2026-01-01T10:00:00+01:00"


def test_months_after_clamps_to_the_month_end() -> None:
    assert months_after(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert months_after(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def _offer(assured: dt.datetime | None, created: dt.datetime) -> SimpleNamespace:
    return SimpleNamespace(assured_at=assured, created_at=created)


NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("months", "assured", "expected"),
    [
        (6, dt.datetime(2026, 5, 21, 12, 1, tzinfo=UTC), State.FRESH),  # a minute short of six months
        (6, dt.datetime(2026, 5, 21, 11, 59, tzinfo=UTC), State.DUE),
        (6, dt.datetime(2026, 2, 21, 12, 1, tzinfo=UTC), State.DUE),  # a minute short of nine
        (6, dt.datetime(2026, 2, 21, 11, 59, tzinfo=UTC), State.WITHDRAWN),
        (3, dt.datetime(2026, 8, 21, 11, 0, tzinfo=UTC), State.DUE),  # a municipality with N = 3
        (3, dt.datetime(2026, 5, 21, 11, 0, tzinfo=UTC), State.WITHDRAWN),
        (12, dt.datetime(2026, 2, 21, 11, 0, tzinfo=UTC), State.FRESH),  # N = 12: nine months is fine
        (12, dt.datetime(2025, 11, 21, 11, 0, tzinfo=UTC), State.DUE),
    ],
)
def test_state_per_municipality(months: int, assured: dt.datetime, expected: State) -> None:
    municipality = SimpleNamespace(freshness_months=months)
    offer = _offer(assured, dt.datetime(2020, 1, 1, tzinfo=UTC))
    assert state_of(offer, municipality, NOW) is expected


def test_never_confirmed_counts_from_creation() -> None:
    municipality = SimpleNamespace(freshness_months=6)
    assert state_of(_offer(None, dt.datetime(2026, 10, 1, tzinfo=UTC)), municipality, NOW) is State.FRESH
    assert state_of(_offer(None, dt.datetime(2026, 4, 1, tzinfo=UTC)), municipality, NOW) is State.DUE
    # A confirmation after creation counts, not the (older) creation.
    recent = _offer(dt.datetime(2026, 10, 1, tzinfo=UTC), dt.datetime(2019, 1, 1, tzinfo=UTC))
    assert state_of(recent, municipality, NOW) is State.FRESH


def test_cutoffs_are_n_and_n_plus_three_months() -> None:
    municipality = SimpleNamespace(freshness_months=6)
    assert reminder_cutoff(municipality, NOW) == dt.datetime(2026, 5, 21, 12, 0, tzinfo=UTC)
    assert withdrawal_cutoff(municipality, NOW) == dt.datetime(2026, 2, 21, 12, 0, tzinfo=UTC)
