"""Reads of the freshness loop: which offers are due, and the coordinator's overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from nahbar.directory.models import Offer
from nahbar.freshness.dates import State, confirmed_at, reminder_cutoff, state_of
from nahbar.freshness.models import Reminder
from nahbar.tenancy.models import Municipality


def stale_offers(municipality: Municipality, now: dt.datetime) -> QuerySet[Offer]:
    """Published, running offers whose last confirmation is older than the municipality's N months."""
    return (
        Offer.objects.filter(
            municipality=municipality, review_state=Offer.ReviewState.PUBLISHED, status=Offer.Status.ACTIVE
        )
        .alias(basis=Coalesce(F("assured_at"), F("created_at")))
        .filter(basis__lt=reminder_cutoff(municipality, now))
    )


def due_offer_ids(municipality: Municipality, now: dt.datetime) -> list[int]:
    """Stale offers nobody has been reminded about in this cycle (since their last confirmation)."""
    reminded = Reminder.objects.filter(
        offer_id=OuterRef("pk"), manual=False, basis=Coalesce(OuterRef("assured_at"), OuterRef("created_at"))
    )
    return list(stale_offers(municipality, now).filter(~Exists(reminded)).order_by("pk").values_list("pk", flat=True))


@dataclass
class StaleRow:
    offer: Offer
    confirmed: dt.datetime
    last_reminder: Reminder | None


@dataclass
class Overview:
    due: list[StaleRow] = field(default_factory=list)  # "Erinnerung fällig"
    reminded: list[StaleRow] = field(default_factory=list)  # "erinnert am …"
    withdrawn: list[StaleRow] = field(default_factory=list)  # "aus dem Finder genommen"

    @property
    def total(self) -> int:
        return len(self.due) + len(self.reminded) + len(self.withdrawn)


def overview(municipality: Municipality, now: dt.datetime) -> Overview:
    """The dashboard's three groups in two queries (offers with organizations; their reminders)."""
    offers = list(
        stale_offers(municipality, now).select_related("organization").order_by("organization__name", "title")
    )
    latest: dict[int, Reminder] = {}
    for sent in Reminder.objects.filter(offer__in=[o.pk for o in offers]).order_by("sent_at", "pk"):
        latest[sent.offer_id] = sent  # later ones overwrite: the newest stays
    result = Overview()
    for offer in offers:
        basis = confirmed_at(offer)
        reminder: Reminder | None = latest.get(offer.pk)
        if reminder is not None and reminder.basis != basis:
            reminder = None  # about an earlier cycle
        row = StaleRow(offer=offer, confirmed=basis, last_reminder=reminder)
        if state_of(offer, municipality, now) is State.WITHDRAWN:
            result.withdrawn.append(row)
        elif reminder is None:
            result.due.append(row)
        else:
            result.reminded.append(row)
    return result
