"""Reads for the public pages."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from nahbar.directory.models import Offer, Schedule
from nahbar.directory.schedules import Occurrence, occurrences
from nahbar.tenancy.models import Municipality


def public_offers(municipality: Municipality, *, on: dt.date) -> QuerySet[Offer]:
    """Published, running offers valid on ``on``, with what the week page shows prefetched."""
    return (
        Offer.objects.filter(
            municipality=municipality,
            review_state=Offer.ReviewState.PUBLISHED,
            status=Offer.Status.ACTIVE,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("organization")
        .prefetch_related(
            Prefetch("schedules", queryset=Schedule.objects.select_related("place")),
            "places",
            "delivery_modes",
        )
    )


def week_occurrences(municipality: Municipality, *, start: dt.date, days: int = 7) -> list[Occurrence]:
    end = start + dt.timedelta(days=days - 1)
    return occurrences(public_offers(municipality, on=start), start=start, end=end, land=municipality.land)
