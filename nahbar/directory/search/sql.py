# ruff: noqa: S608 - SQL text here is built from table names and constant fragments only; values are bound
"""The finder's filter, order and page statements as raw, parameterised SQL (SQLite and PostgreSQL).

Why not the ORM: a results page over the benchmark set spent more time in Django compiling its
statements than the databases spent running them (docs/performance.md, "Finder search"). Here every
statement is a constant SQL text built from table names and fixed fragments; every value that comes
from the request (ids, dates, term ids, the full-text match expression) is a bound parameter.
The conditions mirror docs/search.md ("Filters"); the tests in tests/directory/search run on both
databases and assert the same hits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from nahbar.directory.models import OccurrenceIndex, Offer, Place
from nahbar.directory.search.index import FTS_TABLE, fts_tenant
from nahbar.directory.search.query import DAYPARTS, TERM_PARAMETERS, FinderQuery
from nahbar.freshness.dates import withdrawal_cutoff

OFFER = Offer._meta.db_table
OCCURRENCE = OccurrenceIndex._meta.db_table


def through_table(relation: str) -> str:
    """The table of one of Offer's many-to-many relations."""
    return cast(models.ManyToManyField, Offer._meta.get_field(relation)).m2m_db_table()


OFFER_PLACES = through_table("places")
PLACE = Place._meta.db_table
TERM_TABLES = {
    "format": through_table("formats"),
    "zielgruppe": through_table("target_groups"),
    "merkmal": through_table("low_threshold"),
    "barrierefrei": through_table("accessibility"),
    "sprache": through_table("languages"),
    "form": through_table("delivery_modes"),
}


@dataclass
class Clause:
    """SQL conditions joined with AND, and their parameters in order."""

    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def extend(self, other: Clause) -> None:
        self.parts.extend(other.parts)
        self.params.extend(other.params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts) if self.parts else "1 = 1"


def placeholders(values: list[int] | tuple[int, ...]) -> str:
    return ", ".join(["%s"] * len(values))


def db_datetime(value: dt.datetime) -> Any:
    """What the ORM would bind for a DateTimeField (SQLite compares naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def from_db_datetime(value: Any) -> dt.datetime:
    """A datetime column read with a raw cursor as the ORM would return it (aware)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    # what timezone.make_aware(value, UTC) does, without its checks (a results page reads ~100 of them)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


# --- full text -------------------------------------------------------------------------------


def match_expression(groups: list[list[str]]) -> str:
    """Stems within a group are alternatives (typo variants); groups are ANDed; all prefix."""
    if connection.vendor == "postgresql":
        return " & ".join("(" + " | ".join(f"{s}:*" for s in group) + ")" for group in groups)
    return " AND ".join("(" + " OR ".join(f'"{s}"*' for s in group) + ")" for group in groups)


def fts_match(groups: list[list[str]], municipality_id: int) -> str:
    # Text columns only, and the tenant's token: FTS5 then never looks at other tenants' rows.
    return f"{{a b c d}} : ({match_expression(groups)}) AND m : {fts_tenant(municipality_id)}"


def text_condition(groups: list[list[str]], municipality_id: int, *, per_offer: bool = False) -> Clause:
    """The full-text match of offer ``o``.

    ``per_offer`` (PostgreSQL, with a point): the candidates are the offers at a few hundred places, so
    each is checked on its own row of the text table; collecting every match of the municipality first
    read all of its text rows for a common word (7–10 ms against 1–2 ms, docs/performance.md).
    """
    clause = Clause()
    if connection.vendor == "postgresql" and per_offer:
        clause.add(
            exists(
                "SELECT 1 FROM directory_offersearchtext t "
                "WHERE t.offer_id = o.id AND t.vector @@ to_tsquery('simple', %s)"
            ),
            match_expression(groups),
        )
    elif connection.vendor == "postgresql":
        clause.add(
            "o.id IN (SELECT offer_id FROM directory_offersearchtext "
            "WHERE municipality_id = %s AND vector @@ to_tsquery('simple', %s))",
            municipality_id,
            match_expression(groups),
        )
    else:
        # The match expression is a bound parameter built from [a-z0-9] stems only. The unary "+" keeps
        # SQLite from driving a join from the (possibly thousands of) matches: with a point, the
        # places in the box must drive (else it probes every place against every match).
        clause.add(
            f"+o.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", fts_match(groups, municipality_id)
        )
    return clause


def rank_expression(groups: list[list[str]], municipality_id: int) -> Clause:
    """A correlated rank of offer ``o``, higher is better on both databases."""
    clause = Clause()
    if connection.vendor == "postgresql":
        clause.add(
            "(SELECT ts_rank(t.vector, to_tsquery('simple', %s)) FROM directory_offersearchtext t "
            "WHERE t.offer_id = o.id)",
            match_expression(groups),
        )
    else:
        # bm25 is lower for better matches; negate so that both databases sort descending.
        clause.add(
            f"(SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 0.5, 0.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = o.id)",
            fts_match(groups, municipality_id),
        )
    return clause


# --- occurrences -----------------------------------------------------------------------------


def occurrence_conditions(query: FinderQuery, now: dt.datetime, alias: str) -> Clause:
    """Conditions on one materialised occurrence: after now, in the date range, weekday, part of day."""
    clause = Clause()
    clause.add(f"{alias}.starts_at >= %s", db_datetime(now))
    tz = timezone.get_current_timezone()
    if query.date_from:
        clause.add(f"{alias}.starts_at >= %s", db_datetime(dt.datetime.combine(query.date_from, dt.time.min, tz)))
    if query.date_to:
        end = dt.datetime.combine(query.date_to + dt.timedelta(days=1), dt.time.min, tz)
        clause.add(f"{alias}.starts_at < %s", db_datetime(end))
    if query.weekdays:
        clause.add(f"{alias}.weekday IN ({placeholders(query.weekdays)})", *query.weekdays)
    if query.dayparts:
        parts = [f"{alias}.minute_of_day IS NULL"]
        params: list[int] = []
        for name in query.dayparts:
            parts.append(f"({alias}.minute_of_day >= %s AND {alias}.minute_of_day < %s)")
            params.extend(DAYPARTS[name])
        clause.add("(" + " OR ".join(parts) + ")", *params)
    return clause


