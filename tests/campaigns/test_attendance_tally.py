"""The coordinator's tally screen and printable tally sheet: who may use them, saving, query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from nahbar.campaigns.attendance import occurrence_key
from nahbar.campaigns.models import Attendance
from nahbar.tenancy.models import AuditEvent
from tests import factories
from tests.campaigns.report_setup import make_campaign, occurrence

pytestmark = pytest.mark.django_db


def _url(name: str, made: Any, slug: str = "heimstadt") -> str:
    return reverse(name, kwargs={"municipality_slug": slug, "campaign_slug": made.campaign.slug})


@pytest.mark.parametrize("name", ["campaign-tally", "campaign-tally-sheet"])
def test_tally_permission_matrix(cast: Any, client: Any, name: str) -> None:
    made = make_campaign(cast, with_counts=False)
    url = _url(name, made)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/anmelden/?next=")
    for role, status in [
        ("provider", 403),
        ("planner", 403),
        ("viewer", 403),
        ("outreach", 403),
        ("other_coordinator", 403),
        ("other_provider", 403),
        ("nobody", 403),
        ("coordinator", 200),
    ]:
        client.force_login(cast.users[role])
        assert client.get(url).status_code == status, role
    # The campaign under another municipality's address does not exist.
    client.force_login(cast.users["other_coordinator"])
    assert client.get(_url(name, made, "anderswo")).status_code == 404


def test_tally_saves_counts_as_the_coordinator(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    with scope(municipality=cast.home):
        walk = occurrence_key(made.b.pk, occurrence(made.campaign, made.b, 6).start)
        cafe = occurrence_key(made.a.pk, occurrence(made.campaign, made.a, 6).start)
    client.force_login(cast.users["coordinator"])
    url = _url("campaign-tally", made) + "?tag=2026-05-06"
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="{walk}-participants"' in page.content.decode()
    response = client.post(url, {f"{walk}-participants": "11", f"{walk}-age_65_plus": "9", f"{cafe}-participants": ""})
    assert response.status_code == 302
    with scopes_disabled():
        count = Attendance.objects.get()
        assert (count.offer_id, count.participants, count.age_65_plus, count.source) == (
            made.b.pk,
            11,
            9,
            "coordinator",
        )
        event = AuditEvent.objects.get(action="attendance.create")
        assert event.actor == cast.users["coordinator"]


def test_tally_refuses_bad_counts_and_keeps_nothing(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    with scope(municipality=cast.home):
        walk = occurrence_key(made.b.pk, occurrence(made.campaign, made.b, 6).start)
        cafe = occurrence_key(made.a.pk, occurrence(made.campaign, made.a, 6).start)
    client.force_login(cast.users["coordinator"])
    url = _url("campaign-tally", made) + "?tag=2026-05-06"
    response = client.post(url, {f"{walk}-participants": "12000", f"{cafe}-participants": "8"})
    assert response.status_code == 400
    assert "höchstens 10.000" in response.content.decode()
    with scopes_disabled():
        assert not Attendance.objects.exists()


def test_tally_screen_queries_do_not_grow_with_events(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    client.force_login(cast.users["coordinator"])
    url = _url("campaign-tally", made) + "?tag=2026-05-06"
    client.get(url)  # warm the session and role caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    with scopes_disabled():
        for i in range(20):
            offer = factories.offer(cast.home_org, title=f"Mehr {i}")
            factories.weekly_schedule(offer, place_=made.p1)
            made.campaign.entries.create(municipality=cast.home, offer=offer)
    assert queries() == before


def test_tally_sheet_is_a_pdf(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    client.force_login(cast.users["coordinator"])
    response = client.get(_url("campaign-tally-sheet", made))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_bad_day_and_page_parameters_fall_back(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    client.force_login(cast.users["coordinator"])
    for query in ("?tag=gestern", "?tag=2030-01-01", "?seite=x", "?seite=-4", "?gespeichert=viele"):
        assert client.get(_url("campaign-tally", made) + query).status_code == 200, query
