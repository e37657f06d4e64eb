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


def aggregates_csv(wave: Wave, results: WaveResults, labels: GroupLabels) -> str:
    """One row per outcome × grouping × group (``all`` included); numbers only for published rows."""
    estimates = results.estimates
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(AGGREGATE_COLUMNS)
    for (outcome_key, grouping), table in estimates.tables.items():
        outcome = OUTCOME_BY_KEY[outcome_key]
        for row in table.rows:
            shown = cell(row, labels.value(grouping, row.group), share=outcome.share)
            numbers: list[Any] = (
                [shown.n, repr(shown.estimate), repr(shown.se), repr(shown.ci_low), repr(shown.ci_high)]
                if shown.published
                else ["", "", "", "", ""]
            )
            writer.writerow(
                [
                    wave.survey.slug,
                    wave.slug,
                    outcome_key,
                    grouping,
                    row.group,
                    shown.label,
                    *numbers,
                    estimates.ci if outcome.share else "t",
                    estimates.cutoff if outcome_key.startswith("ucla") else "",
                    int(shown.published),
                    shown.suppression,
                    int(shown.cv_flag),
                ]
            )
    return buffer.getvalue()


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
