"""The campaign report's figures, computed in a fixed, small number of queries (asserted in the tests).

Queries: the offers (1) with schedules and places (1), formats (1) and target groups (1); the head counts
(1); the municipality's areas (1, only when a place has an area); the previous campaign (1) and, if there is
one, its offers, schedules and counts (3). Everything else is arithmetic in Python on those rows.

Rules the numbers follow (docs/campaign-report.md):
* an offer counts when it has an entry in the campaign and is published; an event is one of its occurrences
  inside the campaign period (schedules expanded with the Land's holidays, as everywhere else);
* participants are the sum of the head counts; events without a count add nothing and are listed;
* per format and per target group an event counts fully under each of its offer's terms, so those rows can
  add up to more than the total;
* a district is the top-level area that contains the event's place; events without a place (phone, online)
  and places outside every area have rows of their own;
* the first-time share is first-time visitors / participants, over the events where first-timers were given.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nahbar.areas.models import Area
from nahbar.campaigns.attendance import campaign_offers, occurrence_key
from nahbar.campaigns.models import Attendance, Campaign, CampaignEntry
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.directory.schedules import Occurrence, occurrences


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a label, how many events, how many participants counted."""

    key: str
    label: str
    events: int
    participants: int


@dataclass(frozen=True)
class ProviderRow:
    key: str
    label: str
    organizations: int
    offers: int


@dataclass(frozen=True)
class PlacePoint:
    place: Place
    events: int
    participants: int


@dataclass
class Headline:
    offers: int
    events: int
    participants: int
    days: int
    counted_events: int
    first_time: int
    first_time_base: int

    @property
    def first_time_share(self) -> float | None:
        return self.first_time / self.first_time_base if self.first_time_base else None


@dataclass
class CampaignFigures:
    campaign: Campaign
    headline: Headline
    is_final: bool
    as_of: dt.datetime
    providers: int = 0
    providers_by_kind: list[ProviderRow] = field(default_factory=list)
    per_day: list[Row] = field(default_factory=list)
    per_district: list[Row] = field(default_factory=list)
    per_format: list[Row] = field(default_factory=list)
    per_target_group: list[Row] = field(default_factory=list)
    ages: list[Row] = field(default_factory=list)
    uncounted: list[Occurrence] = field(default_factory=list)
    future_events: int = 0
    places: list[PlacePoint] = field(default_factory=list)
    previous: CampaignFigures | None = None


def campaign_days(campaign: Campaign) -> list[dt.date]:
    return [campaign.starts_on + dt.timedelta(days=i) for i in range((campaign.ends_on - campaign.starts_on).days + 1)]


def _expand(campaign: Campaign, offers: list[Offer], land: str) -> list[Occurrence]:
    return occurrences(offers, start=campaign.starts_on, end=campaign.ends_on, land=land)


def _counts(campaign: Campaign) -> dict[str, Attendance]:
    rows = Attendance.objects.filter(municipality_id=campaign.municipality_id, campaign=campaign)
    return {occurrence_key(a.offer_id, a.starts_at): a for a in rows}


def _headline(
    campaign: Campaign, offers: list[Offer], occurrences: list[Occurrence], counts: dict[str, Attendance]
) -> Headline:
    counted = [counts[k] for k in (occurrence_key(o.offer.pk, o.start) for o in occurrences) if k in counts]
    with_first = [a for a in counted if a.first_time is not None]
    return Headline(
        offers=len(offers),
        events=len(occurrences),
        participants=sum(a.participants for a in counted),
        days=len(campaign_days(campaign)),
        counted_events=len(counted),
        first_time=sum(a.first_time or 0 for a in with_first),
        first_time_base=sum(a.participants for a in with_first),
    )


def _rows(events: Counter[str], people: Counter[str], labels: dict[str, str], order: Iterable[str]) -> list[Row]:
    return [Row(key=k, label=labels[k], events=events[k], participants=people[k]) for k in order]


def _by_terms(occurrences: list[Occurrence], counts: dict[str, Attendance], attribute: str) -> list[Row]:
    events: Counter[str] = Counter()
    people: Counter[str] = Counter()
    labels: dict[str, str] = {}
    # Each offer's terms once: .all() on a prefetched relation still builds a queryset per call.
    terms_of: dict[int, list[Any]] = {}
    for occ in occurrences:
        if occ.offer.pk not in terms_of:
            terms_of[occ.offer.pk] = list(getattr(occ.offer, attribute).all()) or [None]
    for occ in occurrences:
        count = counts.get(occurrence_key(occ.offer.pk, occ.start))
        for term in terms_of[occ.offer.pk]:
            key = term.code if term is not None else ""
            labels[key] = term.label if term is not None else _("ohne Angabe")
            events[key] += 1
            people[key] += count.participants if count else 0
    order = sorted(labels, key=lambda k: (k == "", -people[k], -events[k], labels[k]))
    return _rows(events, people, labels, order)


def _top_areas(municipality_id: int, places: list[Place]) -> dict[int, Area]:
    """Each area id (of the given places) mapped to its top-level ancestor; one query, none without areas."""
    if not any(p.area_id for p in places):
        return {}
    areas = {a.pk: a for a in Area.objects.filter(municipality_id=municipality_id).only("pk", "parent_id", "name")}
    top: dict[int, Area] = {}
    for area_id in {p.area_id for p in places if p.area_id}:
        area, seen = areas.get(area_id), set()
        while area is not None and area.parent_id in areas and area.pk not in seen:
            seen.add(area.pk)
            area = areas[area.parent_id]
        if area is not None:
            top[area_id] = area
    return top


