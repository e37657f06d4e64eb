"""Another municipality's objects never appear; its ids are 404 here; query counts do not grow with the page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Term
from tests import factories
from tests.opendata.conftest import Directory, url

LISTS = [
    "services?full=true",
    "organizations?full=true",
    "service_at_locations?full=true",
    "taxonomy_terms?per_page=100",
]


def everything(api: Client, slug: str) -> str:
    return "".join(api.get(url(path, slug=slug)).content.decode() for path in LISTS)


@pytest.mark.django_db
def test_other_municipalities_never_appear(directory: Directory, api: Client) -> None:
    with scopes_disabled():
        local = factories.local_term(directory.cast.other, code="nur-anderswo")
        directory.other_offer.formats.add(local)
    home = everything(api, "heimstadt")
    assert "Anderswo" not in home
    assert "nur-anderswo" not in home
    other = everything(api, "anderswo")
    assert "Fremdes Erzählcafé" in other
    assert "nur-anderswo" in other
    assert "Heimstadt" not in other.replace("heimstadt", "")


def ids_of(api: Client, slug: str) -> dict[str, list[str]]:
    def ids(path: str) -> list[str]:
        return [item["id"] for item in api.get(url(path, slug=slug)).json()["contents"]]

    return {
        "services": ids("services"),
        "organizations": ids("organizations"),
        "service_at_locations": ids("service_at_locations"),
    }


@pytest.mark.django_db
def test_ids_of_another_municipality_are_not_found(directory: Directory, api: Client) -> None:
    other = ids_of(api, "anderswo")
    home = ids_of(api, "heimstadt")
    for kind, values in other.items():
        assert values
        for value in values:
            assert value not in home[kind]
            response = api.get(url(f"{kind}/{value}"))
            assert response.status_code == 404, (kind, value)
            assert response["Content-Type"] == "application/problem+json"
            assert api.get(url(f"{kind}/{value}", slug="anderswo")).status_code == 200
    assert api.get(url(f"services/{other['services'][0]}/occurrences")).status_code == 404
    # filtering by another municipality's organization finds nothing rather than leaking
    org = other["organizations"][0]
    assert api.get(url(f"services?organization_id={org}")).json()["total_items"] == 0


@pytest.mark.django_db
def test_ids_are_stable_and_distinct_per_kind(directory: Directory, api: Client) -> None:
    first = ids_of(api, "heimstadt")
    assert ids_of(api, "heimstadt") == first
    every = [value for values in first.values() for value in values]
    assert len(every) == len(set(every))
    # a service id used as an organization id is not found
    assert api.get(url(f"organizations/{first['services'][0]}")).status_code == 404


@pytest.mark.django_db
def test_hidden_offers_are_not_found_by_id(directory: Directory, api: Client) -> None:
    visible = {s["name"]: s["id"] for s in api.get(url("services")).json()["contents"]}
    with scopes_disabled():
        Offer.objects.filter(title="Singkreis").update(review_state=Offer.ReviewState.DRAFT)
    assert api.get(url(f"services/{visible['Singkreis']}")).status_code == 404


def _many_offers(directory: Directory, count: int) -> None:
    with scopes_disabled():
        formats = list(Term.objects.filter(vocabulary="format", municipality=None)[:2])
        for n in range(count):
            offer = factories.offer(directory.cast.home_org, title=f"Angebot {n}", contact_phone="0351 1")
            offer.places.add(directory.places[n % 2])
            offer.formats.add(*formats)
            factories.weekly_schedule(offer, place_=directory.places[n % 2])


def _queries(api: Client, path: str) -> tuple[int, dict[str, Any]]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url(path))
    assert response.status_code == 200
    return len(captured), json.loads(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["services?per_page={n}", "services?full=true&per_page={n}", "service_at_locations?full=true&per_page={n}"]
)
def test_query_count_does_not_depend_on_the_page_size(directory: Directory, api: Client, path: str) -> None:
    _many_offers(directory, 60)
    small, small_body = _queries(api, path.format(n=5))
    large, large_body = _queries(api, path.format(n=50))
    assert (small_body["size"], large_body["size"]) == (5, 50)
    assert small == large
    assert large <= 15
