#!/usr/bin/env python3
"""Lighthouse 12 mobile scores of the start, results and offer pages of the demo.

    .venv/bin/python bench/lighthouse.py                     # the demo, built once into --workdir

Installs ``lighthouse@12`` with npm into a cache directory outside the project (``--cache``, default
``/tmp/nahbar-lighthouse``; the project's node_modules and package.json stay untouched), serves the demo
like bench/throughput.py (gunicorn, DEBUG off, production static files) and runs Lighthouse with Debian's
chromium (``CHROME_PATH=/usr/bin/chromium``, headless) with its default mobile settings: emulated phone,
simulated slow 4G and 4× CPU slow-down. Prints the scores of the categories accessibility, performance and
best practices per page, and every audit that lost points. Issue budget: accessibility 100,
performance ≥ 95, best practices ≥ 95. The JSON reports stay in ``--workdir``.

The performance score depends on the machine: Lighthouse calibrates its CPU slow-down against nothing, so
on a loaded machine the measured main-thread times (and with them TBT and the estimated paint times) grow.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_dataset import load_average, machine
from common import print_rows
from webserver import DEMO_SLUG, Gunicorn, demo_database

CHROMIUM = "/usr/bin/chromium"
NPM = shutil.which("npm") or "/usr/bin/npm"
NODE = shutil.which("node") or "/usr/bin/node"
CATEGORIES = {"accessibility": 100, "performance": 95, "best-practices": 95}
RESULTS_QUERY = "q=Treff&kostenlos=1"


def install(cache: Path) -> Path:
    cli = cache / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        print(f"installing lighthouse@12 into {cache} …", file=sys.stderr)
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [NPM, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--loglevel=error", "lighthouse@12"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return cli


def first_offer_path(base_url: str, slug: str) -> str:
    with urllib.request.urlopen(f"{base_url}/{slug}/angebote/?{RESULTS_QUERY}", timeout=30) as response:  # noqa: S310
        html = response.read().decode()
    match = re.search(r'finder-hit__title"><a href="([^"]+)"', html)
    if not match:
        raise RuntimeError("no offer in the results page to test")
    return match.group(1)


def lighthouse(cli: Path, url: str, report: Path, cpu_slowdown: float | None) -> dict[str, Any]:
    command = [
        NODE,
        str(cli),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--quiet",
    ]
    if cpu_slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:g}")
    # On a loaded machine Lighthouse now and then loses the trace (NO_NAVSTART): try again, up to 3 times.
    for attempt in range(3):
        done = subprocess.run(command, check=attempt == 2, env={**os.environ, "CHROME_PATH": CHROMIUM})  # noqa: S603
        if done.returncode == 0:
            break
    return json.loads(report.read_text())


def lost_points(result: dict[str, Any]) -> list[str]:
    """Audits that count towards a category's score and did not pass, as 'category: id (score) title'."""
    lines = []
    for name, category in result["categories"].items():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                value = f" – {audit['displayValue']}" if audit.get("displayValue") else ""
                lines.append(f"{name}: {ref['id']} ({audit['score']:.2f}){value}")
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "nahbar-bench-web")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "nahbar-lighthouse")
    parser.add_argument("--slug", default=DEMO_SLUG)
    parser.add_argument("--pages", default="start,results,offer", help="which pages (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median run counts (default: 3)")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="Lighthouse's CPU slow-down (default: Lighthouse's own, 4); its docs advise calibrating it to the "
        "host's benchmark index (below 1000 here: about 1)",
    )
    return parser.parse_args()


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median performance score, as Lighthouse's docs advise against variance."""
    return sorted(runs, key=lambda r: r["categories"]["performance"]["score"])[len(runs) // 2]


def main() -> int:
    args = parse_args()
    if not Path(CHROMIUM).exists():
        print(f"ERROR: {CHROMIUM} is missing (scripts/ensure_chromium.sh installs it)")
        return 2
    cli = install(args.cache)
    version = subprocess.run([NODE, str(cli), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    database = demo_database(args.workdir)
    load_before = load_average()
    rows: list[tuple[str, str]] = []
    missed = False
    warnings: set[str] = set()
    with Gunicorn(database, args.workdir) as server:
        pages = {
            "start": f"/{args.slug}/",
            "results": f"/{args.slug}/angebote/?{RESULTS_QUERY}",
            "offer": first_offer_path(server.base_url, args.slug),
        }
        for name, path in pages.items():
            if name not in args.pages.split(","):
                continue
            runs = [
                lighthouse(cli, server.base_url + path, args.workdir / f"lighthouse-{name}-{n}.json", args.cpu_slowdown)
                for n in range(args.runs)
            ]
            result = median_run(runs)
            all_scores = [round(r["categories"]["performance"]["score"] * 100) for r in runs]
            benchmark = [round(r["environment"]["benchmarkIndex"]) for r in runs]
            warnings.update(w for r in runs for w in r.get("runWarnings", []))
            scores = {key: round(result["categories"][key]["score"] * 100) for key in CATEGORIES}
            missed |= any(scores[key] < budget for key, budget in CATEGORIES.items())
            metrics = result["audits"]
            rows.append((f"{name} {path}", ", ".join(f"{key} {value}" for key, value in scores.items())))
            rows.append(("", f"performance of the {args.runs} runs: {all_scores}; benchmark index {benchmark}"))
            rows.append(
                (
                    "",
                    "FCP {} · LCP {} · TBT {} · CLS {} · SI {}".format(
                        *(
                            metrics[key]["displayValue"]
                            for key in (
                                "first-contentful-paint",
                                "largest-contentful-paint",
                                "total-blocking-time",
                                "cumulative-layout-shift",
                                "speed-index",
                            )
                        )
                    ),
                )
            )
            rows.extend(("", line) for line in lost_points(result))
    rows += [
        ("budget", "accessibility 100, performance ≥ 95, best-practices ≥ 95: " + ("MISSED" if missed else "met")),
        (
            "lighthouse",
            f"{version.strip()}, mobile, simulated slow 4G, CPU slow-down "
            + (f"{args.cpu_slowdown:g}× (calibrated)" if args.cpu_slowdown is not None else "4× (default)"),
        ),
        *(("warning", re.sub(r"\s+", " ", w)[:200]) for w in sorted(warnings)),
        ("browser", CHROMIUM),
        *machine().items(),
        ("load average", f"{load_before} before, {load_average()} after (1, 5, 15 min)"),
    ]
    print_rows("nahbar Lighthouse scores", rows)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
