"""The admin's HSDS import screen: file, zip package or feed address; preview first; SSRF guard."""

from __future__ import annotations

import http.server
import io
import json
import threading
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Organization
from nahbar.opendata.import_admin import TOKEN_SALT
from nahbar.opendata.models import ImportSource
from nahbar.tenancy.models import AuditEvent
from tests.opendata.conftest import Directory

pytestmark = pytest.mark.django_db

IMPORT = "admin:opendata_importsource_import"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hsds"


def client_for(cast: Any, role: str) -> Client:
    client = Client()
    client.force_login(cast.users[role])
    return client


def service_example() -> bytes:
    data = json.loads((FIXTURES / "examples" / "service_full.json").read_text(encoding="utf-8"))
    data["service_at_locations"][0]["location"]["latitude"] = 51.05  # the example's 100 is no latitude
    return json.dumps(data).encode()


def post_file(client: Client, municipality: Any, name: str, content: bytes, **extra: Any) -> Any:
    data = {"municipality": municipality.pk, "file": SimpleUploadedFile(name, content), **extra}
    return client.post(reverse(IMPORT), data)


def test_coordinator_previews_a_json_file_then_confirms(cast: Any) -> None:
    client = client_for(cast, "coordinator")
    assert reverse(IMPORT) in client.get(reverse("admin:opendata_importsource_changelist")).content.decode()
    preview = post_file(client, cast.home, "dienst.json", service_example(), source_key="Landesverzeichnis")
    assert preview.status_code == 200
    summary = {row["label"]: (row["new"], row["rejected"]) for row in preview.context["summary"]}
    assert summary == {"Organisationen": (1, 0), "Orte": (1, 0), "Angebote": (1, 0)}
    with scopes_disabled():
        assert not Offer.objects.filter(municipality=cast.home).exists()
    done = client.post(reverse(IMPORT), {"token": preview.context["token"]}, follow=True)
    assert "1 Angebote neu, 0 geändert, 0 unverändert" in done.content.decode()
    with scopes_disabled():
        offer = Offer.objects.get(municipality=cast.home)
        assert offer.review_state == Offer.ReviewState.DRAFT  # "publish" was not ticked
        source = ImportSource.objects.get(municipality=cast.home)
        assert source.key == "Landesverzeichnis"
        event = AuditEvent.objects.get(action="hsds.import")
        assert event.actor_id == cast.users["coordinator"].pk and event.municipality_id == cast.home.pk
    # The stored upload is gone, so the same confirmation cannot write twice.
    again = client.post(reverse(IMPORT), {"token": preview.context["token"]}, follow=True)
    assert "nicht mehr vorhanden" in again.content.decode()
    with scopes_disabled():
        assert Offer.objects.filter(municipality=cast.home).count() == 1


def test_the_official_tabular_package_as_zip(cast: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (FIXTURES / "csv").glob("*.csv"):
            archive.write(path, f"hsds-paket/{path.name}")
    preview = post_file(client_for(cast, "coordinator"), cast.home, "paket.zip", buffer.getvalue())
    assert preview.status_code == 200
    counts = preview.context["plan"].counts()
    assert sum(counts["service"].values()) >= 1 and sum(counts["organization"].values()) >= 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kaputt.json", b'{"id": ', "kein gültiges JSON"),
        ("kaputt.zip", b"PK\x03\x04 no zip", "kein gültiges ZIP-Archiv"),
        ("leer.zip", b"PK\x05\x06" + b"\x00" * 18, "weder services.csv"),
    ],
)
def test_unreadable_files_are_named_and_nothing_is_written(cast: Any, name: str, content: bytes, message: str) -> None:
    response = post_file(client_for(cast, "coordinator"), cast.home, name, content)
    assert message in response.content.decode()
    assert response.context["source_error"]
    with scopes_disabled():
        assert not ImportSource.objects.exists() and not Organization.objects.filter(name__contains="Example").exists()


