#!/usr/bin/env python3
"""HSDS exchange budgets over the benchmark data set: streaming export in constant memory, import of 10,000.

    .venv/bin/python bench/build_dataset.py --keep                      # prints the SQLite file's path
    .venv/bin/python bench/hsds_exchange.py --sqlite /tmp/nahbar-bench-…/bench.sqlite3

1. Export: every benchmark municipality's published offers as one HSDS JSON file each
   (``nahbar.opendata.export.write_directory``, the code behind ``nahbar export-hsds``), one after the
   other in this process. The peak resident memory is read after the first municipality and after all of
   them: constant memory means the second figure does not grow with the number of offers written.
2. Import: the first 10,000 exported services with their organizations and locations, planned and
   written (``plan_import`` + ``apply_import``, the code behind ``nahbar import-hsds --commit``) into a new
   municipality, inside a transaction that is rolled back, so the benchmark file stays as it was.

Prints the figures and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_dataset import load_average, machine  # noqa: E402

IMPORT_SIZE = 10_000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def export_all(workdir: Path) -> list[Path]:
    from django_scopes import scope

    from nahbar.opendata.export import write_directory
    from nahbar.tenancy.models import Municipality

    files, total, started = [], 0, time.perf_counter()
    first_peak = 0.0
    for index, municipality in enumerate(Municipality.objects.order_by("pk")):
        path = workdir / f"{municipality.slug}.json"
        with scope(municipality=municipality), path.open("w", encoding="utf-8") as out:
            counts = write_directory(out, municipality, f"https://example.org/api/hsds/{municipality.slug}/")
        total += counts["services"]
        files.append(path)
        if index == 0:
            first_peak = peak_rss_mb()
            print(f"  first municipality: {counts['services']:,} services, peak RSS {first_peak:.0f} MB")
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in files) / 1024 / 1024
    print(f"  all {len(files)} municipalities: {total:,} services, {size:.0f} MB of JSON in {elapsed:.1f} s")
    print(f"  peak RSS after all: {peak_rss_mb():.0f} MB (after the first: {first_peak:.0f} MB)")
    return files


def import_bundle(files: list[Path]) -> object:
    from nahbar.opendata.importing.bundle import Bundle

    organizations: dict[str, dict] = {}
    services: list[dict] = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        organizations.update({o["id"]: o for o in data["organizations"]})
        services += data["services"][: IMPORT_SIZE - len(services)]
        if len(services) >= IMPORT_SIZE:
            break
    bundle = Bundle()
    wanted = {s["organization_id"] for s in services}
    bundle.add_document([o for key, o in organizations.items() if key in wanted])
    bundle.add_document(services)
    print(
        f"  bundle: {len(bundle.services):,} services, {len(bundle.organizations):,} organizations, "
        f"{len(bundle.locations):,} locations"
    )
    return bundle


def run_import(bundle: object) -> None:
    """Plan and apply into a new municipality inside a transaction that is rolled back at the end."""
    from django.db import transaction
    from django_scopes import scope

    from nahbar.opendata.importing.plan import apply_import, plan_import
    from nahbar.tenancy.services import municipality_create

    with transaction.atomic():
        municipality = municipality_create(
            actor=None, name="Importstadt", slug="importstadt-bench", ags="14612999", land="SN"
        )
        with scope(municipality=municipality):
            started = time.perf_counter()
            plan = plan_import(bundle, municipality, "bench", publish=True)  # type: ignore[arg-type]
            planned = time.perf_counter()
            counts = apply_import(plan, actor=None)
            applied = time.perf_counter()
        print(
            f"  plan {planned - started:.1f} s + write (with audit rows and search index) "
            f"{applied - planned:.1f} s = {applied - started:.1f} s wall"
        )
        print(f"  counts: {counts}")
        transaction.set_rollback(True)  # leave the benchmark file as it was


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", type=Path, required=True, help="the kept SQLite file of build_dataset.py --keep")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite.resolve()}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
    os.environ["NAHBAR_DEBUG"] = "false"
    os.environ.setdefault("NAHBAR_SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    print("machine:", machine(), "load average:", load_average())
    with tempfile.TemporaryDirectory(prefix="nahbar-hsds-") as tmp:
        workdir = Path(tmp)
        print("export (streaming, constant memory):")
        files = export_all(workdir)
        print(f"import of {IMPORT_SIZE:,} services (budget ≤ 60 s):")
        run_import(import_bundle(files))
    print("load average after:", load_average())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
