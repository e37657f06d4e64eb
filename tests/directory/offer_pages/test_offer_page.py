"""The offer page: content, addresses, JSON-LD, guards."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from tests import factories
from tests.directory.offer_pages.conftest import World, build_offer

pytestmark = pytest.mark.django_db

CANONICAL = "/heimstadt/angebote/{pk}-erzaehlcafe-am-markt/"


def page(world: World, prefix: str = "") -> str:
    response = Client().get(prefix + CANONICAL.format(pk=world.offer.pk))
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html: str) -> Any:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_readable_slug_redirects_to_canonical(world: World) -> None:
    pk = world.offer.pk
    assert reverse("offer-detail", kwargs={"municipality_slug": "heimstadt", "offer_id": pk}) == (
        f"/heimstadt/angebote/{pk}/"
    )
    wrongs = [f"/heimstadt/angebote/{pk}/", f"/heimstadt/angebote/{pk}-falsch/", f"/heimstadt/angebote/{pk}-/"]
    wrongs += [f"/heimstadt/angebote/{pk}-Erz%C3%A4hlcaf%C3%A9/", f"/heimstadt/angebote/{pk}-erzaehlcafe-am-markt-alt/"]
    for wrong in wrongs:
        response = Client().get(wrong)
        assert response.status_code == 301, wrong
        assert response["Location"] == CANONICAL.format(pk=pk)


def test_when(world: World) -> None:
    html = page(world)
    assert "Jeden Dienstag, 15–17 Uhr" in html
    # Next five dates from Monday 16 March 2026; 24 March is cancelled by an exdate, Easter lies between.
    for day in [
        "Dienstag, 17. März 2026",
        "Dienstag, 31. März 2026",
        "Dienstag, 7. April 2026",
        "Dienstag, 14. April 2026",
        "Dienstag, 21. April 2026",
    ]:
        assert day in html
    cancelled = re.search(r'<li class="offer-date offer-date--cancelled">(.*?)</li>', html, re.S)
    assert cancelled is not None
    assert "24. März 2026" in cancelled.group(1) and "fällt aus</strong>" in cancelled.group(1)
    assert "28. April" not in html


def test_holiday_is_shown_as_cancelled(cast: Any) -> None:
    world = build_offer(cast)
    with scopes_disabled():
        factories.weekly_schedule(world.offer, byday="FR", dtstart=world.tuesday.dtstart, runs_on_holidays=False)
    html = page(world)
    assert "fällt aus (Feiertag: Karfreitag)" in html


def test_where_who_costs_and_more(world: World) -> None:
    html = page(world)
    assert "Stadtteilhaus Mitte" in html and "Hauptstraße 1, 01067 Heimstadt" in html
    assert "stufenlos erreichbar" in html
    assert "Straßenbahn 3, Haltestelle Markt" in html
    assert f'href="/heimstadt/orte/{world.place.pk}/"' in html
    assert "Nachbarschaftsverein Heimstadt" in html
    assert 'href="tel:035112345"' in html and 'href="mailto:cafe@example.org"' in html
    assert "Die Teilnahme ist kostenlos. Spende für Kuchen" in html
    assert "eine Anmeldung ist nicht nötig" in html
    assert "allein kommen ausdrücklich willkommen" in html
    # Markdown rendered and sanitised, headings below the page's own.
    assert "<h3>Ablauf</h3>" in html and "<strong>trinken</strong>" in html and "<script>alert" not in html
    assert '<section class="offer-section offer-easy" lang="de"' in html
    assert "In Leichter Sprache</h2>" in html and "Wir trinken Kaffee.<br>Wir reden." in html
    assert 'Türkisch (<span lang="tr">Türkçe</span>)' in html


def test_share_and_actions(world: World) -> None:
    html = page(world)
    pk = world.offer.pk
    assert f'value="http://testserver/heimstadt/angebote/{pk}-erzaehlcafe-am-markt/"' in html
    assert "mailto:?subject=Erz%C3%A4hlcaf%C3%A9%20am%20Markt&amp;body=" in html
    assert f'href="/heimstadt/angebote/{pk}/kalender.ics"' in html
    assert f'href="/heimstadt/angebote/{pk}/termin/2026-03-17T1500.ics"' in html
    assert f'href="/heimstadt/angebote/{pk}/drucken/"' in html
    assert f'href="/heimstadt/angebote/{pk}/hinweis/"' in html
    assert "facebook" not in html.lower() and "twitter" not in html.lower()


def test_phone_offer_explains_delivery(cast: Any) -> None:
    with scopes_disabled():
        offer = factories.offer(cast.home_org, title="Telefonkette")
        offer.delivery_modes.set([factories_term("delivery_mode", "telefonisch")])
        factories.weekly_schedule(offer, byday="WE", dtstart=__import__("datetime").date(2026, 1, 7))
    html = Client().get(f"/heimstadt/angebote/{offer.pk}-telefonkette/").content.decode()
    assert "Telefonisch:</strong> Findet am Telefon statt." in html
    event = json_ld(html)[0]
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"][0]["@type"] == "VirtualLocation"


def factories_term(vocabulary: str, code: str) -> Any:
    from tests.directory.offer_pages.conftest import term

    return term(vocabulary, code)


def test_json_ld_events(world: World) -> None:
    events = json_ld(page(world))
    assert [e["startDate"] for e in events][:3] == [
        "2026-03-17T15:00:00+01:00",
        "2026-03-31T15:00:00+02:00",  # summer time from 29 March
        "2026-04-07T15:00:00+02:00",
    ]
    event = events[0]
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert event["name"] == "Erzählcafé am Markt"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    location = event["location"][0]
    assert location["@type"] == "Place" and location["address"]["@type"] == "PostalAddress"
    assert location["address"]["postalCode"] == "01067" and location["geo"]["latitude"] == 51.05
    assert event["organizer"] == {"@type": "Organization", "name": "Nachbarschaftsverein Heimstadt"}
    assert event["offers"]["price"] == 0 and event["isAccessibleForFree"] is True
    assert event["inLanguage"] == ["de", "tr"]


def test_json_ld_cannot_be_broken_out_of(cast: Any) -> None:
    world = build_offer(cast, summary='</script><script>alert("x")</script> & mehr')
    html = page(world)
    assert "<script>alert" not in html
    assert json_ld(html)[0]["description"] == '</script><script>alert("x")</script> & mehr'


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_page_guards(world: World, prefix: str) -> None:
    html = page(world, prefix)
    assert html.count("<h1") == 1
    assert 'href="#inhalt"' in html and '<main id="inhalt"' in html
    assert "Erklärung zur Barrierefreiheit" in html or "accessibility" in html.lower()
    assert "/barrierefreiheit/?seite=" in html


def test_english_ui(world: World) -> None:
    response = Client().get(f"/en/heimstadt/angebote/{world.offer.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/heimstadt/angebote/{world.offer.pk}-erzaehlcafe-am-markt/"
    html = page(world, "/en")
    assert '<html lang="en"' in html
    assert "Tuesday, 17 March 2026" in html or "Tuesday" in html
    assert "Turkish" in html and '(<span lang="de">Deutsch</span>)' in html


def test_not_found(cast: Any, world: World) -> None:
    client = Client()
    pk = world.offer.pk
    assert client.get(f"/anderswo/angebote/{pk}/").status_code == 404
    assert client.get(f"/anderswo/angebote/{pk}-erzaehlcafe-am-markt/").status_code == 404
    assert client.get("/heimstadt/angebote/999999/").status_code == 404
    changes: list[dict[str, str]] = [{"review_state": Offer.ReviewState.SUBMITTED}, {"status": Offer.Status.PAUSED}]
    for change in changes:
        with scopes_disabled():
            Offer.objects.filter(pk=pk).update(**change)
        for suffix in ["", "kalender.ics", "drucken/", "hinweis/", "termin/2026-03-17T1500.ics"]:
            assert client.get(f"/heimstadt/angebote/{pk}/{suffix}").status_code == 404, (change, suffix)
        with scopes_disabled():
            Offer.objects.filter(pk=pk).update(review_state=Offer.ReviewState.PUBLISHED, status=Offer.Status.ACTIVE)


def _queries(path: str) -> int:
    client = Client()
    client.get(path)  # warm caches (content types, holidays)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_constant(cast: Any) -> None:
    small = build_offer(cast)
    large = build_offer(cast)
    with scopes_disabled():
        for n in range(4):
            place = factories.place(cast.home_org, name=f"Ort {n}")
            place.accessibility.set([factories_term("accessibility", "rollstuhlgerecht")])
            large.offer.places.add(place)
            factories.weekly_schedule(large.offer, place_=place, byday="WE", dtstart=small.tuesday.dtstart)
    paths = [CANONICAL.format(pk=small.offer.pk), CANONICAL.format(pk=large.offer.pk)]
    assert _queries(paths[0]) == _queries(paths[1])
    place_paths = [f"/heimstadt/orte/{small.place.pk}/", f"/heimstadt/orte/{large.place.pk}/"]
    with scopes_disabled():
        for _n in range(4):
            extra = build_offer(cast).offer
            extra.places.set([large.place])
    assert _queries(place_paths[0]) == _queries(place_paths[1])
