"""Everything the documents of one page of offers need, in a fixed number of queries.

Link tables are read directly (``values_list`` on the through models) instead of prefetching
the terms: the catalogue already holds every term, and the link row's primary key gives the
attribute its stable id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from nahbar.directory.models import Offer, Place, Schedule

# Offer relation -> attribute sub-kind (part of the attribute id, never change a number).
OFFER_RELATIONS = {
    "formats": 1,
    "target_groups": 2,
    "low_threshold": 3,
    "accessibility": 4,
    "languages": 5,
    "delivery_modes": 6,
}
PLACE_ACCESSIBILITY = 7


@dataclass(frozen=True)
class Link:
    pk: int
    owner_id: int
    target_id: int


@dataclass
class Related:
    terms: dict[str, dict[int, list[Link]]] = field(default_factory=dict)  # relation -> offer -> links
    place_links: dict[int, list[Link]] = field(default_factory=lambda: defaultdict(list))  # offer -> links
    places: dict[int, Place] = field(default_factory=dict)
    place_accessibility: dict[int, list[Link]] = field(default_factory=lambda: defaultdict(list))
    schedules: dict[int, list[Schedule]] = field(default_factory=lambda: defaultdict(list))  # offer -> schedules


def _links(model: type, owner: str, target: str, owner_ids: Iterable[int]) -> dict[int, list[Link]]:
    result: dict[int, list[Link]] = defaultdict(list)
    rows = model._default_manager.filter(**{f"{owner}__in": list(owner_ids)}).order_by("pk")  # type: ignore[attr-defined]
    for pk, owner_id, target_id in rows.values_list("pk", owner, target):
        result[owner_id].append(Link(pk, owner_id, target_id))
    return result


def load_places(place_ids: Iterable[int]) -> tuple[dict[int, Place], dict[int, list[Link]]]:
    ids = sorted(set(place_ids))
    if not ids:
        return {}, {}
    places = {p.pk: p for p in Place.objects.filter(pk__in=ids)}
    return places, _links(Place.accessibility.through, "place_id", "term_id", ids)


def load_related(offers: list[Offer], *, full: bool) -> Related:
    related = Related()
    ids = [o.pk for o in offers]
    if not ids or not full:
        return related
    for relation in OFFER_RELATIONS:
        related.terms[relation] = _links(getattr(Offer, relation).through, "offer_id", "term_id", ids)
    related.place_links = _links(Offer.places.through, "offer_id", "place_id", ids)
    place_ids = [link.target_id for links in related.place_links.values() for link in links]
    related.places, related.place_accessibility = load_places(place_ids)
    for schedule in Schedule.objects.filter(offer_id__in=ids).order_by("dtstart", "pk"):
        related.schedules[schedule.offer_id].append(schedule)
    return related


def load_for_links(links: list[Link]) -> Related:
    """For offer ↔ place links (service_at_location): the places and the offers' schedules."""
    related = Related()
    related.places, related.place_accessibility = load_places(link.target_id for link in links)
    offer_ids = {link.owner_id for link in links}
    for schedule in Schedule.objects.filter(offer_id__in=offer_ids).order_by("dtstart", "pk"):
        related.schedules[schedule.offer_id].append(schedule)
    return related
