"""Who gets the reminder about an offer: its contact address and its organization's provider accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from nahbar.directory.models import Offer
from nahbar.tenancy.models import Role


def recipients_of(offer: Offer) -> list[str]:
    """The offer's contact e-mail, then the active provider accounts bound to its organization; each once.

    Without any of them the organization's general address is the last resort.
    """
    addresses: list[str] = []
    if offer.contact_email:
        addresses.append(offer.contact_email)
    providers = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__municipality_id=offer.municipality_id,
            memberships__role=Role.PROVIDER,
            memberships__organizations=offer.organization_id,
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    addresses += list(providers)
    if not addresses and offer.organization.email:
        addresses.append(offer.organization.email)
    return _unique(addresses)


def coordinator_addresses(municipality_id: int) -> list[str]:
    """Where replies to a reminder go: the municipality's coordinators (the sender is a no-reply address)."""
    addresses = (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__municipality_id=municipality_id, memberships__role=Role.COORDINATOR
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    return _unique(list(addresses))


def _unique(addresses: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for address in addresses:
        seen.setdefault(address.strip().lower(), None)
    return list(seen)
