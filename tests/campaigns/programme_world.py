"""A small programme: two districts, four offers (two shown), and another municipality's campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django_scopes import scopes_disabled

from nahbar.campaigns.models import Campaign
from nahbar.directory.models import Offer
from tests import factories
from tests.campaigns.conftest import enter, make_campaign, term


@dataclass
class World:
    campaign: Campaign
    other_campaign: Campaign
    mitte: Any
    nord: Any
    cafe: Offer
    walk: Offer


def build(cast: Any, extra_offers: int = 0) -> World:
    with scopes_disabled():
        campaign = make_campaign(cast.home, starts_on=dt.date(2026, 9, 14), ends_on=dt.date(2026, 9, 20))
        mitte = factories.area(cast.home, code="01", name="Mitte")
        nord = factories.area(cast.home, code="02", name="Nord")
        step_free = term("accessibility", "stufenlos")
        place_a = factories.place(cast.home_org, name="Treff Mitte", area=mitte, latitude=52.05, longitude=13.05)
        place_a.accessibility.set([step_free])
        place_b = factories.place(cast.home_org_b, name="Gemeindehaus Nord", area=nord, latitude=52.08, longitude=13.02)
        cafe = factories.offer(cast.home_org, title="Erzählcafé Mitte", is_free=True)
        cafe.formats.set([term("format", "erzaehlcafe")])
        cafe.target_groups.set([term("target_group", "aeltere")])
        cafe.places.set([place_a])
        factories.weekly_schedule(cafe, place_=place_a, dtstart=dt.date(2026, 9, 14), rrule="", start_time=dt.time(15))
        walk = factories.offer(cast.home_org_b, title="Spaziergang Nord", is_free=False, cost_note="2 €")
        walk.formats.set([term("format", "bewegung")])
        factories.weekly_schedule(walk, place_=place_b, start_time=dt.time(10))
        draft = factories.offer(cast.home_org, title="Noch in Prüfung", review_state=Offer.ReviewState.SUBMITTED)
        factories.weekly_schedule(draft, place_=place_a)
        outside = factories.offer(cast.home_org, title="Nicht angemeldet")
        factories.weekly_schedule(outside, place_=place_a)
        for offer in (cafe, walk, draft):
            enter(campaign, offer)
        for i in range(extra_offers):
            more = factories.offer(cast.home_org, title=f"Weiteres Angebot {i}")
            more.formats.set([term("format", "kreativ")])
            more.places.set([place_a])
            factories.weekly_schedule(more, place_=place_b if i % 2 else place_a, byday="MO,WE")
            enter(campaign, more)
        other_campaign = make_campaign(cast.other, slug="aktionswoche-test")
        foreign = factories.offer(cast.other_org, title="Fremder Spaziergang")
        factories.weekly_schedule(foreign)
        enter(other_campaign, foreign)
    return World(campaign, other_campaign, mitte, nord, cafe, walk)
