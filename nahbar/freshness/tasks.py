"""The mail batch as a django-tasks task, so a queue backend can send it outside the command."""

from __future__ import annotations

from django_scopes import scope
from django_tasks import task

from nahbar.directory.models import Offer
from nahbar.freshness.services import reminder_send
from nahbar.tenancy.models import Municipality


@task()
def send_reminders(municipality_id: int, offer_ids: list[int]) -> dict[str, int]:
    """One reminder per offer (unless one went out for this cycle meanwhile). Arguments are plain ids:
    a queue stores them as JSON."""
    municipality = Municipality.objects.get(pk=municipality_id)
    sent = skipped = 0
    with scope(municipality=municipality):
        offers = Offer.objects.filter(municipality=municipality, pk__in=offer_ids).select_related(
            "organization", "municipality"
        )
        for offer in offers.order_by("pk"):
            if reminder_send(actor=None, offer=offer) is None:
                skipped += 1
            else:
                sent += 1
    return {"sent": sent, "skipped": skipped}
