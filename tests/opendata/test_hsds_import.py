"""HSDS import: the official examples, a round trip through the API, idempotency, bad input changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Offer, Organization, Place
from nahbar.opendata.importing.bundle import Bundle, HsdsSourceError, read_json, read_package
from nahbar.opendata.importing.plan import ImportRejected, apply_import, plan_import
from nahbar.opendata.models import ImportedRecord
from nahbar.tenancy.models import AuditEvent
from nahbar.tenancy.services import municipality_create
from tests.opendata.conftest import Directory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hsds"
UUID_LIKE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def example(name: str) -> Bundle:
    return read_json((FIXTURES / "examples" / name).read_bytes(), name=name)


def plan_into(municipality: Any, bundle: Bundle, key: str = "test", **kw: Any) -> Any:
    with scope(municipality=municipality):
        return plan_import(bundle, municipality, key, **kw)


def apply(municipality: Any, plan: Any, **kw: Any) -> Any:
    with scope(municipality=municipality):
        return apply_import(plan, actor=None, **kw)


def test_official_service_example_is_refused_for_its_impossible_latitude(cast: Any) -> None:
    plan = plan_into(cast.home, example("service_full.json"))
    reasons = {r.hsds_type: r.reasons for r in plan.records}
    assert reasons["location"] == ["„latitude“ ist keine gültige Koordinate: 100"]
    assert reasons["service"][0].startswith("Verweist auf Ort 3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    assert reasons["organization"] == []


def test_official_service_example_with_a_real_latitude_imports_with_notes(cast: Any) -> None:
    data = json.loads((FIXTURES / "examples" / "service_full.json").read_text(encoding="utf-8"))
    data["service_at_locations"][0]["location"]["latitude"] = 51.05  # the example's 100 is no latitude
    plan = plan_into(cast.home, read_json(json.dumps(data).encode(), name="service_full.json"))
    by_type = {r.hsds_type: r for r in plan.records}
    assert plan.counts()["service"]["new"] == 1, [r.reasons for r in plan.records]
    notes = " ".join(by_type["service"].notes)
    assert "BYWEEKNO" in notes and "BYYEARDAY" in notes and "COUNT" in notes  # RFC 5545 forbids them here
    assert "Urdu" in notes  # not in the language vocabulary
    assert "Postleitzahl" in " ".join(by_type["location"].notes)  # a British postcode
    apply(cast.home, plan)
    with scopes_disabled():
        offer = Offer.objects.get(municipality=cast.home, title="Community Counselling")
        assert offer.review_state == "draft"  # imported offers wait for review unless published on import
        assert offer.organization.municipality == cast.home
        assert offer.places.count() == 1
        assert offer.schedules.first().rrule.startswith("FREQ=WEEKLY;BYDAY=TH,FR")


LATITUDE_100 = "„latitude“ ist keine gültige Koordinate: 100"
DANGLING_PLACE = "Verweist auf Ort 3a19ff88-4620-4d17-9830-ac1d859eb5d5"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("organization_full.json", {"organization": "new", "location": LATITUDE_100, "service": DANGLING_PLACE}),
        ("location.json", {"location": LATITUDE_100}),
        (
            "service_at_location_full.json",
            {"organization": "new", "location": LATITUDE_100, "service": DANGLING_PLACE},
        ),
    ],
)
def test_other_official_examples_get_the_same_verdicts(cast: Any, name: str, expected: dict[str, str]) -> None:
    """Every shape of the official examples is read; its impossible latitude is refused with a reason, and
    what refers to that location with it."""
    plan = plan_into(cast.home, example(name))
    verdicts = {r.hsds_type: (r.action if r.action == "new" else r.reasons[0]) for r in plan.records}
    assert verdicts.keys() == expected.keys()
    for kind, verdict in expected.items():
        assert verdicts[kind].startswith(verdict), (kind, verdicts[kind])


def test_official_tabular_package_reads_like_the_json_example(cast: Any) -> None:
    """The same example data as CSV tables: the same records, and the same verdicts."""
    tables = plan_into(cast.home, read_package(FIXTURES / "csv"))
    documents = plan_into(cast.home, example("service_full.json"))
    verdicts = {(r.hsds_type, r.hsds_id): (r.action, r.reasons[:1]) for r in tables.records}
    assert verdicts[("organization", "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")] == ("new", [])
    assert verdicts[("location", "3a19ff88-4620-4d17-9830-ac1d859eb5d5")] == (
        "rejected",
        ["„latitude“ ist keine gültige Koordinate: 100.0"],
    )
    assert verdicts[("service", "ac148810-d857-441c-9679-408f346de14b")][0] == "rejected"
    assert {(r.hsds_type, r.hsds_id) for r in documents.records} <= set(verdicts)


def _export(client: Client, slug: str) -> dict[str, Any]:
    services = client.get(f"/api/hsds/{slug}/services", {"full": "true", "per_page": 100}).json()["contents"]
    organizations = client.get(f"/api/hsds/{slug}/organizations", {"full": "true", "per_page": 100}).json()
    return {"services": services, "organizations": organizations["contents"]}


def _without_ids(data: Any, slug: str) -> Any:
    import re

    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    text = re.sub(UUID_LIKE, "<id>", text).replace(f"/api/hsds/{slug}/", "/api/hsds/<slug>/")
    text = re.sub(r'"last_modified": "[^"]+"', '"last_modified": "<time>"', text)
    return _sorted(json.loads(text))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def test_round_trip_export_import_export_gives_identical_documents(directory: Directory) -> None:
    cast = directory.cast
    client = Client()
    exported = _export(client, "heimstadt")
    assert len(exported["services"]) == len(directory.offers) >= 2
    assert sum(len(service.get("schedules", [])) for service in exported["services"]) >= 2
    assert all(service["attributes"] for service in exported["services"])
    assert any(sal["location"].get("schedules") for s in exported["services"] for sal in s["service_at_locations"])
    with scopes_disabled():
        empty = municipality_create(actor=None, name="Leerstadt", slug="leerstadt", ags="14612001", land=cast.home.land)
    bundle = read_json(json.dumps(exported).encode(), name="heimstadt.json")
    plan = plan_into(empty, bundle, key="https://heimstadt.example/api/hsds/heimstadt/", publish=True)
    assert not plan.rejected, [(r.name, r.reasons) for r in plan.rejected]
    apply(empty, plan)
    again = _export(client, "leerstadt")
    assert _without_ids(again, "leerstadt") == _without_ids(exported, "heimstadt")
    # The same source once more: everything unchanged, nothing created twice.
    second = plan_into(empty, read_json(json.dumps(exported).encode(), name="x"), key=plan.source_key, publish=True)
    assert {r.action for r in second.records} == {"unchanged"}
    with scopes_disabled():
        before = Offer.objects.filter(municipality=empty).count()
    apply(empty, second)
    with scopes_disabled():
        assert Offer.objects.filter(municipality=empty).count() == before
        assert ImportedRecord.objects.filter(municipality=empty).count() == len(plan.records)
        assert AuditEvent.objects.filter(action="hsds.import", municipality=empty).count() == 2


def test_a_changed_record_updates_the_same_row(directory: Directory) -> None:
    cast = directory.cast
    exported = _export(Client(), "heimstadt")
    with scopes_disabled():
        target = municipality_create(actor=None, name="Zielstadt", slug="zielstadt", ags="14612002", land="SN")
    apply(target, plan_into(target, read_json(json.dumps(exported).encode(), name="a"), publish=True))
    exported["services"][0]["name"] = "Neuer Titel"
    plan = plan_into(target, read_json(json.dumps(exported).encode(), name="b"), publish=True)
    assert [(r.hsds_type, r.action) for r in plan.records if r.action != "unchanged"] == [("service", "changed")]
    apply(target, plan)
    with scopes_disabled():
        assert Offer.objects.filter(municipality=target, title="Neuer Titel").count() == 1
        assert Offer.objects.filter(municipality=target).count() == len(directory.offers)
    assert cast.home.pk != target.pk


def _service(**extra: Any) -> dict[str, Any]:
    return {
        "id": "11111111-1111-4111-8111-111111111111",
        "organization_id": "22222222-2222-4222-8222-222222222222",
        "name": "Offener Treff",
        "description": "Kaffee und Gespräche.",
        "status": "active",
        **extra,
    }


ORGANIZATION = {"id": "22222222-2222-4222-8222-222222222222", "name": "Verein", "description": ""}


@pytest.mark.parametrize(
    ("documents", "reason"),
    [
        ([ORGANIZATION, _service(lieblingsfarbe="blau")], "Unbekanntes Feld „service.lieblingsfarbe“"),
        ([ORGANIZATION, _service(phones=[{"id": "p", "number": "1", "fax": "2"}])], "„service.phones[0].fax“"),
        ([_service()], "Verweist auf Organisation 22222222-2222-4222-8222-222222222222"),
        (
            [ORGANIZATION, _service(service_at_locations=[{"id": "x", "location_id": "fehlt"}])],
            "Verweist auf Ort fehlt",
        ),
        ([ORGANIZATION, _service(name="")], "Der Name fehlt."),
        ([ORGANIZATION, _service(email="keine-adresse")], "email:"),
    ],
)
def test_bad_records_are_rejected_with_a_reason_and_nothing_is_written(
    cast: Any, documents: list[Any], reason: str
) -> None:
    plan = plan_into(cast.home, read_json(json.dumps(documents).encode(), name="x.json"))
    reasons = " ".join(reason for record in plan.rejected for reason in record.reasons)
    assert reason in reasons, reasons
    with pytest.raises(ImportRejected):
        apply(cast.home, plan)
    with scopes_disabled():
        assert not Offer.objects.filter(title="Offener Treff").exists()
        assert not Organization.objects.filter(name="Verein").exists()


def test_skip_rejected_writes_only_the_good_records(cast: Any) -> None:
    good = _service(id="33333333-3333-4333-8333-333333333333", name="Guter Treff")
    plan = plan_into(cast.home, read_json(json.dumps([ORGANIZATION, good, _service(foo=1)]).encode(), name="x"))
    apply(cast.home, plan, skip_rejected=True)
    with scopes_disabled():
        assert Offer.objects.filter(title="Guter Treff").exists()
        assert not Offer.objects.filter(title="Offener Treff").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"id": "x", "name": ', "kein gültiges JSON"),
        ('{"id": "x", "name": "Café"}'.encode("latin-1"), "nicht UTF-8"),
        (b"[1, 2]", "kein JSON-Objekt"),
        (b'{"foo": "bar"}', "weder Angebot noch Organisation noch Ort"),
        (b" " * (50 * 1024 * 1024 + 1), "größer als 50 MB"),
    ],
)
def test_unreadable_sources_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(HsdsSourceError, match=message):
        read_json(data, name="x.json")


def test_command_dry_run_then_commit(cast: Any, tmp_path: Path, capsys: Any) -> None:
    source = tmp_path / "feed.json"
    source.write_text(json.dumps([ORGANIZATION, _service()]), encoding="utf-8")
    call_command("import_hsds", str(source), municipality="heimstadt")
    out = capsys.readouterr().out
    assert "Angebote: 1 neu, 0 geändert, 0 unverändert, 0 abgelehnt." in out and "Probelauf" in out
    with scopes_disabled():
        assert not Offer.objects.filter(title="Offener Treff").exists()
    call_command("import_hsds", str(source), municipality="heimstadt", commit=True, publish=True)
    with scopes_disabled():
        assert Offer.objects.get(title="Offener Treff").review_state == "published"
        assert Place.objects.filter(municipality=cast.home).count() == 0
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps([_service(name="Ohne Verein", id="44444444-4444-4444-8444-444444444444")]), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="nichts wurde gespeichert"):
        call_command("import_hsds", str(bad), municipality="heimstadt", commit=True, source_key="anders")


def test_import_from_an_api_address_follows_the_pages(directory: Directory) -> None:
    """A real HTTP server on loopback serves the pages our API produced (one service per page)."""
    import http.server
    import threading
    import urllib.parse

    client = Client()
    pages = {}
    for number in (1, 2, 3, 4):
        response = client.get("/api/hsds/heimstadt/services", {"full": "true", "per_page": 1, "page": number})
        pages[("services", str(number))] = response.content
    pages[("organizations", "1")] = client.get("/api/hsds/heimstadt/organizations", {"full": "true"}).content
    requested: list[str] = []

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            requested.append(self.path)
            body = pages.get((url.path.rsplit("/", 1)[-1], query.get("page", ["1"])[0]))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        from nahbar.opendata.importing.bundle import fetch_api

        bundle = fetch_api(f"http://127.0.0.1:{server.server_address[1]}/feed/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert len(bundle.services) == len(directory.offers) == 3
    assert [p.split("?")[0] for p in requested] == ["/feed/services"] * 3 + ["/feed/organizations"]
    assert all(org.get("phones") is not None for org in bundle.organizations.values())  # the full documents


def test_unreachable_or_non_http_addresses_are_refused() -> None:
    from nahbar.opendata.importing.bundle import fetch_api

    with pytest.raises(HsdsSourceError, match="keine http"):
        fetch_api("file:///etc/passwd")
    with pytest.raises(HsdsSourceError, match="nicht erreichbar"):
        fetch_api("http://127.0.0.1:9/api/hsds/x/")


@pytest.mark.parametrize("chunk", [1, 2, 500])
def test_streamed_export_equals_the_api_and_reads_back(directory: Directory, chunk: int) -> None:
    import io

    from nahbar.opendata.export import write_directory

    out = io.StringIO()
    with scope(municipality=directory.cast.home):
        counts = write_directory(out, directory.cast.home, "http://testserver/api/hsds/heimstadt/", chunk=chunk)
    streamed = json.loads(out.getvalue())
    assert counts == {"organizations": len(streamed["organizations"]), "services": len(directory.offers)}
    assert _sorted(streamed) == _sorted(_export(Client(), "heimstadt"))
    bundle = read_json(out.getvalue().encode(), name="export.json")
    assert len(bundle.services) == len(directory.offers)


def test_export_command_writes_a_file_the_import_command_reads(directory: Directory, tmp_path: Path) -> None:
    target = tmp_path / "heimstadt.json"
    call_command("export_hsds", municipality="heimstadt", output=target, base_url="http://testserver")
    with scopes_disabled():
        municipality_create(actor=None, name="Kopiestadt", slug="kopiestadt", ags="14612003", land="SN")
    call_command("import_hsds", str(target), municipality="kopiestadt", commit=True, publish=True)
    with scopes_disabled():
        assert Offer.objects.filter(municipality__slug="kopiestadt").count() == len(directory.offers)
