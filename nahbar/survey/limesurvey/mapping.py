"""The mapping from LimeSurvey columns to items, as JSON to edit and as the screen's form data.

JSON (``nahbar import-limesurvey`` prints it under ``"mapping"`` next to the report; ``--mapping`` reads that
output, or the mapping alone, back)::

    {"columns": {"G01Q01_SQ001": {"item": "ucla.companionship", "codes": {"A1": 3, "A2": 2, "A3": 1},
                                   "text": "…", "answers": {"A1": "oft", …}}, …}}

``item`` null (or a missing column) means: not imported. ``text`` and ``answers`` are only there to
help whoever edits the file and are ignored when it is read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from nahbar.survey.limesurvey.structure import LimeData, LimeSurveyError
from nahbar.survey.limesurvey.suggest import suggest_codes, suggest_items
from nahbar.survey.limesurvey.targets import Target

MAX_OBSERVED = 40


@dataclass
class ColumnMapping:
    item: str
    codes: dict[str, int | str] = field(default_factory=dict)


Mapping = dict[str, ColumnMapping]


def observed_values(data: LimeData, key: str) -> list[str]:
    """Distinct non-empty values of a column without known answer options (for recoding VV/CSV data)."""
    seen: dict[str, None] = {}
    for row in data.rows:
        value = row.values.get(key)
        if value not in (None, "") and value not in seen:
            seen[value] = None
            if len(seen) >= MAX_OBSERVED:
                break
    return sorted(seen)


def suggest_mapping(data: LimeData, targets: list[Target]) -> Mapping:
    by_key = {target.key: target for target in targets}
    items = suggest_items(data.fields, targets)
    fields = data.field_by_key()
    mapping: Mapping = {}
    for column, item in items.items():
        target = by_key[item]
        observed = [] if fields[column].options else observed_values(data, column)
        codes = suggest_codes(fields[column], target, observed)
        if target.kind == "multiple" and not codes:
            continue  # a ticked box that names none of the item's options: leave it to the person mapping
        mapping[column] = ColumnMapping(item, codes)
    return mapping


def to_json(data: LimeData, mapping: Mapping) -> str:
    columns: dict[str, Any] = {}
    for found in data.fields:
        chosen = mapping.get(found.key)
        answers = {o.code: o.text("de") for o in found.options} or dict.fromkeys(observed_values(data, found.key), "")
        columns[found.key] = {
            "item": chosen.item if chosen else None,
            "codes": dict(chosen.codes) if chosen else {},
            "text": found.text("de"),
            "answers": answers,
        }
    return json.dumps({"columns": columns}, ensure_ascii=False, indent=2)


def from_json(text: str) -> Mapping:
    try:
        raw = json.loads(text)
        # The command prints {"mapping": {"columns": …}, "report": …}; the mapping alone is accepted too.
        columns = raw["mapping"]["columns"] if "mapping" in raw else raw["columns"]
        mapping: Mapping = {}
        for column, entry in columns.items():
            if entry.get("item"):
                codes = {str(k): v for k, v in (entry.get("codes") or {}).items()}
                mapping[str(column)] = ColumnMapping(str(entry["item"]), codes)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LimeSurveyError(
            _("Die Zuordnungsdatei ist kein gültiges JSON im erwarteten Aufbau (%(error)s).") % {"error": exc}
        ) from None
    return mapping
