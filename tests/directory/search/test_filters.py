"""Each filter on its own, and all of them combined with AND."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from tests.directory.search.builders import offer, place, term, titles


@pytest.mark.django_db
def test_vocabulary_filters_any_within_alternatives_all_within_needs(cast: Any) -> None:
    walk, music = term("format", "bewegung"), term("format", "musik")
    step_free, wc = term("accessibility", "stufenlos"), term("accessibility", "barrierefreies-wc")
    offer(cast.home_org, "A", terms={"formats": [walk], "accessibility": [step_free, wc]})
    offer(cast.home_org, "B", terms={"formats": [music], "accessibility": [step_free]})
    offer(cast.home_org, "C", terms={"formats": [walk]})
    assert titles(cast.home, "format=bewegung") == ["A", "C"]
    assert titles(cast.home, "format=bewegung&format=musik") == ["A", "B", "C"]
    assert titles(cast.home, "barrierefrei=stufenlos") == ["A", "B"]
    assert titles(cast.home, "barrierefrei=stufenlos&barrierefrei=barrierefreies-wc") == ["A"]
    assert titles(cast.home, "format=musik&barrierefrei=barrierefreies-wc") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parameter", "relation", "vocabulary", "code"),
    [
        ("zielgruppe", "target_groups", "target_group", "aeltere"),
        ("merkmal", "low_threshold", "low_threshold", "allein-willkommen"),
        ("sprache", "languages", "language", "tr"),
        ("form", "delivery_modes", "delivery_mode", "telefonisch"),
    ],
)
def test_each_vocabulary_parameter(cast: Any, parameter: str, relation: str, vocabulary: str, code: str) -> None:
    offer(cast.home_org, "Mit", terms={relation: [term(vocabulary, code)]})
    offer(cast.home_org, "Ohne")
    assert titles(cast.home, f"{parameter}={code}") == ["Mit"]


@pytest.mark.django_db
def test_area_includes_child_areas(cast: Any) -> None:
    with scopes_disabled():
        district = factories.area(cast.home, code="01", level_rank=1)
        quarter = factories.area(cast.home, code="0101", parent=district, level_rank=2)
        elsewhere = factories.area(cast.home, code="02", level_rank=1)
    in_quarter = place(cast.home_org, "Im Viertel", 52.05, 13.05, area=quarter)
    outside = place(cast.home_org, "Draußen", 52.05, 13.05, area=elsewhere)
    offer(cast.home_org, "Viertel", places=[in_quarter])
    offer(cast.home_org, "Anderes Gebiet", places=[outside])
    offer(cast.home_org, "Telefon", places=[])
    assert titles(cast.home, f"gebiet={district.pk}") == ["Viertel"]
    assert titles(cast.home, f"gebiet={quarter.pk}") == ["Viertel"]
    assert titles(cast.home, f"gebiet={elsewhere.pk}") == ["Anderes Gebiet"]


@pytest.mark.django_db
def test_free_and_third_places(cast: Any) -> None:
    third = place(cast.home_org, "Bibliothek", 52.0, 13.0, is_third_place=True)
    other = place(cast.home_org, "Vereinsheim", 52.0, 13.0)
    offer(cast.home_org, "Frei am Dritten Ort", places=[third])
    offer(cast.home_org, "Kostet", places=[third], is_free=False)
    offer(cast.home_org, "Im Verein", places=[other])
    assert titles(cast.home, "kostenlos=1") == ["Frei am Dritten Ort", "Im Verein"]
    assert titles(cast.home, "dritte-orte=1") == ["Frei am Dritten Ort", "Kostet"]
    assert titles(cast.home, "dritte-orte=1&kostenlos=1") == ["Frei am Dritten Ort"]


@pytest.mark.django_db
def test_weekday_and_time_of_day(cast: Any) -> None:
    offer(cast.home_org, "Montagmorgen", byday="MO", start_time=dt.time(9, 30))
    offer(cast.home_org, "Dienstagnachmittag", byday="TU", start_time=dt.time(14, 0))
    offer(cast.home_org, "Freitagabend", byday="FR", start_time=dt.time(19, 0))
    offer(cast.home_org, "Ohne Termin", byday=None)
    assert titles(cast.home, "tag=mo") == ["Montagmorgen"]
    assert sorted(titles(cast.home, "tag=mo&tag=fr")) == ["Freitagabend", "Montagmorgen"]
    assert titles(cast.home, "tageszeit=nachmittag") == ["Dienstagnachmittag"]
    assert titles(cast.home, "tageszeit=abend") == ["Freitagabend"]
    assert titles(cast.home, "tag=mo&tageszeit=abend") == []


@pytest.mark.django_db
def test_date_range(cast: Any) -> None:
    today = timezone.localdate()
    offer(cast.home_org, "Jeden Tag", byday="MO,TU,WE,TH,FR,SA,SU")
    once = offer(cast.home_org, "Einmal", byday=None, index=False)
    in_ten_days = today + dt.timedelta(days=10)
    with scopes_disabled():
        factories.weekly_schedule(once, rrule="", dtstart=in_ten_days)
    from nahbar.directory.search.index import refresh_offers

    refresh_offers([once.pk])
    day = in_ten_days.isoformat()
    assert titles(cast.home, f"von={day}&bis={day}") == ["Einmal", "Jeden Tag"]  # same time: by title
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert titles(cast.home, f"von={tomorrow}&bis={tomorrow}") == ["Jeden Tag"]


@pytest.mark.django_db
def test_all_filters_combine_with_and(cast: Any) -> None:
    spot = place(cast.home_org, "Treff", 52.0, 13.0, is_third_place=True)
    walk = term("format", "bewegung")
    offer(cast.home_org, "Spaziergang", places=[spot], terms={"formats": [walk]}, byday="WE")
    offer(
        cast.home_org,
        "Spaziergang am Abend",
        places=[spot],
        terms={"formats": [walk]},
        byday="WE",
        start_time=dt.time(18, 0),
    )
    offer(cast.home_org, "Spaziergang kostet", places=[spot], terms={"formats": [walk]}, byday="WE", is_free=False)
    offer(cast.home_org, "Spaziergang donnerstags", places=[spot], terms={"formats": [walk]}, byday="TH")
    query = f"q=Spaziergang&format=bewegung&kostenlos=1&dritte-orte=1&tag=mi&tageszeit=nachmittag&ort={spot.pk}"
    assert titles(cast.home, query) == ["Spaziergang"]
