"""Reads for the public pages."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from nahbar.directory.models import Offer, Schedule
from nahbar.directory.schedules import Occurrence, occurrences
from nahbar.freshness.dates import withdrawal_cutoff
from nahbar.tenancy.models import Municipality


def confirmed_recently(municipality: Municipality, now: dt.datetime | None = None) -> Q:
    """Not withdrawn for lack of confirmation (docs/freshness.md): confirmed, or created, after the cutoff."""
    cutoff = withdrawal_cutoff(municipality, now or timezone.now())
    return Q(assured_at__gte=cutoff) | Q(assured_at__isnull=True, created_at__gte=cutoff)


def public_offers(municipality: Municipality, *, on: dt.date, include_withdrawn: bool = False) -> QuerySet[Offer]:
    """Published, running offers valid on ``on``, with what the week page shows prefetched.

    Offers unconfirmed for too long are left out unless ``include_withdrawn`` (the offer page keeps
    them reachable, with a notice).
    """
    qs = Offer.objects.filter(
        municipality=municipality,
        review_state=Offer.ReviewState.PUBLISHED,
        status=Offer.Status.ACTIVE,
    )
    if not include_withdrawn:
        qs = qs.filter(confirmed_recently(municipality))
    return (
        qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
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
