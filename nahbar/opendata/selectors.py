"""The rows the API may publish, and the HSDS filters as query conditions (combined with AND).

Visibility is the finder's: the same function decides which offers a visitor can find (published,
running, still valid) and applies the same full-text search with typo tolerance.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Avg, Exists, OuterRef, Q, QuerySet

from nahbar.directory.models import Offer, Organization, Place, Schedule, Vocabulary
from nahbar.directory.search.engine import matching_offers
from nahbar.directory.search.geo import haversine_km
from nahbar.directory.search.query import MAX_TEXT, FinderQuery
from nahbar.opendata import taxonomy as tx
from nahbar.tenancy.models import Municipality

RELATION_OF_VOCABULARY = {
    Vocabulary.FORMAT.value: "formats",
    Vocabulary.TARGET_GROUP.value: "target_groups",
    Vocabulary.LOW_THRESHOLD.value: "low_threshold",
    Vocabulary.ACCESSIBILITY.value: "accessibility",
    Vocabulary.DELIVERY_MODE.value: "delivery_modes",
    Vocabulary.LANGUAGE.value: "languages",
}
NOTHING = Q(pk__in=[])


def visible_offers(municipality: Municipality, search: str = "") -> QuerySet[Offer]:
    # The finder's own conditions: one definition of "visible" (and of the text search) for both.
    return matching_offers(municipality, FinderQuery(text=search[:MAX_TEXT]))


def _linked(relation: str, **condition: object) -> Exists:
    return Exists(getattr(Offer, relation).through.objects.filter(offer_id=OuterRef("pk"), **condition))


def _at_place(**condition: object) -> Exists:
    return Exists(
        Offer.places.through.objects.filter(offer_id=OuterRef("pk"), **{f"place__{k}": v for k, v in condition.items()})
    )


FEATURE_CONDITIONS: dict[str, Callable[[], Q | Exists]] = {
    tx.THIRD_PLACE: lambda: _at_place(is_third_place=True),
    tx.EASY_LANGUAGE: lambda: ~Q(easy_language_summary=""),
    tx.FREE: lambda: Q(is_free=True),
    tx.REGISTRATION: lambda: Q(registration_required=True),
    tx.OCCURRENCES: lambda: Exists(Schedule.objects.filter(offer_id=OuterRef("pk"))),
}


def term_condition(term: tx.TermInfo) -> Q | Exists:
    key = term.taxonomy.key
    if term.term_pk is not None:
        vocabulary = key.removeprefix("nahbar-")
        condition: Q | Exists = _linked(RELATION_OF_VOCABULARY[vocabulary], term_id=term.term_pk)
        if vocabulary == Vocabulary.ACCESSIBILITY.value:
            condition = Q(condition) | Q(_at_place(accessibility=term.term_pk))
        return condition
    if key == tx.FEATURES:
        return FEATURE_CONDITIONS[term.code]()
    if key == tx.PLACE_KIND:
        return _at_place(kind=term.code)
    return Q(organization__kind=term.code)


def taxonomy_condition(taxonomy: tx.TaxonomyInfo) -> Q | Exists:
    key = taxonomy.key
    if key == tx.FEATURES:
        condition = Q()
        for make in FEATURE_CONDITIONS.values():
            condition |= Q(make())
        return condition
    if key == tx.PLACE_KIND:
        return _at_place(pk__isnull=False)
    if key == tx.ORGANIZATION_KIND:
        return Q()
    return _linked(RELATION_OF_VOCABULARY[key.removeprefix("nahbar-")])


@dataclass(frozen=True)
class OfferFilters:
    """Parsed filters; ``impossible`` means an id that cannot match anything here (empty result)."""

    search: str = ""
    conditions: tuple[Q | Exists, ...] = ()
    organization_pk: int | None = None
    modified_after: dt.datetime | None = None
    impossible: bool = False


def filtered_offers(municipality: Municipality, filters: OfferFilters) -> QuerySet[Offer]:
    qs = visible_offers(municipality, filters.search)
    if filters.impossible:
        return qs.filter(NOTHING)
    for condition in filters.conditions:
        qs = qs.filter(condition)
    if filters.organization_pk is not None:
        qs = qs.filter(organization_id=filters.organization_pk)
    if filters.modified_after is not None:
        qs = qs.filter(updated_at__gte=filters.modified_after)
    return qs


def visible_organizations(municipality: Municipality) -> QuerySet[Organization]:
    """Organizations with at least one visible offer: the others are not public anywhere."""
    return Organization.objects.filter(
        municipality=municipality, pk__in=visible_offers(municipality).values("organization_id")
    )


def postcode_centroid(municipality: Municipality, postcode: str) -> tuple[float, float] | None:
    row = Place.objects.filter(
        municipality=municipality, postcode=postcode, latitude__isnull=False, longitude__isnull=False
    ).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    if row["lat"] is None or row["lon"] is None:
        return None
    return row["lat"], row["lon"]


def places_within(municipality: Municipality, centre: tuple[float, float], meters: float) -> list[int]:
    """Places within ``meters`` of ``centre``: a bounding box in SQL, the exact distance in Python."""
    lat0, lon0 = centre
    km = meters / 1000
    dlat = km / 111.0
    dlon = km / (111.320 * max(0.01, math.cos(math.radians(lat0))))
    rows = Place.objects.filter(
        municipality=municipality,
        latitude__range=(lat0 - dlat, lat0 + dlat),
        longitude__range=(lon0 - dlon, lon0 + dlon),
    ).values_list("pk", "latitude", "longitude")
    return [
        pk for pk, lat, lon in rows if lat is not None and lon is not None and haversine_km(lat0, lon0, lat, lon) <= km
    ]
