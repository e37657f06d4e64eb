"""The import screen: who may use it, the whole flow with the real files, and that nothing identifying is
kept between the steps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.survey.limesurvey.views import SESSION_KEY
from nahbar.survey.models import Response, Wave
from nahbar.tenancy.models import AuditEvent
from tests.survey.limesurvey_support import DERIVED, LSR, LSS, TRACKING_VALUES, course_survey, lsa_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "/heimstadt/intern/befragungen/import/"
MAPPING = "/heimstadt/intern/befragungen/import/zuordnung/"


@pytest.fixture
def wave(cast: Any) -> Wave:
    return course_survey(cast.home)


@pytest.fixture(autouse=True)
def _import_dir(settings: Any, tmp_path: Path) -> Path:
    settings.NAHBAR_IMPORT_DIR = tmp_path / "imports"
    return tmp_path / "imports"


def _client(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(cast.users[role])
    return client


def test_urls() -> None:
    assert reverse("limesurvey-import", args=["heimstadt"]) == UPLOAD
    assert reverse("limesurvey-import-mapping", args=["heimstadt"]) == MAPPING


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("planner", 200), ("outreach", 403), ("provider", 403), ("viewer", 403),
     ("nobody", 403), ("other_coordinator", 403), ("other_provider", 403), ("superuser", 200)],
)  # fmt: skip
def test_permission_matrix(cast: Any, wave: Wave, role: str, status: int) -> None:
    client = _client(cast, role)
    assert client.get(UPLOAD).status_code == status
    assert client.post(UPLOAD, {"wave": wave.pk}).status_code == (200 if status == 200 else status)
    assert client.get(MAPPING).status_code == (302 if status == 200 else status)


def test_anonymous_is_sent_to_login(cast: Any, wave: Wave) -> None:
    for path in (UPLOAD, MAPPING):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/anmelden/?next=")


def test_other_municipalitys_wave_cannot_be_chosen(cast: Any, wave: Wave) -> None:
    foreign = course_survey(cast.other)
    client = _client(cast, "coordinator")
    upload = SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))
    response = client.post(UPLOAD, {"wave": foreign.pk, "file": upload})
    assert response.status_code == 200 and "keine gültige Auswahl" in response.content.decode()
    # Someone else's pending upload in the session is not usable under another municipality's address.
    client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))})
    other = _client(cast, "other_coordinator")
    assert other.get("/anderswo/intern/befragungen/import/zuordnung/").status_code == 302


def _mapping_post(page: Any, action: str, **changes: str) -> dict[str, str]:
    """Submit the form as the browser would: every select with its selected option, every hidden input."""
    form = page.context["form"]
    data = {name: str(form[name].value() or "") for name in form.fields}
    for row in form.rows():
        data[f"shown_{row['index']}"] = row["shown"]
    data.update(changes, action=action)
    return data


def test_whole_flow_with_the_real_files(cast: Any, wave: Wave, _import_dir: Path) -> None:
    client = _client(cast, "coordinator")
    response = client.post(
        UPLOAD,
        {"wave": wave.pk, "file": SimpleUploadedFile(LSS.name, LSS.read_bytes()),
         "second_file": SimpleUploadedFile("vv1.txt", (DERIVED / "vv1.txt").read_bytes())},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == MAPPING
    # Between the steps only the anonymous rows are kept, under a random name the session knows.
    stored = list(_import_dir.glob("*.json"))
    assert len(stored) == 1
    kept = stored[0].read_text(encoding="utf-8")
    for value in TRACKING_VALUES:
        assert value not in kept, value
    page = client.get(MAPPING)
    html = page.content.decode()
    assert page.status_code == 200
    assert "IP-Adressen" in html and "Zugangsschlüssel" in html and "genaue Zeitpunkte" in html
    assert page.context["report"].imported == 3
    index = next(r["index"] for r in page.context["form"].rows() if r["field"].key == "lehrkompetenz_inhalt")
    assert page.context["form"][f"item_{index}"].value() == "own.inhalte"
    # Un-map the free text, preview, then import.
    gut = next(r["index"] for r in page.context["form"].rows() if r["field"].key == "besondersGut")
    preview = client.post(MAPPING, _mapping_post(page, "preview", **{f"item_{gut}": ""}))
    assert preview.status_code == 200 and preview.context["report"].imported == 3
    assert ("besondersGut", "own.gut") not in preview.context["report"].mapped
    done = client.post(MAPPING, _mapping_post(preview, "import"))
    assert done.status_code == 302 and done["Location"] == UPLOAD
    with scopes_disabled():
        rows = list(Response.objects.filter(wave=wave))
        event = AuditEvent.objects.get(action="survey.limesurvey_import")
    assert len(rows) == 3 and not any("own.gut" in r.answers for r in rows)
    assert event.actor == cast.users["coordinator"]
    everything = json.dumps([r.answers for r in rows]) + json.dumps(event.changes)
    for value in TRACKING_VALUES:
        assert value not in everything, value
    assert list(_import_dir.glob("*.json")) == []
    assert SESSION_KEY not in client.session
    assert "3 Antwortbögen" in client.get(UPLOAD).content.decode()


def test_changing_an_item_shows_the_answers_again_before_importing(cast: Any, wave: Wave) -> None:
    client = _client(cast, "coordinator")
    client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))})
    page = client.get(MAPPING)
    index = next(r["index"] for r in page.context["form"].rows() if r["field"].key == "lehrkompetenz_forschung")
    response = client.post(MAPPING, _mapping_post(page, "import", **{f"item_{index}": "own.tutorium"}))
    assert response.status_code == 200 and response.context["changed_items"]
    with scopes_disabled():
        assert not Response.objects.exists()


def test_bad_mapping_is_shown_and_nothing_written(cast: Any, wave: Wave) -> None:
    client = _client(cast, "planner")
    client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))})
    page = client.get(MAPPING)
    row = next(r for r in page.context["form"].rows() if r["field"].key == "lehrkompetenz_inhalt")
    response = client.post(MAPPING, _mapping_post(page, "import", **{row["codes"][0].html_name: ""}))
    assert response.status_code == 200
    assert "Antwort „voll“ hat keine Zuordnung" in response.content.decode()
    with scopes_disabled():
        assert not Response.objects.exists()


def test_unreadable_file_and_cancel(cast: Any, wave: Wave, _import_dir: Path) -> None:
    client = _client(cast, "coordinator")
    response = client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("x.lsr", b"kaputt")})
    assert response.status_code == 200 and "keine lesbare LimeSurvey-XML-Datei" in response.content.decode()
    response = client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert "Bitte eine Datei aus LimeSurvey wählen" in response.content.decode()
    client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))})
    assert len(list(_import_dir.glob("*.json"))) == 1
    response = client.post(MAPPING, {"action": "cancel"})
    assert response.status_code == 302
    assert list(_import_dir.glob("*.json")) == []
    assert client.get(MAPPING).status_code == 302


def test_uploads_stay_in_memory_and_the_size_limit_is_reported(
    cast: Any, wave: Wave, monkeypatch: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import InMemoryUploadedFile

    from nahbar.survey.limesurvey import loader

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django's own handlers would spool this upload to a temporary file
    client = _client(cast, "coordinator")
    response = client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))})
    assert response.status_code == 302
    assert isinstance(response.wsgi_request.FILES["file"], InMemoryUploadedFile)
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    response = client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))})
    assert "Die Datei ist größer als 1 MB." in response.content.decode()


def test_upload_needs_the_csrf_token(cast: Any, wave: Wave) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users["coordinator"])
    response = client.post(UPLOAD, {"wave": wave.pk, "file": SimpleUploadedFile("s.lsa", lsa_bytes(LSS, LSR))})
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
