#!/usr/bin/env python3
"""The demo's finished campaign week (about 80 entries, 7 days): programme page, iCal feed and booklet PDF.

    .venv/bin/python bench/campaign_booklet.py            # builds the demo into a temporary SQLite file
    .venv/bin/python bench/campaign_booklet.py --repeat 5

Prints the programme's size, the median and p95 time of the programme page and the .ics feed, the booklet's
first (uncached) layout per paper size with its page count, and a cached request, plus the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nahbar-bench-") as tmp:
        args.sqlite, args.postgres_url = Path(tmp) / "bench.sqlite3", None
        from bench.common import database_label, p95, print_rows, setup_django

        setup_django(args, plain_static=True, allowed_hosts="testserver")
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client then records each response's template context
        call_command("migrate", verbosity=0)
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from nahbar.demo.build import demo_build

        started = time.monotonic()
        demo_build(today=dt.date(2026, 11, 21))
        build_seconds = time.monotonic() - started
        client = Client()
        base = "/demo/aktionswoche/aktionswoche-2026/"

        def timed(url: str, repeat: int) -> list[float]:
            """CPU seconds of this process per request: on a shared, overloaded machine wall time says little."""
            times = []
            for _ in range(repeat):
                t0 = time.process_time()
                response = client.get(url)
                times.append(time.process_time() - t0)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
            return times

        page = client.get(base)
        count = page.context["count"]
        rows = [
            ("demo build (all of it)", f"{build_seconds:.1f} s wall"),
            ("programme dates / days", f"{count} / {len(page.context['days'])} days"),
        ]
        for label, url in [("programme page", base), ("programm.ics", base + "programm.ics")]:
            times = timed(url, args.repeat)
            rows.append((label, f"CPU median {statistics.median(times) * 1000:.0f} ms, p95 {p95(times) * 1000:.0f} ms"))
        from weasyprint import HTML

        for paper in ("a5", "a4"):
            t0, cpu0 = time.perf_counter(), time.process_time()
            pdf = client.get(base + f"programmheft.pdf?format={paper}")
            wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            cached = timed(base + f"programmheft.pdf?format={paper}", 3)
            pages = len(HTML(string=_booklet_source(client, base, paper)).render().pages)
            rows.append(
                (
                    f"booklet {paper.upper()}",
                    f"first {cpu:.1f} s CPU ({wall:.1f} s wall), cached {statistics.median(cached) * 1000:.0f} ms CPU, "
                    f"{pages} pages, {len(pdf.content) // 1024} KiB",
                )
            )
        rows += [
            ("machine", f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, {_cpu_model()}"),
            ("load average", " ".join(f"{x:.2f}" for x in os.getloadavg())),
            ("python / database", f"{platform.python_version()} / {database_label(connection)}"),
        ]
        print_rows("Campaign week: programme, iCal, booklet", rows)


def _booklet_source(client: object, base: str, paper: str) -> str:
    """The booklet's HTML, to count its pages (the view returns only the PDF)."""
    from django.test import RequestFactory
    from django_scopes import scope

    from nahbar.campaigns.models import Campaign
    from nahbar.campaigns.public_views import booklet_html
    from nahbar.tenancy.models import Municipality

    municipality = Municipality.objects.get(slug="demo")
    request = RequestFactory().get(base)
    request.municipality = municipality  # type: ignore[attr-defined]
    with scope(municipality=municipality):
        campaign = Campaign.objects.get(slug="aktionswoche-2026")
        return booklet_html(request, "demo", campaign, paper.upper())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
