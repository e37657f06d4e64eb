"""Demo offers and places render: real data with all its variety, not just our fixtures."""

from __future__ import annotations

import json
import re
from typing import Any

import icalendar
import pytest
from django.test import Client
from django_scopes import scope

from nahbar.demo.build import demo_build
from nahbar.directory.models import Place
from nahbar.directory.offer_pages.links import offer_url
from nahbar.directory.selectors import public_offers
from nahbar.tenancy.models import Municipality
from tests.directory.offer_pages.conftest import NOW

pytestmark = pytest.mark.django_db


def test_demo_offer_and_place_pages_render(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_build(today=NOW.date())
    municipality = Municipality.objects.get(is_demo=True)
    with scope(municipality=municipality):
        # A spread sample keeps the test short (building the demo alone takes a while).
        offers = list(public_offers(municipality, on=NOW.date()).order_by("pk"))[::8]
        place_ids = list(Place.objects.filter(is_third_place=True).values_list("pk", flat=True))[:15]
    assert offers and place_ids
    client = Client()
    with scope(municipality=municipality):
        urls = [offer_url(offer, municipality.slug) for offer in offers]
    for offer, url in zip(offers, urls, strict=True):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
        ics = client.get(f"/{municipality.slug}/angebote/{offer.pk}/kalender.ics")
        assert ics.status_code == 200
        icalendar.Calendar.from_ical(ics.content)
    for pk in place_ids:
        assert client.get(f"/{municipality.slug}/orte/{pk}/").status_code == 200
