"""The admin's spreadsheet screens: who may import and export what, preview first, confirm writes."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Organization
from nahbar.directory.spreadsheets.admin import TOKEN_SALT
from nahbar.tenancy.models import Role
from nahbar.tenancy.services import membership_grant, user_create
from tests import factories

pytestmark = pytest.mark.django_db

IMPORT = "admin:directory_organization_import"


def client_for(cast: Any, role: str) -> Client:
    client = Client()
    client.force_login(cast.users[role])
    return client


def upload(client: Client, cast: Any, content: str, name: str = "vereine.csv", municipality: Any = None) -> Any:
    data = {
        "municipality": (municipality or cast.home).pk,
        "file": SimpleUploadedFile(name, content.encode("utf-8-sig"), content_type="text/csv"),
    }
    return client.post(reverse(IMPORT), data)


def test_coordinator_previews_then_confirms(cast: Any) -> None:
    client = client_for(cast, "coordinator")
    changelist = client.get(reverse("admin:directory_organization_changelist")).content.decode()
    assert reverse(IMPORT) in changelist
    assert reverse("admin:directory_organization_export", args=["heimstadt", "xlsx"]) in changelist
    assert client.get(reverse(IMPORT)).status_code == 200
    preview = upload(client, cast, "Name;Art\r\nLesepaten e.V.;Verein\r\n")
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "1 neu, 0 geändert, 0 unverändert, 0 mit Fehlern." in html
    with scopes_disabled():
        assert not Organization.objects.filter(name="Lesepaten e.V.").exists()
    token = preview.context["token"]
    done = client.post(reverse(IMPORT), {"token": token})
    assert done.status_code == 302
    with scopes_disabled():
        created = Organization.objects.get(name="Lesepaten e.V.")
        assert created.municipality == cast.home
    # The same token cannot write twice: the stored file is gone.
    again = client.post(reverse(IMPORT), {"token": token}, follow=True)
    assert "Bitte die Datei erneut hochladen." in again.content.decode()
    with scopes_disabled():
        assert Organization.objects.filter(name="Lesepaten e.V.").count() == 1


def test_a_file_with_errors_offers_no_confirmation(cast: Any) -> None:
    preview = upload(client_for(cast, "coordinator"), cast, "Name;Art\r\nA;Verein\r\nB;Sportclub\r\n")
    html = preview.content.decode()
    assert "1 neu, 0 geändert, 0 unverändert, 1 mit Fehlern." in html
    assert "„Art“ (Spalte B): „Sportclub“ ist nicht erlaubt" in html
    assert preview.context["token"] == "" and 'name="token"' not in html


def test_unreadable_file_is_named(cast: Any) -> None:
    preview = upload(client_for(cast, "coordinator"), cast, "Name;Farbe\r\nA;blau\r\n")
    assert "Zeile 1, Spalte B: Die Überschrift „Farbe“" in preview.content.decode()


@pytest.mark.parametrize("role", ["provider", "planner", "viewer", "outreach"])
def test_only_coordinators_import(cast: Any, role: str) -> None:
    client = client_for(cast, role)
    assert client.get(reverse(IMPORT)).status_code == 403
    assert upload(client, cast, "Name\r\nX\r\n").status_code == 403
    changelist = client.get(reverse("admin:directory_offer_changelist"))
    if changelist.status_code == 200:
        assert reverse("admin:directory_offer_import") not in changelist.content.decode()


def test_another_municipalitys_coordinator_cannot_import_or_export_here(cast: Any) -> None:
    client = client_for(cast, "other_coordinator")
    response = upload(client, cast, "Name\r\nEindringling\r\n")
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert client.get(reverse("admin:directory_offer_export", args=["heimstadt", "csv"])).status_code == 404
    assert client.get(reverse("admin:directory_offer_template", args=["heimstadt", "xlsx"])).status_code == 404
    with scopes_disabled():
        assert not Organization.objects.filter(name="Eindringling").exists()


def test_tampered_or_foreign_tokens_change_nothing(cast: Any) -> None:
    preview = upload(client_for(cast, "coordinator"), cast, "Name\r\nGeheimbund\r\n")
    token = preview.context["token"]
    # Another coordinator of the same municipality gets no use of it, nor of a forged one.
    with scopes_disabled():
        colleague = user_create(actor=None, username="kollegin", password="x")
        membership_grant(actor=None, user=colleague, municipality=cast.home, role=Role.COORDINATOR)
    other = Client()
    other.force_login(colleague)
    assert "erneut hochladen" in other.post(reverse(IMPORT), {"token": token}, follow=True).content.decode()
    forged = signing.dumps(
        {"file": "../../etc/passwd", "municipality": cast.home.pk, "user": colleague.pk, "name": "x"}
    )
    assert "erneut hochladen" in other.post(reverse(IMPORT), {"token": forged}, follow=True).content.decode()
    salted = signing.dumps(
        {"file": "../../etc/passwd", "municipality": cast.home.pk, "user": colleague.pk, "name": "x"}, salt=TOKEN_SALT
    )
    assert "erneut hochladen" in other.post(reverse(IMPORT), {"token": salted}, follow=True).content.decode()
    with scopes_disabled():
        assert not Organization.objects.filter(name="Geheimbund").exists()


def test_export_follows_the_list_filter_and_the_template_lists_allowed_values(cast: Any) -> None:
    with scopes_disabled():
        factories.offer(cast.home_org, title="Läuft")
        factories.offer(cast.home_org, title="Pausiert", status=Offer.Status.PAUSED)
        factories.offer(cast.other_org, title="Fremd")
    client = client_for(cast, "coordinator")
    url = reverse("admin:directory_offer_export", args=["heimstadt", "csv"])
    response = client.get(url, {"status__exact": "paused"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Titel", "Organisation"]
    assert [row[1] for row in rows[1:]] == ["Pausiert"]
    everything = client.get(url).content.decode("utf-8-sig")
    assert "Läuft" in everything and "Fremd" not in everything
    template = client.get(reverse("admin:directory_offer_template", args=["heimstadt", "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    assert workbook.sheetnames == ["Angebote", "Hinweise"]
    notes = {row[0]: row for row in workbook["Hinweise"].iter_rows(values_only=True)}
    assert "Essen, Kochen, Backen" in notes["Format"][3]
    assert notes["Titel"][1] == "ja"
