"""Who may open and post the submission page, and the admin's campaign form (period and questions)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.tenancy.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

# Role → status of GET on the home municipality's submission page.
EXPECTED_GET = {
    "anonymous": 302,  # to the log-in page
    "provider": 200,
    "coordinator": 403,
    "planner": 403,
    "outreach": 403,
    "viewer": 403,
    "nobody": 403,
    "other_coordinator": 403,
    "other_provider": 403,
    "superuser": 200,  # may look, but acts for no organization: nothing to submit (checked below)
}


def _client(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(cast.users[role])
    return client


@pytest.mark.parametrize("role", list(EXPECTED_GET))
def test_submission_page_by_role(cast: Any, campaign: Any, role: str) -> None:
    url = reverse("campaign-submit", args=["heimstadt", campaign.slug])
    response = _client(cast, role).get(url)
    assert response.status_code == EXPECTED_GET[role]
    if role == "anonymous":
        assert response["Location"].startswith("/anmelden/?next=")
    with scopes_disabled():
        offer = factories.offer(cast.home_org)
        factories.weekly_schedule(offer)
    posted = _client(cast, role).post(
        url, {"aktion": "vorhanden", "vorhanden-offer": offer.pk, "vorhanden-frage_partner": "x"}
    )
    with scopes_disabled():
        created = CampaignEntry.objects.count()
    if role == "provider":
        assert posted.status_code == 302 and created == 1
    else:
        assert posted.status_code in (302, 400, 403) and created == 0


@pytest.mark.parametrize("role", ["provider", "other_provider", "other_coordinator", "anonymous"])
def test_campaign_of_another_municipality_is_404_for_members(cast: Any, role: str) -> None:
    with scopes_disabled():
        from tests.campaigns.conftest import make_campaign

        make_campaign(cast.other, slug="nur-anderswo")
    response = _client(cast, role).get(reverse("campaign-submit", args=["heimstadt", "nur-anderswo"]))
    assert response.status_code == (302 if role == "anonymous" else 404)


def test_other_provider_cannot_submit_for_home_organization(cast: Any, campaign: Any) -> None:
    """A provider of the other municipality, posting the home organization's id: refused, nothing written."""
    url = reverse("campaign-submit", args=["heimstadt", campaign.slug])
    data = {"aktion": "neu", "neu-organization": cast.home_org.pk, "neu-title": "X", "neu-summary": "Y"}
    assert _client(cast, "other_provider").post(url, data).status_code == 403
    with scopes_disabled():
        assert CampaignEntry.objects.count() == 0


def _admin_post(client: Client, cast: Any, **overrides: Any) -> Any:
    data = {
        "municipality": cast.home.pk,
        "name": "Aktionswoche 2027",
        "slug": "aktionswoche-2027",
        "theme": "",
        "description": "",
        "starts_on": "2027-09-13",
        "ends_on": "2027-09-19",
        "submissions_open_on": "2027-05-01",
        "submissions_close_on": "2027-07-31",
        "questions-count": "3",
        "questions-0-key": "partner",
        "questions-0-label": "Mit wem arbeiten Sie zusammen?",
        "questions-0-required": "1",
        "questions-1-key": "",
        "questions-1-label": "",
        "report_released_at_0": "",
        "report_released_at_1": "",
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return client.post(reverse("admin:campaigns_campaign_add"), data)


def test_admin_creates_campaign_with_questions_and_audit(cast: Any) -> None:
    response = _admin_post(_client(cast, "coordinator"), cast)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        campaign = Campaign.objects.get(slug="aktionswoche-2027")
        assert campaign.questions == [{"key": "partner", "label": "Mit wem arbeiten Sie zusammen?", "required": True}]
        assert AuditEvent.objects.filter(action="campaign.create", object_id=str(campaign.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": "2027-09-12"}, "Der letzte Tag liegt vor dem ersten Tag"),
        ({"ends_on": "2027-12-31"}, "höchstens 31 Tage"),
        ({"submissions_close_on": "2027-04-01"}, "Die Einreichung endet, bevor sie beginnt."),
        ({"submissions_close_on": "2027-09-25"}, "spätestens am letzten Tag"),
        ({"submissions_open_on": "2027-09-15", "submissions_close_on": "2027-09-16"}, "spätestens am ersten Tag"),
        ({"questions-0-key": "Mit Leerzeichen"}, "muss mit einem Kleinbuchstaben beginnen"),
        ({"questions-1-key": "partner", "questions-1-label": "Doppelt"}, "gibt es schon"),
        ({"questions-0-label": ""}, "Bitte den Text der Frage eingeben"),
    ],
)
def test_admin_refuses_bad_periods_and_questions(cast: Any, overrides: dict[str, str], message: str) -> None:
    response = _admin_post(_client(cast, "coordinator"), cast, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Campaign.objects.exists()


def test_admin_form_shows_rows_for_existing_questions(cast: Any, campaign: Any) -> None:
    response = _client(cast, "coordinator").get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    html = response.content.decode()
    assert 'name="questions-0-key" value="partner"' in html and 'name="questions-4-key"' in html
