"""A wave's responses as a polars frame with scored outcomes, and the raking margins from AreaStatistic.

Scoring goes through ``nahbar.survey.scoring`` only. An answer code that does not belong to the instrument
(e.g. a 5-point code in a 3-point survey) counts as missing for that instrument and is counted in
``WaveFrame.invalid`` so the methods note can say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from nahbar.survey.models import Response, Survey, Wave
from nahbar.survey.scoring import (
    DJG_EMOTIONAL_ITEMS,
    DJG_SOCIAL_ITEMS,
    UCLA3_DEFAULT_CUTOFF,
    UCLA_ITEMS,
    ScoringError,
    direct_lonely_often,
    djg6_score,
    ucla3_lonely,
    ucla3_score,
    ucla3_soep_mean,
)

UCLA_KEYS = tuple(f"ucla.{item}" for item in UCLA_ITEMS)
DJG_KEYS = tuple(f"djg.{item}" for item in DJG_EMOTIONAL_ITEMS + DJG_SOCIAL_ITEMS)
DIRECT_KEY = "direct.lonely"
WISHES_KEY = "wishes.text"
DEMOGRAPHIC_PREFIX = "demo."

#: The outcome columns of the frame (None where the score is missing).
OUTCOME_COLUMNS = {
    "ucla_lonely": pl.Int64,  # 3-point sum ≥ cut-off (0/1)
    "ucla_score": pl.Float64,  # 3-point sum 3–9, or the SOEP-style 5-point mean 1–5
    "djg_lonely": pl.Int64,  # DJG total 2–6: moderately or severely lonely (0/1)
    "djg_severe": pl.Int64,  # DJG total 5–6 (0/1)
    "djg_total": pl.Float64,  # DJG total 0–6
    "direct_often": pl.Int64,  # direct question "often/always" (0/1)
}


@dataclass
class WaveFrame:
    """The respondents of one wave, one row each; ``demographics`` are the ``demo.*`` keys found."""

    data: pl.DataFrame
    invalid: dict[str, int] = field(default_factory=dict)  # instrument → answers with codes outside it
    demographics: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # the open-text answers (wishes.text), unscrubbed


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _scored(answers: dict[str, Any], variant: str, cutoff: int, invalid: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(OUTCOME_COLUMNS)
    ucla = [_int_or_none(answers.get(key)) for key in UCLA_KEYS]
    try:
        if variant == Survey.UclaVariant.THREE_POINT:
            score = ucla3_score(ucla)
            lonely = ucla3_lonely(ucla, cutoff=cutoff)
            row["ucla_score"] = None if score is None else float(score)
            row["ucla_lonely"] = None if lonely is None else int(lonely)
        else:  # the 5-point variant has no agreed cut-off: only its mean is estimated
            row["ucla_score"] = ucla3_soep_mean(ucla)
    except ScoringError:
        invalid["ucla"] = invalid.get("ucla", 0) + 1
    if any(key in answers for key in DJG_KEYS):
        try:
            djg = djg6_score([_int_or_none(answers.get(key)) for key in DJG_KEYS])
        except ScoringError:
            invalid["djg"] = invalid.get("djg", 0) + 1
        else:
            if djg.total is not None:
                row["djg_total"] = float(djg.total)
                row["djg_lonely"] = int(djg.total >= 2)
                row["djg_severe"] = int(djg.total >= 5)
    try:
        often = direct_lonely_often(_int_or_none(answers.get(DIRECT_KEY)))
        row["direct_often"] = None if often is None else int(often)
    except ScoringError:
        invalid["direct"] = invalid.get("direct", 0) + 1
    return row


def _demographic_keys(answer_sets: Iterable[dict[str, Any]]) -> list[str]:
    keys = {
        key
        for answers in answer_sets
        for key, value in answers.items()
        if key.startswith(DEMOGRAPHIC_PREFIX) and _int_or_none(value) is not None
    }
    return sorted(keys)


def wave_frame(wave: Wave, *, cutoff: int = UCLA3_DEFAULT_CUTOFF) -> WaveFrame:
    """Load and score ``wave``'s responses in one query."""
    rows = list(
        Response.objects.filter(wave=wave)
        .order_by("pk")
        .values_list("pk", "area__code", "age_band", "sex", "lives_alone", "answers")
    )
    return frame_from_rows(rows, variant=wave.survey.ucla_variant, cutoff=cutoff)


def frame_from_rows(rows: list[tuple[Any, ...]], *, variant: str, cutoff: int = UCLA3_DEFAULT_CUTOFF) -> WaveFrame:
    """Rows of (id, area code, age band, sex, lives alone, answers) → a scored WaveFrame."""
    invalid: dict[str, int] = {}
    answer_sets = [answers if isinstance(answers, dict) else {} for *_, answers in rows]
    demographics = _demographic_keys(answer_sets)
    scored = [_scored(answers, variant, cutoff, invalid) for answers in answer_sets]
    columns: dict[str, Any] = {
        "id": pl.Series([row[0] for row in rows], dtype=pl.Int64),
        "area": pl.Series([row[1] or None for row in rows], dtype=pl.String),
        "age_band": pl.Series([row[2] or None for row in rows], dtype=pl.String),
        "sex": pl.Series([row[3] or None for row in rows], dtype=pl.String),
        "lives_alone": pl.Series(
            [None if row[4] is None else ("ja" if row[4] else "nein") for row in rows], dtype=pl.String
        ),
    }
    for name, dtype in OUTCOME_COLUMNS.items():
        columns[name] = pl.Series([row[name] for row in scored], dtype=dtype)
    for key in demographics:
        columns[key] = pl.Series([_demographic_value(answers.get(key)) for answers in answer_sets], dtype=pl.String)
    texts = [text for answers in answer_sets if isinstance(text := answers.get(WISHES_KEY), str) and text.strip()]
    return WaveFrame(pl.DataFrame(columns), invalid=invalid, demographics=demographics, texts=texts)


def _demographic_value(value: Any) -> str | None:
    code = _int_or_none(value)
    return None if code is None else str(code)
