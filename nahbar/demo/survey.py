"""The demo survey "Wie geht es Ihnen in Ihrem Viertel?" with every catalogue instrument and one open wave."""

from __future__ import annotations

import datetime as dt

from django_scopes import scopes_disabled

from nahbar.survey.instruments import INSTRUMENT_SLUGS, build_survey
from nahbar.survey.models import Survey, Wave
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

SURVEY_SLUG = "viertel"
WAVE_SLUG = "runde-1"
INTRO = (
    "Die Stadt möchte wissen, wie es den Menschen in ihren Vierteln geht und was sie sich wünschen. "
    "Das Ausfüllen dauert etwa 5 Minuten. Ihre Antworten sind anonym."
)


def build_demo_survey(*, actor: audit.Actor, municipality: Municipality, today: dt.date) -> Survey:
    """The survey and one wave open from four weeks ago to four weeks ahead (so the form is open today)."""
    survey = build_survey(
        municipality=municipality,
        slug=SURVEY_SLUG,
        title="Wie geht es Ihnen in Ihrem Viertel?",
        instruments=INSTRUMENT_SLUGS,
        ucla_variant=Survey.UclaVariant.THREE_POINT,
        actor=actor,
        intro=INTRO,
    )
    with scopes_disabled():
        wave = Wave.objects.create(
            municipality=municipality,
            survey=survey,
            slug=WAVE_SLUG,
            name=f"Runde 1 ({today.year})",
            opens_on=today - dt.timedelta(days=28),
            closes_on=today + dt.timedelta(days=28),
        )
    audit.record(actor=actor, action="wave.create", obj=wave, changes=audit.snapshot(wave))
    return survey
