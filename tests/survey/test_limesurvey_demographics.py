"""A small hand-made VV file (no .lss) with the raking demographics and a UCLA item: suggestions from the
headings and the values seen, and the demographics landing in the response's columns, not in ``answers``.
The file is written inline so every value in it is visible in the test."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled

from nahbar.survey.limesurvey.importer import import_limesurvey
from nahbar.survey.limesurvey.loader import load
from nahbar.survey.limesurvey.mapping import ColumnMapping, suggest_mapping
from nahbar.survey.limesurvey.targets import targets_for
from nahbar.survey.models import Question, Response, Survey, Wave
from tests import factories

pytestmark = pytest.mark.django_db

VV = (
    "Antwort ID\tDatum Abgeschickt\tIhr Geschlecht?\tLeben Sie allein?\tIn welchem Ortsteil wohnen Sie?\t"
    "Altersgruppe\tWie oft haben Sie das Gefühl, dass Sie sozial isoliert sind?\n"
    "id\tsubmitdate\tgeschlecht\tallein\tortsteil\taltersgruppe\tucla3\n"
    "1\t1980-01-01 00:00:00\tweiblich\tJa\tNord\t65-79\t3\n"
    "2\t1980-01-01 00:00:00\tmännlich\tNein\tSüd\t80+\t1\n"
    "3\t{question_not_shown}\tweiblich\tJa\tNord\t65-79\t2\n"
)


def test_demographics_go_to_columns(cast: Any) -> None:
    with scopes_disabled():
        north = factories.area(cast.home, "01", name="Nord")
        south = factories.area(cast.home, "02", name="Süd")
        for band in ("65-79", "80+"):
            factories.area_statistic(north, age_band=band)
        survey = Survey.objects.create(municipality=cast.home, slug="e", title="Einsamkeit")
        Question.objects.create(municipality=cast.home, survey=survey, position=1, key="ucla.isolated",
                                kind="single", text_de="Wie oft fühlen Sie sich sozial isoliert?")  # fmt: skip
        wave = Wave.objects.create(municipality=cast.home, survey=survey, slug="w", name="W",
                                   opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 3, 1))  # fmt: skip
    data = load([("vvexport.txt", VV.encode())])
    with scope(municipality=cast.home):
        mapping = suggest_mapping(data, targets_for(wave))
        assert mapping == {
            "geschlecht": ColumnMapping("demo.sex", {"weiblich": "f", "männlich": "m"}),
            "allein": ColumnMapping("demo.lives_alone", {"Ja": 1, "Nein": 0}),
            "ortsteil": ColumnMapping("demo.area", {"Nord": north.pk, "Süd": south.pk}),
            "altersgruppe": ColumnMapping("demo.age_band", {"65-79": "65-79", "80+": "80+"}),
            "ucla3": ColumnMapping("ucla.isolated", {"1": 1, "2": 2, "3": 3}),
        }
        report = import_limesurvey(wave, data, mapping, actor=None, dry_run=False)
        rows = list(Response.objects.filter(wave=wave).order_by("pk").values(
            "sex", "lives_alone", "area", "age_band", "answers"))  # fmt: skip
    assert (report.imported, report.skipped_incomplete) == (2, 1)
    assert rows == [
        {"sex": "f", "lives_alone": True, "area": north.pk, "age_band": "65-79", "answers": {"ucla.isolated": 3}},
        {"sex": "m", "lives_alone": False, "area": south.pk, "age_band": "80+", "answers": {"ucla.isolated": 1}},
    ]
