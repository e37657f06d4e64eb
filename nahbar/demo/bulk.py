"""A large data set for benchmarks: ``nahbar demo --offers 100000 --municipalities 20``.

The municipalities (bench-01, bench-02, …) all reuse Berlin's districts and get organizations,
places, offers, schedules and vocabulary links in the demo's proportions. Unlike the demo
municipality, the rows are written with ``bulk_create`` and precomputed many-to-many rows:
the service functions validate and audit one object at a time, which would take the best part
of an hour for 100 000 offers. Only municipalities, districts and statistics go through the
services (a few dozen calls). No log-ins are created.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from tqdm import tqdm

from nahbar.areas.models import Area, AreaStatistic
from nahbar.demo import berlin
from nahbar.demo.build import DEMO_AGS, DEMO_LAND, import_districts, regions_for, vocabulary_terms
from nahbar.demo.plan import OFFER_M2M, OFFER_M2M_VOCABULARY, DirectoryPlan, Planner, proportional_counts
from nahbar.demo.reset import DemoError, demo_municipalities, municipality_purge
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.directory.search import index as search_index
from nahbar.tenancy.models import Municipality
from nahbar.tenancy.services import municipality_create

BENCH_SLUG = "bench-{:02d}"
BENCH_SLUG_REGEX = r"^bench-[0-9]+$"
BATCH_SIZE = 2000
LINKS_PER_STATEMENT = 499  # two parameters per row, within SQLite's default limit of 999


@dataclass
class BulkReport:
    slugs: list[str]
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)


def offers_per_municipality(offers: int, municipalities: int) -> list[int]:
    base, extra = divmod(offers, municipalities)
    return [base + (1 if i < extra else 0) for i in range(municipalities)]


def bulk_build(
    *, offers: int, municipalities: int, seed: int, today: dt.date | None = None, progress: bool = False
) -> BulkReport:
    if municipalities < 1 or offers < municipalities:
        raise DemoError("Need at least one municipality and at least one offer per municipality.")
    if municipalities > 99:
        raise DemoError("At most 99 benchmark municipalities (bench-01 … bench-99).")
    started = time.monotonic()
    today = today or timezone.localdate()
    now = timezone.now()
    slugs = [BENCH_SLUG.format(i + 1) for i in range(municipalities)]
    report = BulkReport(slugs=slugs)
    counts: dict[str, int] = dict.fromkeys(
        ("organizations", "places", "third_places", "offers", "schedules", "m2m_rows", "areas", "statistics"), 0
    )
    with scopes_disabled():
        phase = time.monotonic()
        for old in demo_municipalities(slugs, slug_regex=BENCH_SLUG_REGEX):
            municipality_purge(old)
        report.phases["remove old data"] = time.monotonic() - phase

        phase = time.monotonic()
        with transaction.atomic():
            tenants = [
                municipality_create(
                    actor=None,
                    name=f"Benchmark-Kommune {i + 1:02d} (fiktiv)",
                    slug=slug,
                    ags=DEMO_AGS,
                    land=DEMO_LAND,
                    is_demo=True,
                    data_attribution=berlin.ATTRIBUTION,
                )
                for i, slug in enumerate(slugs)
            ]
            import_districts(actor=None, municipality=tenants[0], rng=random.Random(seed))
            for tenant in tenants[1:]:
                _copy_districts(tenants[0], tenant)
        regions = regions_for(tenants[0])
        with scopes_disabled():
            counts["areas"] = Area.objects.filter(municipality__in=tenants).count()
            counts["statistics"] = AreaStatistic.objects.filter(municipality__in=tenants).count()
        report.phases["municipalities and districts"] = time.monotonic() - phase

        terms = {key: term.pk for key, term in vocabulary_terms().items()}
        bar = tqdm(total=offers, desc="Angebote", unit=" Angebote", file=sys.stderr, disable=not progress)
        plan_seconds = write_seconds = 0.0
        for i, (tenant, n_offers) in enumerate(
            zip(tenants, offers_per_municipality(offers, municipalities), strict=True)
        ):
            phase = time.monotonic()
            n_orgs, n_third, n_other = proportional_counts(n_offers)
            planner = Planner(
                rng=random.Random(f"{seed}-{i}"), now=now, today=today, regions=regions, unique_names=False
            )
            plan = planner.plan(organizations=n_orgs, third_places=n_third, other_places=n_other, offers=n_offers)
            plan_seconds += time.monotonic() - phase
            phase = time.monotonic()
            area_ids = dict(Area.objects.filter(municipality=tenant).values_list("code", "pk"))
            with transaction.atomic():
                for key, value in _write(plan, tenant, area_ids, terms).items():
                    counts[key] += value
            write_seconds += time.monotonic() - phase
            bar.update(n_offers)
        bar.close()
        report.phases["plan (Python)"] = plan_seconds
        report.phases["write (bulk_create)"] = write_seconds
        phase = time.monotonic()
        _index([t.pk for t in tenants], today, progress)
        report.phases["search index and occurrences"] = time.monotonic() - phase
    report.counts = counts
    report.seconds = time.monotonic() - started
    return report


def _index(municipality_ids: list[int], today: dt.date, progress: bool) -> None:
    ids = search_index.offer_ids(municipality_ids)
    with tqdm(total=len(ids), desc="Suchindex", unit=" Angebote", file=sys.stderr, disable=not progress) as bar:
        for chunk in search_index.batches(ids):
            search_index.refresh_offers(chunk, today=today)
            bar.update(len(chunk))


def _copy_districts(source: Municipality, target: Municipality) -> None:
    """The same districts and statistics as the first benchmark municipality, without re-validating the file."""
    areas = list(Area.objects.filter(municipality=source))
    copies = Area.objects.bulk_create(
        [
            Area(
                municipality=target,
                level=a.level,
                level_rank=a.level_rank,
                code=a.code,
                name=a.name,
                geometry=a.geometry,
                centroid_lat=a.centroid_lat,
                centroid_lon=a.centroid_lon,
                bbox=a.bbox,
                repair_note=a.repair_note,
            )
            for a in areas
        ]
    )
    new_id = {a.pk: c.pk for a, c in zip(areas, copies, strict=True)}
    AreaStatistic.objects.bulk_create(
        [
            AreaStatistic(
                municipality=target,
                area_id=new_id[s.area_id],
                indicator=s.indicator,
                year=s.year,
                age_band=s.age_band,
                sex=s.sex,
                value=s.value,
                source=s.source,
            )
            for s in AreaStatistic.objects.filter(municipality=source)
        ],
        batch_size=BATCH_SIZE,
    )


def _link(model: type[models.Model], name: str, pairs: Iterable[tuple[int, int]]) -> int:
    """Insert many-to-many rows directly, many per statement: the through rows are plain id pairs, and a
    model instance per row would make up most of the data set's build time."""
    m2m: Any = model._meta.get_field(name)
    quote = connection.ops.quote_name
    table, source, target = quote(m2m.m2m_db_table()), quote(m2m.m2m_column_name()), quote(m2m.m2m_reverse_name())
    rows = list(pairs)
    per_statement = LINKS_PER_STATEMENT
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            # Identifiers come from the model's meta and are quoted; the values are parameters.
            sql = f"INSERT INTO {table} ({source}, {target}) VALUES {', '.join(['(%s, %s)'] * len(chunk))}"  # noqa: S608
            cursor.execute(sql, [value for pair in chunk for value in pair])
    return len(rows)


