"""The pages ("steps") of the online form and the texts of a question in the chosen language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nahbar.survey.models import Question

# instrument -> section; own questions (no instrument) get their own page before the consent page.
SECTION_OF_INSTRUMENT = {
    "ucla3": "feelings",
    "direct": "feelings",
    "djg6": "people",
    "contact": "contacts",
    "wishes": "contacts",
    "demographics": "about",
}
SECTION_TITLES: dict[str, Promise] = {
    "feelings": _("Wie geht es Ihnen?"),
    "people": _("Menschen um Sie herum"),
    "contacts": _("Kontakte und Wünsche"),
    "about": _("Über Sie"),
    "own": _("Weitere Fragen"),
    "consent": _("Einwilligung"),
    "sensitive": _("Freiwillige Angaben"),
}
# Leichte Sprache is German by definition: plain strings, no gettext (as in the Leichte-Sprache start page).
EASY_SECTION_TITLES = {
    "feelings": "Wie geht es Ihnen?",
    "people": "Menschen in Ihrem Leben",
    "contacts": "Treffen und Wünsche",
    "about": "Über Sie",
    "own": "Noch mehr Fragen",
    "consent": "Sind Sie einverstanden?",
    "sensitive": "Fragen zu Herkunft und Gesundheit",
}
SECTION_ORDER = ("feelings", "people", "contacts", "about", "own")


@dataclass
class Section:
    key: str
    questions: list[Question] = field(default_factory=list)

    @property
    def title(self) -> Promise:
        return SECTION_TITLES[self.key]

    @property
    def easy_title(self) -> str:
        return EASY_SECTION_TITLES[self.key]

    @property
    def asks_consent(self) -> bool:
        return self.key == "consent"


def section_key(question: Question) -> str:
    if question.needs_consent:
        return "sensitive"
    return SECTION_OF_INSTRUMENT.get(question.instrument, "own")


def sections(questions: Sequence[Question], *, consent: bool) -> list[Section]:
    """Non-empty sections in a fixed order; within a section, the questions' positions.

    Questions that need consent come last, after a page that asks for it, and only once it is given.
    """
    grouped: dict[str, Section] = {}
    for question in sorted(questions, key=lambda q: q.position):
        grouped.setdefault(section_key(question), Section(section_key(question))).questions.append(question)
    result = [grouped[key] for key in SECTION_ORDER if key in grouped]
    if "sensitive" in grouped:
        result.append(Section("consent"))
        if consent:
            result.append(grouped["sensitive"])
    return result


def variant(language: str, easy: bool) -> str:
    """Which text field to show: "easy" (Leichte Sprache, German only), "en" or "de"."""
    if easy and language == "de":
        return "easy"
    return "en" if language == "en" else "de"


def question_text(question: Question, chosen: str) -> str:
    text = {"easy": question.text_easy, "en": question.text_en}.get(chosen, "")
    return text or question.text_de


def option_text(option: dict[str, Any], chosen: str) -> str:
    return str(option.get(chosen) or option.get("de") or option.get("code"))
