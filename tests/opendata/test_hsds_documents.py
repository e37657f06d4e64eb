"""Every full document the API serves validates against the official HSDS 3.0 JSON schemas."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from nahbar.opendata.schema import SCHEMA_DIR as BUNDLED
from tests.opendata.conftest import Directory, url
from tests.opendata.hsds_schema import SCHEMA_DIR, errors, page_errors

EXAMPLES = SCHEMA_DIR / "examples"


def get(api: Client, path: str) -> Any:
    response = api.get(url(path))
    assert response.status_code == 200, response.content
    return response.json()


def test_the_validator_accepts_the_official_examples_and_rejects_broken_documents() -> None:
    for name, schema in [
        ("service_full", "service"),
        ("organization_full", "organization"),
        ("service_at_location_full", "service_at_location"),
        ("location", "location"),
    ]:
        document = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
        assert errors(schema, document) == [], name
    broken = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    del broken["name"]
    broken["id"] = "not-a-uuid"
    broken["phones"][0]["number"] = 42
    assert len(errors("service", broken)) == 3


def test_the_bundled_schemas_are_the_tested_ones() -> None:
    bundled = sorted(p.name for p in Path(BUNDLED).glob("*.json"))
    assert bundled
    match, mismatch, missing = filecmp.cmpfiles(BUNDLED, SCHEMA_DIR, bundled, shallow=False)
    assert (match, mismatch, missing) == (bundled, [], [])


@pytest.mark.django_db
def test_full_services_validate(directory: Directory, api: Client) -> None:
    page = get(api, "services?full=true")
    assert page_errors("service", page) == []
    assert page["total_items"] == 3
    for item in page["contents"]:
        assert errors("service", item) == [], item["name"]
        single = get(api, f"services/{item['id']}")
        assert errors("service", single) == []
        assert single == item
    cafe = next(s for s in page["contents"] if s["name"] == "Erzählcafé")
    assert cafe["service_at_locations"][0]["location"]["name"] == "Stadtteilhaus Mitte"
    assert {a["taxonomy_term"]["code"] for a in cafe["attributes"]} >= {"leichte-sprache", "termine", "de"}
    assert cafe["languages"] == [
        {"id": cafe["languages"][0]["id"], "service_id": cafe["id"], "name": "Deutsch", "code": "de"}
    ]


@pytest.mark.django_db
def test_lists_minimal_and_one_to_one_validate(directory: Directory, api: Client) -> None:
    for query in ["services", "services?minimal=true", "services?per_page=1&page=2", "services?page=9"]:
        assert page_errors("service", get(api, query)) == [], query
    empty = get(api, "services?page=9")
    assert (empty["empty"], empty["size"], empty["last_page"]) == (True, 0, True)


@pytest.mark.django_db
def test_organizations_validate(directory: Directory, api: Client) -> None:
    for query in ["organizations", "organizations?full=true"]:
        page = get(api, query)
        assert page_errors("organization", page) == [], query
    for item in get(api, "organizations")["contents"]:
        assert errors("organization", get(api, f"organizations/{item['id']}")) == []


@pytest.mark.django_db
def test_service_at_locations_validate(directory: Directory, api: Client) -> None:
    for query in ["service_at_locations", "service_at_locations?full=true"]:
        page = get(api, query)
        assert page_errors("service_at_location", page) == [], query
        assert page["total_items"] == 2
    for item in get(api, "service_at_locations")["contents"]:
        single = get(api, f"service_at_locations/{item['id']}")
        assert errors("service_at_location", single) == []
        assert errors("location", single["location"]) == []


@pytest.mark.django_db
def test_taxonomies_and_terms_validate(directory: Directory, api: Client) -> None:
    taxonomies = get(api, "taxonomies?per_page=100")
    assert page_errors("taxonomy", taxonomies) == []
    assert taxonomies["total_items"] == 9
    terms = get(api, "taxonomy_terms?per_page=100")
    assert page_errors("taxonomy_term", terms) == []
    for item in taxonomies["contents"]:
        assert errors("taxonomy", get(api, f"taxonomies/{item['id']}")) == []
    for item in terms["contents"][:5]:
        assert errors("taxonomy_term", get(api, f"taxonomy_terms/{item['id']}")) == []
    features = next(t for t in taxonomies["contents"] if t["name"] == "nahbar: Merkmale")
    codes = {t["code"] for t in get(api, f"taxonomy_terms?taxonomy_id={features['id']}")["contents"]}
    assert codes == {"dritter-ort", "leichte-sprache", "kostenlos", "anmeldung-noetig", "termine"}
