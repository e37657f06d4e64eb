"""Keeping the search index and the materialised occurrences in step with the offers.

``refresh_offers(ids)`` rewrites the search text, the database's full-text row, the stem
vocabulary and the occurrences of those offers; service functions and the admin call it for one
offer, ``nahbar reindex-offers`` and the bulk generator for many. Works without a tenant scope.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import OccurrenceIndex, Offer, OfferSearchText, Schedule, SearchStem
from nahbar.directory.recurrence import InvalidRule, ScheduleSpec, UnknownLand, expand
from nahbar.directory.search.text import stemmed_text

FTS_TABLE = "directory_offer_fts"  # SQLite only: columns a-d as OfferSearchText, m = fts_tenant()
HORIZON_DAYS = 56  # eight weeks of materialised occurrences
BATCH = 1000
_VOCABULARIES = ("delivery_modes", "formats", "target_groups", "low_threshold", "accessibility", "languages")


def fts_tenant(municipality_id: int) -> str:
    """The token in the FTS5 table's column m that limits a match to one municipality."""
    return f"m{municipality_id}"


@dataclass
class _Row:
    """What the index needs of one offer, read with plain value queries (no model instances)."""

    pk: int
    municipality_id: int
    land: str
    texts: list[str]
    labels: list[str] = field(default_factory=list)
    schedules: list[tuple[int, int | None, ScheduleSpec]] = field(default_factory=list)


def _rows(ids: Sequence[int], *, with_text: bool) -> list[_Row]:
    fields = ["pk", "municipality_id", "municipality__land"]
    if with_text:
        fields += ["title", "summary", "easy_language_summary", "description", "organization__name"]
    rows = {}
    for values in Offer.objects.filter(pk__in=ids).values_list(*fields):
        rows[values[0]] = _Row(values[0], values[1], values[2], list(values[3:]))
    if with_text:
        for name in _VOCABULARIES:
            through = getattr(Offer, name).through
            for offer_id, label in through.objects.filter(offer_id__in=ids).values_list("offer_id", "term__label_de"):
                rows[offer_id].labels.append(label)
    schedules = Schedule.objects.filter(offer_id__in=ids).values_list(
        "pk",
        "offer_id",
        "place_id",
        "dtstart",
        "start_time",
        "duration_minutes",
        "rrule",
        "rdates",
        "exdates",
        "until",
        "runs_on_holidays",
    )
    for pk, offer_id, place_id, dtstart, start_time, minutes, rrule, rdates, exdates, until, holidays in schedules:
        spec = ScheduleSpec(
            dtstart=dtstart,
            start_time=start_time,
            duration=dt.timedelta(minutes=minutes or 1),
            rrule=rrule,
            rdates=tuple(dt.date.fromisoformat(d) for d in rdates),
            exdates=tuple(dt.date.fromisoformat(d) for d in exdates),
            until=until,
            runs_on_holidays=holidays,
        )
        rows[offer_id].schedules.append((pk, place_id, spec))
    return list(rows.values())


def _write_text(rows: list[_Row]) -> None:
    ids = [r.pk for r in rows]
    records: list[tuple[Any, ...]] = []
    for r in rows:
        title, summary, easy, description, organization = r.texts
        texts = (
            stemmed_text(title),
            stemmed_text(summary, easy),
            stemmed_text(description),
            stemmed_text(organization, *r.labels),
        )
        records.append((r.pk, r.municipality_id, *texts))
    OfferSearchText.objects.filter(offer_id__in=ids).delete()
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO directory_offersearchtext (offer_id, municipality_id, text_a, text_b, text_c, text_d) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            records,
        )
        if connection.vendor == "sqlite":
            marks = ",".join("%s" for _ in ids)
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, d, m) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
                [(pk, a, b, c, d, fts_tenant(m)) for pk, m, a, b, c, d in records],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE directory_offersearchtext SET vector = "
                "setweight(to_tsvector('simple', text_a), 'A') || setweight(to_tsvector('simple', text_b), 'B') || "
                "setweight(to_tsvector('simple', text_c), 'C') || setweight(to_tsvector('simple', text_d), 'D') "
                "WHERE offer_id = ANY(%s)",
                [ids],
            )
    stems = {(m, s) for _pk, m, *texts in records for text in texts for s in text.split()}
    SearchStem.objects.bulk_create(
        [SearchStem(municipality_id=m, stem=s[:60], length=len(s)) for m, s in stems],
        ignore_conflicts=True,
        batch_size=BATCH,
    )


@functools.lru_cache(maxsize=8192)
def _slots(spec: ScheduleSpec, start: dt.date, end: dt.date, land: str, vendor: str) -> tuple[tuple[Any, ...], ...]:
    """Expanded, database-ready dates of one rule.

    Cached: many schedules share the same rule, start time and exceptions (weekly cafés on Tuesdays at 15:00),
    and expansion with dateutil dominates the cost of indexing a large directory. ``vendor`` is part of the key
    because the stored datetime format depends on the database.
    """
    adapt = connection.ops.adapt_datetimefield_value
    result = []
    for slot in expand(spec, start=start, end=end, land=land):
        local = timezone.localtime(slot.start)
        minute = None if slot.all_day else local.hour * 60 + local.minute
        result.append((adapt(slot.start), adapt(slot.end), local.weekday(), minute))
    return tuple(result)


def _write_occurrences(rows: list[_Row], today: dt.date) -> None:
    OccurrenceIndex.objects.filter(offer_id__in=[r.pk for r in rows]).delete()
    end = today + dt.timedelta(days=HORIZON_DAYS - 1)
    records: list[tuple[Any, ...]] = []
    for r in rows:
        for schedule_id, place_id, spec in r.schedules:
            try:
                slots = _slots(spec, today, end, r.land, connection.vendor)
            except (InvalidRule, UnknownLand):
                continue  # refused on save; an old bad row must not stop the index
            records.extend((r.municipality_id, r.pk, schedule_id, place_id, *slot) for slot in slots)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO directory_occurrenceindex "
            "(municipality_id, offer_id, schedule_id, place_id, starts_at, ends_at, weekday, minute_of_day) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            records,
        )


def refresh_offers(ids: Iterable[int], *, today: dt.date | None = None, occurrences_only: bool = False) -> int:
    """Rewrite the index rows of these offers (deleted offers simply lose theirs)."""
    today = today or timezone.localdate()
    ids = list(ids)
    done = 0
    with scopes_disabled(), transaction.atomic():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            rows = _rows(chunk, with_text=not occurrences_only)
            if not occurrences_only:
                _drop_missing(chunk, {r.pk for r in rows})
                _write_text(rows)
            _write_occurrences(rows, today)
            done += len(rows)
    return done


def _drop_missing(ids: list[int], present: set[int]) -> None:
    missing = [i for i in ids if i not in present]
    if missing and connection.vendor == "sqlite":
        marks = ",".join("%s" for _ in missing)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", missing)  # noqa: S608


def refresh_offer(offer: Offer) -> None:
    refresh_offers([offer.pk])


def offer_ids(municipality_ids: Sequence[int] | None = None) -> list[int]:
    with scopes_disabled():
        qs = Offer.objects.all()
        if municipality_ids is not None:
            qs = qs.filter(municipality_id__in=municipality_ids)
        return list(qs.order_by("pk").values_list("pk", flat=True))


def batches(ids: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
