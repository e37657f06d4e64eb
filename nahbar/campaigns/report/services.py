"""Releasing (and withdrawing) a campaign report: the only writes the report makes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from nahbar.campaigns.models import Campaign
from nahbar.tenancy import audit


@transaction.atomic
def report_release(*, actor: audit.Actor, campaign: Campaign) -> Campaign:
    """Make the report public; releasing again keeps the first date."""
    if campaign.report_released_at is None:
        campaign.report_released_at = timezone.now()
        campaign.save(update_fields=["report_released_at"])
        audit.record(
            actor=actor,
            action="campaign.report_release",
            obj=campaign,
            changes={"report_released_at": [None, campaign.report_released_at]},
        )
    return campaign


@transaction.atomic
def report_withdraw(*, actor: audit.Actor, campaign: Campaign) -> Campaign:
    if campaign.report_released_at is not None:
        before = campaign.report_released_at
        campaign.report_released_at = None
        campaign.save(update_fields=["report_released_at"])
        audit.record(
            actor=actor, action="campaign.report_withdraw", obj=campaign, changes={"report_released_at": [before, None]}
        )
    return campaign
