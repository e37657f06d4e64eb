"""Reminder mails after campaign events: one mail per offer and run, never twice for the same day.

Run daily (``python -m nahbar attendance-reminders``, e.g. each evening). For every offer of a campaign that
is running or ended less than LINK_DAYS ago, the days on which an occurrence has ended without a head count
and that were not reminded before are collected; the offer's contact address and the provider accounts
bound to its organization get one mail with the signed link. Each reminded day is written to the audit log
(object type ``campaigns.attendance_reminder``, id ``<campaign>:<offer>:<day>``), which is also how the next
run knows it was reminded already.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_scopes import scope

from nahbar.campaigns.attendance import (
    LINK_DAYS,
    attendances_by_key,
    campaign_occurrences,
    campaign_offers,
    occurrence_key,
)
from nahbar.campaigns.attendance_links import link_path
from nahbar.campaigns.models import Campaign
from nahbar.directory.models import Offer
from nahbar.directory.schedules import Occurrence
from nahbar.tenancy import audit
from nahbar.tenancy.models import AuditEvent, Membership, Municipality, Role

OBJECT_TYPE = "campaigns.attendance_reminder"


@dataclass
class ReminderReport:
    mails: int = 0
    days: int = 0
    without_address: list[str] = field(default_factory=list)  # offer titles nobody could be told about


def _reminder_id(campaign: Campaign, offer_id: int, day: dt.date) -> str:
    return f"{campaign.pk}:{offer_id}:{day.isoformat()}"


def _already_reminded(campaign: Campaign) -> set[str]:
    rows = AuditEvent.objects.filter(
        municipality_id=campaign.municipality_id, object_type=OBJECT_TYPE, object_id__startswith=f"{campaign.pk}:"
    )
    return set(rows.values_list("object_id", flat=True))


def _provider_addresses(municipality: Municipality) -> dict[int, set[str]]:
    """Organization id -> e-mail addresses of the active provider accounts bound to it (one query)."""
    addresses: dict[int, set[str]] = defaultdict(set)
    rows = Membership.objects.filter(
        municipality=municipality, role=Role.PROVIDER, user__is_active=True, organizations__isnull=False
    ).values_list("organizations", "user__email")
    for organization_id, email in rows:
        if email:
            addresses[organization_id].add(email.strip().lower())
    return addresses


def due_days(campaign: Campaign, offers: list[Offer], now: dt.datetime) -> dict[int, list[Occurrence]]:
    """Offer id -> its ended, uncounted, not yet reminded occurrences (at most LINK_DAYS old)."""
    counted = attendances_by_key(campaign)
    reminded = _already_reminded(campaign)
    oldest = timezone.localdate(now) - dt.timedelta(days=LINK_DAYS)
    due: dict[int, list[Occurrence]] = defaultdict(list)
    for occ in campaign_occurrences(campaign, offers):
        if occ.end > now or occ.start.date() < oldest:
            continue
        if occurrence_key(occ.offer.pk, occ.start) in counted:
            continue
        if _reminder_id(campaign, occ.offer.pk, occ.start.date()) in reminded:
            continue
        due[occ.offer.pk].append(occ)
    return due


def _mail(campaign: Campaign, offer: Offer, occurrences: list[Occurrence], to: list[str]) -> EmailMessage:
    link = settings.SITE_URL.rstrip("/") + link_path(campaign, offer, campaign.municipality.slug)
    context = {"campaign": campaign, "offer": offer, "occurrences": occurrences, "link": link, "days": LINK_DAYS}
    subject = render_to_string("campaigns/attendance/reminder_subject.txt", context).strip()
    body = render_to_string("campaigns/attendance/reminder_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=to)


def remind_campaign(campaign: Campaign, *, now: dt.datetime, report: ReminderReport) -> None:
    offers = {o.pk: o for o in campaign_offers(campaign)}
    addresses = _provider_addresses(campaign.municipality)
    for offer_id, occurrences in sorted(due_days(campaign, list(offers.values()), now).items()):
        offer = offers[offer_id]
        to = sorted(addresses.get(offer.organization_id, set()) | ({offer.contact_email.lower()} - {""}))
        if not to:
            report.without_address.append(offer.title)
            continue
        days = sorted({o.start.date() for o in occurrences})
        with transaction.atomic():
            for day in days:
                audit.record(
                    actor=None,
                    action="attendance.reminder",
                    municipality=campaign.municipality,
                    object_type=OBJECT_TYPE,
                    object_id=_reminder_id(campaign, offer_id, day),
                    object_repr=f"{offer.title} {day.isoformat()}"[:300],
                    changes={"recipients": len(to)},
                )
            # Sent inside the transaction: if sending fails, the days stay unreminded for the next run.
            _mail(campaign, offer, occurrences, to).send()
        report.mails += 1
        report.days += len(days)


def send_reminders(*, municipality_slug: str | None = None, now: dt.datetime | None = None) -> ReminderReport:
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ReminderReport()
    municipalities = Municipality.objects.all()
    if municipality_slug:
        municipalities = municipalities.filter(slug=municipality_slug)
    with translation.override("de"):
        for municipality in municipalities:
            with scope(municipality=municipality):
                campaigns = Campaign.objects.filter(
                    municipality=municipality,
                    starts_on__lte=today,
                    ends_on__gte=today - dt.timedelta(days=LINK_DAYS),
                )
                for campaign in campaigns:
                    campaign.municipality = municipality
                    remind_campaign(campaign, now=now, report=report)
    return report
