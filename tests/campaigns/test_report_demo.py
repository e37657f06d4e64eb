"""The demo's head counts: the Dresden shape (≈ 800 participants, ≈ 80 offers, 7 days), deterministic."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled

from nahbar.campaigns.models import Attendance, Campaign, CampaignEntry
from nahbar.campaigns.report.figures import campaign_figures
from nahbar.demo.attendance import demo_attendance
from nahbar.directory.models import Schedule
from nahbar.directory.recurrence import BERLIN
from tests import factories

pytestmark = pytest.mark.django_db

AFTER = dt.datetime(2026, 5, 20, 12, 0, tzinfo=BERLIN)


def _campaign_with_80_offers(cast: Any) -> Campaign:
    """A stand-in for the campaign helper's demo campaign (same slug), built here for the test only."""
    with scopes_disabled():
        campaign = Campaign.objects.create(
            municipality=cast.home,
            slug="aktionswoche-2026",
            name="Aktionswoche 2026",
            starts_on=dt.date(2026, 5, 4),
            ends_on=dt.date(2026, 5, 10),
            submissions_open_on=dt.date(2026, 3, 1),
            submissions_close_on=dt.date(2026, 4, 15),
        )
        place = factories.place(cast.home_org, capacity=40)
        for i in range(80):
            offer = factories.offer(cast.home_org if i % 3 else cast.home_org_b, title=f"Veranstaltung {i:02d}")
            Schedule.objects.create(
                municipality=cast.home,
                offer=offer,
                place=place if i % 4 else None,
                dtstart=dt.date(2026, 5, 4) + dt.timedelta(days=i % 7),
                start_time=dt.time(10 + i % 8, 0),
            )
            CampaignEntry.objects.create(municipality=cast.home, campaign=campaign, offer=offer)
    return campaign


def _counts() -> list[tuple[Any, ...]]:
    with scopes_disabled():
        return list(
            Attendance.objects.order_by("offer__title", "starts_at").values_list(
                "offer__title", "participants", "first_time", "age_under_30", "age_30_to_64", "age_65_plus"
            )
        )


def test_demo_counts_have_the_dresden_shape_and_release_the_report(cast: Any) -> None:
    campaign = _campaign_with_80_offers(cast)
    with scope(municipality=cast.home):
        counted = demo_attendance(actor=None, municipality=cast.home, seed=2026, now=AFTER)
        campaign.refresh_from_db()
        figures = campaign_figures(campaign, land="SN", now=AFTER)
    assert campaign.report_released_at is not None
    h = figures.headline
    assert (h.offers, h.events, h.days) == (80, 80, 7)
    assert counted == h.counted_events
    assert 1 <= len(figures.uncounted) <= 8  # some providers never answered
    assert 760 <= h.participants <= 840
    assert all(0 < p <= 40 for _t, p, *_rest in _counts())  # never above the place's capacity
    for _title, participants, first, *ages in _counts():
        assert first is None or first <= participants
        assert sum(a or 0 for a in ages) <= participants


def test_demo_counts_are_deterministic(cast: Any) -> None:
    _campaign_with_80_offers(cast)
    with scope(municipality=cast.home):
        demo_attendance(actor=None, municipality=cast.home, seed=7, now=AFTER)
    first = _counts()
    with scopes_disabled():
        Attendance.objects.all().delete()
    with scope(municipality=cast.home):
        demo_attendance(actor=None, municipality=cast.home, seed=7, now=AFTER)
    assert _counts() == first


def test_without_the_demo_campaign_nothing_happens(cast: Any) -> None:
    with scope(municipality=cast.home):
        assert demo_attendance(actor=None, municipality=cast.home, seed=1) == 0
    assert _counts() == []
