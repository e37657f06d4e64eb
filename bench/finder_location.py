#!/usr/bin/env python3
"""The finder's "Ort oder Adresse" field over the benchmark data set: resolving, suggestions, page weight.

    .venv/bin/python bench/build_dataset.py --keep                       # prints the SQLite file's path
    .venv/bin/python bench/finder_location.py --sqlite /tmp/nahbar-bench-…/bench.sqlite3 --load-addresses

``--load-addresses`` first gives every benchmark municipality without addresses an address list the way
the demo does (31 house numbers along each place's street, through ``addresses_import``). Then, per
municipality drawn from a seeded generator, it times (view time, inside the scope, as in bench/search.py):

- resolving typed text: "Straße 12", "Str. 12, PLZ", a street alone, a third place's name;
- the suggestions fragment for 2–6 typed letters of a street or place;
- the results page with ``adresse`` (text + distance sort), and its size, next to the same page with
  ``ort=<third place>`` (the old picker's parameter), uncompressed and gzip-compressed.

Production settings (NAHBAR_DEBUG=false) as in build_dataset.py.
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_dataset import load_average, machine  # noqa: E402
from common import add_database_arguments, p95, print_rows, setup_django  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("--load-addresses", action="store_true", help="import address lists where missing")
    parser.add_argument("-n", type=int, default=200, help="runs of each measurement (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def load_addresses(tenants: list[Any]) -> list[tuple[str, str]]:
    from django_scopes import scopes_disabled

    from nahbar.areas.models import Address
    from nahbar.demo.addresses import import_demo_addresses
    from nahbar.directory.models import Place

    rows = []
    with scopes_disabled():
        for tenant in tenants:
            if Address.objects.filter(municipality=tenant).exists():
                continue
            started = time.perf_counter()
            report = import_demo_addresses(
                actor=None, municipality=tenant, places=Place.objects.filter(municipality=tenant), seed=tenant.pk
            )
            rows.append(
                (f"import {tenant.slug}", f"{report.created:,} addresses in {time.perf_counter() - started:.1f} s")
            )
    return rows


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms"


def main() -> int:
    args = parse_args()
    setup_django(args, plain_static=True)
    from django.db import connection
    from django.test import RequestFactory
    from django.utils import translation
    from django_scopes import scope, scopes_disabled

    from nahbar.areas.models import Address
    from nahbar.directory.finder.views import finder, location_suggestions
    from nahbar.directory.models import Place
    from nahbar.directory.search.places import resolve_location
    from nahbar.tenancy.models import Municipality

    rng = random.Random(args.seed)
    translation.activate("de")
    with scopes_disabled():
        tenants = list(Municipality.objects.filter(slug__startswith="bench-").order_by("slug"))
        if not tenants:
            print("ERROR: no benchmark municipalities; run bench/build_dataset.py first", file=sys.stderr)
            return 1
        imported = load_addresses(tenants) if args.load_addresses else []
        samples = {
            t.pk: list(
                Address.objects.filter(municipality=t)
                .order_by("?")
                .values_list("street", "house_number", "postcode")[:500]
            )
            for t in tenants
        }
        places = {
            t.pk: list(Place.objects.filter(municipality=t, is_third_place=True).values_list("pk", "name"))
            for t in tenants
        }
        counts = {t.slug: Address.objects.filter(municipality=t).count() for t in tenants}
    tenants = [t for t in tenants if samples[t.pk] and places[t.pk]]
    if not tenants:
        print("ERROR: no addresses; run with --load-addresses", file=sys.stderr)
        return 1
    factory = RequestFactory()

    def typed(tenant: Any) -> str:
        street, number, postcode = rng.choice(samples[tenant.pk])
        form = rng.randrange(4)
        if form == 0:
            return f"{street} {number}"
        if form == 1:
            return f"{street.replace('straße', 'str.')} {number}, {postcode}"
        if form == 2:
            return street
        return rng.choice(places[tenant.pk])[1]

    def timed(call: Any) -> tuple[float, Any]:
        started = time.perf_counter()
        result = call()
        return (time.perf_counter() - started) * 1000, result

    def view(tenant: Any, function: Any, path: str, params: dict[str, Any]) -> tuple[float, Any]:
        request = factory.get(path, params)
        request.municipality = tenant  # type: ignore[attr-defined]
        with scope(municipality=tenant):
            return timed(lambda: function(request, municipality_slug=tenant.slug))

    resolve_ms, outcomes = [], {"one": 0, "several": 0, "none": 0}
    suggest_ms, page_ms, place_page_ms = [], [], []
    sizes: dict[str, list[int]] = {"ort": [], "adresse": []}
    load_before = load_average()
    for round_ in range(args.n + 10):
        warm = round_ < 10
        tenant = rng.choice(tenants)
        text = typed(tenant)
        with scope(municipality=tenant):
            ms, resolution = timed(lambda tenant=tenant, text=text: resolve_location(tenant, text))
        prefix = text[: rng.randint(2, 6)]
        s_ms, _response = view(
            tenant, location_suggestions, f"/{tenant.slug}/angebote/ort-vorschlaege/", {"adresse": prefix}
        )
        address_params = {"q": "Kaffee", "adresse": text, "umkreis": "3", "sortierung": "entfernung"}
        if resolution.found is None:
            address_params.pop("sortierung")
        p_ms, response = view(tenant, finder, f"/{tenant.slug}/angebote/", address_params)
        place_params = {
            "q": "Kaffee",
            "ort": rng.choice(places[tenant.pk])[0],
            "umkreis": "3",
            "sortierung": "entfernung",
        }
        place_ms, by_place = view(tenant, finder, f"/{tenant.slug}/angebote/", place_params)
        if warm:
            continue
        resolve_ms.append(ms)
        outcomes["one" if resolution.found else "several" if resolution.choices else "none"] += 1
        suggest_ms.append(s_ms)
        page_ms.append(p_ms)
        place_page_ms.append(place_ms)
        sizes["adresse"].append(len(response.content))
        sizes["ort"].append(len(by_place.content))
        if round_ == 10:
            gz = {"adresse": len(gzip.compress(response.content)), "ort": len(gzip.compress(by_place.content))}

    if connection.vendor == "postgresql":
        database = f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]
    else:
        database = f"SQLite {machine()['SQLite']}"
    rows = [
        ("database", database),
        ("address lists", ", ".join(f"{slug}: {n:,}" for slug, n in counts.items())),
        *imported,
        ("runs", f"{args.n} (seed {args.seed}): typed street+number, 'str.'+postcode, street only, place name"),
        (
            "resolve typed text",
            summary(resolve_ms) + f" ({outcomes['one']} one, {outcomes['several']} several, {outcomes['none']} none)",
        ),
        ("suggestions (2–6 letters)", summary(suggest_ms)),
        ("results page with adresse", summary(page_ms) + " (q=Kaffee, radius 3 km, sort by distance)"),
        (
            "page size, adresse",
            f"median {statistics.median(sizes['adresse']) / 1024:.1f} KB, one page {gz['adresse'] / 1024:.1f} KB gzip",
        ),
        (
            "page size, ort=<id>",
            f"median {statistics.median(sizes['ort']) / 1024:.1f} KB, one page {gz['ort'] / 1024:.1f} KB gzip",
        ),
        *machine().items(),
        ("load average", f"{load_before} before, {load_average()} after (1, 5, 15 min)"),
    ]
    print_rows("nahbar finder 'Ort oder Adresse' benchmark (view time)", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