def test_a_zip_member_cannot_escape_the_folder(cast: Any, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../../organizations.csv", (FIXTURES / "csv" / "organizations.csv").read_text())
    response = post_file(client_for(cast, "coordinator"), cast.home, "boese.zip", buffer.getvalue())
    assert response.status_code == 200
    assert not (Path(settings.NAHBAR_IMPORT_DIR).parent.parent / "organizations.csv").exists()


def test_rejected_records_offer_no_confirmation_unless_skipped(cast: Any) -> None:
    original = (FIXTURES / "examples" / "service_full.json").read_bytes()  # latitude 100: location rejected
    client = client_for(cast, "coordinator")
    refused = post_file(client, cast.home, "dienst.json", original)
    assert refused.context["token"] == "" and 'name="token"' not in refused.content.decode()
    assert "„latitude“ ist keine gültige Koordinate: 100" in refused.content.decode()
    skipping = post_file(client, cast.home, "dienst.json", original, skip_rejected="on")
    assert skipping.context["token"]
    client.post(reverse(IMPORT), {"token": skipping.context["token"]})
    with scopes_disabled():
        assert Organization.objects.filter(municipality=cast.home, name__contains="Example").exists()
        assert not Offer.objects.filter(municipality=cast.home).exists()  # it referred to the rejected place


def test_a_source_changed_since_the_preview_shows_a_new_preview(cast: Any) -> None:
    client = client_for(cast, "coordinator")
    preview = post_file(client, cast.home, "dienst.json", service_example())
    token = signing.loads(preview.context["token"], salt=TOKEN_SALT)
    stored = Path(settings.NAHBAR_IMPORT_DIR) / token["file"]
    data = json.loads(stored.read_bytes())
    data["id"] = "0f0c8f86-2f8e-4d1d-b1cb-000000000001"  # now a second, different service
    stored.write_text(json.dumps([json.loads(service_example()), data]))
    response = client.post(reverse(IMPORT), {"token": preview.context["token"]})
    assert "hat sich seit der Vorschau geändert" in response.content.decode()
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_tampered_token_changes_nothing(cast: Any) -> None:
    client = client_for(cast, "coordinator")
    preview = post_file(client, cast.home, "dienst.json", service_example())
    response = client.post(reverse(IMPORT), {"token": preview.context["token"][:-2] + "xx"}, follow=True)
    assert "abgelaufen oder ungültig" in response.content.decode()
    # Another coordinator cannot use this coordinator's preview either.
    other = client_for(cast, "other_coordinator")
    other.post(reverse(IMPORT), {"token": preview.context["token"]})
    with scopes_disabled():
        assert not Offer.objects.exists()


@pytest.mark.parametrize("role", ["provider", "planner", "viewer", "outreach", "nobody"])
def test_only_coordinators_may_import(cast: Any, role: str) -> None:
    assert client_for(cast, role).get(reverse(IMPORT)).status_code in (302, 403)


def test_a_coordinator_cannot_import_into_another_municipality(cast: Any) -> None:
    response = post_file(client_for(cast, "other_coordinator"), cast.home, "dienst.json", service_example())
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    with scopes_disabled():
        assert not Offer.objects.exists()


# --- feed addresses ------------------------------------------------------------------------------------------


@pytest.fixture
def feed(directory: Directory) -> Iterator[str]:
    """A real HTTP server on loopback serving the pages of Heimstadt's API, and a redirect to itself."""
    client = Client()
    pages = {
        "services": client.get("/api/hsds/heimstadt/services", {"full": "true", "per_page": 50}).content,
        "organizations": client.get("/api/hsds/heimstadt/organizations", {"full": "true"}).content,
    }

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path.startswith("/umleitung/"):
                port = self.server.server_address[1]
                target = f"http://127.0.0.1:{port}/feed/{url.path.rsplit('/', 1)[-1]}?{url.query}"
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
                return
            body = pages.get(url.path.rsplit("/", 1)[-1])
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
        yield f"{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def post_url(client: Client, municipality: Any, url: str) -> Any:
    return client.post(reverse(IMPORT), {"municipality": municipality.pk, "url": url, "publish": "on"})


@override_settings(NAHBAR_HSDS_IMPORT_PRIVATE_HOSTS=["localhost"])
def test_a_feed_on_an_allowed_intranet_host_imports(cast: Any, feed: str, directory: Directory) -> None:
    client = client_for(cast, "other_coordinator")
    preview = post_url(client, cast.other, f"http://localhost:{feed}/feed/")
    assert preview.context["plan"].counts()["service"]["new"] == len(directory.offers) == 3
    client.post(reverse(IMPORT), {"token": preview.context["token"]})
    with scopes_disabled():
        imported = Offer.objects.filter(municipality=cast.other, review_state=Offer.ReviewState.PUBLISHED)
        assert set(imported.values_list("title", flat=True)) == {o.title for o in directory.offers} | {
            directory.other_offer.title
        }


@pytest.mark.parametrize("host", ["127.0.0.1", "[::ffff:127.0.0.1]", "localhost"])
def test_feeds_on_private_addresses_are_refused(cast: Any, feed: str, host: str) -> None:
    response = post_url(client_for(cast, "coordinator"), cast.home, f"http://{host}:{feed}/feed/")
    assert "führt ins interne Netz" in response.content.decode()
    with scopes_disabled():
        assert not ImportSource.objects.exists()


@override_settings(NAHBAR_HSDS_IMPORT_PRIVATE_HOSTS=["localhost"])
def test_a_redirect_into_the_internal_network_is_refused(cast: Any, feed: str) -> None:
    response = post_url(client_for(cast, "coordinator"), cast.home, f"http://localhost:{feed}/umleitung/")
    assert "Die Adresse 127.0.0.1 führt ins interne Netz" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [("ftp://example.org/hsds/", "keine http(s)-Adresse"), ("https://ich:geheim@example.org/", "Zugangsdaten")],
)
def test_bad_addresses_are_refused_before_any_connection(cast: Any, url: str, message: str) -> None:
    response = post_url(client_for(cast, "coordinator"), cast.home, url)
    assert message in response.content.decode()


def test_file_and_address_together_are_refused(cast: Any) -> None:
    response = post_file(
        client_for(cast, "coordinator"), cast.home, "dienst.json", service_example(), url="https://example.org/"
    )
    assert "entweder eine Datei wählen oder eine Adresse" in response.content.decode()
