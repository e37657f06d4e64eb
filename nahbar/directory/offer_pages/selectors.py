"""Reads for the offer and place pages: everything each page shows, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from nahbar.areas.models import HEAVY_FIELDS
from nahbar.directory.models import Offer, Place, Schedule
from nahbar.directory.selectors import public_offers
from nahbar.tenancy.access import get_for_municipality
from nahbar.tenancy.models import Municipality


def _places() -> QuerySet[Place]:
    return (
        Place.objects.select_related("area")
        .defer(*(f"area__{name}" for name in HEAVY_FIELDS))
        .prefetch_related("accessibility")
    )


def offer_page_queryset(municipality: Municipality, *, include_withdrawn: bool = False) -> QuerySet[Offer]:
    """Public offers with every relation the offer page, its print view and its .ics need."""
    return (
        public_offers(municipality, on=timezone.localdate(), include_withdrawn=include_withdrawn)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "schedules",
                queryset=Schedule.objects.select_related("place__area")
                .defer(*(f"place__area__{name}" for name in HEAVY_FIELDS))
                .prefetch_related("place__accessibility"),
            ),
            Prefetch("places", queryset=_places()),
            "delivery_modes",
            "formats",
            "target_groups",
            "low_threshold",
            "accessibility",
            "languages",
        )
    )


def offer_places(offer: Offer) -> list[Place]:
    """The offer's places, then places only its schedules name, each once (uses the prefetched relations)."""
    seen: dict[int, Place] = {p.pk: p for p in offer.places.all()}
    for schedule in offer.schedules.all():
        if schedule.place is not None:
            seen.setdefault(schedule.place.pk, schedule.place)
    return list(seen.values())


def offer_for_page(municipality: Municipality, offer_id: int) -> Offer:
    """The public offer, else Http404 (also for other municipalities' and unpublished offers).

    An offer withdrawn from the finder for lack of confirmation stays reachable here (printed QR codes
    and bookmarks lead to it); the page says so (docs/freshness.md).
    """
    return get_for_municipality(offer_page_queryset(municipality, include_withdrawn=True), municipality, pk=offer_id)


def public_places(municipality: Municipality) -> QuerySet[Place]:
    """A place is public when it is a third place or hosts a public offer."""
    public = public_offers(municipality, on=timezone.localdate())
    return (
        _places()
        .select_related("organization")
        .filter(
            Q(municipality=municipality),
            Q(is_third_place=True) | Q(offers__in=public.values("pk")) | Q(schedules__offer__in=public.values("pk")),
        )
        .distinct()
    )


def place_for_page(municipality: Municipality, place_id: int) -> Place:
    """The public place, else Http404."""
    return get_for_municipality(public_places(municipality), municipality, pk=place_id)


def offers_at_place(municipality: Municipality, place: Place) -> list[Offer]:
    """Public offers held at ``place`` (listed there or scheduled there), with schedules prefetched."""
    ids = Offer.objects.filter(Q(places=place) | Q(schedules__place=place)).values("pk")
    return list(offer_page_queryset(municipality).filter(pk__in=ids).order_by("title"))
