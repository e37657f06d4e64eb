from __future__ import annotations

from django.db import transaction

from nahbar.directory.models import Offer
from nahbar.pages.models import OfferFeedback
from nahbar.tenancy import audit


@transaction.atomic
def offer_feedback_submit(*, actor: audit.Actor, offer: Offer, message: str, contact: str) -> OfferFeedback:
    """Store a visitor's "Angaben veraltet?" hint for the coordinator of the offer's municipality."""
    feedback = OfferFeedback.objects.create(
        municipality_id=offer.municipality_id, offer=offer, message=message.strip(), contact=contact.strip()
    )
    # The message may contain personal data; the audit row only notes that a hint arrived.
    audit.record(
        actor=actor,
        action="offer_feedback.submit",
        obj=feedback,
        municipality=offer.municipality,
        changes={"offer": offer.pk},
    )
    return feedback
