"""The start page's week list: this week's occurrences of one municipality (see also tests/directory/start/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from tests import factories


def _offers(cast: Any, count: int) -> None:
    with scopes_disabled():
        place = factories.place(cast.home_org)
        for i in range(count):
            factories.weekly_schedule(factories.offer(cast.home_org, title=f"Treff {i}"), place_=place)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_offers(cast: Any) -> None:
    client = Client()
    _offers(cast, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/heimstadt/").status_code == 200
    _offers(cast, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/heimstadt/")
    assert response.content.decode().count('class="occurrence"') == 15 * 7
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 8


@pytest.mark.django_db
def test_unpublished_paused_and_expired_offers_are_hidden(cast: Any) -> None:
    today = timezone.localdate()
    cases: list[tuple[str, dict[str, Any]]] = [
        ("Entwurf", {"review_state": Offer.ReviewState.DRAFT}),
        ("Pausiert", {"status": Offer.Status.PAUSED}),
        ("Abgelaufen", {"valid_until": today - dt.timedelta(days=1)}),
        ("Sichtbar", {}),
    ]
    with scopes_disabled():
        for title, extra in cases:
            factories.weekly_schedule(factories.offer(cast.home_org, title=title, **extra))
    page = Client().get("/heimstadt/").content.decode()
    assert "Sichtbar" in page
    for hidden in ("Entwurf", "Pausiert", "Abgelaufen"):
        assert hidden not in page


@pytest.mark.django_db
def test_public_holiday_cancels_and_week_can_be_chosen(cast: Any) -> None:
    with scopes_disabled():
        factories.weekly_schedule(
            factories.offer(cast.home_org, title="Freitagstreff"), byday="FR", runs_on_holidays=False
        )
    # Karfreitag 2027 is 26 March; Sachsen (the home Land) observes it.
    holiday_week = Client().get("/heimstadt/?ab=2027-03-22").content.decode()
    normal_week = Client().get("/heimstadt/?ab=2027-03-29").content.decode()
    assert "Freitagstreff" not in holiday_week
    assert "Freitagstreff" in normal_week
    assert "Freitag, 2. April" in normal_week


@pytest.mark.django_db
def test_bad_week_parameter_is_a_clear_400(cast: Any) -> None:
    response = Client().get("/heimstadt/?ab=morgen")
    assert response.status_code == 400
    assert "kein Datum" in response.content.decode()
    assert Client().get("/heimstadt/?ab=1900-01-01").status_code == 400


@pytest.mark.django_db
def test_english_ui(cast: Any) -> None:
    with scopes_disabled():
        factories.weekly_schedule(factories.offer(cast.home_org, title="Erzählcafé"))
    page = Client().get("/en/heimstadt/").content.decode()
    assert '<html lang="en"' in page
    assert "What is on in Heimstadt?" in page
    assert "Skip to content" in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/heimstadt/", "/barrierefreiheit/", "/en/", "/en/heimstadt/"])
def test_page_guards(cast: Any, url: str) -> None:
    page = Client().get(url).content.decode()
    assert page.count("<h1") == 1
    assert 'href="#inhalt"' in page and '<main id="inhalt"' in page
    assert "barrierefreiheit/" in page and "#melden" in page
