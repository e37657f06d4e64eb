"""The downloadable outputs: aggregates as CSV (publication flags, suppressed values empty), the PDF
report, and the microdata CSV for the planner role."""

from __future__ import annotations

import csv
import io
from typing import Any

from nahbar.survey.models import Response, Wave
from nahbar.survey.results.display import GroupLabels, cell
from nahbar.survey.results.estimates import OUTCOME_BY_KEY
from nahbar.survey.results.selectors import WaveResults

AGGREGATE_COLUMNS = (
    "survey",
    "wave",
    "outcome",
    "grouping",
    "group",
    "group_label",
    "n",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "ci_method",
    "ucla_cutoff",
    "published",
    "suppression",
    "cv_flag",
)


def aggregate_rows(wave: Wave, results: WaveResults, labels: GroupLabels) -> list[dict[str, Any]]:
    """One row per outcome × grouping × group (``all`` included); the numbers are None unless published."""
    estimates = results.estimates
    rows = []
    for (outcome_key, grouping), table in estimates.tables.items():
        outcome = OUTCOME_BY_KEY[outcome_key]
        for row in table.rows:
            shown = cell(row, labels.value(grouping, row.group), share=outcome.share)
            rows.append(
                {
                    "survey": wave.survey.slug,
                    "wave": wave.slug,
                    "outcome": outcome_key,
                    "grouping": grouping,
                    "group": row.group,
                    "group_label": shown.label,
                    "n": shown.n,
                    "estimate": shown.estimate,
                    "se": shown.se,
                    "ci_low": shown.ci_low,
                    "ci_high": shown.ci_high,
                    "ci_method": estimates.ci if outcome.share else "t",
                    "ucla_cutoff": estimates.cutoff if outcome_key.startswith("ucla") else None,
                    "published": shown.published,
                    "suppression": shown.suppression,
                    "cv_flag": shown.cv_flag,
                }
            )
    return rows


def aggregates_csv(rows: list[dict[str, Any]]) -> str:
    """The aggregate rows as CSV: empty cells for missing numbers, full precision, flags as 0/1."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(AGGREGATE_COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(row[column]) for column in AGGREGATE_COLUMNS])
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return repr(value)
    return value


def aggregates_json(wave: Wave, results: WaveResults, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The aggregate rows with the rules they were published under (``null`` for what is not shown)."""
    rules = results.estimates.rules
    return {
        "survey": wave.survey.slug,
        "wave": wave.slug,
        "name": wave.name,
        "opens_on": wave.opens_on.isoformat(),
        "closes_on": wave.closes_on.isoformat(),
        "respondents": results.estimates.respondents,
        "population_year": results.estimates.population_year,
        "publication_rules": {
            "min_n": rules.min_n,
            "min_count": rules.min_count,
            "max_ci_width": rules.max_ci_width,
            "max_cv": rules.max_cv,
            "secondary_suppression": True,
        },
        "rows": [{key: value for key, value in row.items() if key not in ("survey", "wave")} for row in rows],
    }


MICRODATA_COLUMNS = ("row", "received_on", "channel", "area", "age_band", "sex", "lives_alone")


def microdata_csv(wave: Wave) -> tuple[str, int]:
    """Every response of ``wave``: the demographic columns and one column per answer key (one query).

    No database ids: rows are numbered 1…n so that the file cannot be joined to anything else.
    """
    rows = list(
        Response.objects.filter(wave=wave)
        .order_by("pk")
        .values_list("received_on", "channel", "area__code", "age_band", "sex", "lives_alone", "answers")
    )
    keys = sorted({key for *_, answers in rows for key in (answers or {})})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*MICRODATA_COLUMNS, *keys])
    for number, (received, channel, area, age_band, sex, alone, answers) in enumerate(rows, start=1):
        alone_text = "" if alone is None else int(alone)
        values = [_answer(answers.get(key)) for key in keys] if answers else [""] * len(keys)
        writer.writerow([number, received.isoformat(), channel, area or "", age_band, sex, alone_text, *values])
    return buffer.getvalue(), len(rows)


#: A cell starting with one of these is a formula to spreadsheet programs (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _answer(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as text, not run; the planner sees the leading apostrophe
    return value
