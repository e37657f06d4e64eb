"""Writes on the directory. Each function takes an explicit actor and writes an audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from nahbar.areas.locate import AreaLocator
from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.directory.search.index import refresh_offer, refresh_offers
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


def _m2m_pks(obj: models.Model, names: Iterable[str]) -> dict[str, list[int]]:
    return {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in names}


@transaction.atomic
def object_update(
    *, actor: audit.Actor, obj: Any, fields: dict[str, Any], m2m: dict[str, list[Any]] | None = None
) -> Any:
    """Change an organization, place or offer (fields and many-to-many lists), audited with the diff.

    Offers whose search text shows the object (its own, or those of the organization or place) are
    re-indexed in the same transaction.
    """
    m2m = m2m or {}
    before = {**audit.snapshot(obj), **_m2m_pks(obj, m2m)}
    for name, value in fields.items():
        setattr(obj, name, value)
    if isinstance(obj, Place):
        place_locate_area(obj)
    obj.full_clean()
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    after = {**audit.snapshot(obj), **_m2m_pks(obj, m2m)}
    changes = audit.diff(before, after)
    changes.pop("updated_at", None)
    audit.record(actor=actor, action=f"{obj._meta.model_name}.update", obj=obj, changes=changes)
    _reindex_offers_showing(obj)
    return obj


def _reindex_offers_showing(obj: Any) -> None:
    if isinstance(obj, Offer):
        refresh_offer(obj)
    elif isinstance(obj, Organization):
        refresh_offers(list(obj.offers.values_list("pk", flat=True)))
    elif isinstance(obj, Place):
        ids = Offer.objects.filter(Q(places=obj) | Q(schedules__place=obj)).values_list("pk", flat=True)
        refresh_offers(sorted(set(ids)))


@transaction.atomic
def offer_single_schedule_set(*, actor: audit.Actor, offer: Offer, fields: dict[str, Any]) -> Schedule:
    """Set the rule of an offer with at most one schedule (as a spreadsheet row holds it).

    An existing schedule keeps its cancellations and extra dates, since the sheet does not show them.
    """
    schedules = list(offer.schedules.all())
    if len(schedules) > 1:
        raise ValueError("offer has several schedules")
    if not schedules:
        return schedule_add(actor=actor, offer=offer, **fields)
    schedule = schedules[0]
    before = audit.snapshot(schedule)
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.full_clean()
    schedule.save()
    audit.record(
        actor=actor, action="schedule.update", obj=schedule, changes=audit.diff(before, audit.snapshot(schedule))
    )
    refresh_offer(offer)
    return schedule