def _by_district(municipality_id: int, occurrences: list[Occurrence], counts: dict[str, Attendance]) -> list[Row]:
    top = _top_areas(municipality_id, [o.place for o in occurrences if o.place is not None])
    events: Counter[str] = Counter()
    people: Counter[str] = Counter()
    labels: dict[str, str] = {"~none": _("ohne Ort (Telefon, online)"), "~outside": _("Ort ohne Gebiet")}
    for occ in occurrences:
        if occ.place is None:
            key = "~none"
        elif occ.place.area_id in top:
            area = top[occ.place.area_id]
            key, labels[str(area.pk)] = str(area.pk), area.name
        else:
            key = "~outside"
        count = counts.get(occurrence_key(occ.offer.pk, occ.start))
        events[key] += 1
        people[key] += count.participants if count else 0
    order = sorted(events, key=lambda k: (k.startswith("~"), labels[k]))
    return _rows(events, people, labels, order)


def _by_day(campaign: Campaign, occurrences: list[Occurrence], counts: dict[str, Attendance]) -> list[Row]:
    events: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for occ in occurrences:
        key = occ.start.date().isoformat()
        count = counts.get(occurrence_key(occ.offer.pk, occ.start))
        events[key] += 1
        people[key] += count.participants if count else 0
    days = campaign_days(campaign)
    labels = {d.isoformat(): date_format(d, "D j.n.") for d in days}
    return _rows(events, people, labels, [d.isoformat() for d in days])


def _providers(offers: list[Offer]) -> list[ProviderRow]:
    organizations: dict[int, Organization] = {o.organization.pk: o.organization for o in offers}
    kinds = Counter(org.kind for org in organizations.values())
    offers_per_kind = Counter(o.organization.kind for o in offers)
    labels = dict(Organization.Kind.choices)
    return [
        ProviderRow(key=k, label=str(labels.get(k, k)), organizations=n, offers=offers_per_kind[k])
        for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], -offers_per_kind[kv[0]], str(labels.get(kv[0]))))
    ]


def _ages(counted: list[Attendance]) -> list[Row]:
    names = ("age_under_30", "age_30_to_64", "age_65_plus")
    return [
        Row(
            key=name,
            label=str(Attendance._meta.get_field(name).verbose_name),  # type: ignore[union-attr]
            events=sum(1 for a in counted if getattr(a, name) is not None),
            participants=sum(getattr(a, name) or 0 for a in counted),
        )
        for name in names
    ]


def _places(occurrences: list[Occurrence], counts: dict[str, Attendance]) -> list[PlacePoint]:
    by_place: dict[int, list[Occurrence]] = defaultdict(list)
    places: dict[int, Place] = {}
    for occ in occurrences:
        if occ.place is not None and occ.place.latitude is not None and occ.place.longitude is not None:
            by_place[occ.place.pk].append(occ)
            places[occ.place.pk] = occ.place
    points = []
    for pk, held in by_place.items():
        people = sum(c.participants for o in held if (c := counts.get(occurrence_key(o.offer.pk, o.start))))
        points.append(PlacePoint(place=places[pk], events=len(held), participants=people))
    return sorted(points, key=lambda p: p.place.name)


def previous_campaign(campaign: Campaign) -> Campaign | None:
    return (
        Campaign.objects.filter(municipality_id=campaign.municipality_id, starts_on__lt=campaign.starts_on)
        .order_by("-starts_on")
        .first()
    )


def _headline_only(campaign: Campaign, land: str) -> Headline:
    """The previous campaign's headline: offers and schedules without their vocabularies (3 queries)."""
    entries = CampaignEntry.objects.filter(campaign=campaign).values("offer_id")
    offers = list(
        Offer.objects.filter(municipality_id=campaign.municipality_id, pk__in=entries)
        .filter(review_state=Offer.ReviewState.PUBLISHED)
        .prefetch_related(Prefetch("schedules", queryset=Schedule.objects.select_related("place")))
    )
    return _headline(campaign, offers, _expand(campaign, offers, land), _counts(campaign))


def campaign_figures(campaign: Campaign, *, land: str, now: dt.datetime | None = None) -> CampaignFigures:
    """Everything the report shows; ``land`` is the municipality's (for holidays), passed to save a query."""
    now = now or timezone.now()
    offers = list(campaign_offers(campaign))
    all_occurrences = _expand(campaign, offers, land)
    counts = _counts(campaign)
    past = [o for o in all_occurrences if o.start <= now]
    counted = [counts[k] for k in (occurrence_key(o.offer.pk, o.start) for o in all_occurrences) if k in counts]
    figures = CampaignFigures(
        campaign=campaign,
        headline=_headline(campaign, offers, all_occurrences, counts),
        is_final=timezone.localdate(now) > campaign.ends_on,
        as_of=now,
        providers=len({o.organization_id for o in offers}),
        providers_by_kind=_providers(offers),
        per_day=_by_day(campaign, all_occurrences, counts),
        per_district=_by_district(campaign.municipality_id, all_occurrences, counts),
        per_format=_by_terms(all_occurrences, counts, "formats"),
        per_target_group=_by_terms(all_occurrences, counts, "target_groups"),
        ages=_ages(counted),
        uncounted=[o for o in past if occurrence_key(o.offer.pk, o.start) not in counts],
        future_events=len(all_occurrences) - len(past),
        places=_places(all_occurrences, counts),
    )
    before = previous_campaign(campaign)
    if before is not None:
        figures.previous = CampaignFigures(
            campaign=before, headline=_headline_only(before, land), is_final=True, as_of=now
        )
    return figures
