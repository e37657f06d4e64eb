"""Providers take part in a campaign: a new event (an offer in review) or one of their published offers.

Every rule is checked here, not only in the form, so no other caller can skip one: the submission window,
the organization the provider acts for, dates inside the campaign period, no offer twice. A refused
submission raises ValidationError with a translated message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.campaigns.notify import send_submission_mails
from nahbar.directory.models import Offer, Organization, Place, Term
from nahbar.directory.recurrence import expand
from nahbar.directory.services import offer_create, schedule_add
from nahbar.tenancy import audit
from nahbar.tenancy.predicates import acts_for_organization


class Repeat:
    ONCE = "einmalig"
    DAILY = "taeglich"
    WEEKLY = "woechentlich"
    RULES = {ONCE: "", DAILY: "FREQ=DAILY", WEEKLY: "FREQ=WEEKLY"}


@dataclass
class EventDates:
    """When a new campaign event takes place: a first date, optionally repeated until a last one, plus extras."""

    first: dt.date
    start_time: dt.time | None
    duration_minutes: int
    repeat: str = Repeat.ONCE
    last: dt.date | None = None
    extra: list[dt.date] = field(default_factory=list)

    def all_named(self) -> list[dt.date]:
        return [self.first, *([self.last] if self.last else []), *self.extra]


def window_is_open(campaign: Campaign, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return campaign.submissions_open_on <= today <= campaign.submissions_close_on


def _check_window(campaign: Campaign) -> None:
    if not window_is_open(campaign):
        raise ValidationError(
            _("Die Einreichung für „%(name)s“ ist nicht möglich: Sie läuft vom %(start)s bis %(end)s.")
            % {
                "name": campaign.name,
                "start": campaign.submissions_open_on.strftime("%d.%m.%Y"),
                "end": campaign.submissions_close_on.strftime("%d.%m.%Y"),
            }
        )


def _check_organization(actor: Any, campaign: Campaign, organization: Organization) -> None:
    if organization.municipality_id != campaign.municipality_id or not acts_for_organization(actor, organization):
        raise ValidationError(_("Sie können nur für Ihre eigenen Organisationen einreichen."))


def check_dates(campaign: Campaign, dates: EventDates) -> None:
    """Every named date inside the campaign period; a repetition needs a last date not before the first."""
    outside = sorted({d for d in dates.all_named() if not campaign.starts_on <= d <= campaign.ends_on})
    if outside:
        raise ValidationError(
            _("Diese Termine liegen außerhalb der Aktionswoche (%(start)s bis %(end)s): %(dates)s")
            % {
                "start": campaign.starts_on.strftime("%d.%m.%Y"),
                "end": campaign.ends_on.strftime("%d.%m.%Y"),
                "dates": ", ".join(d.strftime("%d.%m.%Y") for d in outside),
            }
        )
    if dates.repeat not in Repeat.RULES:
        raise ValidationError(_("Bitte wählen Sie, ob und wie sich der Termin wiederholt."))
    if dates.last and dates.last < dates.first:
        raise ValidationError(_("Der letzte Termin liegt vor dem ersten."))


def _check_answers(campaign: Campaign, answers: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for question in campaign.questions:
        value = str(answers.get(question["key"], "")).strip()[:2000]
        if question.get("required") and not value:
            raise ValidationError(_("Bitte beantworten Sie die Frage „%(label)s“.") % {"label": question["label"]})
        cleaned[question["key"]] = value
    return cleaned


def _lock(campaign: Campaign) -> Campaign:
    """Re-read the campaign row locked, so two submissions (a double click) run one after the other."""
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def entry_create(*, actor: Any, campaign: Campaign, offer: Offer, answers: dict[str, str]) -> CampaignEntry:
    entry = CampaignEntry.objects.create(
        municipality_id=campaign.municipality_id,
        campaign=campaign,
        offer=offer,
        answers=answers,
        submitted_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.record(actor=actor, action="campaignentry.create", obj=entry, changes=audit.snapshot(entry))
    return entry


def submit_new_event(
    *,
    actor: Any,
    campaign: Campaign,
    organization: Organization,
    place: Place | None,
    dates: EventDates,
    offer_fields: dict[str, Any],
    formats: list[Term],
    target_groups: list[Term],
    answers: dict[str, str],
) -> CampaignEntry:
    """A new offer in review (``submitted``) with one schedule inside the period, and its campaign entry."""
    _check_window(campaign)
    _check_organization(actor, campaign, organization)
    if place is not None and place.municipality_id != campaign.municipality_id:
        raise ValidationError(_("Dieser Ort gehört zu einer anderen Kommune."))
    check_dates(campaign, dates)
    answers = _check_answers(campaign, answers)
    with transaction.atomic():
        campaign = _lock(campaign)
        title = offer_fields["title"].strip()
        if CampaignEntry.objects.filter(
            campaign=campaign, offer__organization=organization, offer__title__iexact=title
        ).exists():
            raise ValidationError(_("„%(title)s“ ist für diese Aktionswoche schon eingereicht.") % {"title": title})
        offer = offer_create(
            actor=actor,
            organization=organization,
            **{**offer_fields, "title": title},
            review_state=Offer.ReviewState.SUBMITTED,
            places=[place] if place else [],
            formats=formats,
            target_groups=target_groups,
        )
        schedule_add(
            actor=actor,
            offer=offer,
            place=place,
            dtstart=dates.first,
            start_time=dates.start_time,
            duration_minutes=dates.duration_minutes,
            rrule=Repeat.RULES[dates.repeat],
            until=(dates.last or campaign.ends_on) if dates.repeat != Repeat.ONCE else None,
            rdates=sorted({d.isoformat() for d in dates.extra if d != dates.first}),
            # The provider named these dates for the campaign: a public holiday inside it does not cancel them.
            runs_on_holidays=True,
        )
        entry = entry_create(actor=actor, campaign=campaign, offer=offer, answers=answers)
    send_submission_mails(entry, actor=actor, new_offer=True)
    return entry


def has_date_in_period(offer: Offer, campaign: Campaign, land: str) -> bool:
    """Needs the offer's schedules prefetched; makes no queries."""
    return any(
        expand(s.spec(), start=campaign.starts_on, end=campaign.ends_on, land=land, limit=1)
        for s in offer.schedules.all()
    )


def flag_existing_offer(*, actor: Any, campaign: Campaign, offer: Offer, answers: dict[str, str]) -> CampaignEntry:
    """Enter one of the provider's published offers with a date inside the period."""
    _check_window(campaign)
    _check_organization(actor, campaign, offer.organization)
    if not offer.is_public():
        raise ValidationError(_("Nur veröffentlichte, laufende Angebote können angemeldet werden."))
    if not has_date_in_period(offer, campaign, campaign.municipality.land):
        raise ValidationError(_("„%(title)s“ hat keinen Termin in der Aktionswoche.") % {"title": offer.title})
    answers = _check_answers(campaign, answers)
    with transaction.atomic():
        campaign = _lock(campaign)
        if CampaignEntry.objects.filter(campaign=campaign, offer=offer).exists():
            raise ValidationError(
                _("„%(title)s“ ist für diese Aktionswoche schon angemeldet.") % {"title": offer.title}
            )
        entry = entry_create(actor=actor, campaign=campaign, offer=offer, answers=answers)
    send_submission_mails(entry, actor=actor, new_offer=False)
    return entry
