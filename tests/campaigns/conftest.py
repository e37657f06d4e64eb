"""A campaign in the standing cast's home municipality, with its submission window open today."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.directory.models import Offer, Term
from tests import factories

QUESTIONS = [
    {"key": "partner", "label": "Mit wem arbeiten Sie zusammen?", "required": True},
    {"key": "hinweis", "label": "Sonst noch etwas?", "required": False},
]


def make_campaign(municipality: Any, slug: str = "aktionswoche-test", **kw: Any) -> Campaign:
    today = timezone.localdate()
    defaults: dict[str, Any] = {
        "name": "Aktionswoche gegen Einsamkeit",
        "theme": "Gemeinsam statt einsam",
        "starts_on": today + dt.timedelta(days=10),
        "ends_on": today + dt.timedelta(days=16),
        "submissions_open_on": today - dt.timedelta(days=5),
        "submissions_close_on": today + dt.timedelta(days=5),
        "questions": QUESTIONS,
    }
    defaults.update(kw)
    return Campaign.objects.create(municipality=municipality, slug=slug, **defaults)


def enter(campaign: Campaign, offer: Offer) -> CampaignEntry:
    return CampaignEntry.objects.create(municipality_id=campaign.municipality_id, campaign=campaign, offer=offer)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code, municipality=None)


@pytest.fixture
def campaign(cast: Any) -> Campaign:
    with scopes_disabled():
        return make_campaign(cast.home)


@pytest.fixture
def provider_place(cast: Any) -> Any:
    with scopes_disabled():
        return factories.place(cast.home_org, name="Nachbarschaftstreff Mitte")
