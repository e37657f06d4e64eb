"""Validation of schedules and expansion of offers into dated occurrences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nahbar.directory.recurrence import InvalidRule, Slot, expand, validate_rrule

if TYPE_CHECKING:
    from nahbar.directory.models import Offer, Place, Schedule


def _parse_dates(values: object, field: str) -> list[str]:
    if not isinstance(values, list):
        raise ValidationError({field: _("Bitte eine Liste von Daten (JJJJ-MM-TT) angeben.")})
    parsed = []
    for value in values:
        try:
            parsed.append(dt.date.fromisoformat(str(value)).isoformat())
        except ValueError:
            raise ValidationError(
                {field: _("„%(value)s“ ist kein Datum im Format JJJJ-MM-TT.") % {"value": value}}
            ) from None
    return sorted(set(parsed))


def clean_schedule(schedule: Schedule) -> None:
    """Normalise the rule and date lists; raise ValidationError naming the field."""
    if schedule.rrule:
        try:
            schedule.rrule = validate_rrule(schedule.rrule)
        except InvalidRule as exc:
            raise ValidationError(
                {"rrule": _("Die Wiederholungsregel ist ungültig: %(reason)s") % {"reason": str(exc)}}
            ) from None
    schedule.rdates = _parse_dates(schedule.rdates, "rdates")
    schedule.exdates = _parse_dates(schedule.exdates, "exdates")
    if schedule.until and schedule.dtstart and schedule.until < schedule.dtstart:
        raise ValidationError({"until": _("Das Ende liegt vor dem ersten Termin.")})
    if schedule.duration_minutes is not None and not 1 <= schedule.duration_minutes <= 24 * 60 * 14:
        raise ValidationError({"duration_minutes": _("Die Dauer muss zwischen 1 Minute und 14 Tagen liegen.")})


@dataclass(frozen=True)
class Occurrence:
    """One dated happening of an offer (not stored; expanded on demand)."""

    offer: Offer
    schedule: Schedule
    place: Place | None
    slot: Slot

    @property
    def start(self) -> dt.datetime:
        return self.slot.start

    @property
    def end(self) -> dt.datetime:
        return self.slot.end


def occurrences(offers: Iterable[Offer], *, start: dt.date, end: dt.date, land: str) -> list[Occurrence]:
    """All occurrences of ``offers`` whose start date lies in [start, end], sorted by time.

    ``offers`` must come with ``schedules`` (and their ``place``) prefetched, so
    this does no queries of its own.
    """
    result: list[Occurrence] = []
    for offer in offers:
        for schedule in offer.schedules.all():
            first_place = schedule.place
            for slot in expand(schedule.spec(), start=start, end=end, land=land):
                result.append(Occurrence(offer=offer, schedule=schedule, place=first_place, slot=slot))
    result.sort(key=lambda occ: (occ.start, occ.offer.title))
    return result
