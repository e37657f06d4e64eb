# ruff: noqa: S608 - SQL text here is built from table names and constant fragments only; values are bound
"""What a results page shows of its hits, in two raw statements: the offers, and their next dates.

The offers come back as model instances holding only the fields the results list shows (others are
deferred: reading one costs a query per offer, which the query-count test would catch). Their
accessibility and delivery-mode terms are set as prefetched relations, so the template's
``offer.accessibility.all`` runs no query; the Term objects come from the form choices' cache.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext

from nahbar.directory.models import Offer, Organization, Place, Term
from nahbar.directory.search import sql
from nahbar.directory.search.choices import form_choices
from nahbar.tenancy.models import Municipality

NEXT_DATES = 3
# assured_at and created_at: the "possibly out of date" badge (docs/freshness.md)
OFFER_FIELDS = ("id", "municipality_id", "organization_id", "title", "summary", "is_free", "assured_at", "created_at")
# relation name on Offer -> its table; their terms are shown as badges
BADGE_RELATIONS = {
    "accessibility": sql.through_table("accessibility"),
    "delivery_modes": sql.through_table("delivery_modes"),
}
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class NextDate:
    start: dt.datetime
    end: dt.datetime
    place: Place | None
    all_day: bool = False

    # The results list shows up to 60 dates; as template filters (date, time, blocktranslate, each
    # converting to local time again) they were the largest part of rendering a page with hits.
    # Same formats and msgids as the template had, in the language active when rendering.

    @property
    def iso(self) -> str:
        """The local start for <time datetime>, as the template filter date:'c' wrote it."""
        return _local_iso(self.start)

    @property
    def label(self) -> str:
        """ "Montag, 23. November, 15:00–17:00 Uhr" or "Montag, 23. November (ganztägig)"."""
        return _date_label(self.start, self.end, self.all_day, get_language() or "de")


# Weekly offers repeat the same few dates on every page; the labels are cached per language. nahbar
# never activates another time zone than settings.TIME_ZONE, so the zone need not be part of the key.
@functools.lru_cache(maxsize=4096)
def _local_iso(start: dt.datetime) -> str:
    return timezone.localtime(start).isoformat()


@functools.lru_cache(maxsize=4096)
def _date_label(start: dt.datetime, end: dt.datetime, all_day: bool, language: str) -> str:
    local = timezone.localtime(start)
    day = _day_label(local.date(), language)
    if all_day:
        return f"{day} ({gettext('ganztägig')})"
    hours = {"start": local.strftime("%H:%M"), "end": timezone.localtime(end).strftime("%H:%M")}
    return f"{day}, " + gettext("%(start)s–%(end)s Uhr") % hours


@functools.lru_cache(maxsize=512)
def _day_label(day: dt.date, language: str) -> str:
    """ "Montag, 23. November" (a page shows up to 60 dates on a few days; the language is part of the key)."""
    return dateformat.format(day, "l, j. F")


def _instance(model: type[M], values: dict[str, Any]) -> M:
    """A model instance from some of its columns, the others deferred (as ``only()`` would)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _term_list(ids: str | None) -> list[int]:
    return [int(part) for part in ids.split(",")] if ids else []


def _aggregate(table: str) -> str:
    """A comma-separated list of the term ids of offer ``o`` in one many-to-many table."""
    if connection.vendor == "postgresql":
        return f"(SELECT string_agg(r.term_id::text, ',') FROM {table} r WHERE r.offer_id = o.id)"
    return f"(SELECT group_concat(r.term_id) FROM {table} r WHERE r.offer_id = o.id)"


def _terms(municipality: Municipality, wanted: set[int]) -> dict[int, Term]:
    """Term objects by id: cached with the form choices; any the cache does not know yet, from the database."""
    known: dict[int, Term] = form_choices(municipality)["term_objects"]
    missing = wanted - known.keys()
    if not missing:
        return known
    return {**known, **{term.pk: term for term in Term.objects.filter(pk__in=missing)}}


def _prefetched(terms: list[Term]) -> QuerySet[Term]:
    """A queryset that is already evaluated, as ``prefetch_related`` leaves it."""
    qs = Term.objects.all()
    qs._result_cache = sorted(terms, key=lambda t: (t.vocabulary, t.position, t.code))  # the model's order
    qs._prefetch_done = True  # type: ignore[attr-defined]
    return qs


def page_offers(municipality: Municipality, ids: list[int]) -> dict[int, Offer]:
    """The page's offers with organization name and badge terms, in one statement."""
    if not ids:
        return {}
    columns = ", ".join(f"o.{name}" for name in OFFER_FIELDS)
    badges = ", ".join(_aggregate(table) for table in BADGE_RELATIONS.values())
    rows = _fetch(
        f"SELECT {columns}, org.name, {badges} FROM {sql.OFFER} o "
        f"JOIN {Organization._meta.db_table} org ON org.id = o.organization_id "
        f"WHERE o.municipality_id = %s AND o.id IN ({sql.placeholders(ids)})",
        [municipality.pk, *ids],
    )
    width = len(OFFER_FIELDS)
    term_ids = [[_term_list(ids) for ids in row[width + 1 :]] for row in rows]
    terms = _terms(municipality, {pk for lists in term_ids for ids in lists for pk in ids})
    result = {}
    for row, lists in zip(rows, term_ids, strict=True):
        values = dict(zip(OFFER_FIELDS, row[:width], strict=True))
        values["is_free"] = bool(values["is_free"])
        for name in ("assured_at", "created_at"):
            values[name] = sql.from_db_datetime(values[name]) if values[name] is not None else None
        offer = _instance(Offer, values)
        organization = _instance(Organization, {"id": values["organization_id"], "name": row[width]})
        Offer._meta.get_field("organization").set_cached_value(offer, organization)
        offer._prefetched_objects_cache = {  # type: ignore[attr-defined]
            name: _prefetched([terms[pk] for pk in pks if pk in terms])
            for name, pks in zip(BADGE_RELATIONS, lists, strict=True)
        }
        result[offer.pk] = offer
    return result


def next_dates(offer_ids: list[int], conditions: sql.Clause) -> dict[int, list[NextDate]]:
    """Up to NEXT_DATES next occurrences per offer (``conditions`` on alias "oc"), with place names."""
    if not offer_ids:
        return {}
    rows = _fetch(
        "SELECT offer_id, starts_at, ends_at, minute_of_day, place_id, place_name FROM ("
        "SELECT oc.id, oc.offer_id, oc.starts_at, oc.ends_at, oc.minute_of_day, oc.place_id, p.name AS place_name, "
        "ROW_NUMBER() OVER (PARTITION BY oc.offer_id ORDER BY oc.starts_at, oc.id) AS number "
        f"FROM {sql.OCCURRENCE} oc LEFT JOIN {sql.PLACE} p ON p.id = oc.place_id "
        f"WHERE oc.offer_id IN ({sql.placeholders(offer_ids)}) AND {conditions.sql}"
        ") dates WHERE number <= %s ORDER BY starts_at, id",
        [*offer_ids, *conditions.params, NEXT_DATES],
    )
    places: dict[int, Place] = {}
    result: dict[int, list[NextDate]] = defaultdict(list)
    for offer_id, starts_at, ends_at, minute, place_id, place_name in rows:
        place = None
        if place_id is not None:
            place = places.get(place_id)
            if place is None:
                place = places[place_id] = _instance(Place, {"id": place_id, "name": place_name})
        start, end = sql.from_db_datetime(starts_at), sql.from_db_datetime(ends_at)
        result[offer_id].append(NextDate(start, end, place, minute is None))
    return result


def _fetch(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
