"""Writes on the directory. Each function takes an explicit actor and writes an audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from nahbar.areas.locate import AreaLocator
from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.directory.search.index import refresh_offer
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality


def place_locate_area(place: Place, locator: AreaLocator | None = None) -> None:
    """Derive ``place.area`` from its coordinates (not saved here)."""
    locator = locator or AreaLocator.for_municipality(place.municipality_id)
    place.area = locator.locate(place.latitude, place.longitude)


@transaction.atomic
def organization_create(*, actor: audit.Actor, municipality: Municipality, **fields: Any) -> Organization:
    organization = Organization(municipality=municipality, **fields)
    organization.full_clean()
    organization.save()
    audit.record(actor=actor, action="organization.create", obj=organization, changes=audit.snapshot(organization))
    return organization


@transaction.atomic
def place_create(
    *,
    actor: audit.Actor,
    municipality: Municipality,
    accessibility: Iterable[Term] = (),
    locator: AreaLocator | None = None,
    **fields: Any,
) -> Place:
    place = Place(municipality=municipality, **fields)
    place_locate_area(place, locator)
    place.full_clean()
    place.save()
    place.accessibility.set(list(accessibility))
    audit.record(actor=actor, action="place.create", obj=place, changes=audit.snapshot(place))
    return place


_OFFER_M2M = ("places", "delivery_modes", "formats", "target_groups", "low_threshold", "accessibility", "languages")


@transaction.atomic
def offer_create(*, actor: audit.Actor, organization: Organization, **fields: Any) -> Offer:
    """Create an offer; many-to-many values (places, vocabularies) may be passed as lists."""
    related = {name: list(fields.pop(name)) for name in _OFFER_M2M if name in fields}
    offer = Offer(municipality_id=organization.municipality_id, organization=organization, **fields)
    offer.full_clean()
    offer.save()
    for name, values in related.items():
        getattr(offer, name).set(values)
    audit.record(
        actor=actor,
        action="offer.create",
        obj=offer,
        changes={**audit.snapshot(offer), **{k: [v.pk for v in vs] for k, vs in related.items()}},
    )
    refresh_offer(offer)
    return offer


@transaction.atomic
def schedule_add(*, actor: audit.Actor, offer: Offer, **fields: Any) -> Schedule:
    schedule = Schedule(municipality_id=offer.municipality_id, offer=offer, **fields)
    schedule.full_clean()
    schedule.save()
    audit.record(actor=actor, action="schedule.create", obj=schedule, changes=audit.snapshot(schedule))
    refresh_offer(offer)
    return schedule


@transaction.atomic
def offer_confirm(*, actor: audit.Actor, offer: Offer) -> Offer:
    """Record that the offer still runs (the freshness loop's "yes")."""
    before = offer.assured_at
    offer.assured_at = timezone.now()
    offer.save(update_fields=["assured_at", "updated_at"])
    audit.record(actor=actor, action="offer.confirm", obj=offer, changes={"assured_at": [before, offer.assured_at]})
    return offer
