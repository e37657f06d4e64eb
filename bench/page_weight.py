#!/usr/bin/env python3
"""Page weight as transferred: the start page's first and repeat visit, and a results page's HTML.

    .venv/bin/python bench/page_weight.py                     # the demo, built once into --workdir

Serves the demo like bench/throughput.py (gunicorn, DEBUG off, WhiteNoise's hashed, compressed static
files) and opens it in Debian's chromium driven by Playwright. The bytes are Chrome's own count of what came
over the network (DevTools ``Network.loadingFinished`` → ``encodedDataLength``: compressed body plus
response headers); anything served from the browser's cache counts 0.

- **first visit** of ``/<slug>/`` in a fresh browser profile: HTML + CSS + JS + fonts (no map tiles: a
  request to any other host than 127.0.0.1 is listed and fails the run) — budget ≤ 250 KB;
- **repeat visit**: the same page in a new tab of the same profile, as when someone comes back later —
  budget ≤ 40 KB;
- **results page** ``/<slug>/angebote/?…`` with 20 hits: the HTML alone, as transferred — budget ≤ 40 KB.
  Also printed: its uncompressed size, and gzip -6 / brotli-less figures for comparison.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_dataset import load_average, machine
from common import print_rows
from webserver import DEMO_SLUG, Gunicorn, demo_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
RESULTS_QUERY = "kostenlos=1"  # free offers: many in the demo, so page 1 has 20 hits
BUDGETS = {"first": 250, "repeat": 40, "results_html": 40}


@dataclass
class Visit:
    """What one page load fetched: bytes over the network per resource type, and the foreign requests."""

    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0
    from_cache: int = 0
    foreign: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


def visit(page: Any, url: str) -> Visit:
    """Loads ``url`` in ``page`` and adds up Chrome's network byte counts until the load settles."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    result = Visit()
    types: dict[str, str] = {}

    def sent(event: dict[str, Any]) -> None:
        types[event["requestId"]] = event.get("type", "Other")
        request_url = event["request"]["url"]
        if urlsplit(request_url).hostname not in {"127.0.0.1", None} and not request_url.startswith("data:"):
            result.foreign.append(request_url)

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            result.from_cache += 1
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        result.encodings[response["url"]] = headers.get("content-encoding", "-")

    def finished(event: dict[str, Any]) -> None:
        result.requests += 1
        result.by_type[types.get(event["requestId"], "Other")] += int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.requestServedFromCache", lambda _event: setattr(result, "from_cache", result.from_cache + 1))
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    cdp.detach()
    return result


def results_html(url: str) -> tuple[int, int, int, str]:
    """The results page's HTML: bytes as sent for a browser's Accept-Encoding, uncompressed, gzip -6 of the
    uncompressed body (what a compressing reverse proxy would send), and the encoding the server chose."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
        sent = response.read()
        encoding = response.headers.get("Content-Encoding", "identity")
    plain = gzip.decompress(sent) if encoding == "gzip" else sent
    return len(sent), len(plain), len(gzip.compress(plain, compresslevel=6)), encoding


def hits(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.read().count(b'class="finder-hit"')


def describe(result: Visit) -> str:
    parts = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(result.by_type.items()))
    return f"{result.total / 1024:.1f} KB in {result.requests} requests ({parts} KB)"


def verdict(kilobytes: float, budget: int) -> str:
    return f"{kilobytes:.1f} KB (budget ≤ {budget} KB: {'met' if kilobytes <= budget else 'MISSED'})"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "nahbar-bench-web")
    parser.add_argument("--slug", default=DEMO_SLUG)
    parser.add_argument("--verbose", action="store_true", help="list every resource of the first visit")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if not Path(CHROMIUM).exists():
        print(f"ERROR: {CHROMIUM} is missing (scripts/ensure_chromium.sh installs it)")
        return 2
    from playwright.sync_api import sync_playwright

    database = demo_database(args.workdir)
    load_before = load_average()
    with Gunicorn(database, args.workdir) as server, sync_playwright() as playwright:
        start_url = f"{server.base_url}/{args.slug}/"
        results_url = f"{server.base_url}/{args.slug}/angebote/?{RESULTS_QUERY}"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 412, "height": 823})
            first = visit(context.new_page(), start_url)
            repeat = visit(context.new_page(), start_url)
        finally:
            browser.close()
        html_sent, html_plain, html_gzip, encoding = results_html(results_url)
        hit_count = hits(results_url)
    if args.verbose:
        for url, enc in first.encodings.items():
            print(f"  {enc:8} {url}")
    rows = [
        ("server", "gunicorn, 2 sync workers, DEBUG off, WhiteNoise (CompressedManifestStaticFilesStorage)"),
        ("browser", f"{CHROMIUM} via Playwright, 412 × 823 viewport; bytes = Chrome's encodedDataLength"),
        ("start page", f"/{args.slug}/"),
        ("first visit", describe(first)),
        ("", verdict(first.total / 1024, BUDGETS["first"])),
        ("repeat visit", describe(repeat) + f"; {repeat.from_cache} from the browser cache"),
        ("", verdict(repeat.total / 1024, BUDGETS["repeat"])),
        ("results page", f"/{args.slug}/angebote/?{RESULTS_QUERY}: {hit_count} hits"),
        ("results HTML", f"{html_plain / 1024:.1f} KB uncompressed; sent as {encoding}: {html_sent / 1024:.1f} KB"),
        ("", f"gzip -6 of the body (what a compressing proxy sends): {html_gzip / 1024:.1f} KB"),
        ("", verdict(html_sent / 1024, BUDGETS["results_html"])),
        ("foreign requests", ", ".join(first.foreign + repeat.foreign) or "none"),
        *machine().items(),
        ("load average", f"{load_before} before, {load_average()} after (1, 5, 15 min)"),
    ]
    print_rows("nahbar page weight (as transferred)", rows)
    return 1 if first.foreign or repeat.foreign else 0


if __name__ == "__main__":
    sys.exit(main())
