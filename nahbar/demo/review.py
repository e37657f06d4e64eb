"""Demo content for the review workflow: pending changes by the demo provider in the coordinator's queue.

Two published offers of the demo provider's organizations get a change: one waits for review, one
came back with a request. No offers are added or removed, so the directory's demo figures stay as they are.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth import get_user_model

from nahbar.directory.models import Offer
from nahbar.providers import services
from nahbar.providers.proposal import offer_proposal
from nahbar.tenancy.models import Membership, Municipality, Role

REVIEW_NOTE = "Neu: Wer mag, bringt ein Lieblingsfoto mit – wir erzählen uns die Geschichte dazu."
REQUEST = "Bitte nennen Sie noch eine Telefonnummer für Rückfragen."


def build_review_demo(*, municipality: Municipality, provider_username: str, rng: random.Random) -> int:
    """Create the pending changes (call without a tenant scope); returns how many."""
    provider: Any = get_user_model().objects.get(username=provider_username)
    membership = Membership.objects.get(user=provider, municipality=municipality, role=Role.PROVIDER)
    offers = list(
        Offer.objects.filter(organization__in=membership.organizations.all(), review_state=Offer.ReviewState.PUBLISHED)
        .prefetch_related("schedules", "places", "formats", "target_groups", "low_threshold", "accessibility")
        .prefetch_related("languages", "delivery_modes")
        .order_by("pk")
    )
    chosen = rng.sample(offers, min(2, len(offers)))
    coordinator = Membership.objects.filter(municipality=municipality, role=Role.COORDINATOR).first()
    for number, offer in enumerate(chosen):
        proposal = offer_proposal(offer)
        proposal["fields"]["summary"] = f"{offer.summary} {REVIEW_NOTE}"[:300]
        revision = services.revision_save(actor=provider, offer=offer, proposal=proposal, submit=True)
        if number == 1 and coordinator is not None:
            services.revision_request_changes(actor=coordinator.user, revision=revision, comment=REQUEST)
    return len(chosen)
