"""Removing earlier demo and benchmark data before building it again. Never touches real municipalities."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django_scopes import scopes_disabled

from nahbar.areas.models import Area, AreaStatistic
from nahbar.demo.plan import OFFER_M2M
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.tenancy.models import Membership, Municipality


class DemoError(Exception):
    """The demo cannot be (re)built without touching data that is not demo data."""


def demo_municipalities(slugs: Iterable[str] = (), *, slug_regex: str = "") -> list[Municipality]:
    """The municipalities to replace; raises if one of them is not marked as a demo."""
    with scopes_disabled():
        found = list(Municipality.objects.filter(slug__in=list(slugs)))
        if slug_regex:
            found += list(Municipality.objects.filter(slug__regex=slug_regex).exclude(slug__in=list(slugs)))
    real = [m.slug for m in found if not m.is_demo]
    if real:
        raise DemoError(
            f"Municipality {', '.join(real)} exists and is not a demo municipality (is_demo is false); "
            "refusing to replace it. Use another slug or delete it yourself."
        )
    return found


@transaction.atomic
def municipality_purge(municipality: Municipality) -> None:
    """Delete a demo municipality and everything in it.

    Offers protect their organization, so a plain cascade from the municipality would stop there;
    deleting the big tables first, table by table, is also much faster than letting the cascade
    collect a benchmark set's 100 000 offers object by object.
    """
    if not municipality.is_demo:
        raise DemoError(f"{municipality.slug} is not a demo municipality; refusing to delete it.")
    with scopes_disabled():
        for field in ("places", *OFFER_M2M):
            through = Offer._meta.get_field(field).remote_field.through  # type: ignore[union-attr]
            through.objects.filter(offer__municipality=municipality).delete()
        Place.accessibility.through.objects.filter(place__municipality=municipality).delete()
        Membership.organizations.through.objects.filter(membership__municipality=municipality).delete()
        Schedule.objects.filter(municipality=municipality).delete()
        Offer.objects.filter(municipality=municipality).delete()
        Place.objects.filter(municipality=municipality).delete()
        Organization.objects.filter(municipality=municipality).delete()
        AreaStatistic.objects.filter(municipality=municipality).delete()
        Area.objects.filter(municipality=municipality).update(parent=None)
        Area.objects.filter(municipality=municipality).delete()
        municipality.delete()


def demo_users_remove(usernames: Iterable[str]) -> int:
    """Delete the demo accounts so they can be created afresh; refuses accounts used in real municipalities."""
    users = get_user_model().objects.filter(username__in=list(usernames))
    with scopes_disabled():
        used = sorted(
            set(
                Membership.objects.filter(user__in=users, municipality__is_demo=False).values_list(
                    "user__username", flat=True
                )
            )
        )
    if used:
        raise DemoError(
            f"Account {', '.join(used)} has a role in a real municipality; refusing to delete it for the demo."
        )
    deleted, _per_model = users.delete()
    return deleted
