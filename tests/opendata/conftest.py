"""A small published directory in Heimstadt and one offer in Anderswo, for the HSDS API tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Place, Term
from nahbar.directory.search.index import refresh_offers
from tests import factories


@dataclass
class Directory:
    cast: Any
    offers: list[Offer]
    hidden: list[Offer]
    places: list[Place]
    other_offer: Offer
    other_place: Place


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code, municipality=None)


@pytest.fixture
def directory(cast: Any) -> Directory:
    with scopes_disabled():
        cafe = factories.place(
            cast.home_org,
            name="Stadtteilhaus Mitte",
            is_third_place=True,
            latitude=51.05,
            longitude=13.74,
            opening_hours=[{"days": [0, 1], "opens": "10:00", "closes": "16:00"}],
        )
        cafe.accessibility.add(Term.objects.filter(vocabulary="accessibility", municipality=None).first())
        park = factories.place(cast.home_org_b, name="Park am Fluss", postcode="01069", latitude=51.03, longitude=13.75)
        first = factories.offer(
            cast.home_org,
            title="Erzählcafé",
            easy_language_summary="Wir trinken Kaffee.",
            contact_phone="0351 1234",
            contact_email="cafe@example.org",
            contact_name="Frau Muster",
            registration_required=True,
        )
        first.places.add(cafe)
        first.languages.add(term("language", "de"))
        first.low_threshold.add(Term.objects.filter(vocabulary="low_threshold", municipality=None).first())
        factories.weekly_schedule(first, place_=cafe, byday="TU", exdates=["2024-01-09"])
        second = factories.offer(cast.home_org_b, title="Spaziergang", is_free=False, cost_note="2 € Spende")
        second.places.add(park)
        factories.weekly_schedule(second, place_=park, rrule="FREQ=DAILY;INTERVAL=2")
        third = factories.offer(cast.home_org, title="Singkreis", valid_from=dt.date(2024, 1, 1))
        draft = factories.offer(cast.home_org, title="Entwurf", review_state=Offer.ReviewState.DRAFT)
        draft.places.add(cafe)
        ended = factories.offer(cast.home_org, title="Vorbei", status=Offer.Status.ENDED)
        expired = factories.offer(cast.home_org, title="Abgelaufen", valid_until=dt.date(2020, 1, 1))
        other_place = factories.place(
            cast.other_org, name="Treff Anderswo", city="Anderswo", postcode="01067", latitude=51.05, longitude=13.74
        )
        other_offer = factories.offer(cast.other_org, title="Fremdes Erzählcafé")
        other_offer.places.add(other_place)
        factories.weekly_schedule(other_offer, place_=other_place)
        refresh_offers(Offer.objects.values_list("pk", flat=True))
    return Directory(cast, [first, second, third], [draft, ended, expired], [cafe, park], other_offer, other_place)


@pytest.fixture
def api() -> Client:
    return Client()


def url(path: str = "", slug: str = "heimstadt") -> str:
    return f"/api/hsds/{slug}/{path}"
