"""The campaign report: exact figures on a hand-made campaign, query counts, CSV, PDF, who sees what."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from nahbar.campaigns.report.figures import campaign_figures
from nahbar.campaigns.report.page import headline_text, report_csv
from tests.campaigns.report_setup import AFTER, DURING, make_campaign

pytestmark = pytest.mark.django_db


def _rows(rows: list[Any]) -> dict[str, tuple[int, int]]:
    return {r.label: (r.events, r.participants) for r in rows}


def test_figures_of_the_hand_made_campaign_are_exact(cast: Any) -> None:
    made = make_campaign(cast)
    with scope(municipality=cast.home):
        figures = campaign_figures(made.campaign, land="SN", now=AFTER)
    h = figures.headline
    assert (h.offers, h.events, h.participants, h.days, h.counted_events) == (3, 4, 33, 7, 3)
    assert (h.first_time, h.first_time_base) == (7, 25)
    assert h.first_time_share == pytest.approx(0.28)
    assert figures.is_final
    assert headline_text(h) == "3 Angebote, 33 Teilnehmende an 7 Tagen"
    assert [(r.key, r.events, r.participants) for r in figures.per_day] == [
        ("2026-05-04", 1, 10),
        ("2026-05-05", 0, 0),
        ("2026-05-06", 2, 23),
        ("2026-05-07", 0, 0),
        ("2026-05-08", 1, 0),
        ("2026-05-09", 0, 0),
        ("2026-05-10", 0, 0),
    ]
    assert _rows(figures.per_district) == {
        "Nord": (2, 18),
        "ohne Ort (Telefon, online)": (1, 0),
        "Ort ohne Gebiet": (1, 15),
    }
    assert _rows(figures.per_format) == {
        "Spaziergang / Bewegung": (1, 15),
        "Erzählcafé": (2, 18),
        "ohne Angabe": (1, 0),
    }
    groups = _rows(figures.per_target_group)
    assert groups["ohne Angabe"] == (1, 0)
    assert sorted(v for k, v in groups.items() if k != "ohne Angabe") == [(1, 15), (3, 33)]
    assert [(r.key, r.organizations, r.offers) for r in figures.providers_by_kind] == [
        ("club", 1, 2),
        ("parish", 1, 1),
    ]
    assert [(r.events, r.participants) for r in figures.ages] == [(1, 1), (1, 4), (1, 5)]
    assert [(o.offer.title, o.start.day) for o in figures.uncounted] == [("Telefonkette", 8)]
    assert figures.previous is not None
    p = figures.previous.headline
    assert (p.offers, p.events, p.participants) == (1, 1, 20)
    assert sorted((pt.place.name, pt.events, pt.participants) for pt in figures.places) == [
        ("Gemeindehaus", 1, 15),
        ("Nachbarschaftstreff Nord", 2, 18),
    ]


def test_figures_while_running_are_provisional(cast: Any) -> None:
    made = make_campaign(cast)
    with scope(municipality=cast.home):
        figures = campaign_figures(made.campaign, land="SN", now=DURING)
    assert not figures.is_final
    assert figures.future_events == 2  # Wed 15:00 and Fri 17:00
    assert figures.uncounted == []  # Mon and Wed 10:00 are counted


def test_figures_take_a_fixed_number_of_queries(cast: Any) -> None:
    made = make_campaign(cast)
    with scope(municipality=cast.home), CaptureQueriesContext(connection) as queries:
        campaign_figures(made.campaign, land="SN", now=AFTER)
    # offers, schedules+places, formats, target groups, counts, areas, previous campaign,
    # previous: offers, schedules+places, counts
    assert len(queries) == 10, [q["sql"] for q in queries.captured_queries]


def test_query_count_does_not_grow_with_events(cast: Any) -> None:
    from tests import factories

    made = make_campaign(cast)
    with scopes_disabled():
        for i in range(15):
            offer = factories.offer(cast.home_org, title=f"Mehr {i}")
            factories.weekly_schedule(offer, place_=made.p1)
            made.campaign.entries.create(municipality=cast.home, offer=offer)
    with scope(municipality=cast.home), CaptureQueriesContext(connection) as queries:
        figures = campaign_figures(made.campaign, land="SN", now=AFTER)
    assert figures.headline.events == 4 + 15 * 7
    assert len(queries) == 10


def test_csv_holds_the_aggregates_only(cast: Any) -> None:
    made = make_campaign(cast)
    with scope(municipality=cast.home):
        text = report_csv(campaign_figures(made.campaign, land="SN", now=AFTER))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["bereich", "schluessel", "bezeichnung", "veranstaltungen", "teilnehmende"]
    totals = {r[1]: r[4] for r in rows if r[0] == "gesamt"}
    assert totals["teilnehmende"] == "33"
    assert totals["veranstaltungen"] == "4"
    assert totals["angebote"] == "3"
    assert ["tag", "2026-05-06", "Mi 6.5.", "2", "23"] in rows
    assert ["gebiet", str(made.p1.area.parent_id), "Nord", "2", "18"] in rows
    assert ["vorherige_aktionswoche", "teilnehmende", "Aktionswoche 2025", "", "20"] in rows
    # No offer titles, places or organizations: aggregates only.
    for word in ("Erzählcafé\n", "Telefonkette", "Gemeindehaus", "Nachbarschaftsverein"):
        assert word not in text


def _url(name: str, made: Any, slug: str = "heimstadt") -> str:
    return reverse(name, kwargs={"municipality_slug": slug, "campaign_slug": made.campaign.slug})


def test_unreleased_report_is_hidden_from_everyone_but_coordinators(cast: Any, client: Any) -> None:
    made = make_campaign(cast)
    for name in ("campaign-report", "campaign-report-pdf", "campaign-report-csv"):
        assert client.get(_url(name, made)).status_code == 404
    for role in ("provider", "planner", "viewer", "other_coordinator"):
        client.force_login(cast.users[role])
        assert client.get(_url("campaign-report", made)).status_code == 404, role
    client.force_login(cast.users["coordinator"])
    page = client.get(_url("campaign-report", made))
    assert page.status_code == 200
    assert "Telefonkette" in page.content.decode()  # the events without counts, for coordinators
    # Another municipality's address never shows it.
    assert client.get(_url("campaign-report", made, "anderswo")).status_code == 404


def test_release_makes_it_public_with_audit(cast: Any, client: Any) -> None:
    from nahbar.tenancy.models import AuditEvent

    made = make_campaign(cast)
    release = _url("campaign-report-release", made)
    assert client.post(release).status_code == 302  # anonymous: to the login
    client.force_login(cast.users["provider"])
    assert client.post(release).status_code == 403
    client.force_login(cast.users["other_coordinator"])
    assert client.post(release).status_code == 403
    client.force_login(cast.users["coordinator"])
    assert client.get(release).status_code == 405
    assert client.post(release).status_code == 302
    with scopes_disabled():
        made.campaign.refresh_from_db()
        assert made.campaign.report_released_at is not None
        assert AuditEvent.objects.filter(action="campaign.report_release", object_id=str(made.campaign.pk)).count() == 1
    client.logout()
    page = client.get(_url("campaign-report", made))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Telefonkette" not in body  # the list of missing counts is for coordinators only
    assert "Teilnehmende an 7 Tagen" in body
    assert client.get(_url("campaign-report-csv", made)).status_code == 200


def test_pdf_is_a_pdf_with_the_headline(cast: Any, client: Any) -> None:
    made = make_campaign(cast)
    client.force_login(cast.users["coordinator"])
    response = client.get(_url("campaign-report-pdf", made))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5_000


def test_a_campaign_without_offers_still_renders(cast: Any, client: Any) -> None:
    import datetime as dt

    from nahbar.campaigns.models import Campaign

    with scopes_disabled():
        Campaign.objects.create(
            municipality=cast.home,
            slug="leer",
            name="Leere Woche",
            starts_on=dt.date(2026, 9, 7),
            ends_on=dt.date(2026, 9, 13),
            submissions_open_on=dt.date(2026, 6, 1),
            submissions_close_on=dt.date(2026, 8, 1),
        )
    client.force_login(cast.users["coordinator"])
    kwargs = {"municipality_slug": "heimstadt", "campaign_slug": "leer"}
    page = client.get(reverse("campaign-report", kwargs=kwargs))
    assert page.status_code == 200
    assert "0 Angebote, 0 Teilnehmende an 7 Tagen" in page.content.decode()
    assert client.get(reverse("campaign-report-pdf", kwargs=kwargs)).content.startswith(b"%PDF-")
    assert client.get(reverse("campaign-report-csv", kwargs=kwargs)).status_code == 200
    assert client.get(reverse("campaign-tally", kwargs=kwargs)).status_code == 200
    assert client.get(reverse("campaign-tally-sheet", kwargs=kwargs)).content.startswith(b"%PDF-")
