"""Microdata leave the installation only to the planner role of the wave's municipality, each time logged."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.survey.models import Response
from nahbar.survey.results.services import MICRODATA_ACTION
from nahbar.tenancy.models import AuditEvent, Role
from nahbar.tenancy.services import membership_grant, user_create
from tests.survey.results_fixtures import AREA_SIZES, small_wave

pytestmark = pytest.mark.django_db


def _url(municipality_slug: str = "heimstadt", wave: str = "welle-1") -> str:
    return reverse(
        "survey-microdata",
        kwargs={"municipality_slug": municipality_slug, "survey_slug": "wie-geht-es", "wave_slug": wave},
    )


def _downloads() -> int:
    with scopes_disabled():
        return AuditEvent.objects.filter(action=MICRODATA_ACTION).count()


def test_planner_gets_every_row_and_the_download_is_logged(cast: Any) -> None:
    made = small_wave(cast.home, published=False)  # microdata do not depend on published results
    client = Client()
    client.force_login(cast.users["planner"])
    response = client.get(_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == sum(AREA_SIZES.values())
    assert rows[0]["row"] == "1" and "ucla.companionship" in rows[0] and "id" not in rows[0]
    assert {row["area"] for row in rows} == set(AREA_SIZES)
    assert any("0351 4567890" in row["wishes.text"] for row in rows)  # microdata are not scrubbed: planners only
    with scopes_disabled():
        event = AuditEvent.objects.get(action=MICRODATA_ACTION)
    assert event.actor == cast.users["planner"] and event.actor_label == "planner"
    assert event.municipality == cast.home
    assert event.object_id == str(made.wave.pk)
    assert event.changes == {"survey": "wie-geht-es", "wave": "welle-1", "rows": sum(AREA_SIZES.values())}
    assert event.created_at is not None
    client.get(_url())
    assert _downloads() == 2  # every download, not only the first


@pytest.mark.parametrize("role", ["coordinator", "outreach", "provider", "viewer", "nobody", "other_coordinator",
                                  "other_provider", "superuser"])  # fmt: skip
def test_no_other_role_gets_microdata(cast: Any, role: str) -> None:
    small_wave(cast.home)
    client = Client()
    client.force_login(cast.users[role])
    response = client.get(_url())
    assert response.status_code == 403
    assert _downloads() == 0


def test_another_municipalitys_planner_gets_nothing(cast: Any) -> None:
    small_wave(cast.home)
    with scopes_disabled():
        stranger = user_create(actor=None, username="other_planner", password="x-pw-123456789")
        membership_grant(actor=None, user=stranger, municipality=cast.other, role=Role.PLANNER)
    client = Client()
    client.force_login(stranger)
    assert client.get(_url()).status_code == 403  # no role in Heimstadt
    assert client.get(_url("anderswo")).status_code == 404  # the wave is not Anderswo's
    assert _downloads() == 0


def test_anonymous_is_sent_to_the_login(cast: Any) -> None:
    small_wave(cast.home)
    response = Client().get(_url())
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/?next=")
    assert _downloads() == 0


def test_unknown_wave_is_404_for_the_planner(cast: Any) -> None:
    small_wave(cast.home)
    client = Client()
    client.force_login(cast.users["planner"])
    assert client.get(_url(wave="gibt-es-nicht")).status_code == 404
    assert _downloads() == 0


def test_text_that_looks_like_a_formula_stays_text(cast: Any) -> None:
    made = small_wave(cast.home)
    with scopes_disabled():
        response = Response.objects.filter(wave=made.wave).first()
        assert response is not None
        response.answers = {**response.answers, "wishes.text": '=HYPERLINK("http://x.example","klick")'}
        response.save()
    client = Client()
    client.force_login(cast.users["planner"])
    rows = list(csv.DictReader(io.StringIO(client.get(_url()).content.decode())))
    assert rows[0]["wishes.text"] == '\'=HYPERLINK("http://x.example","klick")'