def next_start_expression(query: FinderQuery, now: dt.datetime) -> Clause:
    """The first matching date of offer ``o`` (NULL without one), over the (offer, starts_at) index."""
    dates = occurrence_conditions(query, now, "d")
    clause = Clause()
    clause.add(f"(SELECT MIN(d.starts_at) FROM {OCCURRENCE} d WHERE d.offer_id = o.id AND {dates.sql})", *dates.params)
    return clause


# --- the offer filter ------------------------------------------------------------------------


def exists(subquery: str) -> str:
    """EXISTS (subquery) checked per offer row.

    On PostgreSQL "OFFSET 0" keeps the planner from flattening it into a semi-join: with every filter
    flattened it searched join orders over up to ten relations, and planning took 15–70 ms against
    1.5 ms (execution unchanged or faster: the candidates are few, each check is one index probe).
    SQLite always runs EXISTS per row (and has no OFFSET without LIMIT).
    """
    return f"EXISTS ({subquery}{' OFFSET 0' if connection.vendor == 'postgresql' else ''})"


def offer_conditions(municipality: Any, query: FinderQuery, groups: list[list[str]], now: dt.datetime) -> Clause:
    """Conditions on offer ``o``: visible in the finder and matching every filter except the point.

    Visible includes "confirmed recently enough" (docs/freshness.md): the cutoff is computed here from
    the municipality's setting and bound as one more parameter, so the statement count stays the same.
    """
    municipality_id = municipality.pk
    clause = Clause()
    clause.add(
        "o.municipality_id = %s AND o.review_state = %s AND o.status = %s "
        "AND (o.valid_until IS NULL OR o.valid_until >= %s) AND COALESCE(o.assured_at, o.created_at) >= %s",
        municipality_id,
        Offer.ReviewState.PUBLISHED.value,
        Offer.Status.ACTIVE.value,
        connection.ops.adapt_datefield_value(timezone.localdate()),
        db_datetime(withdrawal_cutoff(municipality, now)),
    )
    if groups:
        clause.extend(text_condition(groups, municipality_id, per_offer=query.has_point))
    if query.area_ids:
        clause.add(
            exists(
                f"SELECT 1 FROM {OFFER_PLACES} ap JOIN {PLACE} a ON a.id = ap.place_id "
                f"WHERE ap.offer_id = o.id AND a.area_id IN ({placeholders(query.area_ids)})"
            ),
            *query.area_ids,
        )
    if query.third_places:
        clause.add(
            exists(
                f"SELECT 1 FROM {OFFER_PLACES} tp JOIN {PLACE} t ON t.id = tp.place_id "
                "WHERE tp.offer_id = o.id AND t.is_third_place = %s"
            ),
            True,
        )
    if query.free_only:
        clause.add("o.is_free = %s", True)
    for name, ids in query.terms.items():
        table = TERM_TABLES[name]
        if TERM_PARAMETERS[name][1]:  # needs: every term
            for term_id in ids:
                clause.add(exists(f"SELECT 1 FROM {table} r WHERE r.offer_id = o.id AND r.term_id = %s"), term_id)
        else:  # alternatives: any term
            clause.add(
                exists(f"SELECT 1 FROM {table} r WHERE r.offer_id = o.id AND r.term_id IN ({placeholders(ids)})"),
                *ids,
            )
    if query.has_occurrence_filter:
        dates = occurrence_conditions(query, now, "e")
        clause.add(exists(f"SELECT 1 FROM {OCCURRENCE} e WHERE e.offer_id = o.id AND {dates.sql}"), *dates.params)
    return clause


def offers_at_places(place_ids: list[int], conditions: Clause) -> tuple[str, list[Any]]:
    """(offer id, place id) of the matching offers held at these places (those within the radius).

    On PostgreSQL the ids are one array parameter, so the statement's text is the same for any number
    of places; SQLite gets a list of placeholders. CROSS JOIN keeps SQLite's join order (the places'
    offer rows first, then the other conditions per offer); PostgreSQL plans the order itself.
    """
    params: list[Any]
    if connection.vendor == "postgresql":
        # One array literal: psycopg adapting a list of several hundred ints cost more than the join.
        places, params = "op.place_id = ANY(%s::integer[])", ["{" + ",".join(map(str, place_ids)) + "}"]
    else:
        places, params = f"op.place_id IN ({placeholders(place_ids)})", list(place_ids)
    statement = (
        f"SELECT op.offer_id, op.place_id FROM {OFFER_PLACES} op CROSS JOIN {OFFER} o "
        f"WHERE {places} AND o.id = op.offer_id AND {conditions.sql}"
    )
    return statement, [*params, *conditions.params]


def ordering(query: FinderQuery, groups: list[list[str]], municipality_id: int, now: dt.datetime) -> Clause:
    """ORDER BY for "datum" (next matching date, none last) or "relevanz"; then title and id."""
    key = rank_expression(groups, municipality_id) if query.sort == "relevanz" and groups else None
    if key is not None:
        return Clause([f"{key.sql} DESC NULLS LAST, o.title ASC, o.id ASC"], key.params)
    start = next_start_expression(query, now)
    return Clause([f"{start.sql} ASC NULLS LAST, o.title ASC, o.id ASC"], start.params)
