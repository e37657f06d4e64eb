from __future__ import annotations

from django.db import transaction

from nahbar.pages.models import BarrierFeedback
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality


@transaction.atomic
def barrier_feedback_submit(*, actor: audit.Actor, page: str, message: str, contact: str) -> BarrierFeedback:
    slug = page.strip("/").split("/")[0] if page.startswith("/") else ""
    if slug == "en":
        slug = page.strip("/").split("/")[1] if page.count("/") > 2 else ""
    municipality = Municipality.objects.filter(slug=slug).first() if slug else None
    feedback = BarrierFeedback.objects.create(municipality=municipality, page=page, message=message, contact=contact)
    # The message may contain personal data; the audit row only notes that feedback arrived.
    audit.record(
        actor=actor, action="barrier_feedback.submit", obj=feedback, municipality=municipality, changes={"page": page}
    )
    return feedback
