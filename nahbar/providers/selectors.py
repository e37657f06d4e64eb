"""Reads for the provider dashboard and the review queue, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from nahbar.campaigns.models import CampaignEntry
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.providers.models import OPEN_STATES, OfferRevision, PlaceRevision, ReviewComment, RevisionState
from nahbar.tenancy.models import Municipality
from nahbar.tenancy.roles import organization_ids


def provider_organizations(user: Any, municipality: Municipality) -> list[Organization]:
    ids = organization_ids(user)
    if not ids:
        return []
    return list(Organization.objects.filter(municipality=municipality, pk__in=ids))


def organization_places(organizations: list[Organization]) -> list[Place]:
    return list(Place.objects.filter(organization__in=organizations).select_related("organization"))


def dashboard_places(organizations: list[Organization]) -> list[Place]:
    """The organizations' places with their open change and its latest comment."""
    open_changes = PlaceRevision.objects.filter(state__in=OPEN_STATES).prefetch_related(
        Prefetch("comments", queryset=ReviewComment.objects.all(), to_attr="comments_newest_first")
    )
    return list(
        Place.objects.filter(organization__in=organizations).prefetch_related(
            Prefetch("revisions", queryset=open_changes, to_attr="open_revisions")
        )
    )


def dashboard_offers(organizations: list[Organization]) -> list[Offer]:
    """The organizations' offers with their open revision and the latest coordinator comment."""
    return list(
        Offer.objects.filter(organization__in=organizations)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "revisions", queryset=OfferRevision.objects.filter(state__in=OPEN_STATES), to_attr="open_revisions"
            ),
            Prefetch("review_comments", queryset=ReviewComment.objects.all(), to_attr="comments_newest_first"),
        )
        .order_by("organization__name", "title")
    )


def offer_for_form(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    return queryset.select_related("organization").prefetch_related(
        "schedules",
        "places",
        "delivery_modes",
        "formats",
        "target_groups",
        "low_threshold",
        "accessibility",
        "languages",
    )


@dataclass(frozen=True)
class QueueItem:
    """A submitted new offer, a submitted change of a published one, or of a public place."""

    offer: Offer | None
    revision: OfferRevision | None
    submitted_at: dt.datetime
    place_revision: PlaceRevision | None = None

    @property
    def campaigns(self) -> list[str]:
        return [entry.campaign.name for entry in self.offer.campaign_entries.all()] if self.offer else []


def _with_campaigns(prefix: str = "") -> Prefetch:
    return Prefetch(f"{prefix}campaign_entries", queryset=CampaignEntry.objects.select_related("campaign"))


def review_queue(municipality: Municipality) -> list[QueueItem]:
    """Oldest first: new offers by their last change (the submission), changes by submission time."""
    offers = (
        Offer.objects.filter(municipality=municipality, review_state=Offer.ReviewState.SUBMITTED)
        .select_related("organization")
        .prefetch_related(_with_campaigns())
    )
    revisions = (
        OfferRevision.objects.filter(municipality=municipality, state=RevisionState.SUBMITTED)
        .select_related("offer__organization", "author")
        .prefetch_related(_with_campaigns("offer__"))
    )
    places = PlaceRevision.objects.filter(municipality=municipality, state=RevisionState.SUBMITTED).select_related(
        "place__organization"
    )
    items = [QueueItem(offer, None, offer.updated_at) for offer in offers]
    items += [QueueItem(r.offer, r, r.submitted_at or r.updated_at) for r in revisions]
    items += [QueueItem(None, None, r.submitted_at or r.updated_at, place_revision=r) for r in places]
    return sorted(items, key=lambda item: item.submitted_at)


def schedules_prefetch() -> Prefetch:
    return Prefetch("schedules", queryset=Schedule.objects.select_related("place"))
