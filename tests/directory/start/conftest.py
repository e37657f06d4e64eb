"""A small town with two districts (one with a sub-district), an offer in each, and a phone offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django_scopes import scopes_disabled

from nahbar.areas.models import Area
from nahbar.directory.models import Offer, Term
from tests import factories


@dataclass
class Town:
    north: Area
    north_child: Area
    south: Area
    foreign: Area
    north_offer: Offer
    south_offer: Offer
    phone_offer: Offer


@pytest.fixture
def town(cast: Any) -> Town:
    with scopes_disabled():
        north = factories.area(cast.home, "01", name="Nordviertel")
        north_child = factories.area(cast.home, "011", name="Am Anger", parent=north, level="Stadtteil", level_rank=2)
        south = factories.area(cast.home, "02", name="Südstadt")
        foreign = factories.area(cast.other, "01", name="Fremdbezirk")
        north_place = factories.place(cast.home_org, name="Anger-Treff", area=north_child)
        south_place = factories.place(cast.home_org, name="Südhaus", area=south)
        north_offer = factories.offer(cast.home_org, title="Nordcafé", contact_phone="0351 111")
        north_offer.places.set([north_place])
        factories.weekly_schedule(north_offer, place_=north_place)
        south_offer = factories.offer(cast.home_org, title="Südspaziergang", is_free=False)
        south_offer.places.set([south_place])
        factories.weekly_schedule(south_offer, place_=south_place)
        phone_offer = factories.offer(cast.home_org_b, title="Telefonkette", contact_phone="0351 222")
        phone_offer.delivery_modes.set(
            [Term.objects.get(vocabulary="delivery_mode", code="telefonisch", municipality=None)]
        )
        factories.weekly_schedule(phone_offer, byday="MO")
    return Town(north, north_child, south, foreign, north_offer, south_offer, phone_offer)
