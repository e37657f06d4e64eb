# ruff: noqa: S608 - SQL text here is built from table names and constant fragments only; values are bound
"""What a results page shows of its hits, in two raw statements: the offers, and their next dates.

The offers come back as ``HitOffer``: the few columns a result card shows, the organization's name and
the badge terms (from the form choices' cache), not model instances. Building 20 model instances with
their organizations, places and two "prefetched" querysets each took longer than both statements
together (docs/performance.md, "Finder search"); nothing on a results page needs a model's behaviour.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext

from nahbar.directory.models import Organization, Term
from nahbar.directory.search import sql
from nahbar.directory.search.choices import form_choices
from nahbar.tenancy.models import Municipality

NEXT_DATES = 3
# assured_at and created_at: the "possibly out of date" badge (docs/freshness.md)
OFFER_FIELDS = ("id", "title", "summary", "is_free", "assured_at", "created_at")
# relation name on Offer -> its table; their terms are shown as badges
BADGE_RELATIONS = {
    "accessibility": sql.through_table("accessibility"),
    "delivery_modes": sql.through_table("delivery_modes"),
}


@dataclass(frozen=True, slots=True)
class HitOffer:
    """What a result card shows of an offer (``pk``, ``title`` and the two dates as on ``Offer``)."""

    pk: int
    title: str
    summary: str
    is_free: bool
    organization_name: str
    assured_at: dt.datetime | None  # with created_at: the "possibly out of date" badge (freshness.dates)
    created_at: dt.datetime
    accessibility: tuple[Term, ...] = ()
    delivery_modes: tuple[Term, ...] = ()

    @property
    def id(self) -> int:
        return self.pk


@dataclass(frozen=True, slots=True)
class NextDate:
    start: dt.datetime
    end: dt.datetime
    place_name: str | None
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


def page_offers(municipality: Municipality, ids: list[int]) -> dict[int, HitOffer]:
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
    badge_columns = len(OFFER_FIELDS) + 1  # after the offer's columns and the organization's name
    term_ids = [[_term_list(ids) for ids in row[badge_columns:]] for row in rows]
    terms = _terms(municipality, {pk for lists in term_ids for ids in lists for pk in ids})
    result = {}
    for (pk, title, summary, is_free, assured_at, created_at, organization, *_), lists in zip(
        rows, term_ids, strict=True
    ):
        accessibility, delivery_modes = (_ordered(terms[term] for term in pks if term in terms) for pks in lists)
        result[pk] = HitOffer(
            pk=pk,
            title=title,
            summary=summary,
            is_free=bool(is_free),
            organization_name=organization,
            assured_at=sql.from_db_datetime(assured_at) if assured_at is not None else None,
            created_at=sql.from_db_datetime(created_at),
            accessibility=accessibility,
            delivery_modes=delivery_modes,
        )
    return result


def _ordered(terms: Any) -> tuple[Term, ...]:
    """Terms in the model's order (vocabulary, position, code), as the Term queryset would list them."""
    return tuple(sorted(terms, key=lambda t: (t.vocabulary, t.position, t.code)))


def next_dates(offer_ids: list[int], conditions: sql.Clause) -> dict[int, list[NextDate]]:
    """Up to NEXT_DATES next occurrences per offer (``conditions`` on alias "oc"), with place names."""
    if not offer_ids:
        return {}
    statement = _next_dates_statement(offer_ids, conditions)
    result: dict[int, list[NextDate]] = defaultdict(list)
    aware = sql.from_db_datetime
    for offer_id, starts_at, ends_at, minute, place_name in _fetch(statement.sql, statement.params):
        result[offer_id].append(NextDate(aware(starts_at), aware(ends_at), place_name, minute is None))
    return result


def _next_dates_statement(offer_ids: list[int], conditions: sql.Clause) -> sql.Clause:
    """The first NEXT_DATES dates of each offer, each a short walk along the (offer, starts_at) index.

    A window function (ROW_NUMBER() per offer) would read and number every date of the page's offers in
    the index's eight weeks first; a LIMIT per offer stops after three. PostgreSQL does that with a
    LATERAL join over the id array (one small plan); SQLite has no LATERAL, so there it is a UNION ALL
    of one limited SELECT per offer (at most a page's 20), about 2.5 times faster than the window.
    """
    columns = "oc.offer_id, oc.starts_at, oc.ends_at, oc.minute_of_day, oc.place_id, oc.id"
    per_offer = f"SELECT {columns} FROM {sql.OCCURRENCE} oc WHERE oc.offer_id = %s AND {conditions.sql} "
    per_offer += "ORDER BY oc.starts_at, oc.id LIMIT %s"
    if connection.vendor == "postgresql":
        dates = f"unnest(%s::integer[]) AS page(id) CROSS JOIN LATERAL ({per_offer.replace('= %s', '= page.id', 1)}) d"
        params = [list(offer_ids), *conditions.params, NEXT_DATES]
    else:
        dates = "(" + " UNION ALL ".join([f"SELECT * FROM ({per_offer})"] * len(offer_ids)) + ") d"
        params = [value for pk in offer_ids for value in (pk, *conditions.params, NEXT_DATES)]
    return sql.Clause(
        [
            f"SELECT d.offer_id, d.starts_at, d.ends_at, d.minute_of_day, p.name FROM {dates} "
            f"LEFT JOIN {sql.PLACE} p ON p.id = d.place_id ORDER BY d.starts_at, d.id"
        ],
        params,
    )


def _fetch(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
