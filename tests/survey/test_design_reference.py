"""The command line on the real files against R for strata, fpc, initial weights, raking and beta CIs.

design_reference.json and its inputs were made by tests/fixtures/stats/generate_design_reference.R with R's
survey package 4.1.1 (the features reference.json does not cover).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.survey.conftest import STATS

DESIGN_INPUT = STATS / "design_input.csv"
MARGINS_LONG = STATS / "margins_long.csv"
REFERENCE = json.loads((STATS / "design_reference.json").read_text())
RELATIVE = 1e-7

CASES = {
    "stratified_fpc_beta_by_age_band": ["--share", "lonely == 1", "--by", "age_band", "--strata", "area_code",
                                        "--fpc", "area_population", "--weights", "design_weight", "--ci", "beta"],
    "stratified_fpc_logit_by_age_band": ["--share", "ucla_score >= 6", "--by", "age_band", "--strata", "area_code",
                                         "--fpc", "area_population", "--weights", "design_weight"],
    "stratified_fpc_raked_beta_by_area": ["--share", "lonely == 1", "--by", "area_code", "--strata", "area_code",
                                          "--fpc", "area_population", "--weights", "design_weight",
                                          "--rake-margins", str(MARGINS_LONG), "--ci", "beta"],
    "weighted_mean_direct_by_living_alone": ["--mean", "direct_lonely", "--by", "living_alone",
                                             "--weights", "design_weight"],
}  # fmt: skip


def run_cli(arguments: list[str], out: Path) -> list[dict[str, str]]:
    call_command("stats", "estimate", "--responses", str(DESIGN_INPUT), "--out", str(out), *arguments)
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("case", CASES)
def test_the_command_line_reproduces_r(case: str, tmp_path: Path) -> None:
    rows = {row["group"]: row for row in run_cli(CASES[case], tmp_path / "out.csv")}
    expected: list[dict[str, Any]] = REFERENCE[case]
    assert list(rows) == [row["group"] for row in expected]
    for reference in expected:
        ours = rows[reference["group"]]
        assert ours["published"] == "1"
        for key in ("estimate", "se", "ci_low", "ci_high"):
            if key in reference:
                assert float(ours[key]) == pytest.approx(reference[key], rel=RELATIVE), (reference["group"], key)
