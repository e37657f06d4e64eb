"""The instrument catalogue: every item, key and code; build_survey and add_instruments."""

from __future__ import annotations

from typing import Any

import pytest
from django_scopes import scopes_disabled

from nahbar.survey import instruments as cat
from nahbar.survey.models import Question, Survey
from nahbar.survey.scoring import DirectLonely, DjgAnswer, UclaFivePoint, UclaThreePoint
from nahbar.tenancy.models import AuditEvent
from tests.survey.collect_support import survey_with_wave

EXPECTED_KEYS = [
    "ucla.companionship",
    "ucla.left_out",
    "ucla.isolated",
    "direct.lonely",
    "djg.emptiness",
    "djg.miss_people",
    "djg.rejected",
    "djg.lean_on",
    "djg.trust",
    "djg.close_to",
    "contact.frequency",
    "wishes.choices",
    "wishes.text",
    "demo.age_band",
    "demo.sex",
    "demo.household_size",
    "demo.area",
    "demo.migration",
    "demo.health_limited",
]


def _codes(item: cat.Item) -> set[int]:
    return {o.code for o in item.options}


@pytest.mark.parametrize("variant", list(Survey.UclaVariant.values))
def test_every_item_has_all_three_language_versions(variant: str) -> None:
    for slug in cat.INSTRUMENT_SLUGS:
        for item in cat.instrument(slug, ucla_variant=variant).items:
            assert item.de.strip() and item.en.strip() and item.easy.strip(), item.key
            for option in item.options:
                assert option.de and option.en and option.easy, (item.key, option.code)
            assert len(_codes(item)) == len(item.options), f"{item.key}: duplicate codes"


def test_ucla_codes_are_the_scoring_enums() -> None:
    three = cat.instrument("ucla3", ucla_variant=Survey.UclaVariant.THREE_POINT)
    five = cat.instrument("ucla3", ucla_variant=Survey.UclaVariant.FIVE_POINT)
    assert [i.key for i in three.items] == ["ucla.companionship", "ucla.left_out", "ucla.isolated"]
    assert [i.key for i in five.items] == [i.key for i in three.items]
    for item in three.items:
        assert _codes(item) == {int(c) for c in UclaThreePoint}
        assert {o.code: o.en for o in item.options}[UclaThreePoint.OFTEN] == "often"
    for item in five.items:
        assert _codes(item) == {int(c) for c in UclaFivePoint}
        assert {o.code: o.de for o in item.options}[UclaFivePoint.VERY_OFTEN] == "sehr oft"
        assert {o.code: o.de for o in item.options}[UclaFivePoint.NEVER] == "nie"


def test_djg_and_direct_codes_are_the_scoring_enums() -> None:
    djg = cat.instrument("djg6", ucla_variant="ucla3")
    assert [i.key for i in djg.items] == [
        "djg.emptiness",
        "djg.miss_people",
        "djg.rejected",
        "djg.lean_on",
        "djg.trust",
        "djg.close_to",
    ]
    for item in djg.items:
        labels = {o.code: o.en for o in item.options}
        assert labels == {DjgAnswer.YES: "yes", DjgAnswer.MORE_OR_LESS: "more or less", DjgAnswer.NO: "no"}
    (direct,) = cat.instrument("direct", ucla_variant="ucla3").items
    labels = {o.code: o.en for o in direct.options}
    assert labels[DirectLonely.OFTEN_OR_ALWAYS] == "often or always"
    assert labels[DirectLonely.NEVER] == "never"
    assert _codes(direct) == {int(c) for c in DirectLonely}


def test_unknown_variant_and_instrument_are_refused() -> None:
    with pytest.raises(ValueError, match="UCLA variant"):
        cat.instrument("ucla3", ucla_variant="ucla7")
    with pytest.raises(ValueError, match="unknown instrument"):
        cat.instrument("big5", ucla_variant="ucla3")


def test_age_bands_keep_adults_in_order() -> None:
    assert cat.adult_age_bands(["80+", "0-17", "18-29", "65-79", "insgesamt", "30-49"]) == (
        "18-29",
        "30-49",
        "65-79",
        "80+",
    )
    assert cat.adult_age_bands(["15-24", "0-14"]) == ("15-24",)
    options = cat.age_band_options(("18-29", "80+"))
    assert [(o.code, o.extra["band"], o.de) for o in options] == [
        (1, "18-29", "18 bis 29 Jahre"),
        (2, "80+", "80 Jahre oder älter"),
    ]


@pytest.mark.django_db
def test_build_survey_creates_every_catalogue_question(cast: Any) -> None:
    survey, _wave = survey_with_wave(cast.home)
    with scopes_disabled():
        questions = list(survey.questions.order_by("position"))
        events = list(AuditEvent.objects.filter(object_type="survey.survey", object_id=str(survey.pk)))
    assert [q.key for q in questions] == EXPECTED_KEYS
    assert len({q.position for q in questions}) == len(questions)
    by_key = {q.key: q for q in questions}
    # Age bands from the municipality's statistics, the children's band left out.
    assert [o["band"] for o in by_key["demo.age_band"].options] == ["18-29", "30-49", "50-64", "65-79", "80+"]
    assert [(o["code"], o["area"], o["de"]) for o in by_key["demo.area"].options] == [
        (1, "01", "Nordviertel"),
        (2, "02", "Südviertel"),
    ]
    assert by_key["demo.area"].kind == Question.Kind.AREA
    assert by_key["wishes.choices"].kind == Question.Kind.MULTIPLE
    assert by_key["wishes.text"].kind == Question.Kind.TEXT
    assert {k for k, q in by_key.items() if q.needs_consent} == {"demo.migration", "demo.health_limited"}
    assert all(q.municipality_id == cast.home.pk for q in questions)
    assert {e.action for e in events} == {"survey.create", "survey.add_instruments"}


@pytest.mark.django_db
def test_a_municipality_without_areas_gets_default_bands_and_no_area_question(cast: Any) -> None:
    with scopes_disabled():
        survey = cat.build_survey(
            municipality=cast.other, slug="kurz", title="Kurz", instruments=["demographics"], actor=None
        )
        by_key = {q.key: q for q in survey.questions.all()}
    assert "demo.area" not in by_key
    assert tuple(o["band"] for o in by_key["demo.age_band"].options) == cat.DEFAULT_AGE_BANDS


@pytest.mark.django_db
def test_add_instruments_appends_and_refuses_duplicates(cast: Any) -> None:
    with scopes_disabled():
        survey = cat.build_survey(municipality=cast.home, slug="s", title="S", instruments=["direct"], actor=None)
        Question.objects.create(
            municipality=cast.home, survey=survey, position=15, key="own.park", kind="text", text_de="Park?"
        )
        cat.add_instruments(survey=survey, instruments=["contact"], actor=None)
        assert list(survey.questions.order_by("position").values_list("key", flat=True)) == [
            "direct.lonely",
            "own.park",
            "contact.frequency",
        ]
        with pytest.raises(ValueError, match="already has"):
            cat.add_instruments(survey=survey, instruments=["direct"], actor=None)
        with pytest.raises(ValueError, match="unknown instruments"):
            cat.add_instruments(survey=survey, instruments=["nope"], actor=None)
