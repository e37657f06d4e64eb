"""The printable questionnaire and the staff screen for typing in paper questionnaires."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone
from django_scopes import scopes_disabled
from weasyprint import HTML

from nahbar.survey.models import Response, Survey, Wave
from nahbar.survey.paper import questionnaire_context
from nahbar.tenancy.models import AuditEvent
from tests.survey.collect_support import survey_with_wave

pytestmark = pytest.mark.django_db
ENTRY = "/heimstadt/intern/befragungen/viertel/runde-1/erfassen/"


@pytest.fixture
def survey(cast: Any) -> Survey:
    return survey_with_wave(cast.home)[0]


def _responses() -> list[Response]:
    with scopes_disabled():
        return list(Response.objects.order_by("pk"))


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pdf_is_a_document_without_network_access(survey: Survey, monkeypatch: Any) -> None:
    import urllib.request

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the PDF must not fetch anything")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    response = Client().get("/heimstadt/befragung/viertel/fragebogen.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert Client().get("/anderswo/befragung/viertel/fragebogen.pdf").status_code == 404


def test_printed_questions_show_codes_and_match_the_entry_numbering(cast: Any, survey: Survey) -> None:
    request = RequestFactory().get("/heimstadt/befragung/viertel/fragebogen.pdf")
    context = questionnaire_context(request, survey)
    printed = [row["question"].key for block in context["sections"] for row in block["rows"]]
    entry = _client(cast.users["coordinator"]).get(ENTRY)
    assert [row["question"].key for row in entry.context["rows"]] == printed
    assert [row["number"] for row in entry.context["rows"]] == list(range(1, len(printed) + 1))
    html = render_to_string("survey/paper.html", context)
    assert '<span class="code">3</span> oft' in html  # UCLA: box, code, label
    assert "[ucla.companionship]" in html
    assert "willige ein" in html, "the consent box precedes the sensitive questions"
    pages = HTML(string=html).render().pages
    assert 2 <= len(pages) <= 8
    assert round(pages[0].width) == round(210 / 25.4 * 96)


def test_leichte_sprache_paper(survey: Survey) -> None:
    request = RequestFactory().get("/heimstadt/befragung/viertel/fragebogen.pdf?sprache=leicht")
    html = render_to_string("survey/paper.html", questionnaire_context(request, survey))
    assert "Die anderen lassen mich nicht mitmachen." in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("planner", 200),
        ("superuser", 200),
        ("outreach", 403),
        ("provider", 403),
        ("viewer", 403),
        ("nobody", 403),
        ("other_coordinator", 403),
        ("other_provider", 403),
    ],
)
def test_entry_screen_permissions(cast: Any, survey: Survey, role: str, status: int) -> None:
    client = _client(cast.users[role])
    assert client.get(ENTRY).status_code == status
    assert client.post(ENTRY, {"direct.lonely": "3"}).status_code == (302 if status == 200 else status)


def test_entry_screen_anonymous_and_other_municipality(cast: Any, survey: Survey) -> None:
    response = Client().get(ENTRY)
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/?next=")
    assert Client().post(ENTRY, {"direct.lonely": "3"}).status_code == 302
    assert _responses() == []
    # The other municipality's coordinator under their own address: the survey is not there.
    other = _client(cast.users["other_coordinator"])
    assert other.get("/anderswo/intern/befragungen/viertel/runde-1/erfassen/").status_code == 404
    assert (
        _client(cast.users["coordinator"])
        .get("/heimstadt/intern/befragungen/viertel/gibt-es-nicht/erfassen/")
        .status_code
        == 404
    )


def test_entering_a_paper_questionnaire(cast: Any, survey: Survey) -> None:
    client = _client(cast.users["planner"])
    data = {
        "eingegangen": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "ucla.companionship": "3",
        "ucla.left_out": "2",
        "ucla.isolated": "",
        "djg.emptiness": "1",
        "wishes.choices": "1 3, 8",
        "wishes.text": "Ein Café",
        "demo.age_band": "5",
        "demo.sex": "2",
        "demo.household_size": "2",
        "demo.area": "1",
        "demo.migration": "1",  # not stored: no consent ticked
    }
    response = client.post(ENTRY, data)
    assert response.status_code == 302
    (stored,) = _responses()
    assert stored.channel == Response.Channel.PAPER
    assert stored.received_on == timezone.localdate() - dt.timedelta(days=2)
    assert stored.answers == {
        "ucla.companionship": 3,
        "ucla.left_out": 2,
        "djg.emptiness": 1,
        "wishes.choices": [1, 3, 8],
        "wishes.text": "Ein Café",
        "demo.age_band": 5,
        "demo.sex": 2,
        "demo.household_size": 2,
        "demo.lives_alone": 2,
        "demo.area": 1,
    }
    assert (stored.age_band, stored.sex, stored.lives_alone, stored.area.name) == ("80+", "m", False, "Nordviertel")
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="response.paper_entry", actor=cast.users["planner"]).count() == 1
    # Save and next: an empty form again, the date kept, the counter up by one.
    page = client.get(response["Location"])
    assert page.context["saved"] and page.context["received"] == data["eingegangen"]
    assert (page.context["today_all"], page.context["today_mine"], page.context["paper_total"]) == (1, 1, 1)
    assert "Heute erfasst: 1 Bögen, davon 1 von Ihnen." in page.content.decode()
    client.post(ENTRY, {"demo.migration": "2", "einwilligung": "ja"})
    assert _responses()[-1].answers == {"demo.migration": 2}
    other_page = _client(cast.users["coordinator"]).get(ENTRY)
    assert (other_page.context["today_all"], other_page.context["today_mine"]) == (2, 0)


def test_entry_errors_are_named_per_question_and_nothing_is_saved(cast: Any, survey: Survey) -> None:
    client = _client(cast.users["coordinator"])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        ENTRY, {"ucla.companionship": "4", "wishes.choices": "1 12", "demo.sex": "1 2", "eingegangen": tomorrow}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Frage 1 (ucla.companionship)" in page and "4 ist hier keine Antwort; möglich sind 3, 2, 1." in page
    assert "(wishes.choices)" in page and "12 ist hier keine Antwort" in page
    assert "(demo.sex)" in page
    assert "Das Eingangsdatum liegt in der Zukunft." in page
    assert 'value="1 12"' in page, "what was typed stays in the form"
    assert _responses() == []


def test_entry_into_another_municipalitys_survey_is_forbidden(cast: Any, survey: Survey) -> None:
    with scopes_disabled():
        other_survey, _wave = survey_with_wave(cast.other, slug="viertel")
        assert Wave.objects.filter(survey=other_survey).exists()
    client = _client(cast.users["coordinator"])
    url = "/anderswo/intern/befragungen/viertel/runde-1/erfassen/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"direct.lonely": "3"}).status_code == 403
    assert _responses() == []


def test_the_pdf_is_rendered_once_per_version(survey: Survey, monkeypatch: Any) -> None:
    from django.core.cache import cache

    from nahbar.survey import paper

    cache.clear()
    renders: list[int] = []
    real = paper.render_pdf
    monkeypatch.setattr(paper, "render_pdf", lambda html: renders.append(1) or real(html))
    first = Client().get("/heimstadt/befragung/viertel/fragebogen.pdf").content
    assert Client().get("/heimstadt/befragung/viertel/fragebogen.pdf").content == first
    assert len(renders) == 1
    with scopes_disabled():
        survey.questions.filter(key="direct.lonely").update(text_de="Wie oft fühlen Sie sich allein?")
    Client().get("/heimstadt/befragung/viertel/fragebogen.pdf")
    assert len(renders) == 2, "a changed text makes a new PDF"
