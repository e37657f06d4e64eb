"""E-mails of the review workflow, in German (the console backend prints them in development).

Each recipient gets a message of their own, so addresses are never shown to others. Sent after the
transaction commits (services register them with ``transaction.on_commit``): a rolled-back decision
sends nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Place
from nahbar.tenancy.models import Membership, Role

if TYPE_CHECKING:
    from nahbar.providers.models import PlaceRevision


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def coordinator_addresses(municipality_id: int) -> list[str]:
    with scopes_disabled():
        rows = Membership.objects.filter(
            municipality_id=municipality_id, role=Role.COORDINATOR, user__is_active=True
        ).exclude(user__email="")
        return sorted(set(rows.values_list("user__email", flat=True)))


def provider_addresses(organization_id: int) -> list[str]:
    with scopes_disabled():
        rows = Membership.objects.filter(
            role=Role.PROVIDER, organizations=organization_id, user__is_active=True
        ).exclude(user__email="")
        return sorted(set(rows.values_list("user__email", flat=True)))


def _send(template: str, recipients: list[str], context: dict[str, Any]) -> int:
    if not recipients:
        return 0
    with translation.override("de"):
        subject = render_to_string(f"providers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"providers/email/{template}.txt", context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients]
    return get_connection().send_messages(messages) or 0


def _context(obj: Offer | Place, **extra: Any) -> dict[str, Any]:
    with scopes_disabled():
        organization = obj.organization
        municipality = obj.municipality
    title = obj.title if isinstance(obj, Offer) else obj.name
    return {"title": title, "organization": organization, "municipality": municipality, **extra}


def notify_submitted(offer: Offer, *, revision_id: int | None = None) -> int:
    """To the municipality's coordinators: something waits in the review queue."""
    slug = offer.municipality.slug
    if revision_id is not None:
        path = reverse("review-revision", kwargs={"municipality_slug": slug, "revision_id": revision_id})
    else:
        path = reverse("review-offer", kwargs={"municipality_slug": slug, "offer_id": offer.pk})
    context = _context(offer, link=_absolute(path), is_change=revision_id is not None)
    return _send("submitted", coordinator_addresses(offer.municipality_id), context)


def notify_changes_requested(offer: Offer, *, comment: str) -> int:
    """To the organization's providers: what to change, and where."""
    path = reverse("provider-offer-edit", kwargs={"municipality_slug": offer.municipality.slug, "offer_id": offer.pk})
    context = _context(offer, link=_absolute(path), comment=comment)
    return _send("changes_requested", provider_addresses(offer.organization_id), context)


def notify_published(offer: Offer, *, was_change: bool) -> int:
    """To the organization's providers: the offer (or their change) is now public."""
    path = reverse("offer-detail", kwargs={"municipality_slug": offer.municipality.slug, "offer_id": offer.pk})
    context = _context(offer, link=_absolute(path), is_change=was_change)
    return _send("published", provider_addresses(offer.organization_id), context)


def _place(revision: PlaceRevision) -> Place:
    # Read afresh: after publishing, the revision's cached place still has the old values.
    with scopes_disabled():
        return Place.objects.select_related("municipality").get(pk=revision.place_id)


def notify_place_submitted(revision: PlaceRevision) -> int:
    place = _place(revision)
    path = reverse("review-place", kwargs={"municipality_slug": place.municipality.slug, "revision_id": revision.pk})
    context = _context(place, link=_absolute(path), is_change=True, is_place=True)
    return _send("submitted", coordinator_addresses(place.municipality_id), context)


def notify_place_decided(revision: PlaceRevision, *, comment: str) -> int:
    """Published (no comment) or changes requested (with the comment), to the place's organization."""
    place = _place(revision)
    if place.organization_id is None:
        return 0
    slug = place.municipality.slug
    if comment:
        path = reverse("provider-place-edit", kwargs={"municipality_slug": slug, "place_id": place.pk})
        context = _context(place, link=_absolute(path), comment=comment)
        return _send("changes_requested", provider_addresses(place.organization_id), context)
    path = reverse("place-detail", kwargs={"municipality_slug": slug, "place_id": place.pk})
    context = _context(place, link=_absolute(path), is_change=True, is_place=True)
    return _send("published", provider_addresses(place.organization_id), context)
