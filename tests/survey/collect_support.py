"""Set-up shared by the survey collection tests: a survey built from the whole catalogue, one open wave."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.survey.instruments import INSTRUMENT_SLUGS, build_survey
from nahbar.survey.models import Question, Survey, Wave
from nahbar.survey.public_views import session_key
from tests import factories


def survey_with_wave(
    municipality: Any, *, ucla_variant: str = Survey.UclaVariant.THREE_POINT, slug: str = "viertel"
) -> tuple[Survey, Wave]:
    with scopes_disabled():
        for code, name in (("01", "Nordviertel"), ("02", "Südviertel")):
            area = factories.area(municipality, code=code, name=name)
            for band in ("0-17", "18-29", "30-49", "50-64", "65-79", "80+"):
                factories.area_statistic(area, age_band=band, sex="f")
        survey = build_survey(
            municipality=municipality,
            slug=slug,
            title="Wie geht es Ihnen in Ihrem Viertel?",
            instruments=INSTRUMENT_SLUGS,
            ucla_variant=ucla_variant,
            actor=None,
        )
        today = timezone.localdate()
        wave = Wave.objects.create(
            municipality=municipality,
            survey=survey,
            slug="runde-1",
            name="Runde 1",
            opens_on=today - dt.timedelta(days=3),
            closes_on=today + dt.timedelta(days=3),
        )
    return survey, wave


def form_url(survey: Survey, language: str = "") -> str:
    url = reverse("survey-form", args=[survey.municipality.slug, survey.slug])
    return f"/{language}{url}" if language else url


def age_past_minimum(client: Client, survey: Survey, seconds: float = 60) -> None:
    """Pretend the first page was opened ``seconds`` ago (the start time lives in the session only)."""
    session = client.session
    state = session[session_key(survey)]
    state["started"] -= seconds
    session[session_key(survey)] = state
    session.save()


def questions_by_key(survey: Survey) -> dict[str, Question]:
    with scopes_disabled():
        return {q.key: q for q in survey.questions.all()}


def fill_all(client: Client, survey: Survey, answers: dict[str, list[str]], *, consent: bool = False) -> Any:
    """Walk the form from step 1 to submit, posting ``answers`` page by page; returns the last response."""
    response = client.get(form_url(survey))
    assert response.status_code == 200
    age_past_minimum(client, survey)
    while True:
        context = response.context
        step, steps = context["step"], context["steps"]
        last = step == steps and not (context["section"].asks_consent and consent)
        data: dict[str, Any] = {"schritt": step, "aktion": "absenden" if last else "weiter"}
        for item in context["items"]:
            key = item["question"].key
            if key in answers:
                data[key] = answers[key]
        if context["section"].asks_consent and consent:
            data["einwilligung"] = "ja"
        response = client.post(form_url(survey), data)
        if response.status_code != 302 or response["Location"].endswith("/danke/"):
            return response
        response = client.get(response["Location"])
