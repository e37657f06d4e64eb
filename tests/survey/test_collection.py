"""The anonymous online form: scoring of answers given through it, validation, what is stored, bot
protection, resuming on the same device only, consent, languages, and the one cookie."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.survey import ratelimit
from nahbar.survey.models import Question, Response, Survey, Wave
from nahbar.survey.public_views import session_key
from nahbar.survey.scoring import (
    DjgCategory,
    direct_lonely_often,
    djg6_score,
    ucla3_lonely,
    ucla3_score,
    ucla3_soep_mean,
)
from nahbar.tenancy.models import AuditEvent
from tests.survey.collect_support import age_past_minimum, fill_all, form_url, survey_with_wave

UCLA = ["ucla.companionship", "ucla.left_out", "ucla.isolated"]
DJG = ["djg.emptiness", "djg.miss_people", "djg.rejected", "djg.lean_on", "djg.trust", "djg.close_to"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit(monkeypatch: Any) -> None:
    monkeypatch.setattr(ratelimit, "submissions", ratelimit.RateLimiter(limit=100, window_seconds=3600))


@pytest.fixture
def survey(cast: Any) -> Survey:
    return survey_with_wave(cast.home)[0]


def _only_response() -> Response:
    with scopes_disabled():
        (response,) = Response.objects.all()
    return response


def _count() -> int:
    with scopes_disabled():
        return Response.objects.count()


def _ucla(codes: list[int | None]) -> dict[str, list[str]]:
    return {key: [str(code)] for key, code in zip(UCLA, codes, strict=True) if code is not None}


@pytest.mark.parametrize(
    ("codes", "score", "lonely"),
    [
        ([1, 1, 1], 3, False),
        ([3, 1, 1], 5, False),
        ([1, 3, 1], 5, False),
        ([1, 1, 3], 5, False),
        ([2, 2, 2], 6, True),
        ([3, 3, 3], 9, True),
        ([3, None, 3], None, None),
    ],
)
def test_ucla_three_point_through_the_form(
    survey: Survey, codes: list[int | None], score: int | None, lonely: bool | None
) -> None:
    response = fill_all(Client(), survey, _ucla(codes))
    assert response.status_code == 302, response.content.decode()[:2000]
    answers = _only_response().answers
    items = [answers.get(key) for key in UCLA]
    assert items == codes
    assert ucla3_score(items) == score
    assert ucla3_lonely(items) is lonely


@pytest.mark.parametrize(("codes", "mean"), [([5, 5, 5], 5.0), ([1, 2, 3], 2.0), ([4, 1, 1], 2.0)])
def test_ucla_five_point_through_the_form(cast: Any, codes: list[int], mean: float) -> None:
    survey, _wave = survey_with_wave(cast.home, ucla_variant=Survey.UclaVariant.FIVE_POINT)
    assert fill_all(Client(), survey, _ucla(codes)).status_code == 302
    items = [_only_response().answers[key] for key in UCLA]
    assert ucla3_soep_mean(items) == pytest.approx(mean)


@pytest.mark.parametrize(
    ("codes", "total", "emotional", "social", "category"),
    [
        ([3, 3, 3, 1, 1, 1], 0, 0, 0, DjgCategory.NOT_LONELY),
        ([1, 3, 3, 1, 1, 1], 1, 1, 0, DjgCategory.NOT_LONELY),
        ([3, 2, 3, 1, 1, 1], 1, 1, 0, DjgCategory.NOT_LONELY),
        ([3, 3, 3, 3, 1, 1], 1, 0, 1, DjgCategory.NOT_LONELY),
        ([3, 3, 3, 1, 2, 1], 1, 0, 1, DjgCategory.NOT_LONELY),
        ([1, 1, 3, 1, 1, 3], 3, 2, 1, DjgCategory.MODERATELY_LONELY),
        ([1, 2, 1, 3, 2, 3], 6, 3, 3, DjgCategory.SEVERELY_LONELY),
        ([None, 1, 1, 3, 3, 1], 4, None, 2, DjgCategory.MODERATELY_LONELY),
        ([None, 1, 1, 3, None, 1], None, None, None, None),
    ],
)
def test_djg_through_the_form(
    survey: Survey, codes: list[int | None], total: int | None, emotional: int | None, social: int | None, category: Any
) -> None:
    answers = {key: [str(code)] for key, code in zip(DJG, codes, strict=True) if code is not None}
    assert fill_all(Client(), survey, answers).status_code == 302
    stored = _only_response().answers
    score = djg6_score([stored.get(key) for key in DJG])
    assert (score.total, score.emotional, score.social, score.category) == (total, emotional, social, category)


@pytest.mark.parametrize(("code", "often"), [(5, True), (4, False), (1, False), (None, None)])
def test_direct_question_through_the_form(survey: Survey, code: int | None, often: bool | None) -> None:
    answers = {} if code is None else {"direct.lonely": [str(code)]}
    assert fill_all(Client(), survey, answers).status_code == 302
    assert direct_lonely_often(_only_response().answers.get("direct.lonely")) is often


def test_stored_response_holds_the_day_answers_and_demographics_only(cast: Any, survey: Survey, caplog: Any) -> None:
    answers = {
        **_ucla([2, 3, 1]),
        "contact.frequency": ["4"],
        "wishes.choices": ["8", "1", "3"],
        "wishes.text": ["Mehr Bänke am Markt"],
        "demo.age_band": ["4"],
        "demo.sex": ["1"],
        "demo.household_size": ["1"],
        "demo.area": ["2"],
    }
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Testbrowser/1.0")
    with caplog.at_level(logging.DEBUG):
        result = fill_all(client, survey, answers)
    assert result.status_code == 302 and result["Location"].endswith("/befragung/viertel/danke/")
    response = _only_response()
    assert response.received_on == timezone.localdate()
    assert type(response.received_on) is dt.date
    assert response.channel == Response.Channel.ONLINE
    assert (response.age_band, response.sex, response.lives_alone) == ("65-79", "f", True)
    assert response.area is not None and response.area.name == "Südviertel"
    assert response.answers == {
        "ucla.companionship": 2,
        "ucla.left_out": 3,
        "ucla.isolated": 1,
        "contact.frequency": 4,
        "wishes.choices": [1, 3, 8],
        "wishes.text": "Mehr Bänke am Markt",
        "demo.age_band": 4,
        "demo.sex": 1,
        "demo.household_size": 1,
        "demo.lives_alone": 1,
        "demo.area": 2,
    }
    # Nothing about the person or the moment: no time field, no address, no user agent, no token.
    fields = {f.name for f in Response._meta.concrete_fields}
    assert fields == {
        "id",
        "municipality",
        "wave",
        "received_on",
        "channel",
        "area",
        "age_band",
        "sex",
        "lives_alone",
        "answers",
        "import_label",
    }
    with scopes_disabled():
        row = Response.objects.filter(pk=response.pk).values().get()
    flat = repr(row)
    assert "203.0.113.77" not in flat and "Testbrowser" not in flat and client.session.session_key not in flat
    # No audit row either (it would carry the exact time next to the response id).
    with scopes_disabled():
        assert not AuditEvent.objects.filter(object_type="survey.response").exists()
    assert "203.0.113.77" not in caplog.text and "Testbrowser" not in caplog.text
    # The partial answers are gone from the session.
    assert session_key(survey) not in client.session


def test_the_session_cookie_is_the_only_cookie(survey: Survey) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(form_url(survey))
    token = page.context["csrf_token"]
    response = client.post(form_url(survey), {"schritt": 1, "aktion": "weiter", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert set(client.cookies) == {"sessionid"}
    refused = Client(enforce_csrf_checks=True).post(form_url(survey), {"schritt": 1})
    assert refused.status_code == 403


def test_wrong_codes_are_named_and_nothing_is_stored(survey: Survey) -> None:
    client = Client()
    client.get(form_url(survey))
    response = client.post(
        form_url(survey), {"schritt": 1, "aktion": "weiter", "ucla.companionship": "7", "direct.lonely": "x"}
    )
    assert response.status_code == 200
    assert set(response.context["errors"]) == {"ucla.companionship", "direct.lonely"}
    page = response.content.decode()
    assert "7 ist hier keine Antwort; möglich sind 3, 2, 1." in page
    assert "„x“ ist keine Antwortnummer." in page
    assert 'href="#q-ucla-companionship"' in page
    assert _count() == 0


def test_a_required_own_question_must_be_answered(cast: Any, survey: Survey) -> None:
    with scopes_disabled():
        Question.objects.create(
            municipality=cast.home,
            survey=survey,
            position=500,
            key="own.park",
            kind="single",
            required=True,
            text_de="Nutzen Sie den Park?",
            options=[{"code": 1, "de": "ja"}, {"code": 2, "de": "nein"}],
        )
    client = Client()
    result = fill_all(client, survey, {})
    assert result.status_code == 200
    assert result.context["section"].key == "own"
    assert result.context["errors"] == {"own.park": "Bitte beantworten Sie diese Frage."}
    assert _count() == 0
    assert fill_all(client, survey, {"own.park": ["2"]}).status_code == 302
    assert _only_response().answers == {"own.park": 2}


def test_honeypot_gets_thanks_but_nothing_is_stored(survey: Survey) -> None:
    client = Client()
    client.get(form_url(survey))
    age_past_minimum(client, survey)
    last = client.get(form_url(survey), {"schritt": 99}).context["steps"]
    response = client.post(form_url(survey), {"schritt": last, "aktion": "absenden", "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"].endswith("/danke/")
    assert _count() == 0


def test_too_fast_is_refused_then_accepted_after_a_while(survey: Survey) -> None:
    client = Client()
    client.get(form_url(survey))
    last = client.get(form_url(survey), {"schritt": 99}).context["steps"]
    data = {"schritt": last, "aktion": "absenden"}
    response = client.post(form_url(survey), data)
    assert response.status_code == 429
    assert "Das ging sehr schnell." in response.content.decode()
    assert _count() == 0
    age_past_minimum(client, survey, seconds=21)
    assert client.post(form_url(survey), data).status_code == 302
    assert _count() == 1


def test_rate_limit_per_address(survey: Survey, monkeypatch: Any) -> None:
    monkeypatch.setattr(ratelimit, "submissions", ratelimit.RateLimiter(limit=2, window_seconds=3600))
    for _ in range(2):
        assert fill_all(Client(REMOTE_ADDR="198.51.100.1"), survey, {}).status_code == 302
    blocked = fill_all(Client(REMOTE_ADDR="198.51.100.1"), survey, {})
    assert blocked.status_code == 429
    assert "sehr viele Antworten" in blocked.content.decode()
    assert fill_all(Client(REMOTE_ADDR="198.51.100.2"), survey, {}).status_code == 302
    assert _count() == 3


def test_rate_limiter_window_and_bound() -> None:
    now = [0.0]
    limiter = ratelimit.RateLimiter(limit=2, window_seconds=60, max_clients=3, clock=lambda: now[0])
    first = "192.0.2.10"
    assert limiter.hit(first) and limiter.hit(first) and not limiter.hit(first)
    now[0] = 61
    assert limiter.hit(first), "a new window starts after 60 s"
    others = ("192.0.2.11", "192.0.2.12", "2001:db8::13", "2001:db8::14")
    for address in others:
        limiter.hit(address)
    assert len(limiter) == 3, "the oldest addresses are dropped when the dict is full"
    assert all(len(key) == 16 for key in limiter._counts), "only hashes are kept"
    # Whole addresses (10+ bytes): a single letter turned up inside a random 16-byte hash one run in six.
    stored = b"".join(limiter._counts)
    assert not any(address.encode() in stored for address in (first, *others))


def test_resume_on_the_same_device_only(survey: Survey) -> None:
    client = Client()
    client.get(form_url(survey))
    client.post(form_url(survey), {"schritt": 1, "aktion": "weiter", **{k: v[0] for k, v in _ucla([3, 2, 1]).items()}})
    resumed = client.get(form_url(survey))
    assert resumed.context["step"] == 2, "comes back where it stopped"
    first = client.get(form_url(survey), {"schritt": 1})
    assert first.context["resumed"]
    checked = {(i["question"].key, o["code"]) for i in first.context["items"] for o in i["options"] if o["checked"]}
    assert {("ucla.companionship", 3), ("ucla.left_out", 2), ("ucla.isolated", 1)} <= checked
    other = Client().get(form_url(survey))
    assert other.context["step"] == 1 and not other.context["resumed"]
    assert not any(o["checked"] for i in other.context["items"] for o in i["options"])
    # Discarding on the same device starts afresh.
    client.post(form_url(survey), {"aktion": "verwerfen"})
    assert session_key(survey) not in client.session


def test_consent_adds_the_sensitive_page_and_its_absence_drops_the_answers(survey: Survey) -> None:
    sensitive = {"demo.migration": ["1"], "demo.health_limited": ["2"]}
    assert fill_all(Client(), survey, {"direct.lonely": ["3"], **sensitive}, consent=True).status_code == 302
    assert _only_response().answers == {"direct.lonely": 3, "demo.migration": 1, "demo.health_limited": 2}
    with scopes_disabled():
        Response.objects.all().delete()
    # Without consent the sensitive page never appears, and values smuggled into a post are ignored.
    client = Client()
    client.get(form_url(survey))
    age_past_minimum(client, survey)
    last = client.get(form_url(survey), {"schritt": 99})
    assert last.context["section"].key == "consent"
    assert (
        client.post(
            form_url(survey), {"schritt": last.context["steps"], "aktion": "absenden", "demo.migration": "1"}
        ).status_code
        == 302
    )
    assert _only_response().answers == {}


def test_progress_and_language_variants(survey: Survey) -> None:
    client = Client()
    german = client.get(form_url(survey)).content.decode()
    assert "Schritt 1 von 5" in german
    assert "Wie oft haben Sie das Gefühl, außen vor zu sein?" in german
    easy = client.get(form_url(survey), {"sprache": "leicht"}).content.decode()
    assert "Die anderen lassen mich nicht mitmachen." in easy
    assert client.get(form_url(survey)).context["variant"] == "easy", "the choice is kept while filling in"
    english = client.get(form_url(survey, "en"), {"sprache": "standard"}).content.decode()
    assert "How often do you feel left out?" in english
    assert 'lang="en"' in english


def test_closed_wave_shows_a_clear_page(cast: Any, survey: Survey) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        Wave.objects.filter(survey=survey).update(
            opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1)
        )
    response = Client().get(form_url(survey))
    assert response.status_code == 200
    assert "Diese Befragung ist im Moment nicht geöffnet." in response.content.decode()
    assert Client().post(form_url(survey), {"schritt": 1}).status_code == 200
    assert _count() == 0


def test_other_municipality_and_unknown_survey_are_404(cast: Any, survey: Survey) -> None:
    assert Client().get("/anderswo/befragung/viertel/").status_code == 404
    assert Client().get("/heimstadt/befragung/gibt-es-nicht/").status_code == 404
    assert Client().get("/anderswo/befragung/viertel/danke/").status_code == 404


def test_thanks_page_links_to_results(survey: Survey) -> None:
    page = Client().get("/heimstadt/befragung/viertel/danke/").content.decode()
    assert 'href="/heimstadt/ergebnisse/"' in page


def test_continue_on_the_consent_page_needs_the_box(survey: Survey) -> None:
    client = Client()
    client.get(form_url(survey))
    age_past_minimum(client, survey)
    consent_page = client.get(form_url(survey), {"schritt": 99})
    step = consent_page.context["step"]
    assert consent_page.context["section"].asks_consent and not consent_page.context["is_last"]
    refused = client.post(form_url(survey), {"schritt": step, "aktion": "weiter"})
    assert refused.status_code == 200
    assert "Bitte kreuzen Sie die Einwilligung an" in refused.content.decode()
    # Ticking the box but choosing "send without these answers" sends without them.
    sent = client.post(form_url(survey), {"schritt": step, "aktion": "absenden", "einwilligung": "ja"})
    assert sent.status_code == 302 and sent["Location"].endswith("/danke/")
    assert _count() == 1


def test_query_counts_do_not_grow_with_the_questionnaire(
    cast: Any, survey: Survey, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.get(form_url(survey))
    with django_assert_num_queries(QUERIES_PER_PAGE):
        client.get(form_url(survey), {"schritt": 2})
    age_past_minimum(client, survey)
    client.get(form_url(survey), {"schritt": 99})
    last = client.get(form_url(survey), {"schritt": 99}).context["step"]
    with django_assert_num_queries(QUERIES_PER_SUBMIT):
        response = client.post(form_url(survey), {"schritt": last, "aktion": "absenden"})
    assert response.status_code == 302


# Page: session, municipality, survey, open wave, questions, session update (+ its savepoint pair).
# Submit: the same five reads, then the questions again and the insert in one transaction (no area
# lookup: nothing answered), then the session update.
QUERIES_PER_PAGE = 8
QUERIES_PER_SUBMIT = 12


def test_leichte_sprache_also_for_titles_and_privacy_note(survey: Survey) -> None:
    page = Client().get(form_url(survey), {"sprache": "leicht", "schritt": 2}).content.decode()
    assert "Menschen in Ihrem Leben" in page
    first = Client().get(form_url(survey), {"sprache": "leicht"}).content.decode()
    assert "Niemand erfährt, wer Sie sind." in first
