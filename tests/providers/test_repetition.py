"""The plain repetition choices and the RRULEs they stand for, both ways."""

from __future__ import annotations

import pytest

from nahbar.directory.recurrence import validate_rrule
from nahbar.providers.repetition import Repeat, from_rrule, to_rrule


@pytest.mark.parametrize(
    ("repeat", "weekday", "week", "rule"),
    [
        (Repeat.ONCE, 1, None, ""),
        (Repeat.WEEKLY, 1, None, "FREQ=WEEKLY;BYDAY=TU"),
        (Repeat.BIWEEKLY, 6, None, "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"),
        (Repeat.MONTHLY, 3, 2, "FREQ=MONTHLY;BYDAY=2TH"),
        (Repeat.MONTHLY, 0, -1, "FREQ=MONTHLY;BYDAY=-1MO"),
    ],
)
def test_choice_to_rule_and_back(repeat: str, weekday: int, week: int | None, rule: str) -> None:
    assert to_rrule(repeat, weekday, week) == rule
    if rule:
        assert validate_rrule(rule) == rule
        assert from_rrule(rule) == (repeat, weekday, week)
    else:
        assert from_rrule(rule) == (Repeat.ONCE, None, None)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=MO,WE",
        "FREQ=DAILY",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231",
        "FREQ=MONTHLY;BYDAY=5FR",
        "FREQ=YEARLY;BYDAY=1MO",
    ],
)
def test_rules_without_a_plain_choice_are_kept(rule: str) -> None:
    assert from_rrule(rule) == (Repeat.KEEP, None, None)
    assert to_rrule(Repeat.KEEP, 0, None, keep=rule) == rule
