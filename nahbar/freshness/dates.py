"""The freshness rules as date arithmetic (docs/freshness.md).

An offer counts from its last confirmation (``assured_at``), or from its creation if nobody ever
confirmed it. After N months (the municipality's ``freshness_months``) it is "due": the provider gets
a reminder and the finder marks it "possibly out of date". After N + WITHDRAW_AFTER months it leaves
the finder until someone confirms it. Pure functions, no queries: the finder calls them per request.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from typing import Any

WITHDRAW_AFTER = 3  # months after the reminder is due
DEFAULT_MONTHS = 6


class State(enum.Enum):
    FRESH = "fresh"
    DUE = "due"  # reminder due; shown with a "possibly out of date" badge
    WITHDRAWN = "withdrawn"  # not in search, map, calendar, feeds or the API


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same time of day ``months`` calendar months earlier; the 31st becomes the month's last day."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def months_after(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_of(municipality: Any) -> int:
    return int(getattr(municipality, "freshness_months", None) or DEFAULT_MONTHS)


def reminder_cutoff(municipality: Any, now: dt.datetime) -> dt.datetime:
    """Offers last confirmed before this moment are due for a reminder."""
    return months_before(now, months_of(municipality))


def withdrawal_cutoff(municipality: Any, now: dt.datetime) -> dt.datetime:
    """Offers last confirmed before this moment are left out of the finder."""
    return months_before(now, months_of(municipality) + WITHDRAW_AFTER)


def confirmed_at(offer: Any) -> dt.datetime:
    """The moment the freshness clock of ``offer`` started."""
    return offer.assured_at or offer.created_at


def state_of(offer: Any, municipality: Any, now: dt.datetime) -> State:
    basis = confirmed_at(offer)
    if basis < withdrawal_cutoff(municipality, now):
        return State.WITHDRAWN
    if basis < reminder_cutoff(municipality, now):
        return State.DUE
    return State.FRESH
