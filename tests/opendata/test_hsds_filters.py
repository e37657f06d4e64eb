"""Visibility as in the finder, the HSDS filters with AND semantics, caching headers and CORS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from tests.opendata.conftest import Directory, url


def names(api: Client, path: str) -> set[str]:
    response = api.get(url(path))
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["contents"]}


def term_ids(api: Client) -> dict[str, str]:
    terms = api.get(url("taxonomy_terms?per_page=100")).json()["contents"]
    return {f"{t['taxonomy']}/{t['code']}": t["id"] for t in terms}


def taxonomy_ids(api: Client) -> dict[str, str]:
    return {t["name"]: t["id"] for t in api.get(url("taxonomies")).json()["contents"]}


@pytest.mark.django_db
def test_only_published_running_valid_offers(directory: Directory, api: Client) -> None:
    assert names(api, "services") == {"Erzählcafé", "Spaziergang", "Singkreis"}
    for hidden in directory.hidden:
        service_ids = [s["id"] for s in api.get(url("services")).json()["contents"]]
        assert all(not sid.endswith(f"{hidden.pk:012x}") for sid in service_ids)
    # the draft is linked to the café, yet its place link is not published
    assert api.get(url("service_at_locations")).json()["total_items"] == 2


@pytest.mark.django_db
def test_search_uses_the_finder_search(directory: Directory, api: Client) -> None:
    assert names(api, "services?search=Erzählcafe") == {"Erzählcafé"}
    assert names(api, "services?search=Spazirgang") == {"Spaziergang"}  # typo tolerance
    assert names(api, "services?search=Entwurf") == set()


@pytest.mark.django_db
def test_taxonomy_filters(directory: Directory, api: Client) -> None:
    terms = term_ids(api)
    assert names(api, f"services?taxonomy_term_id={terms['nahbar: Merkmale/leichte-sprache']}") == {"Erzählcafé"}
    assert names(api, f"services?taxonomy_term_id={terms['nahbar: Merkmale/dritter-ort']}") == {"Erzählcafé"}
    assert names(api, f"services?taxonomy_term_id={terms['nahbar: Merkmale/kostenlos']}") == {"Erzählcafé", "Singkreis"}
    assert names(api, f"services?taxonomy_term_id={terms['nahbar: Sprache/de']}") == {"Erzählcafé"}
    assert names(api, f"services?taxonomy_term_id={terms['nahbar: Art des Ortes/other']}") == {
        "Erzählcafé",
        "Spaziergang",
    }
    taxonomies = taxonomy_ids(api)
    assert names(api, f"services?taxonomy_id={taxonomies['nahbar: Niedrigschwelligkeit']}") == {"Erzählcafé"}
    assert names(api, f"services?taxonomy_id={taxonomies['nahbar: Format']}") == set()
    # an unknown, well-formed id matches nothing
    assert names(api, "services?taxonomy_term_id=00000000-0000-4000-8000-000000000000") == set()


@pytest.mark.django_db
def test_filters_combine_with_and(directory: Directory, api: Client) -> None:
    terms = term_ids(api)
    orgs = {o["name"]: o["id"] for o in api.get(url("organizations")).json()["contents"]}
    home = orgs["Nachbarschaftsverein Heimstadt"]
    free = terms["nahbar: Merkmale/kostenlos"]
    easy = terms["nahbar: Merkmale/leichte-sprache"]
    assert names(api, f"services?organization_id={home}") == {"Erzählcafé", "Singkreis"}
    assert names(api, f"services?organization_id={home}&taxonomy_term_id={free}") == {"Erzählcafé", "Singkreis"}
    assert names(api, f"services?organization_id={home}&taxonomy_term_id={easy}") == {"Erzählcafé"}
    assert names(api, f"services?organization_id={home}&taxonomy_term_id={easy}&search=Singkreis") == set()
    assert names(api, f"services?organization_id={orgs['Kirchgemeinde Heimstadt']}&taxonomy_term_id={easy}") == set()


@pytest.mark.django_db
def test_modified_after(directory: Directory, api: Client) -> None:
    with scopes_disabled():
        Offer.objects.filter(title="Singkreis").update(updated_at=timezone.now() - dt.timedelta(days=30))
    week_ago = (timezone.now() - dt.timedelta(days=7)).isoformat().replace("+00:00", "Z")
    assert names(api, f"services?modified_after={week_ago}") == {"Erzählcafé", "Spaziergang"}
    assert names(api, "services?modified_after=2000-01-01") == {"Erzählcafé", "Spaziergang", "Singkreis"}


@pytest.mark.django_db
def test_postcode_and_proximity(directory: Directory, api: Client) -> None:
    def sal_services(path: str) -> set[str]:
        rows = api.get(url(path)).json()["contents"]
        return {r["service_id"] for r in rows}

    services = {s["name"]: s["id"] for s in api.get(url("services")).json()["contents"]}
    assert sal_services("service_at_locations?postcode=01069") == {services["Spaziergang"]}
    # café at 51.05/13.74 is the centre of 01067; the park is ~2.3 km away
    assert sal_services("service_at_locations?postcode=01067&proximity=1000") == {services["Erzählcafé"]}
    assert sal_services("service_at_locations?postcode=01067&proximity=5000") == {
        services["Erzählcafé"],
        services["Spaziergang"],
    }
    assert sal_services("service_at_locations?postcode=01067&proximity=5000&search=Spaziergang") == {
        services["Spaziergang"]
    }


@pytest.mark.django_db
def test_occurrences_extension(directory: Directory, api: Client) -> None:
    cafe = next(s for s in api.get(url("services")).json()["contents"] if s["name"] == "Erzählcafé")
    body = api.get(url(f"services/{cafe['id']}/occurrences?start_date=2024-01-01&end_date=2024-01-31")).json()
    starts = [o["start"][:10] for o in body["contents"]]
    # Tuesdays in January 2024 except the cancelled 9th
    assert starts == ["2024-01-02", "2024-01-16", "2024-01-23", "2024-01-30"]
    assert body["contents"][0]["start"] == "2024-01-02T15:00:00+01:00"
    assert body["contents"][0]["location_id"]


@pytest.mark.django_db
def test_cors_etag_and_conditional_requests(directory: Directory, api: Client) -> None:
    first = api.get(url("services"))
    assert first["Access-Control-Allow-Origin"] == "*"
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = api.get(url("services"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    single_id = first.json()["contents"][0]["id"]
    single = api.get(url(f"services/{single_id}"))
    assert (
        api.get(url(f"services/{single_id}"), headers={"If-Modified-Since": single["Last-Modified"]}).status_code == 304
    )
    # a change gives a new ETag
    with scopes_disabled():
        Offer.objects.filter(title="Erzählcafé").update(title="Erzählcafé am Dienstag", updated_at=timezone.now())
    changed = api.get(url("services"), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_openapi_is_per_municipality(directory: Directory, api: Client) -> None:
    spec: dict[str, Any] = api.get(url("openapi.json")).json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/hsds/heimstadt/services" in spec["paths"]
    assert spec["components"]["schemas"]["HsdsService"] == {"$ref": "#/components/schemas/hsds_service"}
    other = api.get(url("openapi.json", slug="anderswo")).json()
    assert "/api/hsds/anderswo/services" in other["paths"]
    docs = api.get(url("docs"))
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content  # own static files, no CDN
