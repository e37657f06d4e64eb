"""A fixed "now" (Monday 16 March 2026, 08:00 in Berlin, two weeks before the switch to summer time)
and a fully described offer in the cast's home municipality (Saxony)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Place, Schedule, Term
from nahbar.directory.offer_pages import dates
from tests import factories

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 3, 16, 8, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr(dates, "now", lambda: NOW)
    return NOW


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code, municipality=None)


@dataclass
class World:
    offer: Offer
    place: Place
    tuesday: Schedule


def build_offer(cast: Any, **kw: Any) -> World:
    with scopes_disabled():
        place = factories.place(
            cast.home_org,
            name="Stadtteilhaus Mitte",
            latitude=51.05,
            longitude=13.74,
            transit_note="Straßenbahn 3, Haltestelle Markt",
            opening_hours=[{"days": [0, 1, 2], "opens": "10:00", "closes": "16:00"}],
            is_third_place=True,
        )
        place.accessibility.set([term("accessibility", "stufenlos")])
        defaults: dict[str, Any] = {
            "description": "## Ablauf\n\nWir **trinken** Kaffee.<script>alert(1)</script>",
            "easy_language_summary": "Wir trinken Kaffee.\nWir reden.",
            "contact_phone": "0351 / 12 34-5",
            "contact_email": "cafe@example.org",
            "cost_note": "Spende für Kuchen",
            "registration_note": "",
        }
        defaults.update(kw)
        offer = factories.offer(cast.home_org, title="Erzählcafé am Markt", **defaults)
        offer.places.set([place])
        offer.low_threshold.set([term("low_threshold", "allein-willkommen")])
        offer.languages.set([term("language", "de"), term("language", "tr")])
        offer.delivery_modes.set([term("delivery_mode", "vor-ort")])
        tuesday = factories.weekly_schedule(
            offer,
            place_=place,
            byday="TU",
            dtstart=dt.date(2026, 1, 6),
            exdates=["2026-03-24"],
            runs_on_holidays=False,
        )
    return World(offer=offer, place=place, tuesday=tuesday)


@pytest.fixture
def world(cast: Any) -> World:
    return build_offer(cast)
