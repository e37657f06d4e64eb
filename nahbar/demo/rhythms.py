"""Schedule patterns for demo offers, always relative to "today" so the week page is never empty.

Patterns (keys used in :mod:`nahbar.demo.catalogue`):

``weekly``        FREQ=WEEKLY;BYDAY=TU
``weekly2``       FREQ=WEEKLY;BYDAY=TU,TH
``biweekly``      FREQ=WEEKLY;INTERVAL=2;BYDAY=WE
``weekdays``      FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
``monthly``       FREQ=MONTHLY;BYDAY=2TU (the n-th weekday of the month)
``monthly_last``  FREQ=MONTHLY;BYDAY=-1FR (the last weekday of the month)
``oneoff``        no rule, one or two dates (RDATEs) in the coming weeks
``winter``        twice or three times a week from 1 November to 31 March, also on holidays
``advent``        the four Advent Sundays (RDATEs)
``christmas``     Christmas Eve (RDATE; explicit dates are never cancelled by holidays)
``garden``        Saturdays from April to October (BYMONTH)

Some regular schedules get a summer break (EXDATEs) or a single cancelled date.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_REGULAR = frozenset({"weekly", "weekly2", "biweekly", "weekdays"})


@dataclass
class SchedulePlan:
    dtstart: dt.date
    start_time: dt.time | None
    duration_minutes: int
    rrule: str = ""
    rdates: list[str] = field(default_factory=list)
    exdates: list[str] = field(default_factory=list)
    until: dt.date | None = None
    runs_on_holidays: bool = False
    place_key: int | None = None

    def model_fields(self) -> dict[str, Any]:
        """The plain Schedule fields (no relations), shared by the audited writer and the bulk writer."""
        names = ("dtstart", "start_time", "duration_minutes", "rrule", "rdates", "exdates", "until", "runs_on_holidays")
        return {name: getattr(self, name) for name in names}


def _time(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def _on_or_after(day: dt.date, weekday: str) -> dt.date:
    return day + dt.timedelta(days=(_DAYS.index(weekday) - day.weekday()) % 7)


def _ordered(days: set[str]) -> str:
    return ",".join(d for d in _DAYS if d in days)


def advent_sundays(year: int) -> list[dt.date]:
    christmas_eve = dt.date(year, 12, 24)
    fourth = christmas_eve - dt.timedelta(days=(christmas_eve.weekday() + 1) % 7)  # Sunday on or before
    return [fourth - dt.timedelta(weeks=w) for w in (3, 2, 1, 0)]


def _season_year(today: dt.date, *, last_month: int, last_day: int) -> int:
    """The year whose season (ending on last_month/last_day) is current or next."""
    return today.year if today <= dt.date(today.year, last_month, last_day) else today.year + 1


class RhythmMaker:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today

    def _past_start(self) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(21, 420))

    def make(
        self, rhythm: str, *, days: tuple[str, ...], times: tuple[str, ...], duration: int, runs_on_holidays: bool
    ) -> SchedulePlan:
        rng = self.rng
        day = rng.choice(days)
        plan = SchedulePlan(
            dtstart=self._past_start(),
            start_time=_time(rng.choice(times)),
            duration_minutes=duration,
            runs_on_holidays=runs_on_holidays or rng.random() < 0.04,
        )
        if rhythm == "weekly":
            plan.rrule = f"FREQ=WEEKLY;BYDAY={day}"
        elif rhythm == "weekly2":
            pair = {day, rng.choice([d for d in days if d != day] or [_DAYS[(_DAYS.index(day) + 2) % 7]])}
            plan.rrule = f"FREQ=WEEKLY;BYDAY={_ordered(pair)}"
        elif rhythm == "biweekly":
            plan.rrule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
            plan.dtstart = _on_or_after(plan.dtstart, day)  # fixes which weeks are "on"
        elif rhythm == "weekdays":
            plan.rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        elif rhythm == "monthly":
            plan.rrule = f"FREQ=MONTHLY;BYDAY={rng.randint(1, 4)}{day}"
        elif rhythm == "monthly_last":
            plan.rrule = f"FREQ=MONTHLY;BYDAY=-1{day}"
        elif rhythm == "oneoff":
            self._one_off(plan, days)
        elif rhythm == "winter":
            self._winter(plan, days)
        elif rhythm == "advent":
            year = _season_year(self.today, last_month=12, last_day=24)
            plan.rdates = [d.isoformat() for d in advent_sundays(year)]
            plan.dtstart = advent_sundays(year)[0]
        elif rhythm == "christmas":
            year = _season_year(self.today, last_month=12, last_day=24)
            plan.dtstart = dt.date(year, 12, 24)
            plan.rdates = [plan.dtstart.isoformat()]
            plan.runs_on_holidays = True
        elif rhythm == "garden":
            plan.rrule = f"FREQ=WEEKLY;BYDAY={day};BYMONTH=4,5,6,7,8,9,10"
            plan.dtstart = dt.date(self.today.year - 1, 4, 1)
        else:
            raise ValueError(f"unknown rhythm {rhythm!r}")
        if rhythm in _REGULAR:
            self._exceptions(plan)
        return plan

    def _one_off(self, plan: SchedulePlan, days: tuple[str, ...]) -> None:
        # Mostly within the next five weeks; a quarter of them fall into the current week.
        horizon = 6 if self.rng.random() < 0.25 else 35
        first = _on_or_after(self.today + dt.timedelta(days=self.rng.randint(0, horizon)), self.rng.choice(days))
        dates = [first]
        if self.rng.random() < 0.3:
            dates.append(first + dt.timedelta(weeks=self.rng.randint(2, 6)))
        plan.rrule = ""
        plan.dtstart = first
        plan.rdates = [d.isoformat() for d in dates]

    def _winter(self, plan: SchedulePlan, days: tuple[str, ...]) -> None:
        end_year = _season_year(self.today, last_month=3, last_day=31)
        start = dt.date(end_year - 1, 11, 1)
        chosen = set(self.rng.sample(days, k=min(len(days), self.rng.choice((2, 3)))))
        plan.rrule = f"FREQ=WEEKLY;BYDAY={_ordered(chosen)}"
        plan.dtstart = start
        plan.until = dt.date(end_year, 3, 31)
        plan.runs_on_holidays = True
        if self.rng.random() < 0.5:
            # Open on Christmas Eve and New Year's Eve even when those are not regular days.
            plan.rdates = [dt.date(end_year - 1, 12, 24).isoformat(), dt.date(end_year - 1, 12, 31).isoformat()]

    def _exceptions(self, plan: SchedulePlan) -> None:
        roll = self.rng.random()
        if roll < 0.15:
            # Three weeks of summer break in the coming (or current) summer.
            year = _season_year(self.today, last_month=8, last_day=9)
            plan.exdates = self._dates_between(plan, dt.date(year, 7, 20), dt.date(year, 8, 9))
        elif roll < 0.23:
            # One date is cancelled ("fällt aus"), a week or two ahead.
            upcoming = self._dates_between(plan, self.today + dt.timedelta(days=7), self.today + dt.timedelta(days=21))
            plan.exdates = upcoming[:1]

    @staticmethod
    def _dates_between(plan: SchedulePlan, start: dt.date, end: dt.date) -> list[str]:
        """Dates of a weekly rule (as made above) in [start, end]; a direct walk, not a dateutil expansion
        from dtstart, because the benchmark data set asks this for tens of thousands of schedules."""
        parts = dict(part.split("=", 1) for part in plan.rrule.split(";"))
        days = {_DAYS.index(d) for d in parts["BYDAY"].split(",")}
        interval = int(parts.get("INTERVAL", "1"))
        first_monday = plan.dtstart - dt.timedelta(days=plan.dtstart.weekday())
        found = []
        day = max(start, plan.dtstart)
        while day <= end:
            if day.weekday() in days and ((day - first_monday).days // 7) % interval == 0:
                found.append(day.isoformat())
            day += dt.timedelta(days=1)
        return found
