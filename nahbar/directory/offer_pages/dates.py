"""The next dates of an offer for its page, with cancelled dates shown in between."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.directory.recurrence import Slot, cancelled_dates, expand

if TYPE_CHECKING:
    from nahbar.directory.models import Offer, Place, Schedule

HORIZON_DAYS = 366


def now() -> dt.datetime:
    """The current instant; tests replace this to pin "today"."""
    return timezone.now()


@dataclass(frozen=True)
class DateEntry:
    start: dt.datetime  # aware, Europe/Berlin
    end: dt.datetime
    all_day: bool
    schedule: Schedule
    place: Place | None
    cancelled: str = ""  # the visible reason, empty when it takes place

    @property
    def stamp(self) -> str:
        """The URL form of the start: YYYY-MM-DDTHHMM in local time."""
        return timezone.localtime(self.start).strftime("%Y-%m-%dT%H%M")


def schedule_place(offer: Offer, schedule: Schedule) -> Place | None:
    """The schedule's place, or the offer's only place when the schedule names none."""
    if schedule.place is not None:
        return schedule.place
    places = list(offer.places.all())
    return places[0] if len(places) == 1 else None


def cancel_label(reason: str) -> str:
    if reason.startswith("holiday:"):
        return _("fällt aus (Feiertag: %(name)s)") % {"name": reason.removeprefix("holiday:")}
    return _("fällt aus")


def _entry(offer: Offer, schedule: Schedule, slot: Slot) -> DateEntry:
    return DateEntry(slot.start, slot.end, slot.all_day, schedule, schedule_place(offer, schedule))


def next_dates(offer: Offer, *, land: str, count: int = 5) -> list[DateEntry]:
    """The next ``count`` dates (not yet over) plus the cancelled dates before the last of them.

    Needs ``schedules`` (with ``place``) and ``places`` prefetched; makes no queries.
    """
    moment = now()
    today = timezone.localdate(moment)
    end = today + dt.timedelta(days=HORIZON_DAYS)
    held: list[DateEntry] = []
    for schedule in offer.schedules.all():
        # One extra per schedule covers a slot of today that is already over.
        for slot in expand(schedule.spec(), start=today, end=end, land=land, limit=count + 1):
            if slot.end > moment:
                held.append(_entry(offer, schedule, slot))
    held.sort(key=lambda e: e.start)
    held = held[:count]
    last_day = timezone.localtime(held[-1].start).date() if len(held) == count else end
    cancelled: list[DateEntry] = []
    for schedule in offer.schedules.all():
        spec = schedule.spec()
        for day, reason in cancelled_dates(spec, start=today, end=last_day, land=land, limit=count):
            begin = timezone.make_aware(dt.datetime.combine(day, spec.start_time or dt.time.min))
            cancelled.append(
                DateEntry(
                    begin,
                    begin + spec.duration,
                    spec.start_time is None,
                    schedule,
                    schedule_place(offer, schedule),
                    cancel_label(reason),
                )
            )
    return sorted(held + cancelled, key=lambda e: e.start)


def find_occurrence(offer: Offer, *, land: str, stamp: str) -> DateEntry | None:
    """The occurrence starting at ``stamp`` (YYYY-MM-DDTHHMM, local), or None."""
    try:
        day = dt.date.fromisoformat(stamp[:10])
        naive = dt.datetime.combine(day, dt.time(int(stamp[11:13]), int(stamp[13:15])))
    except ValueError:
        return None
    for schedule in offer.schedules.all():
        for slot in expand(schedule.spec(), start=naive.date(), end=naive.date(), land=land, limit=50):
            if timezone.localtime(slot.start).replace(tzinfo=None) == naive:
                return _entry(offer, schedule, slot)
    return None
