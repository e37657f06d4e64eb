"""Each hit shows its next three dates, the ones matching the date filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.directory.search.builders import offer, place, search


@pytest.mark.django_db
def test_three_next_dates_in_order_with_place(cast: Any) -> None:
    spot = place(cast.home_org, "Treff", 52.0, 13.0)
    offer(cast.home_org, "Täglich", byday="MO,TU,WE,TH,FR,SA,SU", places=[spot])
    offer(cast.home_org, "Dienstags", byday="TU", start_time=dt.time(10, 0))
    hits = {hit.offer.title: hit for hit in search(cast.home, "").hits}
    daily = hits["Täglich"].next_occurrences
    assert len(daily) == 3
    assert [d.start for d in daily] == sorted(d.start for d in daily)
    assert all(d.place_name == spot.name and d.start > timezone.now() for d in daily)
    tuesdays = hits["Dienstags"].next_occurrences
    assert [timezone.localtime(d.start).weekday() for d in tuesdays] == [1, 1, 1]
    assert tuesdays[1].start - tuesdays[0].start == dt.timedelta(days=7)


@pytest.mark.django_db
def test_next_dates_follow_the_weekday_filter(cast: Any) -> None:
    offer(cast.home_org, "Täglich", byday="MO,TU,WE,TH,FR,SA,SU")
    hit = search(cast.home, "tag=sa").hits[0]
    assert [timezone.localtime(d.start).weekday() for d in hit.next_occurrences] == [5, 5, 5]


def test_date_labels_as_the_results_list_shows_them() -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import translation

    from nahbar.directory.search import NextDate

    berlin = ZoneInfo("Europe/Berlin")
    start = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)  # 15:00 in Berlin
    timed = NextDate(start, start + dt.timedelta(hours=2), None)
    all_day = NextDate(start, start, None, all_day=True)
    with translation.override("de"):
        assert timed.label == "Montag, 23. November, 15:00–17:00 Uhr"
        assert all_day.label == "Montag, 23. November (ganztägig)"
    with translation.override("en"):
        assert timed.label.startswith("Monday, 23. November, 15:00")
    assert timed.iso == start.astimezone(berlin).isoformat() == "2026-11-23T15:00:00+01:00"
