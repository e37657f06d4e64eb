"""The demo municipality gets the survey "Wie geht es Ihnen in Ihrem Viertel?" with an open wave."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from nahbar.demo.survey import SURVEY_SLUG
from nahbar.survey.collection import open_wave
from nahbar.survey.models import Survey


@pytest.mark.django_db
def test_demo_survey_is_open(settings: Any) -> None:
    call_command("demo", password="demo-test-pw-1", verbosity=0)
    with scopes_disabled():
        survey = Survey.objects.get(municipality__slug="demo", slug=SURVEY_SLUG)
        keys = set(survey.questions.values_list("key", flat=True))
        area_options = survey.questions.get(key="demo.area").options
        bands = [o["band"] for o in survey.questions.get(key="demo.age_band").options]
        assert open_wave(survey) is not None
    assert survey.title == "Wie geht es Ihnen in Ihrem Viertel?"
    assert {"ucla.isolated", "djg.close_to", "direct.lonely", "contact.frequency", "wishes.choices"} <= keys
    assert len(area_options) == 12, "Berlin's twelve districts"
    assert bands == ["18-29", "30-49", "50-64", "65-79", "80+"]
    page = Client().get(f"/demo/befragung/{SURVEY_SLUG}/")
    assert page.status_code == 200 and "Schritt 1 von 5" in page.content.decode()
