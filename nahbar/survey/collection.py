"""Storing one anonymous questionnaire, whichever way it came in (online form or paper).

What is stored: the wave, the day (never the time), the channel, the answers and the demographic
columns weighting needs. What is not: IP address, user agent, time of day, any token or session id.
Online responses write no audit row, since an audit row carries an exact time next to the response id;
paper entries do (the time is the staff member's, not the respondent's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.areas.models import Area
from nahbar.survey.answers import Value
from nahbar.survey.models import Question, Response, Survey, Wave
from nahbar.tenancy import audit

HOUSEHOLD_KEY = "demo.household_size"
LIVES_ALONE_KEY = "demo.lives_alone"
LIVES_ALONE_YES, LIVES_ALONE_NO = 1, 2


def open_wave(survey: Survey, today: dt.date | None = None) -> Wave | None:
    """The wave whose period contains today (the latest to open if periods overlap)."""
    today = today or timezone.localdate()
    with scopes_disabled():
        return survey.waves.filter(opens_on__lte=today, closes_on__gte=today).order_by("-opens_on").first()


def _option(question: Question | None, code: Any) -> dict[str, Any]:
    if question is None or not isinstance(code, int):
        return {}
    return next((o for o in question.options if o.get("code") == code), {})


def with_derived(answers: Mapping[str, Value]) -> dict[str, Value]:
    """Adds ``demo.lives_alone`` (1 yes, 2 no) from the household size, unless it was answered itself."""
    result = dict(answers)
    size = result.get(HOUSEHOLD_KEY)
    if LIVES_ALONE_KEY not in result and isinstance(size, int):
        result[LIVES_ALONE_KEY] = LIVES_ALONE_YES if size == 1 else LIVES_ALONE_NO
    return result


def demographic_columns(questions: Iterable[Question], answers: Mapping[str, Value]) -> dict[str, Any]:
    """Response.area / age_band / sex / lives_alone from the answers and the options' values."""
    by_key = {q.key: q for q in questions}
    age = _option(by_key.get("demo.age_band"), answers.get("demo.age_band"))
    sex = _option(by_key.get("demo.sex"), answers.get("demo.sex"))
    area_option = _option(by_key.get("demo.area"), answers.get("demo.area"))
    area = None
    if area_option.get("area"):
        question = by_key["demo.area"]
        with scopes_disabled():
            area = Area.objects.filter(
                municipality_id=question.municipality_id, code=area_option["area"], level=area_option.get("level", "")
            ).first()
    lives_alone = answers.get(LIVES_ALONE_KEY)
    return {
        "age_band": age.get("band", ""),
        "sex": sex.get("sex", ""),
        "area": area,
        "lives_alone": None if not isinstance(lives_alone, int) else lives_alone == LIVES_ALONE_YES,
    }


def response_record(
    *,
    wave: Wave,
    answers: Mapping[str, Value],
    channel: str,
    actor: audit.Actor = None,
    received_on: dt.date | None = None,
) -> Response:
    """Store one questionnaire. ``received_on`` defaults to today; it is a date, so no time can slip in."""
    received = received_on or timezone.localdate()
    if isinstance(received, dt.datetime):
        raise TypeError("received_on must be a date, not a datetime")
    with transaction.atomic(), scopes_disabled():
        questions = list(wave.survey.questions.all())
        full = with_derived(answers)
        response = Response.objects.create(
            municipality_id=wave.municipality_id,
            wave=wave,
            received_on=received,
            channel=channel,
            answers=full,
            **demographic_columns(questions, full),
        )
        if channel == Response.Channel.PAPER:
            audit.record(
                actor=actor,
                action="response.paper_entry",
                municipality=wave.municipality,
                object_type="survey.response",
                object_id=str(response.pk),
                object_repr=str(wave)[:300],
                changes={"wave": wave.pk},
            )
    return response
