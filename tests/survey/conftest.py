"""The validation data set of docs/statistics.md (tests/fixtures/stats, from R's survey package)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from nahbar.survey.margins import margins_from_cells
from nahbar.survey.scoring import ucla3_score

STATS = Path(__file__).resolve().parent.parent / "fixtures" / "stats"
RESPONSES = STATS / "responses.csv"
POPULATION = STATS / "population_margins.csv"
REFERENCE = STATS / "reference.json"
UCLA_COLUMNS = ["ucla_companionship", "ucla_left_out", "ucla_isolated"]
RAKING_VARIABLES = ["area_code", "age_band", "sex"]


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    return json.loads(REFERENCE.read_text())


@pytest.fixture(scope="session")
def scored() -> pl.DataFrame:
    """Respondents with a complete UCLA-3 score, scored by nahbar's scoring module, and the lonely flag."""
    responses = pl.read_csv(RESPONSES)
    scores = [ucla3_score(items) for items in responses.select(UCLA_COLUMNS).iter_rows()]
    return (
        responses.with_columns(pl.Series("ucla_score", scores, dtype=pl.Int64))
        .filter(pl.col("ucla_score").is_not_null())
        .with_columns((pl.col("ucla_score") >= 6).cast(pl.Int64).alias("lonely"))
    )


@pytest.fixture(scope="session")
def margins() -> dict[str, dict[str, float]]:
    return margins_from_cells(pl.read_csv(POPULATION), RAKING_VARIABLES, "persons")
