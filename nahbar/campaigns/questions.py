"""A campaign's own questions to providers, edited in the admin as simple rows (key, label, required).

Stored as ``[{"key": "…", "label": "…", "required": bool}, …]`` in ``Campaign.questions``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_QUESTIONS = 10
EMPTY_ROWS = 3
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
MAX_LABEL = 200


def _as_rows(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        try:
            value = json.loads(value or "[]")
        except ValueError:
            return []
    return [row for row in value or [] if isinstance(row, dict)]


class QuestionRowsWidget(forms.Widget):
    """A small table: one row per question plus a few empty ones; works without JavaScript."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[dict[str, Any]]:
        try:
            count = min(int(data.get(f"{name}-count", "0")), MAX_QUESTIONS + EMPTY_ROWS)
        except ValueError:
            count = 0
        rows = []
        for i in range(max(count, 0)):
            key = (data.get(f"{name}-{i}-key") or "").strip()
            label = (data.get(f"{name}-{i}-label") or "").strip()
            if key or label:
                rows.append({"key": key, "label": label, "required": bool(data.get(f"{name}-{i}-required"))})
        return rows

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        rows = _as_rows(value) + [{}] * EMPTY_ROWS
        body = format_html_join(
            "",
            '<tr><td><input type="text" name="{0}-{1}-key" value="{2}" maxlength="40" aria-label="{5} {6}"></td>'
            '<td><input type="text" name="{0}-{1}-label" value="{3}" maxlength="200" size="50" aria-label="{5} {7}">'
            '</td><td><input type="checkbox" name="{0}-{1}-required" value="1"{4} aria-label="{5} {8}"></td></tr>',
            (
                (
                    name,
                    i,
                    row.get("key", ""),
                    row.get("label", ""),
                    " checked" if row.get("required") else "",
                    _("Frage %(number)s:") % {"number": i + 1},
                    _("Schlüssel"),
                    _("Frage"),
                    _("Pflichtfrage"),
                )
                for i, row in enumerate(rows)
            ),
        )
        return format_html(
            '<input type="hidden" name="{}-count" value="{}"><table class="campaign-questions"><thead><tr>'
            "<th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table><p>{}</p>",
            name,
            len(rows),
            _("Schlüssel (a–z, 0–9, -)"),
            _("Frage an die Anbieter"),
            _("Pflicht"),
            body,
            _("Leere Zeilen werden ignoriert. Für mehr Fragen speichern: Danach stehen neue leere Zeilen bereit."),
        )


def validate_questions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, normalised; ValidationError with every problem at once."""
    problems: list[str] = []
    seen: set[str] = set()
    cleaned = []
    if len(rows) > MAX_QUESTIONS:
        problems.append(_("Höchstens %(max)s eigene Fragen.") % {"max": MAX_QUESTIONS})
    for number, row in enumerate(rows, start=1):
        key, label = str(row.get("key", "")).strip(), str(row.get("label", "")).strip()
        if not KEY_PATTERN.match(key):
            problems.append(
                _(
                    "Frage %(number)s: Der Schlüssel „%(key)s“ muss mit einem Kleinbuchstaben beginnen und darf "
                    "nur a–z, 0–9, - und _ enthalten (höchstens 40 Zeichen)."
                )
                % {"number": number, "key": key}
            )
        elif key in seen:
            problems.append(
                _("Frage %(number)s: Den Schlüssel „%(key)s“ gibt es schon.") % {"number": number, "key": key}
            )
        seen.add(key)
        if not label:
            problems.append(_("Frage %(number)s: Bitte den Text der Frage eingeben.") % {"number": number})
        elif len(label) > MAX_LABEL:
            problems.append(_("Frage %(number)s: Der Text ist zu lang (höchstens 200 Zeichen).") % {"number": number})
        cleaned.append({"key": key, "label": label, "required": bool(row.get("required"))})
    if problems:
        raise ValidationError(problems)
    return cleaned


class QuestionsField(forms.Field):
    widget = QuestionRowsWidget
    default_error_messages = {"invalid": gettext_lazy("Die Fragen konnten nicht gelesen werden.")}

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        return _as_rows(value)

    def validate(self, value: Any) -> None:
        validate_questions(value)

    def clean(self, value: Any) -> list[dict[str, Any]]:
        return validate_questions(self.to_python(value))

    def prepare_value(self, value: Any) -> Any:
        return _as_rows(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return _as_rows(initial) != _as_rows(data)
