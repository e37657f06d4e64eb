"""Turning submitted form values into answer codes, for the online form and the paper data entry alike.

A question's answer in ``Response.answers``: an int code (single choice, area, number), a sorted list of
int codes (multiple choice) or a text. A question that was not answered has no key at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from nahbar.survey.models import Question

Value = int | list[int] | str
TEXT_MAX_LENGTH = 2000
NUMBER_MAX = 999
_SEPARATORS = re.compile(r"[\s,;]+")


class AnswerError(ValueError):
    """A submitted value the question does not allow; the message is translated and shown to the person."""


def option_codes(question: Question) -> list[int]:
    return [int(option["code"]) for option in question.options]


def _code(text: str, allowed: Sequence[int]) -> int:
    try:
        code = int(text)
    except ValueError:
        raise AnswerError(_("„%(value)s“ ist keine Antwortnummer.") % {"value": text}) from None
    if code not in allowed:
        raise AnswerError(
            _("%(code)s ist hier keine Antwort; möglich sind %(allowed)s.")
            % {"code": code, "allowed": ", ".join(str(c) for c in allowed)}
        )
    return code


def parse_answer(question: Question, values: Sequence[str]) -> Value | None:
    """The answer to ``question`` from the submitted ``values`` (all values of its field); None if empty."""
    texts = [v.strip() for v in values if v and v.strip()]
    if not texts:
        return None
    kind = question.kind
    if kind == Question.Kind.TEXT:
        text = "\n".join(texts)
        if len(text) > TEXT_MAX_LENGTH:
            raise AnswerError(_("Bitte schreiben Sie höchstens %(n)s Zeichen.") % {"n": TEXT_MAX_LENGTH})
        return text
    if kind == Question.Kind.MULTIPLE:
        # Checkboxes send one value each; data entry types "1 3 5" into one field.
        parts = [p for text in texts for p in _SEPARATORS.split(text) if p]
        return sorted({_code(p, option_codes(question)) for p in parts})
    if len(texts) > 1:
        raise AnswerError(_("Bitte geben Sie nur eine Antwort."))
    if kind == Question.Kind.NUMBER:
        return _code(texts[0], range(NUMBER_MAX + 1))
    return _code(texts[0], option_codes(question))


@dataclass
class Cleaned:
    answers: dict[str, Value] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # question key -> message

    @property
    def ok(self) -> bool:
        return not self.errors


def clean_answers(
    questions: Iterable[Question], data: Mapping[str, Sequence[str]], *, consent: bool, check_required: bool = True
) -> Cleaned:
    """Answers to ``questions`` from ``data`` (field name = question key). Questions that need consent are
    ignored without it, whatever was sent for them."""
    cleaned = Cleaned()
    for question in questions:
        if question.needs_consent and not consent:
            continue
        try:
            value = parse_answer(question, data.get(question.key, []))
        except AnswerError as error:
            cleaned.errors[question.key] = str(error)
            continue
        if value is None:
            if question.required and check_required:
                cleaned.errors[question.key] = _("Bitte beantworten Sie diese Frage.")
            continue
        cleaned.answers[question.key] = value
    return cleaned


def as_form_values(value: Any) -> list[str]:
    """A stored answer back as the values a form field shows (to refill a page)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]
