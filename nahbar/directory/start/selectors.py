"""Reads for the start page and the weekly plan: one week of a municipality, optionally near a district."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.utils import timezone

from nahbar.directory.models import Offer, Place
from nahbar.directory.schedules import Occurrence, occurrences
from nahbar.directory.selectors import public_offers
from nahbar.tenancy.models import Municipality

# Offers that reach people wherever they live belong to every district's list.
REMOTE_MODES = frozenset({"telefonisch", "online"})


def is_remote(offer: Offer) -> bool:
    """Phone or online offer; uses the prefetched delivery modes."""
    return any(mode.code in REMOTE_MODES for mode in offer.delivery_modes.all())


def _places(occ: Occurrence) -> list[Place]:
    return [occ.place] if occ.place is not None else list(occ.offer.places.all())


def near(occ: Occurrence, area_ids: frozenset[int]) -> bool:
    return is_remote(occ.offer) or any(place.area_id in area_ids for place in _places(occ))


@dataclass
class Week:
    start: dt.date
    offers: list[Offer]
    occurrences: list[Occurrence]

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def days(self) -> list[tuple[dt.date, list[Occurrence]]]:
        return [
            (day, list(items))
            for day, items in groupby(self.occurrences, key=lambda occ: timezone.localtime(occ.start).date())
        ]

    @property
    def remote_offers(self) -> list[Offer]:
        return [offer for offer in self.offers if is_remote(offer)]

    @property
    def offers_with_dates(self) -> list[tuple[Offer, Occurrence]]:
        """Each offer of the week once, with its first date."""
        first: dict[int, Occurrence] = {}
        for occ in self.occurrences:
            first.setdefault(occ.offer.pk, occ)
        return [(occ.offer, occ) for occ in first.values()]


def week(municipality: Municipality, *, start: dt.date, area_ids: frozenset[int] = frozenset()) -> Week:
    """The week from ``start``; with ``area_ids`` only what happens there, plus phone and online offers.

    A constant number of queries, however many offers there are.
    """
    offers = list(public_offers(municipality, on=start).order_by("title", "pk"))
    found = occurrences(offers, start=start, end=start + dt.timedelta(days=6), land=municipality.land)
    if area_ids:
        found = [occ for occ in found if near(occ, area_ids)]
        offers = [
            offer
            for offer in offers
            if is_remote(offer) or any(place.area_id in area_ids for place in offer.places.all())
        ]
    return Week(start=start, offers=offers, occurrences=found)
