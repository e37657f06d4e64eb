"""Running a FinderQuery: the filtered offer set, its order, one page of hits, occurrences, places.

A results page costs a fixed number of statements whatever the number of hits, all raw SQL from
``search.sql`` (Django's query compilation cost more than the databases' execution): one for the
stems, one for the matching offers (with a point: the places in a bounding box joined to their offers
and every filter; the exact radius is haversine in Python), one for the ordered page with the total
(unless sorted by distance), and two in ``search.hits`` for what the page shows. The typo fallback
adds one.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from nahbar.directory.models import Offer, Place, SearchStem
from nahbar.directory.schedules import Occurrence, occurrences
from nahbar.directory.search import sql
from nahbar.directory.search.choices import geography
from nahbar.directory.search.hits import HitOffer, NextDate, next_dates, page_offers
from nahbar.directory.search.query import DAYPARTS, FinderQuery
from nahbar.directory.search.text import query_stems, within_one_edit
from nahbar.directory.selectors import public_offers
from nahbar.freshness.dates import confirmed_at, reminder_cutoff
from nahbar.tenancy.models import Municipality

TYPO_MIN = 4  # stems of at least this length get one edit of tolerance
MAX_VARIANTS = 12


@dataclass
class Hit:
    offer: HitOffer
    distance_km: float | None = None
    next_occurrences: list[NextDate] = field(default_factory=list)
    url: str = ""  # set by the view that shows the hit
    card: str = ""  # the result card's HTML, set by the finder view (finder/cards.py)
    possibly_outdated: bool = False  # unconfirmed for the municipality's N months (docs/freshness.md)


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


# --- full text -------------------------------------------------------------------------------


def _near(stem: str, vocabulary: list[str]) -> list[str]:
    """Prefixes of indexed stems one edit away from ``stem`` (so compounds are reached too)."""
    found: set[str] = set()
    n = len(stem)
    for word in vocabulary:
        for length in (n - 1, n, n + 1):
            if len(word) >= length and within_one_edit(stem, word[:length]):
                found.add(word[:length])
    return sorted(found)[:MAX_VARIANTS]


def _unknown_stems(municipality: Municipality, stems: list[str]) -> set[str]:
    """The stems that start no indexed stem of the municipality, in one statement.

    Stems are [a-z0-9]+ and "{" sorts after "z": each is a range on the (municipality, stem) index.
    """
    if not stems:
        return set()
    table = SearchStem._meta.db_table
    probe = f"(SELECT 1 FROM {table} WHERE municipality_id = %s AND stem >= %s AND stem < %s LIMIT 1)"  # noqa: S608
    params: list[Any] = []
    for stem in stems:
        params += [municipality.pk, stem, stem + "{"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([probe] * len(stems)), params)
        found = cursor.fetchone()
    return {stem for stem, hit in zip(stems, found, strict=True) if hit is None}


def _typo_groups(municipality: Municipality, stems: list[str]) -> tuple[list[list[str]], list[str]]:
    """Each stem of TYPO_MIN+ letters that starts no indexed stem also accepts near variants.

    Such a stem makes the exact query find nothing, so this is "only when the exact search fails",
    decided with one indexed lookup per word (one statement for all) instead of running the search twice.
    """
    unknown = _unknown_stems(municipality, [s for s in stems if len(s) >= TYPO_MIN])
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


# --- matching offers -------------------------------------------------------------------------


def _rows(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def _near_distances(municipality: Municipality, query: FinderQuery, conditions: sql.Clause) -> dict[int, float]:
    """Matching offer id -> distance of its nearest place within the radius.

    The places within the radius come from the municipality's cached coordinates (exact haversine, in
    Python); one statement then finds the matching offers held at them. Reading the places in the
    database cost a scan of the municipality's places per search, and on PostgreSQL the planner joined
    a large box's places to all offer-place rows with a hash join (docs/performance.md).
    """
    assert query.lat is not None and query.lon is not None  # noqa: S101 - callers check has_point
    near = geography(municipality).points.within(query.lat, query.lon, query.radius_km)
    if not near:
        return {}
    statement, params = sql.offers_at_places(list(near), conditions)
    result: dict[int, float] = {}
    for offer_id, place_id in _rows(statement, params):
        distance = near[place_id]
        if distance < result.get(offer_id, math.inf):
            result[offer_id] = distance
    return result


@dataclass
class _Matches:
    conditions: sql.Clause  # on offer "o"; with a point, the ids below are the whole result
    distances: dict[int, float] | None
    groups: list[list[str]]
    corrected: list[str]


def _matches(municipality: Municipality, query: FinderQuery, now: dt.datetime) -> _Matches:
    groups, corrected = _typo_groups(municipality, query_stems(query.text))
    conditions = sql.offer_conditions(municipality, query, groups, now)
    distances = _near_distances(municipality, query, conditions) if query.has_point else None
    return _Matches(conditions, distances, groups, corrected)


def _pages(total: int, page: int, per_page: int) -> tuple[int, int]:
    num_pages = max(1, math.ceil(total / per_page))
    return min(max(1, page), num_pages), num_pages


def _ordered_ids(municipality: Municipality, query: FinderQuery, found: _Matches, now: dt.datetime) -> sql.Clause:
    """SELECT o.id … ORDER BY … of the matches (without LIMIT), as SQL and parameters."""
    where = found.conditions
    if found.distances is not None:  # the point filter already applied every condition
        ids = list(found.distances)
        where = sql.Clause([f"o.id IN ({sql.placeholders(ids)})"], ids)
    order = sql.ordering(query, found.groups, municipality.pk, now)
    return sql.Clause(
        [f"SELECT o.id, COUNT(*) OVER () FROM {sql.OFFER} o WHERE {where.sql} ORDER BY {order.sql}"],  # noqa: S608
        [*where.params, *order.params],
    )


def _page_ids(
    municipality: Municipality, query: FinderQuery, found: _Matches, page: int, per_page: int, now: dt.datetime
) -> tuple[list[int], int, int, int]:
    """(ids of the page, total, page, number of pages)."""
    distances = found.distances
    if distances is not None and query.sort == "entfernung":
        ordered = sorted(distances, key=lambda pk: (distances[pk], pk))
        page, num_pages = _pages(len(ordered), page, per_page)
        return ordered[(page - 1) * per_page : page * per_page], len(ordered), page, num_pages
    if distances is not None and not distances:
        return [], 0, 1, 1
    # One statement for the page and the total (a window count over all matches before LIMIT).
    statement = _ordered_ids(municipality, query, found, now)
    rows = _rows(statement.sql + " LIMIT %s OFFSET %s", [*statement.params, per_page, (max(1, page) - 1) * per_page])
    if not rows and page > 1:  # past the last page: count, then show the last page (one more statement)
        total = len(_rows(statement.sql, statement.params))
        if not total:
            return [], 0, 1, 1
        page, num_pages = _pages(total, page, per_page)
        rows = _rows(statement.sql + " LIMIT %s OFFSET %s", [*statement.params, per_page, (page - 1) * per_page])
    total = rows[0][1] if rows else 0
    page, num_pages = _pages(total, page, per_page)
    return [row[0] for row in rows], total, page, num_pages


# --- public API ------------------------------------------------------------------------------


def search_offers(municipality: Municipality, query: FinderQuery, *, page: int = 1, per_page: int = 20) -> SearchPage:
    now = timezone.now()
    found = _matches(municipality, query, now)
    page_ids, total, page, num_pages = _page_ids(municipality, query, found, page, per_page, now)
    offers = page_offers(municipality, page_ids)
    upcoming = next_dates(page_ids, sql.occurrence_conditions(query, now, "oc"))
    distances = found.distances
    stale_before = reminder_cutoff(municipality, now)
    hits = [
        Hit(
            offer=offers[pk],
            distance_km=distances.get(pk) if distances is not None else None,
            next_occurrences=upcoming.get(pk, []),
            possibly_outdated=confirmed_at(offers[pk]) < stale_before,
        )
        for pk in page_ids
        if pk in offers
    ]
    return SearchPage(
        hits=hits, total=total, page=page, num_pages=num_pages, per_page=per_page, corrected=found.corrected
    )


def ordered_offer_ids(municipality: Municipality, query: FinderQuery, *, limit: int) -> list[int]:
    """The first ``limit`` matching offer ids in the finder's order, without what a results page shows of
    them (the feeds read their offers with everything they print)."""
    now = timezone.now()
    return _page_ids(municipality, query, _matches(municipality, query, now), 1, limit, now)[0]


def matching_offer_ids(municipality: Municipality, query: FinderQuery) -> list[int]:
    found = _matches(municipality, query, timezone.now())
    if found.distances is not None:
        return sorted(found.distances)
    where = found.conditions
    statement = f"SELECT o.id FROM {sql.OFFER} o WHERE {where.sql} ORDER BY o.id"  # noqa: S608 - values bound
    return [row[0] for row in _rows(statement, where.params)]


def matching_offers(municipality: Municipality, query: FinderQuery) -> QuerySet[Offer]:
    """The matches as a queryset (for callers that filter, count and page further, e.g. the HSDS API):
    the finder's own conditions as one subquery. Without a point, so no distances are computed."""
    found = _matches(municipality, replace(query, lat=None, lon=None), timezone.now())
    subquery = f"SELECT o.id FROM {sql.OFFER} o WHERE {found.conditions.sql}"  # noqa: S608 - values bound
    conditions = RawSQL(subquery, found.conditions.params)  # noqa: S611 - fixed SQL, every value bound
    return Offer.objects.filter(municipality=municipality, pk__in=conditions)


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
