"""The review workflow's cast: the shared one, with e-mail addresses, a place and a published offer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Offer, Place, Term
from nahbar.directory.services import offer_create, place_create, schedule_add
from nahbar.providers.proposal import offer_proposal

OLD_SUMMARY = "Bei Kaffee und Kuchen erzählen wir uns Geschichten."
NEW_SUMMARY = "Jetzt auch mit Vorlesen aus der Zeitung."


@dataclass
class Setting:
    cast: Any
    place: Place
    published: Offer  # published, of home_org (the provider's organization)
    foreign: Offer  # published, of home_org_b (same municipality, another organization)
    elsewhere: Offer  # published, in the other municipality


@pytest.fixture
def setting(cast: Any) -> Setting:
    with scopes_disabled():
        for name, user in cast.users.items():
            get_user_model().objects.filter(pk=user.pk).update(email=f"{name}@example.org")
            user.email = f"{name}@example.org"
        place = place_create(
            actor=None,
            municipality=cast.home,
            organization=cast.home_org,
            name="Nachbarschaftstreff Mitte",
            street="Marktplatz 1",
            postcode="01067",
            city="Heimstadt",
        )
        erzaehlcafe = Term.objects.get(vocabulary="format", code="erzaehlcafe")
        published = offer_create(
            actor=None,
            organization=cast.home_org,
            title="Erzählcafé",
            summary=OLD_SUMMARY,
            review_state="published",
            places=[place],
            formats=[erzaehlcafe],
        )
        schedule_add(
            actor=None,
            offer=published,
            place=place,
            dtstart=dt.date(2026, 1, 6),
            start_time=dt.time(15),
            duration_minutes=120,
            rrule="FREQ=WEEKLY;BYDAY=TU",
        )
        foreign = offer_create(
            actor=None, organization=cast.home_org_b, title="Bibelkreis", summary="Wir lesen.", review_state="published"
        )
        elsewhere = offer_create(
            actor=None, organization=cast.other_org, title="Fremdes Café", summary="Anderswo.", review_state="published"
        )
    return Setting(cast=cast, place=place, published=published, foreign=foreign, elsewhere=elsewhere)


def proposal_of(offer: Offer, **fields: Any) -> dict[str, Any]:
    """The offer's current values with some fields changed."""
    with scope(municipality=offer.municipality):
        fresh = Offer.objects.prefetch_related("schedules").get(pk=offer.pk)
        proposal = offer_proposal(fresh)
    proposal["fields"].update(fields)
    return proposal


def new_proposal(**fields: Any) -> dict[str, Any]:
    return {
        "fields": {
            "title": "Spaziergang am Fluss",
            "summary": "Wir gehen gemeinsam eine Stunde spazieren.",
            "description": "",
            "is_free": True,
            "cost_note": "",
            "registration_required": False,
            "registration_note": "",
            "contact_name": "",
            "contact_phone": "",
            "contact_email": "",
            "contact_url": "",
            **fields,
        },
        "m2m": {"places": [], "formats": [], "target_groups": [], "low_threshold": [], "accessibility": []},
        "schedule": {
            "id": None,
            "dtstart": "2026-02-04",
            "start_time": "10:00",
            "duration_minutes": 60,
            "rrule": "FREQ=MONTHLY;BYDAY=1WE",
            "place_id": None,
            "until": None,
        },
    }
