"""The programme's iCal feed: valid iCalendar, one event per date inside the period, own municipality only."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from tests.campaigns.programme_world import build

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _ics(slug: str = "heimstadt") -> Any:
    url = reverse("campaign-ics", kwargs={"municipality_slug": slug, "campaign_slug": "aktionswoche-test"})
    return Client().get(url)


def test_feed_is_valid_and_has_each_date_of_the_period(cast: Any) -> None:
    build(cast)
    response = _ics()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 8
    starts = sorted((e.decoded("dtstart"), str(e["summary"])) for e in events)
    assert starts[0] == (dt.datetime(2026, 9, 14, 10, tzinfo=BERLIN), "Spaziergang Nord")
    assert starts[-1][0].date() == dt.date(2026, 9, 20)
    assert all(dt.date(2026, 9, 14) <= e.decoded("dtstart").date() <= dt.date(2026, 9, 20) for e in events)
    assert len({str(e["uid"]) for e in events}) == 8
    assert all("rrule" not in e for e in events)  # dates of the campaign, not the offers' whole series
    assert all(str(e["url"]).startswith("http://testserver/heimstadt/angebote/") for e in events)
    assert "Noch in Prüfung" not in response.content.decode()
    assert str(calendar["x-wr-calname"]).startswith("Aktionswoche gegen Einsamkeit")


def test_feed_of_another_municipality_has_only_its_own_entries(cast: Any) -> None:
    build(cast)
    content = _ics("anderswo").content.decode()
    assert "Fremder Spaziergang" in content and "Erzählcafé" not in content
