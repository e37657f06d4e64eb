"""Reads for the public programme: a campaign's published entries' dates inside its period, filtered.

A constant number of queries however many entries there are (asserted in tests/campaigns).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.areas.models import HEAVY_FIELDS
from nahbar.campaigns.models import Campaign
from nahbar.directory.models import Offer, Place, Schedule, Term, Vocabulary
from nahbar.directory.schedules import Occurrence, occurrences
from nahbar.directory.start.params import District, district
from nahbar.directory.start.selectors import near
from nahbar.tenancy.models import Municipality

STEP_FREE = "stufenlos"


def _places() -> QuerySet[Place]:
    return (
        Place.objects.select_related("area")
        .defer(*(f"area__{name}" for name in HEAVY_FIELDS))
        .prefetch_related("accessibility")
    )


def programme_offers(campaign: Campaign) -> QuerySet[Offer]:
    """Published, running offers entered for ``campaign``, with what the programme shows prefetched."""
    return (
        Offer.objects.filter(
            municipality_id=campaign.municipality_id,
            campaign_entries__campaign=campaign,
            review_state=Offer.ReviewState.PUBLISHED,
            status=Offer.Status.ACTIVE,
        )
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "schedules",
                queryset=Schedule.objects.select_related("place__area")
                .defer(*(f"place__area__{name}" for name in HEAVY_FIELDS))
                .prefetch_related("place__accessibility"),
            ),
            Prefetch("places", queryset=_places()),
            "delivery_modes",
            "formats",
            "target_groups",
            "accessibility",
        )
        .order_by("title", "pk")
    )


@dataclass
class Filters:
    district: District
    format: str = ""
    target_group: str = ""
    free: bool = False
    step_free: bool = False
    errors: list[str] = field(default_factory=list)
    format_options: list[Term] = field(default_factory=list)
    target_group_options: list[Term] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.district.area or self.format or self.target_group or self.free or self.step_free)


def _terms(municipality: Municipality) -> tuple[list[Term], list[Term]]:
    """Format and target-group terms (shared ones and the municipality's own) with one query."""
    from django.db.models import Q

    rows = list(
        Term.objects.filter(vocabulary__in=[Vocabulary.FORMAT, Vocabulary.TARGET_GROUP])
        .filter(Q(municipality=None) | Q(municipality=municipality))
        .order_by("position", "label_de")
    )
    return [t for t in rows if t.vocabulary == Vocabulary.FORMAT], [
        t for t in rows if t.vocabulary == Vocabulary.TARGET_GROUP
    ]


def parse_filters(municipality: Municipality, params: QueryDict) -> Filters:
    """``gebiet``, ``format``, ``zielgruppe``, ``kostenlos``, ``stufenlos``; unknown values are named and ignored."""
    formats, groups = _terms(municipality)
    filters = Filters(district=district(municipality, params.get("gebiet", "")))
    filters.format_options, filters.target_group_options = formats, groups
    if filters.district.error:
        filters.errors.append(filters.district.error)
    for name, attr, options in [("format", "format", formats), ("zielgruppe", "target_group", groups)]:
        value = params.get(name, "")
        if value and value not in {t.code for t in options}:
            filters.errors.append(
                _("Diese Auswahl gibt es nicht: „%(value)s“. Sie wird ignoriert.") % {"value": value[:40]}
            )
        elif value:
            setattr(filters, attr, value)
    filters.free = params.get("kostenlos") == "1"
    filters.step_free = params.get("stufenlos") == "1"
    return filters


def _occurrence_places(occ: Occurrence) -> list[Place]:
    return [occ.place] if occ.place is not None else list(occ.offer.places.all())


def is_step_free(occ: Occurrence) -> bool:
    if any(t.code == STEP_FREE for t in occ.offer.accessibility.all()):
        return True
    places = _occurrence_places(occ)
    return bool(places) and all(any(t.code == STEP_FREE for t in p.accessibility.all()) for p in places)


def matches(occ: Occurrence, filters: Filters) -> bool:
    offer = occ.offer
    if filters.district.area and not near(occ, filters.district.area_ids):
        return False
    if filters.format and filters.format not in {t.code for t in offer.formats.all()}:
        return False
    if filters.target_group and filters.target_group not in {t.code for t in offer.target_groups.all()}:
        return False
    if filters.free and not offer.is_free:
        return False
    return not (filters.step_free and not is_step_free(occ))


@dataclass
class Programme:
    campaign: Campaign
    offers: list[Offer]
    occurrences: list[Occurrence]

    @property
    def days(self) -> list[tuple[dt.date, list[Occurrence]]]:
        """Every day of the period (also empty ones, so a filtered programme still shows the whole week)."""
        by_day: dict[dt.date, list[Occurrence]] = {}
        day = self.campaign.starts_on
        while day <= self.campaign.ends_on:
            by_day[day] = []
            day += dt.timedelta(days=1)
        for key, items in groupby(self.occurrences, key=lambda occ: timezone.localtime(occ.start).date()):
            by_day.setdefault(key, []).extend(items)
        return list(by_day.items())


def programme(campaign: Campaign, filters: Filters | None = None) -> Programme:
    offers = list(programme_offers(campaign))
    found = occurrences(offers, start=campaign.starts_on, end=campaign.ends_on, land=campaign.municipality.land)
    if filters is not None and filters.active:
        found = [occ for occ in found if matches(occ, filters)]
    return Programme(campaign=campaign, offers=offers, occurrences=found)


def place_area_name(occ: Occurrence) -> str:
    """The district an occurrence belongs to in the booklet's index ("" for phone, online or unknown)."""
    for place in _occurrence_places(occ):
        if place.area is not None:
            return place.area.name
    return ""


@dataclass
class CampaignLists:
    current: list[Campaign]
    upcoming: list[Campaign]
    past: list[Campaign]


def campaign_lists(municipality: Municipality, today: dt.date | None = None) -> CampaignLists:
    today = today or timezone.localdate()
    campaigns = list(Campaign.objects.filter(municipality=municipality).order_by("starts_on", "pk"))
    return CampaignLists(
        current=[c for c in campaigns if c.starts_on <= today <= c.ends_on],
        upcoming=[c for c in campaigns if c.starts_on > today],
        past=[c for c in reversed(campaigns) if c.ends_on < today],
    )


def featured_campaign(municipality: Municipality, today: dt.date | None = None) -> Campaign | None:
    """The campaign the start page points to: the running one, else the next one (one query)."""
    today = today or timezone.localdate()
    return Campaign.objects.filter(municipality=municipality, ends_on__gte=today).order_by("starts_on", "pk").first()
