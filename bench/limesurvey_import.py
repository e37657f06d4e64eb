#!/usr/bin/env python3
"""LimeSurvey import at scale: read, suggest, check (dry run) and write N responses.

    .venv/bin/python bench/limesurvey_import.py                       # 50,000 responses, fresh SQLite
    .venv/bin/python bench/limesurvey_import.py --rows 10000 --postgres-url postgres://…/throwaway

The responses are synthetic (seeded) but shaped exactly like the real questionnaire in
tests/fixtures/limesurvey (survey 293446, 61 columns): a VV file (version 2 headings) with random valid
answer codes for every column plus the identifying columns LimeSurvey can add (IP address, referrer,
timestamps, token), which the reader drops. The target survey has questions for 40 of the columns.
Timed separately: reading the .lss + VV (with the privacy filter), suggesting the mapping, the dry run
(validation of every value), and the real import (validation again, bulk insert, audit row).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "limesurvey"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{platform.platform()}; {cpu}; {os.cpu_count()} cores; Python {platform.python_version()}; load {load}"


def synthetic_vv(fields: list, rows: int, seed: int) -> bytes:
    rng = random.Random(seed)
    heads = ["id", "submitdate", "ipaddr", "refurl", "startdate", "token"] + [f.key for f in fields]
    lines = ["\t".join(heads)]
    for n in range(1, rows + 1):
        cells = [str(n), f"2024-05-{1 + n % 28:02d} 1{n % 10}:00:00", f"192.0.2.{n % 250}", "https://example.org/x",
                 "2024-05-01 09:00:00", f"tok{n}"]  # fmt: skip
        for found in fields:
            codes = found.option_codes()
            if found.qtype in "MP" and codes == ["Y"]:
                cells.append(rng.choice(["Y", ""]))
            elif codes:
                cells.append(rng.choice(codes))
            else:
                cells.append(rng.choice(["", "gut", "zu viel Stoff"]))
        lines.append("\t".join(cells))
    return ("\n".join(lines) + "\n").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--postgres-url", help="a throw-away PostgreSQL database (migrated by this script)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="nahbar-bench-ls-"))
    os.environ["DATABASE_URL"] = args.postgres_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
    os.environ["NAHBAR_DEBUG"] = "false"
    os.environ.setdefault("NAHBAR_SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scope, scopes_disabled

    from nahbar.survey.limesurvey.importer import import_limesurvey
    from nahbar.survey.limesurvey.loader import load
    from nahbar.survey.limesurvey.lss import read_lss
    from nahbar.survey.limesurvey.mapping import ColumnMapping, suggest_mapping
    from nahbar.survey.limesurvey.targets import targets_for
    from nahbar.survey.models import Question, Response, Survey, Wave
    from nahbar.tenancy.models import Municipality

    call_command("migrate", interactive=False, verbosity=0)
    lss = (FIXTURES / "survey_293446_from_lsa_redacted.lss").read_bytes()
    fields = read_lss(lss, "bench.lss").fields
    vv = synthetic_vv(fields, args.rows, seed=20261121)
    with scopes_disabled():
        Municipality.objects.filter(slug="bench-ls").delete()
        municipality = Municipality.objects.create(name="Bench LS", slug="bench-ls", ags="99999999", land="SN")
        survey = Survey.objects.create(municipality=municipality, slug="kurs", title="Kurs")
        chosen = [f for f in fields if f.options][:40]
        for position, found in enumerate(chosen, start=1):
            options = [{"code": i, "de": o.text()} for i, o in enumerate(found.options, start=1)]
            Question.objects.create(municipality=municipality, survey=survey, position=position,
                                    key=f"own.q{position}", kind="multiple" if found.qtype in "MP" else "single",
                                    text_de=found.text(), options=options)  # fmt: skip
        wave = Wave.objects.create(municipality=municipality, survey=survey, slug="w", name="W",
                                   opens_on=dt.date(2024, 1, 1), closes_on=dt.date(2024, 12, 31))  # fmt: skip
    mapping = {
        found.key: ColumnMapping(f"own.q{position}", {o.code: i for i, o in enumerate(found.options, start=1)})
        for position, found in enumerate(chosen, start=1)
    }
    timings: list[tuple[str, float, float]] = []

    def clock() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def lap(name: str, since: tuple[float, float]) -> None:
        now = clock()
        timings.append((name, now[0] - since[0], now[1] - since[1]))

    with scope(municipality=municipality):
        started = clock()
        data = load([("bench.lss", lss), ("bench-vv.txt", vv)])
        lap("read .lss + VV (privacy filter)", started)
        started = clock()
        suggest_mapping(data, targets_for(wave))
        lap("suggest mapping", started)
        started = clock()
        dry = import_limesurvey(wave, data, mapping, actor=None, dry_run=True)
        lap("dry run (validate every value)", started)
        started = clock()
        report = import_limesurvey(wave, data, mapping, actor=None, dry_run=False)
        lap("import (validate, bulk insert, audit)", started)
        stored = Response.objects.filter(wave=wave).count()
    vendor = f"PostgreSQL {connection.pg_version // 10000}" if connection.vendor == "postgresql" else (
        f"SQLite {sqlite3.sqlite_version}")  # fmt: skip
    print(f"LimeSurvey import: {args.rows:,} responses × {len(fields)} columns, {len(vv) / 1e6:.1f} MB VV, "
          f"{len(mapping)} columns mapped")  # fmt: skip
    print("=" * 60)
    print(f"{'':<40}{'wall':>8}  {'CPU':>8}")
    for name, wall, cpu in timings:
        print(f"{name:<40}{wall:8.2f} s{cpu:8.2f} s")
    print(f"{'responses imported':<40}{report.imported:8,d} (dry run: {dry.imported:,d}, stored: {stored:,d})")
    print(f"machine: {machine()}; {vendor}")
    return 0 if stored == report.imported == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())
