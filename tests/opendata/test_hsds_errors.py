"""Bad input gets a 4xx problem description (RFC 9457), never a 500."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from tests.opendata.conftest import Directory, url

# Fixed, not uuid4(): parallel test workers must collect the same test ids.
UNKNOWN = "4b4de766-9a8a-4c20-8499-63e7ba57e597"

BAD = [
    ("services?page=0", 400, "page"),
    ("services?page=-3", 400, "page"),
    ("services?page=abc", 400, "page"),
    ("services?page=99999999999999999999999", 400, "page"),
    ("services?per_page=0", 400, "per_page"),
    ("services?per_page=1000", 400, "per_page"),
    ("services?full=vielleicht", 400, "full"),
    ("services?format=xml", 400, "json"),
    ("services?modified_after=gestern", 400, "modified_after"),
    ("services?modified_after=2024-13-45", 400, "modified_after"),
    ("services?taxonomy_term_id=kein-uuid", 400, "taxonomy_term_id"),
    ("services?taxonomy_id=123", 400, "taxonomy_id"),
    ("services?organization_id=%27%3B--", 400, "organization_id"),
    ("services/not-a-uuid", 400, "UUID"),
    (f"services/{UNKNOWN}", 404, ""),
    (f"services/{UNKNOWN}/occurrences", 404, ""),
    ("organizations/xyz", 400, "UUID"),
    (f"organizations/{UNKNOWN}", 404, ""),
    (f"service_at_locations/{UNKNOWN}", 404, ""),
    (f"taxonomies/{UNKNOWN}", 404, ""),
    ("taxonomy_terms/%00", 400, "UUID"),
    ("service_at_locations?proximity=500", 400, "postcode"),
    ("service_at_locations?postcode=01067&proximity=weit", 400, "proximity"),
    ("service_at_locations?postcode=01067&proximity=-5", 400, "proximity"),
    ("service_at_locations?postcode=01067&proximity=nan", 400, "proximity"),
    ("service_at_locations?postcode=01067&proximity=1e400", 400, "proximity"),
    ("service_at_locations?postcode=99999&proximity=500", 400, "99999"),
    ("services?modified_after=9999-12-31T23:59:59-12:00", 400, "modified_after"),
    ("services?modified_after=0001-01-01T00:00:00%2B01:00", 400, "modified_after"),
    ("organizations?search=a%00b", 400, "search"),
    ("services?search=a%00b", 400, "search"),
    ("service_at_locations?postcode=01%0067", 400, "postcode"),
    ("service_at_locations?postcode=01%0067&proximity=100", 400, "postcode"),
    ("gibt-es-nicht", 404, ""),
    ("services/", 404, ""),
]


def assert_problem(response, status: int, mention: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert mention in body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status", "mention"), BAD)
def test_bad_requests_are_problems(directory: Directory, api: Client, path: str, status: int, mention: str) -> None:
    assert_problem(api.get(url(path)), status, mention)


@pytest.mark.django_db
def test_bad_occurrence_ranges_are_problems(directory: Directory, api: Client) -> None:
    service_id = api.get(url("services")).json()["contents"][0]["id"]
    for query in [
        "start_date=morgen",
        "end_date=2024-02-30",
        "start_date=2024-03-01&end_date=2024-02-01",
        "start_date=2024-01-01&end_date=2026-01-01",
        "start_date=9999-12-31",
    ]:
        assert_problem(api.get(url(f"services/{service_id}/occurrences?{query}")), 400, "")


@pytest.mark.django_db
def test_unknown_municipality_is_a_problem(directory: Directory, api: Client) -> None:
    for path in ["", "services", "openapi.json", f"services/{uuid.uuid4()}"]:
        assert_problem(api.get(url(path, slug="nirgendwo")), 404, "Kommune")


@pytest.mark.django_db
def test_unknown_municipality_outside_the_api_is_still_the_html_page(directory: Directory, api: Client) -> None:
    response = api.get("/nirgendwo/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_data_stays_german_whatever_the_accept_language(directory: Directory, api: Client) -> None:
    terms = api.get(url("taxonomies"), headers={"Accept-Language": "en"}).json()["contents"]
    assert "nahbar: Merkmale" in {t["name"] for t in terms}
