""" "Angaben veraltet?": the form, the stored hint, the audit row, the honeypot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from nahbar.pages.models import OfferFeedback
from nahbar.tenancy.models import AuditEvent
from tests.directory.offer_pages.conftest import World

pytestmark = pytest.mark.django_db


def url(world: World, slug: str = "heimstadt") -> str:
    return f"/{slug}/angebote/{world.offer.pk}/hinweis/"


def stored() -> list[OfferFeedback]:
    with scopes_disabled():
        return list(OfferFeedback.objects.all())


def test_form_page(world: World) -> None:
    html = Client().get(url(world)).content.decode()
    assert html.count("<h1") == 1 and "Angaben veraltet?" in html
    assert 'name="message"' in html and 'name="contact"' in html
    assert 'tabindex="-1"' in html and 'aria-hidden="true"' in html  # the honeypot is out of reach


def test_valid_hint_is_stored_with_audit(cast: Any, world: World) -> None:
    response = Client().post(url(world), {"message": "Jetzt donnerstags!", "contact": "0351 1", "website": ""})
    assert response.status_code == 302 and response["Location"] == url(world) + "?gesendet=1"
    (feedback,) = stored()
    assert feedback.municipality_id == cast.home.pk and feedback.offer_id == world.offer.pk
    assert feedback.message == "Jetzt donnerstags!" and feedback.contact == "0351 1"
    assert isinstance(feedback.created_on, dt.date) and not isinstance(feedback.created_on, dt.datetime)
    with scopes_disabled():
        event = AuditEvent.objects.get(action="offer_feedback.submit")
    assert event.municipality_id == cast.home.pk and event.actor_label == "system"
    assert "donnerstags" not in str(event.changes)  # the message stays out of the audit log
    thanks = Client().get(response["Location"]).content.decode()
    assert "Danke! Ihr Hinweis ist angekommen." in thanks and 'name="message"' not in thanks


def test_empty_message_is_a_clear_error(world: World) -> None:
    response = Client().post(url(world), {"message": "  ", "contact": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte schreiben Sie kurz, was nicht mehr stimmt." in html and 'aria-invalid="true"' in html
    assert stored() == []


def test_honeypot_saves_nothing_but_thanks_the_same(world: World) -> None:
    response = Client().post(url(world), {"message": "Billig kaufen", "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"].endswith("?gesendet=1")
    assert stored() == []


def test_other_municipality_cannot_receive_hints(world: World) -> None:
    assert Client().post(url(world, "anderswo"), {"message": "x"}).status_code == 404
    assert stored() == []


def test_coordinator_sees_the_hint_in_the_admin(cast: Any, world: World) -> None:
    Client().post(url(world), {"message": "Raum hat sich geändert"})
    client = Client()
    client.force_login(cast.users["coordinator"])
    html = client.get("/admin/pages/offerfeedback/").content.decode()
    assert "Erzählcafé am Markt" in html
