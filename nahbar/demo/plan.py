"""Plans a fictional municipality's directory as plain data, without touching the database.

The same plan feeds both writers: :mod:`nahbar.demo.build` (through the service functions, with
audit rows) for the demo municipality and :mod:`nahbar.demo.bulk` (``bulk_create``) for the
benchmark data set, so both have the same shape and proportions.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nahbar.demo.catalogue import KIND_BY_KEY, OFFER_KINDS, OfferKind
from nahbar.demo.geo import PolygonSampler
from nahbar.demo.names import DESCRIPTIONS, FICTIONAL, NameMaker, contact_email, domain
from nahbar.demo.rhythms import RhythmMaker, SchedulePlan

# The demo's proportions: per 250 offers, 80 organizations, 40 third places and 45 other places.
OFFERS_PER_ORGANIZATION = 250 / 80
THIRD_PLACES_PER_OFFER = 40 / 250
OTHER_PLACES_PER_OFFER = 45 / 250

ORGANIZATION_KINDS = {"club": 26, "initiative": 14, "welfare": 10, "parish": 14, "neighbourhood_house": 12, "public": 4}
# How many offers an organization of each kind tends to run, relative to a club.
OFFER_SHARE = {"club": 1.0, "initiative": 1.0, "welfare": 2.2, "parish": 1.4, "neighbourhood_house": 2.6, "public": 1.5}
THIRD_PLACE_KINDS = {"neighbourhood_house": 12, "meeting_centre": 8, "library": 10, "church": 5, "public_building": 5}
OTHER_PLACE_KINDS = {"cafe": 12, "club_house": 10, "church": 8, "outdoor": 10, "public_building": 3, "other": 2}
# Which organizations may run a place of a kind, and how likely a place of that kind has one.
PLACE_OWNERS: dict[str, tuple[tuple[str, ...], float]] = {
    "neighbourhood_house": (("neighbourhood_house", "welfare"), 0.95),
    "meeting_centre": (("welfare", "neighbourhood_house", "club"), 0.9),
    "library": (("public",), 0.8),
    "church": (("parish",), 0.95),
    "public_building": (("public",), 0.5),
    "club_house": (("club",), 0.9),
    "cafe": (("initiative",), 0.3),
    "outdoor": ((), 0.0),
    "other": (("initiative", "club"), 0.7),
}
# Opening hours by place kind; 0 = Monday. Outdoor places have none (always accessible).
OPENING_HOURS: dict[str, tuple[list[dict[str, Any]], ...]] = {
    "neighbourhood_house": (
        [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "18:00"}],
        [
            {"days": [0, 1, 2, 3], "opens": "10:00", "closes": "20:00"},
            {"days": [4], "opens": "10:00", "closes": "16:00"},
        ],
    ),
    "meeting_centre": (
        [{"days": [0, 1, 2, 3, 4], "opens": "10:00", "closes": "17:00"}],
        [{"days": [0, 2, 4], "opens": "09:30", "closes": "16:30"}, {"days": [5], "opens": "14:00", "closes": "18:00"}],
    ),
    "library": (
        [
            {"days": [1, 2, 3, 4], "opens": "10:00", "closes": "19:00"},
            {"days": [5], "opens": "10:00", "closes": "14:00"},
        ],
        [
            {"days": [0, 1, 3, 4], "opens": "11:00", "closes": "19:00"},
            {"days": [2], "opens": "13:00", "closes": "19:00"},
        ],
    ),
    "church": (
        [{"days": [0, 1, 2, 3, 4, 5, 6], "opens": "10:00", "closes": "18:00"}],
        [{"days": [1, 3, 6], "opens": "10:00", "closes": "16:00"}],
    ),
    "public_building": (
        [{"days": [0, 2, 4], "opens": "12:00", "closes": "16:00"}],
        [{"days": [0, 1, 2, 3, 4], "opens": "08:00", "closes": "16:00"}],
    ),
    "cafe": ([{"days": [0, 1, 2, 3, 4, 5], "opens": "08:00", "closes": "18:00"}],),
    "club_house": ([{"days": [1, 3, 5], "opens": "15:00", "closes": "21:00"}], []),
    "outdoor": ([],),
    "other": ([], [{"days": [2, 5], "opens": "14:00", "closes": "19:00"}]),
}
OPENING_NOTES = (
    "",
    "",
    "",
    "In den Schulferien eingeschränkt geöffnet.",
    "Zwischen den Jahren geschlossen.",
    "Bitte klingeln, die Tür ist manchmal zu.",
)
ACCESSIBILITY_ODDS = {
    "stufenlos": 0.6,
    "barrierefreies-wc": 0.35,
    "oepnv-nah": 0.7,
    "sitzgelegenheiten": 0.6,
    "induktionsschleife": 0.1,
    "blindenleitsystem": 0.05,
}
# Offer many-to-many field -> the vocabulary its terms come from.
OFFER_M2M_VOCABULARY = {
    "delivery_modes": "delivery_mode",
    "formats": "format",
    "target_groups": "target_group",
    "low_threshold": "low_threshold",
    "accessibility": "accessibility",
    "languages": "language",
}
OFFER_M2M = tuple(OFFER_M2M_VOCABULARY)
FICTION_NOTE = "*Erfundenes Angebot der nahbar-Demo-Kommune – alle Angaben sind fiktiv.*"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    weight: float  # population, for spreading organizations and places
    sampler: PolygonSampler
    postcodes: tuple[str, ...]


@dataclass
class OrganizationPlan:
    key: int
    name: str
    kind: str
    kiez: str
    region: Region
    favoured: tuple[str, ...]  # offer kinds this organization mostly runs
    description: str
    email: str
    phone: str
    website: str

    def model_fields(self) -> dict[str, Any]:
        """The plain Organization fields, shared by the audited writer and the bulk writer."""
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "email": self.email,
            "phone": self.phone,
            "website": self.website,
        }


@dataclass
class PlacePlan:
    key: int
    name: str
    kind: str
    is_third_place: bool
    street: str
    postcode: str
    city: str
    latitude: float
    longitude: float
    area_code: str
    opening_hours: list[dict[str, Any]]
    opening_hours_note: str
    accessibility: list[str]
    accessibility_note: str
    transit_note: str
    organization_key: int | None

    def model_fields(self) -> dict[str, Any]:
        """The plain Place fields (no relations), shared by both writers."""
        names = (
            "name",
            "kind",
            "is_third_place",
            "street",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "opening_hours",
            "opening_hours_note",
            "accessibility_note",
            "transit_note",
        )
        return {name: getattr(self, name) for name in names}


@dataclass
class OfferPlan:
    key: int
    organization_key: int
    kind: str
    title: str
    summary: str
    description: str
    easy_language_summary: str
    place_keys: list[int]
    terms: dict[str, list[str]]  # M2M field name -> term codes
    is_free: bool
    cost_note: str
    registration_required: bool
    registration_note: str
    contact_name: str
    contact_phone: str
    contact_email: str
    contact_url: str
    status: str
    review_state: str
    assured_at: dt.datetime | None
    schedules: list[SchedulePlan] = field(default_factory=list)

    def model_fields(self) -> dict[str, Any]:
        """The plain Offer fields (no relations), shared by both writers."""
        names = (
            "title",
            "summary",
            "description",
            "easy_language_summary",
            "is_free",
            "cost_note",
            "registration_required",
            "registration_note",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_url",
            "status",
            "review_state",
            "assured_at",
        )
        return {name: getattr(self, name) for name in names}


@dataclass
class DirectoryPlan:
    organizations: list[OrganizationPlan]
    places: list[PlacePlan]
    offers: list[OfferPlan]


def spread(n: int, weights: Mapping[Any, float]) -> list[Any]:
    """``n`` items drawn in exact proportion to ``weights`` (largest remainder), in key order."""
    total = sum(weights.values())
    quotas = {k: n * w / total for k, w in weights.items()}
    counts = {k: int(q) for k, q in quotas.items()}
    for k in sorted(quotas, key=lambda k: counts[k] - quotas[k])[: n - sum(counts.values())]:
        counts[k] += 1
    return [k for k, c in counts.items() for _ in range(c)]


def proportional_counts(offers: int) -> tuple[int, int, int]:
    """(organizations, third places, other places) for a directory with ``offers`` offers."""
    return (
        max(1, round(offers / OFFERS_PER_ORGANIZATION)),
        max(1, round(offers * THIRD_PLACES_PER_OFFER)),
        max(1, round(offers * OTHER_PLACES_PER_OFFER)),
    )


class Planner:
    def __init__(
        self,
        *,
        rng: random.Random,
        now: dt.datetime,
        today: dt.date,
        regions: Sequence[Region],
        city: str = "Berlin",
        unique_names: bool = True,
    ) -> None:
        self.rng = rng
        self.now = now
        self.today = today
        self.regions = list(regions)
        self.city = city
        self.unique = unique_names
        self.names = NameMaker(rng)
        self.rhythms = RhythmMaker(rng, today)
        self._kinds_by_org: dict[str, tuple[list[OfferKind], list[int]]] = {}
        for org_kind in ORGANIZATION_KINDS:
            fitting = [k for k in OFFER_KINDS if org_kind in k.org_kinds]
            self._kinds_by_org[org_kind] = (fitting, [k.weight for k in fitting])
        self._runs: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # org -> offer kind -> count

    # --- organizations -------------------------------------------------------------------------------

    def organizations(self, n: int) -> list[OrganizationPlan]:
        kinds = spread(n, ORGANIZATION_KINDS)
        regions = spread(n, {r: r.weight for r in self.regions})
        self.rng.shuffle(kinds)
        result = []
        for key, (kind, region) in enumerate(zip(kinds, regions, strict=True)):
            name, kiez, favoured = self.names.organization(kind, region.name, unique=self.unique)
            result.append(
                OrganizationPlan(
                    key=key,
                    name=name,
                    kind=kind,
                    kiez=kiez,
                    region=region,
                    favoured=favoured,
                    description=f"{DESCRIPTIONS[kind]} Diese Organisation ist erfunden {FICTIONAL} und gehört zur "
                    "Demo-Kommune von nahbar.",
                    email=contact_email(name),
                    phone=self.names.phone(),
                    website=f"https://{domain(name)}/",
                )
            )
        return result

    # --- places --------------------------------------------------------------------------------------

    def places(self, organizations: list[OrganizationPlan], n_third: int, n_other: int) -> list[PlacePlan]:
        by_kind: dict[str, list[OrganizationPlan]] = defaultdict(list)
        for org in organizations:
            by_kind[org.kind].append(org)
        for orgs in by_kind.values():
            self.rng.shuffle(orgs)
        turn: dict[str, int] = defaultdict(int)
        slots = [(k, True) for k in spread(n_third, THIRD_PLACE_KINDS)]
        slots += [(k, False) for k in spread(n_other, OTHER_PLACE_KINDS)]
        free_regions = spread(len(slots), {r: r.weight for r in self.regions})
        self.rng.shuffle(free_regions)
        candidates_for = {
            kind: [o for k in owner_kinds for o in by_kind.get(k, [])]
            for kind, (owner_kinds, _odds) in PLACE_OWNERS.items()
        }
        result = []
        for key, (kind, third) in enumerate(slots):
            odds = PLACE_OWNERS[kind][1]
            owner = None
            candidates = candidates_for[kind]
            if candidates and self.rng.random() < odds:
                owner = candidates[turn[kind] % len(candidates)]
                turn[kind] += 1
            region = owner.region if owner else free_regions[key]
            result.append(self._place(key, kind, third, region, owner))
        return result

    def _place(self, key: int, kind: str, third: bool, region: Region, owner: OrganizationPlan | None) -> PlacePlan:
        rng = self.rng
        kiez = owner.kiez if owner else self.names.kiez()
        lat, lon = region.sampler.sample(rng)
        accessibility = [code for code, odds in ACCESSIBILITY_ODDS.items() if rng.random() < odds]
        if "stufenlos" in accessibility and rng.random() < 0.6:
            accessibility.append("rollstuhlgerecht")
        step_free = "stufenlos" in accessibility
        return PlacePlan(
            key=key,
            name=self.names.place(kind, kiez, third=third, unique=self.unique),
            kind=kind,
            is_third_place=third,
            street=self.names.street() if kind != "outdoor" else "",
            postcode=rng.choice(region.postcodes),
            city=self.city,
            latitude=lat,
            longitude=lon,
            area_code=region.code,
            opening_hours=rng.choice(OPENING_HOURS[kind]),
            opening_hours_note="frei zugänglich" if kind == "outdoor" else rng.choice(OPENING_NOTES),
            accessibility=accessibility,
            accessibility_note=rng.choice(("Eingang über den Hof, Rampe vorhanden.", "Aufzug im Foyer.", ""))
            if step_free
            else rng.choice(("Zwei Stufen am Eingang, Klingel für Hilfe vorhanden.", "Raum im 1. Stock ohne Aufzug.")),
            transit_note=self.names.transit(kiez) if rng.random() < 0.7 else "",
            organization_key=owner.key if owner else None,
        )

    # --- offers --------------------------------------------------------------------------------------

    def offers(self, organizations: list[OrganizationPlan], places: list[PlacePlan], n: int) -> list[OfferPlan]:
        index = _PlaceIndex(places)
        weights = [OFFER_SHARE[o.kind] for o in organizations]
        # Every organization runs at least one offer; the rest go to the busier kinds.
        owners = list(organizations[:n]) + self.rng.choices(
            organizations, weights=weights, k=max(0, n - len(organizations))
        )
        return [self._offer(key, org, index) for key, org in enumerate(owners)]

    def _offer(self, key: int, org: OrganizationPlan, index: _PlaceIndex) -> OfferPlan:
        rng = self.rng
        kind = self._pick_kind(org)
        title = rng.choice(kind.titles).format(kiez=org.kiez)
        summary = rng.choice(kind.summaries)
        place_keys: list[int] = []
        accessibility: list[str] = []
        if kind.mode == "vor-ort":
            place = index.pick(rng, org, kind.place_kinds)
            place_keys.append(place.key)
            accessibility = list(place.accessibility)
        targets = [kind.targets[0]] + [t for t in kind.targets[1:] if rng.random() < 0.5]
        low = [c for c in kind.low if rng.random() < 0.75] or [kind.low[0]]
        if kind.cost:
            low = [c for c in low if c != "kostenlos"]
        if kind.registration:
            low = [c for c in low if c != "ohne-anmeldung"]
        languages = ["de"]
        if kind.languages:
            extra = list(kind.languages)
            languages += rng.sample(extra, k=min(len(extra), rng.randint(1, 3)))
        if kind.key == "inklusiv":
            accessibility = sorted({*accessibility, "gebaerdensprache", "induktionsschleife"})
        modes = [kind.mode]
        if kind.mode == "vor-ort" and kind.key in {"singen", "lesekreis", "vortrag"} and rng.random() < 0.3:
            modes.append("online")  # hybrid
        status, review_state, assured_at = self._state()
        schedule = self.rhythms.make(
            rng.choice(kind.rhythms),
            days=kind.days,
            times=kind.times,
            duration=kind.duration,
            runs_on_holidays=kind.runs_on_holidays,
        )
        schedule.place_key = place_keys[0] if place_keys else None
        schedules = [schedule]
        if place_keys and schedule.rrule.startswith("FREQ=WEEKLY;BYDAY=") and rng.random() < 0.08:
            # The same offer also runs at a second place on another day.
            second = index.pick(rng, org, kind.place_kinds, avoid=place_keys[0])
            if second.key != place_keys[0]:
                place_keys.append(second.key)
                extra_schedule = self.rhythms.make(
                    "weekly", days=kind.days, times=kind.times, duration=kind.duration, runs_on_holidays=False
                )
                extra_schedule.place_key = second.key
                schedules.append(extra_schedule)
        cost = kind.cost
        registration = kind.registration
        return OfferPlan(
            key=key,
            organization_key=org.key,
            kind=kind.key,
            title=title,
            summary=summary,
            description="\n\n".join(
                (
                    summary,
                    kind.what,
                    f"**Kosten:** {cost or 'keine'}  \n**Anmeldung:** {registration or 'nicht nötig – einfach kommen'}",
                    FICTION_NOTE,
                )
            ),
            easy_language_summary=kind.easy if kind.easy and rng.random() < 0.6 else "",
            place_keys=place_keys,
            terms={
                "delivery_modes": modes,
                "formats": list(kind.formats),
                "target_groups": targets,
                "low_threshold": low,
                "accessibility": accessibility,
                "languages": languages,
            },
            is_free=not cost,
            cost_note=cost,
            registration_required=bool(registration),
            registration_note=registration,
            contact_name=self.names.person(),
            contact_phone=org.phone,
            contact_email=org.email,
            contact_url=f"https://{domain(org.name)}/online-treff" if kind.mode == "online" else "",
            status=status,
            review_state=review_state,
            assured_at=assured_at,
            schedules=schedules,
        )

    def _pick_kind(self, org: OrganizationPlan) -> OfferKind:
        runs = self._runs[org.key]
        if org.favoured and self.rng.random() < 0.7:
            key = self.rng.choice(org.favoured)
        else:
            fitting, weights = self._kinds_by_org[org.kind]
            # An organization seldom runs two offers of the same kind.
            adjusted = [w / (1 + 3 * runs.get(k.key, 0)) for k, w in zip(fitting, weights, strict=True)]
            key = self.rng.choices(fitting, weights=adjusted)[0].key
        runs[key] += 1
        return KIND_BY_KEY[key]

    def _state(self) -> tuple[str, str, dt.datetime | None]:
        """Mostly published, running and recently confirmed; a few stale, paused, draft or submitted."""
        roll = self.rng.random()
        if roll < 0.86:
            return (
                "active",
                "published",
                self.now - dt.timedelta(days=self.rng.randint(1, 150), hours=self.rng.randint(0, 9)),
            )
        if roll < 0.91:  # not confirmed for more than six months: "possibly out of date"
            return "active", "published", self.now - dt.timedelta(days=self.rng.randint(200, 330))
        if roll < 0.94:
            return "paused", "published", self.now - dt.timedelta(days=self.rng.randint(20, 120))
        if roll < 0.97:
            return "active", "draft", None
        return "active", "submitted", None

    def plan(self, *, organizations: int, third_places: int, other_places: int, offers: int) -> DirectoryPlan:
        orgs = self.organizations(organizations)
        places = self.places(orgs, third_places, other_places)
        return DirectoryPlan(organizations=orgs, places=places, offers=self.offers(orgs, places, offers))


class _PlaceIndex:
    def __init__(self, places: list[PlacePlan]) -> None:
        self.all = places
        self.by_owner: dict[int, list[PlacePlan]] = defaultdict(list)
        self.by_region: dict[str, list[PlacePlan]] = defaultdict(list)
        for place in places:
            if place.organization_key is not None:
                self.by_owner[place.organization_key].append(place)
            self.by_region[place.area_code].append(place)
        # (region, place kinds) -> places of those kinds there; asked for every offer of the benchmark set.
        self._nearby_of_kind: dict[tuple[str, tuple[str, ...]], list[PlacePlan]] = {}

    def pick(self, rng: random.Random, org: OrganizationPlan, kinds: tuple[str, ...], avoid: int = -1) -> PlacePlan:
        """A place for an offer: the organization's own place of a fitting kind, else a fitting place in
        its district, else any own place, else any place in the district."""
        own = [p for p in self.by_owner.get(org.key, []) if p.key != avoid]
        nearby_key = (org.region.code, kinds)
        if nearby_key not in self._nearby_of_kind:
            self._nearby_of_kind[nearby_key] = [p for p in self.by_region.get(org.region.code, []) if p.kind in kinds]
        for pool in (
            [p for p in own if p.kind in kinds],
            [p for p in self._nearby_of_kind[nearby_key] if p.key != avoid],
            own,
            [p for p in self.by_region.get(org.region.code, []) if p.key != avoid],
        ):
            if pool:
                return rng.choice(pool)
        return rng.choice(self.all)
