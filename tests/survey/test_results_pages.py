"""Result pages, CSV and PDF of a published wave: the publication rules in every output, cache, queries."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.survey.models import Response
from nahbar.survey.results.context import results_context
from nahbar.survey.results.selectors import wave_results
from tests.survey.results_fixtures import AREA_SIZES, small_wave

pytestmark = pytest.mark.django_db

SMALL_N = "zu wenige Antworten"
SECONDARY = "damit andere Werte nicht zurückgerechnet werden können"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _url(name: str, municipality: str = "heimstadt", wave: str = "welle-1") -> str:
    kwargs = {"municipality_slug": municipality, "survey_slug": "wie-geht-es", "wave_slug": wave}
    return reverse(name, kwargs=kwargs)


def _row(html: str, label: str) -> str:
    match = re.search(rf"<tr><th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", html, re.S)
    assert match, label
    return match.group(1)


def test_page_shows_published_areas_and_says_why_others_are_not(cast: Any) -> None:
    small_wave(cast.home)
    response = Client().get(_url("survey-results"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    published = _row(html, "Viertel A")
    assert "%" in published and str(AREA_SIZES["A"]) in published
    small = _row(html, "Viertel C")
    assert "nicht ausgewiesen" in small and SMALL_N in small
    assert str(AREA_SIZES["C"]) not in small and "%" not in small  # not even n
    assert SECONDARY in _row(html, "Viertel B")
    # The methods note names the rules and what was suppressed.
    assert "mindestens 30 Personen" in html and "Viertel C (zu wenige Antworten)" in html
    assert "Grenzwert 6" in html and "Logit" in html
    # Map: the button and the data address are there for JavaScript; the legend works without it.
    assert 'id="karte-laden"' in html and "karte.geojson?merkmal=ucla_lonely" in html
    assert "Legende der Karte" in html


def test_csv_has_flags_and_empty_values_for_suppressed_rows(cast: Any) -> None:
    small_wave(cast.home)
    response = Client().get(_url("survey-results-csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    area = {row["group"]: row for row in rows if row["outcome"] == "ucla_lonely" and row["grouping"] == "area"}
    assert area["A"]["published"] == "1" and float(area["A"]["estimate"]) > 0 and area["A"]["n"] == "90"
    for group, reason in (("C", "n_below_min"), ("B", "secondary")):
        assert area[group]["published"] == "0" and area[group]["suppression"] == reason
        assert [area[group][c] for c in ("n", "estimate", "se", "ci_low", "ci_high")] == [""] * 5
    assert area["all"]["ucla_cutoff"] == "6" and area["all"]["ci_method"] == "logit"
    # Aggregates only: no answers, no texts, no response ids.
    text = response.content.decode()
    assert "Treffpunkt" not in text and "wishes" not in text


def test_json_has_the_same_rows_with_nulls_for_suppressed_values(cast: Any) -> None:
    small_wave(cast.home)
    client = Client()
    data = client.get(_url("survey-results-json")).json()
    csv_rows = list(csv.DictReader(io.StringIO(client.get(_url("survey-results-csv")).content.decode())))
    assert len(data["rows"]) == len(csv_rows)
    assert data["publication_rules"]["min_n"] == 30 and data["respondents"] == sum(AREA_SIZES.values())
    area = {r["group"]: r for r in data["rows"] if r["outcome"] == "ucla_lonely" and r["grouping"] == "area"}
    assert area["A"]["published"] is True and area["A"]["n"] == 90 and 0 < area["A"]["estimate"] < 1
    assert area["A"]["estimate"] == float(next(r for r in csv_rows if r["outcome"] == "ucla_lonely" and
                                               r["grouping"] == "area" and r["group"] == "A")["estimate"])  # fmt: skip
    for group, reason in (("C", "n_below_min"), ("B", "secondary")):
        assert area[group]["suppression"] == reason and area[group]["published"] is False
        assert [area[group][k] for k in ("n", "estimate", "se", "ci_low", "ci_high")] == [None] * 5


def test_pdf_is_made_and_its_source_carries_the_suppression(cast: Any) -> None:
    made = small_wave(cast.home)
    response = Client().get(_url("survey-results-pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    with scopes_disabled():
        context = results_context(made.survey, made.wave, wave_results(made.wave), None)
        html = render_to_string("survey/results/report.html", {**context, "municipality": cast.home})
    assert SMALL_N in _row(html, "Viertel C") and SECONDARY in _row(html, "Viertel B")
    assert "Wie diese Zahlen entstehen" in html and "<script" not in html


def test_map_data_carry_only_published_values(cast: Any) -> None:
    small_wave(cast.home)
    data = Client().get(_url("survey-results-map")).json()
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code["A"]["value"].endswith("%") and by_code["A"]["class"] is not None
    assert by_code["C"]["value"] == "" and by_code["C"]["class"] is None and by_code["C"]["note"] == SMALL_N
    assert by_code["B"]["value"] == "" and by_code["B"]["class"] is None
    assert all(f["geometry"]["type"] == "Polygon" for f in data["features"])


def test_themes_are_shown_scrubbed(cast: Any) -> None:
    small_wave(cast.home)
    html = Client().get(_url("survey-results")).content.decode()
    assert "Was sich die Befragten wünschen" in html
    assert "4567890" not in html and "Hoffmann" not in html


def test_unpublished_and_foreign_waves_are_not_found(cast: Any) -> None:
    small_wave(cast.home, published=False)
    client = Client()
    for name in ("survey-results", "survey-results-csv", "survey-results-json", "survey-results-pdf",
                 "survey-results-map"):  # fmt: skip
        assert client.get(_url(name)).status_code == 404, name
        assert client.get(_url(name, municipality="anderswo")).status_code == 404, name
    assert "noch keine Ergebnisse" in client.get(reverse("survey-results-index", args=["heimstadt"])).content.decode()


def test_index_lists_published_waves_of_the_own_municipality(cast: Any) -> None:
    small_wave(cast.home)
    small_wave(cast.home, slug="welle-2", seed=2)
    own = Client().get(reverse("survey-results-index", args=["heimstadt"])).content.decode()
    assert "Welle 1" in own and "Welle 2" in own and "Wie geht es?" in own
    assert "Welle 1" not in Client().get(reverse("survey-results-index", args=["anderswo"])).content.decode()


def test_trend_over_two_waves(cast: Any) -> None:
    small_wave(cast.home)
    small_wave(cast.home, slug="welle-2", seed=2)
    html = Client().get(_url("survey-results", wave="welle-2")).content.decode()
    assert '<svg role="img"' in html and "nach Befragungswelle" in html
    assert "Welle 2 (diese Welle)" in html


def test_cached_page_does_not_recompute_and_new_responses_do(cast: Any) -> None:
    made = small_wave(cast.home)
    client = Client()
    client.get(_url("survey-results"))  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("survey-results")).status_code == 200
    # municipality, wave, response and statistics keys (page), areas, questions, trend: waves + keys.
    assert len(queries) == 9, [q["sql"] for q in queries]
    assert not any('"answers"' in q["sql"] for q in queries)  # no response rows read: nothing re-raked
    with scopes_disabled():
        Response.objects.filter(wave=made.wave, area=made.areas["C"]).delete()
    html = client.get(_url("survey-results")).content.decode()
    assert "keine Antworten" in _row(html, "Viertel C")


def test_outcome_switch(cast: Any) -> None:
    small_wave(cast.home)
    html = Client().get(_url("survey-results") + "?merkmal=direct_often").content.decode()
    assert "Oft oder immer einsam (direkte Frage) nach Gebiet" in html
    fallback = Client().get(_url("survey-results") + "?merkmal=kaputt").content.decode()
    assert "Einsam (UCLA-3) nach Gebiet" in fallback


def test_english_page_has_its_own_cache_entry(cast: Any) -> None:
    small_wave(cast.home)
    client = Client()
    assert client.get(_url("survey-results")).status_code == 200
    english = client.get("/en" + _url("survey-results"))
    assert english.status_code == 200 and '<html lang="en"' in english.content.decode()
    assert len([key for key in cache._cache if "survey-results" in key]) == 2  # type: ignore[attr-defined]


def test_pdf_map_labels_published_areas_and_hatches_the_others(cast: Any) -> None:
    from nahbar.survey.results.views import _static_map

    made = small_wave(cast.home)
    with scopes_disabled():
        context = results_context(made.survey, made.wave, wave_results(made.wave), None)
        svg = str(_static_map(cast.home, context))
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert sum(text.endswith("%") for text in texts) == 1 and texts.count("–") == 2, texts
    assert svg.count("<pattern") == 1  # matplotlib's hatch, used by the two suppressed areas
    assert 'role="img"' in svg and '<title id="karte-titel">Karte: Einsam (UCLA-3) nach Gebiet</title>' in svg
    assert 'id="trend-' not in svg and not re.search(r'id="(?!karte-)', svg)  # ids prefixed: no clash in the PDF


def _ucla_by_area(client: Client) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(client.get(_url("survey-results-csv")).content.decode()))
    return {r["group"]: r for r in rows if r["outcome"] == "ucla_lonely" and r["grouping"] == "area"}


def test_cut_off_and_interval_method_are_survey_settings(cast: Any) -> None:
    made = small_wave(cast.home)
    client = Client()
    before = _ucla_by_area(client)
    with scopes_disabled():
        made.survey.ucla_cutoff = 5
        made.survey.ci_method = "beta"
        made.survey.save()
    after = _ucla_by_area(client)
    assert (before["all"]["ucla_cutoff"], before["all"]["ci_method"]) == ("6", "logit")
    assert (after["all"]["ucla_cutoff"], after["all"]["ci_method"]) == ("5", "beta")
    assert float(after["all"]["estimate"]) > float(before["all"]["estimate"])  # a lower cut-off: more are lonely
    html = client.get(_url("survey-results")).content.decode()
    assert "Grenzwert 5" in html and "Korn und Graubard" in html


def test_empty_and_tiny_waves_show_a_page_without_numbers(cast: Any) -> None:
    import datetime as dt

    from nahbar.survey.models import Wave

    made = small_wave(cast.home)
    with scopes_disabled():
        Wave.objects.create(
            municipality=cast.home, survey=made.survey, slug="leer", name="Leere Welle", opens_on=dt.date(2027, 1, 1),
            closes_on=dt.date(2027, 1, 31), results_published=True,
        )  # fmt: skip
        tiny = Wave.objects.create(
            municipality=cast.home, survey=made.survey, slug="klein", name="Kleine Welle", opens_on=dt.date(2028, 1, 1),
            closes_on=dt.date(2028, 1, 31), results_published=True,
        )  # fmt: skip
        for response in Response.objects.filter(wave=made.wave)[:12]:
            Response.objects.create(
                municipality=cast.home, wave=tiny, received_on=tiny.opens_on, channel="paper", area=response.area,
                age_band=response.age_band, sex=response.sex, lives_alone=response.lives_alone,
                answers=response.answers,
            )  # fmt: skip
    client = Client()
    for slug in ("leer", "klein"):
        for name in ("survey-results", "survey-results-csv", "survey-results-json", "survey-results-pdf"):
            assert client.get(_url(name, wave=slug)).status_code == 200, (slug, name)
    html = client.get(_url("survey-results", wave="klein")).content.decode()
    assert "zu wenige Antworten für eine Auswertung" in _row(html, "Kleine Welle (diese Welle)")
    assert "%" not in _row(html, "Kleine Welle (diese Welle)") and "%" in _row(html, "Welle 1")
    rows = list(csv.DictReader(io.StringIO(client.get(_url("survey-results-csv", wave="klein")).content.decode())))
    assert all(row["published"] == "0" for row in rows)
