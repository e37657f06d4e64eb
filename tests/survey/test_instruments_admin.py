"""Coordinators set up surveys in the admin: catalogue instruments on creation, own questions and waves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.survey.models import Survey

pytestmark = pytest.mark.django_db


def _inlines(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for prefix in ("waves", "questions"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(extra)
    return data


def _coordinator(cast: Any) -> Client:
    client = Client()
    client.force_login(cast.users["coordinator"])
    return client


def test_coordinator_creates_a_survey_from_the_catalogue_with_a_wave(cast: Any) -> None:
    data = _inlines(
        municipality=cast.home.pk,
        slug="herbst",
        title="Herbstbefragung",
        intro="",
        ucla_variant="ucla3_soep5",
        instruments=["ucla3", "direct"],
        **{
            "waves-TOTAL_FORMS": 1,
            "waves-0-slug": "runde-1",
            "waves-0-name": "Runde 1",
            "waves-0-opens_on": "2026-10-01",
            "waves-0-closes_on": "2026-10-31",
        },
    )
    response = _coordinator(cast).post(reverse("admin:survey_survey_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        survey = Survey.objects.get(slug="herbst")
        assert list(survey.questions.values_list("key", flat=True)) == [
            "ucla.companionship",
            "ucla.left_out",
            "ucla.isolated",
            "direct.lonely",
        ]
        assert [o["code"] for o in survey.questions.get(key="ucla.left_out").options] == [5, 4, 3, 2, 1]
        assert survey.waves.get().municipality_id == cast.home.pk


def test_own_questions_need_an_own_key_and_sound_options(cast: Any) -> None:
    with scopes_disabled():
        survey = Survey.objects.create(municipality=cast.home, slug="s", title="S")
    url = reverse("admin:survey_survey_change", args=[survey.pk])
    base = {"municipality": cast.home.pk, "slug": "s", "title": "S", "intro": ""}
    question = {
        "questions-TOTAL_FORMS": 1,
        "questions-0-position": 900,
        "questions-0-key": "park",
        "questions-0-instrument": "",
        "questions-0-kind": "single",
        "questions-0-text_de": "Nutzen Sie den Park?",
        "questions-0-options": '[{"code": 1, "de": "ja"}, {"code": 1, "de": "nein"}]',
    }
    response = _coordinator(cast).post(url, _inlines(**base, **question))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eigene Fragen haben Schlüssel der Form own.name" in page
    assert "Jede Antwortnummer darf nur einmal vorkommen." in page
    question.update(
        {"questions-0-key": "own.park", "questions-0-options": '[{"code": 1, "de": "ja"}, {"code": 2, "de": "nein"}]'}
    )
    assert _coordinator(cast).post(url, _inlines(**base, **question)).status_code == 302
    with scopes_disabled():
        assert survey.questions.get().key == "own.park"
