"""A small hand-made campaign whose report figures are known exactly (used by test_attendance*/test_report*).

Heimstadt (Saxony), campaign Mon 4 May – Sun 10 May 2026, no public holiday in it:

* A "Erzählcafé" (club, home_org), Mon + Wed 15:00 at place P1 (area "Nordviertel" inside "Nord"),
  format erzaehlcafe, target group aeltere  -> 2 events
* B "Spaziergang" (parish, home_org_b), one-off Wed 6 May 10:00 at P2 (no area, capacity 20),
  format bewegung, target groups aeltere + alleinlebende  -> 1 event
* C "Telefonkette" (club, home_org), Fri 17:00 without a place, no terms  -> 1 event
* D a draft in the campaign and E a published offer outside it: not counted.

Counts: A Mon 10 (2 first-time; ages 1/4/5), A Wed 8, B 15 (5 first-time), C none.
Previous campaign (May 2025): one offer, one event, 20 participants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django_scopes import scopes_disabled

from nahbar.campaigns.attendance import attendance_save, campaign_occurrences, campaign_offers
from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.directory.recurrence import BERLIN
from tests import factories

AFTER = dt.datetime(2026, 5, 20, 12, 0, tzinfo=BERLIN)  # the campaign is over
DURING = dt.datetime(2026, 5, 6, 12, 0, tzinfo=BERLIN)  # Wednesday noon: Mon 15:00 and Wed 10:00 are past


@dataclass
class Made:
    campaign: Campaign
    previous: Campaign
    a: Offer
    b: Offer
    c: Offer
    draft: Offer
    outside: Offer
    p1: Place
    p2: Place


def _term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code, municipality=None)


def _campaign(cast: Any, slug: str, start: dt.date) -> Campaign:
    return Campaign.objects.create(
        municipality=cast.home,
        slug=slug,
        name=f"Aktionswoche {start.year}",
        starts_on=start,
        ends_on=start + dt.timedelta(days=6),
        submissions_open_on=start - dt.timedelta(days=60),
        submissions_close_on=start - dt.timedelta(days=14),
    )


def _enter(campaign: Campaign, offer: Offer) -> None:
    CampaignEntry.objects.create(municipality_id=campaign.municipality_id, campaign=campaign, offer=offer)


def _one_off(offer: Offer, day: dt.date, time: dt.time, place: Place | None = None) -> Schedule:
    return Schedule.objects.create(
        municipality_id=offer.municipality_id, offer=offer, place=place, dtstart=day, start_time=time
    )


def make_campaign(cast: Any, *, with_counts: bool = True) -> Made:
    with scopes_disabled():
        home = cast.home
        club, parish = cast.home_org, cast.home_org_b
        parish.kind = Organization.Kind.PARISH
        parish.save()
        nord = factories.area(home, code="1", name="Nord", level="Stadtbezirk", level_rank=1)
        viertel = factories.area(home, code="11", name="Nordviertel", level="Stadtteil", level_rank=2, parent=nord)
        p1 = factories.place(club, name="Nachbarschaftstreff Nord", area=viertel, latitude=52.05, longitude=13.05)
        p2 = factories.place(parish, name="Gemeindehaus", capacity=20, latitude=52.02, longitude=13.02)
        campaign = _campaign(cast, "aktionswoche-2026", dt.date(2026, 5, 4))
        previous = _campaign(cast, "aktionswoche-2025", dt.date(2025, 5, 5))
        a = factories.offer(club, title="Erzählcafé")
        factories.weekly_schedule(a, place_=p1, byday="MO,WE")
        a.formats.add(_term("format", "erzaehlcafe"))
        a.target_groups.add(_term("target_group", "aeltere"))
        b = factories.offer(parish, title="Spaziergang")
        _one_off(b, dt.date(2026, 5, 6), dt.time(10, 0), p2)
        b.formats.add(_term("format", "bewegung"))
        b.target_groups.add(_term("target_group", "aeltere"), _term("target_group", "alleinlebende"))
        c = factories.offer(club, title="Telefonkette")
        factories.weekly_schedule(c, byday="FR", start_time=dt.time(17, 0))
        draft = factories.offer(club, title="Entwurf", review_state=Offer.ReviewState.DRAFT)
        factories.weekly_schedule(draft, place_=p1)
        outside = factories.offer(club, title="Nicht dabei")
        factories.weekly_schedule(outside, place_=p1)
        for offer in (a, b, c, draft):
            _enter(campaign, offer)
        old = factories.offer(club, title="Altes Erzählcafé")
        _one_off(old, dt.date(2025, 5, 7), dt.time(15, 0), p1)
        _enter(previous, old)
        made = Made(campaign, previous, a, b, c, draft, outside, p1, p2)
        if with_counts:
            enter_counts(made)
    return made


def occurrence(campaign: Campaign, offer: Offer, day: int) -> Any:
    """The offer's occurrence on ``day`` May (of the campaign's year)."""
    found = [o for o in campaign_occurrences(campaign, campaign_offers(campaign)) if o.offer.pk == offer.pk]
    return next(o for o in found if o.start.day == day)


def enter_counts(made: Made) -> None:
    def save(campaign: Campaign, offer: Offer, day: int, **values: int | None) -> None:
        attendance_save(
            actor=None, campaign=campaign, occurrence=occurrence(campaign, offer, day), values=values, source="link"
        )

    save(made.campaign, made.a, 4, participants=10, first_time=2, age_under_30=1, age_30_to_64=4, age_65_plus=5)
    save(made.campaign, made.a, 6, participants=8)
    save(made.campaign, made.b, 6, participants=15, first_time=5)
    old = CampaignEntry.objects.get(campaign=made.previous).offer
    save(made.previous, old, 7, participants=20)
