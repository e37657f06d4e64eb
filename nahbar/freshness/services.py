"""Writes of the freshness loop. Each takes an explicit actor and writes an audit row.

Answers through an e-mail link have no logged-in user: their actor is ``None`` (the audit log's
"system"), and the audit row says which reminder and link it came through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from nahbar.directory.models import Offer
from nahbar.directory.services import offer_confirm
from nahbar.freshness.dates import State, confirmed_at, state_of
from nahbar.freshness.links import link_url
from nahbar.freshness.models import Reminder
from nahbar.freshness.recipients import coordinator_addresses, recipients_of
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality


def _mail(reminder: Reminder, offer: Offer, municipality: Municipality) -> EmailMessage:
    reply_to = coordinator_addresses(municipality.pk)
    with translation.override("de"):
        context = {
            "offer": offer,
            "municipality": municipality,
            "basis": timezone.localtime(reminder.basis),
            "confirm_url": link_url(municipality.slug, reminder.pk, "confirm"),
            "pause_url": link_url(municipality.slug, reminder.pk, "pause"),
            "end_url": link_url(municipality.slug, reminder.pk, "end"),
            "link_days": settings.NAHBAR_FRESHNESS_LINK_DAYS,
            "reply_to": reply_to,
            "withdrawn": state_of(offer, municipality, timezone.now()) is State.WITHDRAWN,
        }
        subject = render_to_string("freshness/mail/reminder_subject.txt", context).strip()
        body = render_to_string("freshness/mail/reminder.txt", context)
    return EmailMessage(subject=subject, body=body, to=reminder.recipients, reply_to=reply_to)


@transaction.atomic
def reminder_send(*, actor: audit.Actor, offer: Offer, manual: bool = False) -> Reminder | None:
    """Log and send one "still running?" e-mail; None when nobody can be written to.

    The scheduled run (manual=False) sends at most one per offer and confirmation (the unique
    constraint backs the check); a coordinator may send another one by hand.
    """
    basis = confirmed_at(offer)
    if not manual and Reminder.objects.filter(offer=offer, basis=basis, manual=False).exists():
        return None
    recipients = recipients_of(offer)
    if not recipients:
        return None
    reminder = Reminder.objects.create(
        municipality_id=offer.municipality_id, offer=offer, basis=basis, manual=manual, recipients=recipients
    )
    _mail(reminder, offer, offer.municipality).send()
    audit.record(
        actor=actor,
        action="offer.freshness_reminder",
        obj=offer,
        changes={"reminder": reminder.pk, "recipients": recipients, "manual": manual, "basis": basis},
    )
    return reminder


def _answered(reminder: Reminder, answer: str) -> None:
    reminder.answer = answer
    reminder.answered_at = timezone.now()
    reminder.save(update_fields=["answer", "answered_at"])


@transaction.atomic
def offer_pause(*, actor: audit.Actor, offer: Offer, until: dt.date, via: dict[str, Any] | None = None) -> Offer:
    """Pause until ``until``: out of the finder now, back on that day. Also counts as a confirmation."""
    before = audit.snapshot(offer, ["status", "paused_until", "assured_at"])
    offer.status = Offer.Status.PAUSED
    offer.paused_until = until
    offer.assured_at = timezone.now()
    offer.save(update_fields=["status", "paused_until", "assured_at", "updated_at"])
    changes = audit.diff(before, audit.snapshot(offer, ["status", "paused_until", "assured_at"]))
    audit.record(actor=actor, action="offer.pause", obj=offer, changes={**changes, **(via or {})})
    return offer


@transaction.atomic
def offer_end(*, actor: audit.Actor, offer: Offer, via: dict[str, Any] | None = None) -> Offer:
    before = audit.snapshot(offer, ["status", "paused_until"])
    offer.status = Offer.Status.ENDED
    offer.paused_until = None
    offer.save(update_fields=["status", "paused_until", "updated_at"])
    changes = audit.diff(before, audit.snapshot(offer, ["status", "paused_until"]))
    audit.record(actor=actor, action="offer.end", obj=offer, changes={**changes, **(via or {})})
    return offer


@transaction.atomic
def offer_confirm_via(*, actor: audit.Actor, offer: Offer, via: dict[str, Any]) -> Offer:
    """Confirm (sets ``assured_at``) and say through which way, in a second audit row."""
    offer_confirm(actor=actor, offer=offer)
    audit.record(actor=actor, action="offer.freshness_answer", obj=offer, changes={"answer": "confirmed", **via})
    return offer


@transaction.atomic
def link_answer(*, reminder: Reminder, action: str, until: dt.date | None = None) -> Offer:
    """Act on a reminder link's answer (the view checked the token and that it is unused)."""
    offer = Offer.objects.select_for_update().get(pk=reminder.offer_id)
    via = {"via": "reminder-link", "reminder": reminder.pk}
    if action == "confirm":
        offer_confirm_via(actor=None, offer=offer, via=via)
        _answered(reminder, Reminder.Answer.CONFIRMED)
    elif action == "pause":
        if until is None:
            raise ValueError("pausing needs a date")
        offer_pause(actor=None, offer=offer, until=until, via=via)
        _answered(reminder, Reminder.Answer.PAUSED)
    elif action == "end":
        offer_end(actor=None, offer=offer, via=via)
        _answered(reminder, Reminder.Answer.ENDED)
    else:
        raise ValueError(action)
    return offer


@transaction.atomic
def paused_offers_resume(*, actor: audit.Actor, municipality: Municipality, today: dt.date) -> list[Offer]:
    """Paused offers whose ``paused_until`` has come run again; their freshness clock restarts today."""
    due = list(
        Offer.objects.filter(municipality=municipality, status=Offer.Status.PAUSED, paused_until__lte=today)
        .select_for_update()
        .order_by("pk")
    )
    now = timezone.now()
    for offer in due:
        before = audit.snapshot(offer, ["status", "paused_until", "assured_at"])
        offer.status = Offer.Status.ACTIVE
        offer.paused_until = None
        offer.assured_at = now
        offer.save(update_fields=["status", "paused_until", "assured_at", "updated_at"])
        changes = audit.diff(before, audit.snapshot(offer, ["status", "paused_until", "assured_at"]))
        audit.record(actor=actor, action="offer.resume", obj=offer, changes=changes)
    return due