def _write(
    plan: DirectoryPlan, municipality: Municipality, area_ids: dict[str, int], terms: dict[tuple[str, str], int]
) -> dict[str, int]:
    orgs = Organization.objects.bulk_create(
        [Organization(municipality=municipality, **o.model_fields()) for o in plan.organizations],
        batch_size=BATCH_SIZE,
    )
    places = Place.objects.bulk_create(
        [
            Place(
                municipality=municipality,
                area_id=area_ids[p.area_code],
                **p.model_fields(),
                organization_id=orgs[p.organization_key].pk if p.organization_key is not None else None,
            )
            for p in plan.places
        ],
        batch_size=BATCH_SIZE,
    )
    m2m = _link(
        Place,
        "accessibility",
        ((places[p.key].pk, terms["accessibility", c]) for p in plan.places for c in p.accessibility),
    )
    offers = Offer.objects.bulk_create(
        [
            Offer(
                municipality=municipality,
                organization_id=orgs[o.organization_key].pk,
                **o.model_fields(),
            )
            for o in plan.offers
        ],
        batch_size=BATCH_SIZE,
    )
    m2m += _link(Offer, "places", ((offers[o.key].pk, places[k].pk) for o in plan.offers for k in o.place_keys))
    for name in OFFER_M2M:
        vocabulary = OFFER_M2M_VOCABULARY[name]
        m2m += _link(
            Offer, name, ((offers[o.key].pk, terms[vocabulary, c]) for o in plan.offers for c in o.terms[name])
        )
    schedules = Schedule.objects.bulk_create(
        [
            Schedule(
                municipality=municipality,
                offer_id=offers[o.key].pk,
                place_id=places[s.place_key].pk if s.place_key is not None else None,
                **s.model_fields(),
            )
            for o in plan.offers
            for s in o.schedules
        ],
        batch_size=BATCH_SIZE,
    )
    return {
        "organizations": len(orgs),
        "places": len(places),
        "third_places": sum(p.is_third_place for p in places),
        "offers": len(offers),
        "schedules": len(schedules),
        "m2m_rows": m2m,
    }
