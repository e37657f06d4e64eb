"""The schedule rule in words, German and English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from nahbar.directory.describe import describe_rule, describe_schedule, time_range

START = dt.date(2026, 1, 6)  # a Tuesday


def words(rrule: str = "", *, start_time: dt.time | None = dt.time(15), minutes: int = 120, **kw: object) -> str:
    with translation.override("de"):
        return describe_schedule(
            dtstart=kw.pop("dtstart", START),  # type: ignore[arg-type]
            start_time=start_time,
            duration_minutes=minutes,
            rrule=rrule,
            **kw,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    ("rrule", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", "jeden Dienstag, 15–17 Uhr"),
        ("FREQ=WEEKLY", "jeden Dienstag, 15–17 Uhr"),  # weekday from the first date
        ("FREQ=MONTHLY;BYDAY=2TU", "jeden 2. Dienstag im Monat, 15–17 Uhr"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "jeden letzten Freitag im Monat, 15–17 Uhr"),
        ("FREQ=MONTHLY;BYDAY=-2FR", "jeden vorletzten Freitag im Monat, 15–17 Uhr"),
        ("FREQ=MONTHLY;BYDAY=1TU,3TU", "jeden 1. und 3. Dienstag im Monat, 15–17 Uhr"),
        ("FREQ=MONTHLY;BYDAY=1MO,3TH", "jeden 1. Montag und 3. Donnerstag im Monat, 15–17 Uhr"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "alle zwei Wochen montags und donnerstags, 15–17 Uhr"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=WE", "alle 3 Wochen mittwochs, 15–17 Uhr"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "montags, mittwochs und freitags, 15–17 Uhr"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "montags bis freitags, 15–17 Uhr"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", "täglich, 15–17 Uhr"),
        ("FREQ=DAILY", "täglich, 15–17 Uhr"),
        ("FREQ=DAILY;INTERVAL=2", "jeden zweiten Tag, 15–17 Uhr"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "jeden Monat am letzten Tag, 15–17 Uhr"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "jeden Monat am 15., 15–17 Uhr"),
        ("FREQ=MONTHLY", "jeden Monat am 6., 15–17 Uhr"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE", "alle zwei Monate am 1. Mittwoch, 15–17 Uhr"),
        ("FREQ=YEARLY", "jedes Jahr am 6. Januar, 15–17 Uhr"),
        ("FREQ=WEEKLY;BYDAY=WE;COUNT=10", "jeden Mittwoch, 15–17 Uhr, 10 Termine"),
        # Rules without a plain wording say so rather than something wrong.
        ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "regelmäßig, 15–17 Uhr"),
    ],
)
def test_rules_in_german(rrule: str, expected: str) -> None:
    assert words(rrule) == expected


def test_all_day_rule_has_no_time() -> None:
    assert words("FREQ=MONTHLY;BYDAY=-1FR", start_time=None) == "jeden letzten Freitag im Monat"


def test_minutes_and_end() -> None:
    text = words("FREQ=WEEKLY;BYDAY=TU", start_time=dt.time(15, 30), minutes=90, until=dt.date(2026, 6, 30))
    assert text == "jeden Dienstag, 15:30–17 Uhr, bis 30. Juni 2026"


def test_one_off() -> None:
    assert words(dtstart=dt.date(2026, 12, 24), start_time=dt.time(12)) == "am 24. Dezember 2026, 12–14 Uhr"


def test_several_one_off_dates() -> None:
    text = words(rdates=[dt.date(2026, 12, 31), dt.date(2026, 12, 24)], start_time=None)
    assert text == "am 24. Dezember 2026 und 31. Dezember 2026"


def test_rule_with_extra_dates() -> None:
    text = words("FREQ=WEEKLY;BYDAY=TU", rdates=[dt.date(2026, 12, 24)])
    assert text == "jeden Dienstag, 15–17 Uhr, zusätzlich am 24. Dezember 2026"


def test_garbage_rule_does_not_crash() -> None:
    assert describe_rule("FREQ=WEEKLY;BYDAY=XX", START) is None
    assert describe_rule("nonsense", START) is None


def test_time_range() -> None:
    with translation.override("de"):
        assert time_range(dt.time(9, 5), 55) == "9:05–10 Uhr"
        assert time_range(None, 60) == "ganztägig"


def test_english_uses_english_weekday_and_month_names() -> None:
    with translation.override("en"):
        text = describe_schedule(dtstart=START, start_time=dt.time(15), duration_minutes=120, rrule="FREQ=WEEKLY")
        one_off = describe_schedule(dtstart=dt.date(2026, 12, 24), start_time=None, duration_minutes=60)
    assert "Tuesday" in text and "Dienstag" not in text
    assert "December" in one_off and "Dezember" not in one_off


def test_every_fragment_goes_through_gettext(monkeypatch: pytest.MonkeyPatch) -> None:
    """With an English catalogue the whole sentence is English (the catalogue itself is the lead's job)."""
    from nahbar.directory import describe

    english = {
        "alle zwei Wochen": "every two weeks",
        "%(every)s %(weekdays)s": "%(every)s on %(weekdays)s",
        "montags": "Mondays",
        "donnerstags": "Thursdays",
        "%(first)s und %(last)s": "%(first)s and %(last)s",
        "%(start)s–%(end)s Uhr": "%(start)s–%(end)s",
        "jeden %(which)s im Monat": "every %(which)s of the month",
        "%(ordinals)s %(weekday)s": "%(ordinals)s %(weekday)s",
    }
    monkeypatch.setattr(describe, "gettext", lambda s: english.get(s, s))
    monkeypatch.setattr(describe, "pgettext", lambda _c, s: english.get(s, s))
    with translation.override("en"):
        biweekly = describe_schedule(
            dtstart=START, start_time=dt.time(15), duration_minutes=120, rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"
        )
        monthly = describe_schedule(
            dtstart=START, start_time=dt.time(15), duration_minutes=120, rrule="FREQ=MONTHLY;BYDAY=2TU"
        )
    assert biweekly == "every two weeks on Mondays and Thursdays, 15:00–17:00"
    assert monthly == "every 2nd Tuesday of the month, 15:00–17:00"
