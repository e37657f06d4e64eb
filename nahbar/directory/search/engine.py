"""Running a FinderQuery: the filtered offer set, its order, one page of hits, occurrences, places.

A results page costs a fixed number of queries whatever the number of hits: the filters are
subqueries of one statement; only the distance (haversine, in Python over a bounding-box
candidate set from SQL) and the typo fallback add a bounded, fixed number of statements.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils import timezone

from nahbar.directory.models import OccurrenceIndex, Offer, Place, SearchStem
from nahbar.directory.schedules import Occurrence, occurrences
from nahbar.directory.search.index import FTS_TABLE, fts_tenant
from nahbar.directory.search.query import DAYPARTS, TERM_PARAMETERS, FinderQuery
from nahbar.directory.search.text import query_stems, within_one_edit
from nahbar.directory.selectors import public_offers
from nahbar.tenancy.models import Municipality

EARTH_RADIUS_KM = 6371.0088
NEXT_DATES = 3
TYPO_MIN = 4  # stems of at least this length get one edit of tolerance
MAX_VARIANTS = 12


@dataclass(frozen=True)
class NextDate:
    start: dt.datetime
    end: dt.datetime
    place: Place | None
    all_day: bool = False


@dataclass
class Hit:
    offer: Offer
    distance_km: float | None = None
    next_occurrences: list[NextDate] = field(default_factory=list)
    url: str = ""  # set by the view that shows the hit


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    page: int
    num_pages: int
    per_page: int
    corrected: list[str] = field(default_factory=list)  # query stems replaced by typo tolerance

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# --- full text -------------------------------------------------------------------------------


def _match_expression(groups: list[list[str]]) -> str:
    """Stems within a group are alternatives (typo variants); groups are ANDed; all prefix."""
    if connection.vendor == "postgresql":
        return " & ".join("(" + " | ".join(f"{s}:*" for s in group) + ")" for group in groups)
    return " AND ".join("(" + " OR ".join(f'"{s}"*' for s in group) + ")" for group in groups)


def _fts_match(groups: list[list[str]], municipality_id: int) -> str:
    # Text columns only, and the tenant's token: FTS5 then never looks at other tenants' rows.
    return f"{{a b c d}} : ({_match_expression(groups)}) AND m : {fts_tenant(municipality_id)}"


def _text_ids(groups: list[list[str]], municipality_id: int) -> RawSQL:
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT offer_id FROM directory_offersearchtext "
            "WHERE municipality_id = %s AND vector @@ to_tsquery('simple', %s)",
            [municipality_id, _match_expression(groups)],
        )
    # Constant SQL; the match expression is a bound parameter built from [a-z0-9] stems only.
    return RawSQL(  # noqa: S611
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
        [_fts_match(groups, municipality_id)],
    )


def _rank(groups: list[list[str]], municipality_id: int) -> RawSQL:
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT ts_rank(t.vector, to_tsquery('simple', %s)) FROM directory_offersearchtext t "
            "WHERE t.offer_id = directory_offer.id",
            [_match_expression(groups)],
        )
    # bm25 is lower for better matches; negate so that both databases sort descending.
    return RawSQL(  # noqa: S611
        f"SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 0.5, 0.0) FROM {FTS_TABLE} "  # noqa: S608
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = directory_offer.id",
        [_fts_match(groups, municipality_id)],
    )


def _near(stem: str, vocabulary: list[str]) -> list[str]:
    """Prefixes of indexed stems one edit away from ``stem`` (so compounds are reached too)."""
    found: set[str] = set()
    n = len(stem)
    for word in vocabulary:
        for length in (n - 1, n, n + 1):
            if len(word) >= length and within_one_edit(stem, word[:length]):
                found.add(word[:length])
    return sorted(found)[:MAX_VARIANTS]


def _unknown(municipality: Municipality, stem: str) -> bool:
    # Stems are [a-z0-9]+ and "{" sorts after "z": a range on the (municipality, stem) index.
    return not SearchStem.objects.filter(municipality=municipality, stem__gte=stem, stem__lt=stem + "{").exists()


def _typo_groups(municipality: Municipality, stems: list[str]) -> tuple[list[list[str]], list[str]]:
    """Each stem of TYPO_MIN+ letters that starts no indexed stem also accepts near variants.

    Such a stem makes the exact query find nothing, so this is "only when the exact search fails",
    decided with one indexed lookup per word instead of running the search twice.
    """
    unknown = [s for s in stems if len(s) >= TYPO_MIN and _unknown(municipality, s)]
    if not unknown:
        return [[s] for s in stems], []
    vocabulary = list(SearchStem.objects.filter(municipality=municipality).values_list("stem", flat=True))
    groups, corrected = [], []
    for s in stems:
        group = [s]
        if s in unknown:
            near = _near(s, vocabulary)
            if near:
                group.extend(near)
                corrected.append(s)
        groups.append(group)
    return groups, corrected


# --- filters ---------------------------------------------------------------------------------


def _dates_of_offer() -> QuerySet[OccurrenceIndex]:
    """Occurrences looked up by offer only, for offers the caller already limited to the tenant.

    Without the scope's extra ``municipality_id = …`` SQLite's planner uses the (offer, starts_at)
    index instead of scanning all the municipality's dates for every candidate (100× slower).
    """
    return OccurrenceIndex.objects.with_scopes_disabled().all()


def _occurrence_filter(query: FinderQuery, now: dt.datetime) -> Q:
    condition = Q(starts_at__gte=now)
    tz = timezone.get_current_timezone()
    if query.date_from:
        condition &= Q(starts_at__gte=dt.datetime.combine(query.date_from, dt.time.min, tz))
    if query.date_to:
        condition &= Q(starts_at__lt=dt.datetime.combine(query.date_to + dt.timedelta(days=1), dt.time.min, tz))
    if query.weekdays:
        condition &= Q(weekday__in=query.weekdays)
    if query.dayparts:
        parts = Q(minute_of_day__isnull=True)
        for name in query.dayparts:
            low, high = DAYPARTS[name]
            parts |= Q(minute_of_day__gte=low, minute_of_day__lt=high)
        condition &= parts
    return condition


def _filtered(
    municipality: Municipality, query: FinderQuery, groups: list[list[str]], now: dt.datetime
) -> QuerySet[Offer]:
    qs = Offer.objects.filter(
        municipality=municipality, review_state=Offer.ReviewState.PUBLISHED, status=Offer.Status.ACTIVE
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
    through = Offer.places.through
    if groups:
        qs = qs.filter(pk__in=_text_ids(groups, municipality.pk))
    if query.area_ids:
        qs = qs.filter(Exists(through.objects.filter(offer_id=OuterRef("pk"), place__area_id__in=query.area_ids)))
    if query.third_places:
        qs = qs.filter(Exists(through.objects.filter(offer_id=OuterRef("pk"), place__is_third_place=True)))
    if query.free_only:
        qs = qs.filter(is_free=True)
    for name, ids in query.terms.items():
        relation = getattr(Offer, _RELATION[name]).through
        if TERM_PARAMETERS[name][1]:
            for term_id in ids:
                qs = qs.filter(Exists(relation.objects.filter(offer_id=OuterRef("pk"), term_id=term_id)))
        else:
            qs = qs.filter(Exists(relation.objects.filter(offer_id=OuterRef("pk"), term_id__in=ids)))
    if query.has_occurrence_filter:
        qs = qs.filter(Exists(_dates_of_offer().filter(_occurrence_filter(query, now), offer_id=OuterRef("pk"))))
    return qs


_RELATION = {
    "format": "formats",
    "zielgruppe": "target_groups",
    "merkmal": "low_threshold",
    "barrierefrei": "accessibility",
    "sprache": "languages",
    "form": "delivery_modes",
}


def _near_offers(municipality: Municipality, query: FinderQuery) -> dict[int, float]:
    """Offer id -> distance of its nearest place within the radius (any offer, before other filters).

    Driven from the places: a bounding box in SQL, the exact haversine radius in Python, then the
    offers held there. The other filters then only look at these few hundred offers.
    """
    if query.lat is None or query.lon is None:
        return {}
    lat0, lon0 = query.lat, query.lon
    dlat = query.radius_km / 111.0
    dlon = query.radius_km / (111.320 * max(0.01, math.cos(math.radians(lat0))))
    places = Place.objects.filter(
        municipality=municipality,
        latitude__range=(lat0 - dlat, lat0 + dlat),
        longitude__range=(lon0 - dlon, lon0 + dlon),
    ).values_list("pk", "latitude", "longitude")
    place_km = {}
    for pk, lat, lon in places:
        if lat is not None and lon is not None:
            distance = haversine_km(lat0, lon0, lat, lon)
            if distance <= query.radius_km:
                place_km[pk] = distance
    if not place_km:
        return {}
    result: dict[int, float] = {}
    links = Offer.places.through.objects.filter(place_id__in=list(place_km)).values_list("offer_id", "place_id")
    for offer_id, place_id in links:
        distance = place_km[place_id]
        if distance < result.get(offer_id, math.inf):
            result[offer_id] = distance
    return result


def _next_start(query: FinderQuery, now: dt.datetime) -> Subquery:
    return Subquery(
        _dates_of_offer()
        .filter(_occurrence_filter(query, now), offer_id=OuterRef("pk"))
        .order_by()
        .values("offer_id")
        .annotate(first=Min("starts_at"))
        .values("first")[:1]
    )


def _ordered(
    qs: QuerySet[Offer], municipality: Municipality, query: FinderQuery, groups: list[list[str]], now: dt.datetime
) -> QuerySet[Offer]:
    if query.sort == "relevanz" and groups:
        return qs.annotate(rank=_rank(groups, municipality.pk)).order_by(F("rank").desc(nulls_last=True), "title", "pk")
    return qs.annotate(next_start=_next_start(query, now)).order_by(F("next_start").asc(nulls_last=True), "title", "pk")


@dataclass
class _Matches:
    qs: QuerySet[Offer]
    distances: dict[int, float] | None
    groups: list[list[str]]
    corrected: list[str]


def _matches(municipality: Municipality, query: FinderQuery, now: dt.datetime) -> _Matches:
    groups, corrected = _typo_groups(municipality, query_stems(query.text))
    qs = _filtered(municipality, query, groups, now)
    distances = None
    if query.has_point:
        near = _near_offers(municipality, query)
        qs = qs.filter(pk__in=list(near))
        distances = {pk: near[pk] for pk in qs.values_list("pk", flat=True)}
    return _Matches(qs, distances, groups, corrected)


# --- public API ------------------------------------------------------------------------------


def search_offers(municipality: Municipality, query: FinderQuery, *, page: int = 1, per_page: int = 20) -> SearchPage:
    now = timezone.now()
    found = _matches(municipality, query, now)
    distances = found.distances
    if distances is not None and query.sort == "entfernung":
        ordered = sorted(distances, key=lambda pk: (distances[pk], pk))
        total = len(ordered)
        num_pages = max(1, math.ceil(total / per_page))
        page = min(max(1, page), num_pages)
        page_ids = ordered[(page - 1) * per_page : page * per_page]
    else:
        ordered_qs = _ordered(found.qs, municipality, query, found.groups, now)
        total = len(distances) if distances is not None else found.qs.count()
        num_pages = max(1, math.ceil(total / per_page))
        page = min(max(1, page), num_pages)
        page_ids = (
            list(ordered_qs.values_list("pk", flat=True)[(page - 1) * per_page : page * per_page]) if total else []
        )
    offers = (
        {
            offer.pk: offer
            for offer in Offer.objects.filter(pk__in=page_ids)
            .select_related("organization")
            .prefetch_related("accessibility", "delivery_modes")
        }
        if page_ids
        else {}
    )
    upcoming = _upcoming(page_ids, query, now)
    hits = [
        Hit(
            offer=offers[pk],
            distance_km=distances.get(pk) if distances is not None else None,
            next_occurrences=upcoming.get(pk, []),
        )
        for pk in page_ids
        if pk in offers
    ]
    return SearchPage(
        hits=hits, total=total, page=page, num_pages=num_pages, per_page=per_page, corrected=found.corrected
    )


def _upcoming(offer_ids: list[int], query: FinderQuery, now: dt.datetime) -> dict[int, list[NextDate]]:
    if not offer_ids:
        return {}
    result: dict[int, list[NextDate]] = defaultdict(list)
    rows = (
        _dates_of_offer()
        .filter(_occurrence_filter(query, now), offer_id__in=offer_ids)
        .annotate(
            number=Window(RowNumber(), partition_by=F("offer_id"), order_by=(F("starts_at").asc(), F("pk").asc()))
        )
        .filter(number__lte=NEXT_DATES)  # a daily offer has 56 dates in the index; fetch 3
        .select_related("place")
        .order_by("starts_at", "pk")
    )
    for row in rows:
        result[row.offer_id].append(NextDate(row.starts_at, row.ends_at, row.place, row.minute_of_day is None))
    return result


def matching_offer_ids(municipality: Municipality, query: FinderQuery) -> list[int]:
    return list(_matches(municipality, query, timezone.now()).qs.values_list("pk", flat=True))


def finder_occurrences(
    municipality: Municipality, query: FinderQuery, *, start: dt.date, days: int = 7
) -> list[Occurrence]:
    """Occurrences of the matching offers in [start, start + days), also beyond the index horizon."""
    ids = matching_offer_ids(municipality, query)
    end = start + dt.timedelta(days=days - 1)
    if query.date_from:
        start = max(start, query.date_from)
    if query.date_to:
        end = min(end, query.date_to)
    if end < start:
        return []
    offers = public_offers(municipality, on=start).filter(pk__in=ids)
    result = []
    for occ in occurrences(offers, start=start, end=end, land=municipality.land):
        local = timezone.localtime(occ.start)
        if query.weekdays and local.weekday() not in query.weekdays:
            continue
        if query.dayparts and not occ.slot.all_day:
            minute = local.hour * 60 + local.minute
            if not any(DAYPARTS[p][0] <= minute < DAYPARTS[p][1] for p in query.dayparts):
                continue
        result.append(occ)
    return result


def finder_places(municipality: Municipality, query: FinderQuery) -> list[tuple[Place, int]]:
    """Places with coordinates of the matching offers, with how many matching offers each holds."""
    ids = matching_offer_ids(municipality, query)
    places = (
        Place.objects.filter(municipality=municipality, latitude__isnull=False, offers__in=ids)
        .annotate(offer_count=Count("offers", distinct=True))
        .order_by("name", "pk")
    )
    return [(place, place.offer_count) for place in places]
