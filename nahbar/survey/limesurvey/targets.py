"""What LimeSurvey columns can be mapped to: the questions of the wave's survey and the four demographics
the estimator rakes on (area, age band, sex, living alone), which go to the response's columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nahbar.areas.models import Area, AreaStatistic
from nahbar.survey.limesurvey.catalogue import BY_KEY, COLUMN_ITEMS, SEX_OPTIONS, UCLA5_OPTIONS, YES_NO_OPTIONS
from nahbar.survey.models import Question, Survey, Wave


@dataclass(frozen=True)
class TargetOption:
    code: int | str
    texts: dict[str, str]

    def label(self) -> str:
        return self.texts.get("de") or str(self.code)


@dataclass
class Target:
    key: str
    kind: str  # Question.Kind values
    texts: dict[str, list[str]]  # language -> reference wordings
    options: list[TargetOption] = field(default_factory=list)
    pattern: str = ""
    column: str = ""  # Response column for the raking demographics, else "" (goes to ``answers``)

    def label(self) -> str:
        wording = (self.texts.get("de") or [""])[0]
        return f"{self.key} – {wording}" if wording else self.key

    def code_for(self, raw: Any) -> int | str | None:
        """The option code whose string form is ``raw`` (form fields and JSON carry codes as text)."""
        return next((option.code for option in self.options if str(option.code) == str(raw)), None)


def _options(raw: Any) -> list[TargetOption]:
    found = []
    for option in raw or []:
        if isinstance(option, dict) and "code" in option:
            texts = {lang: str(option[lang]) for lang in ("de", "en", "easy") if option.get(lang)}
            found.append(TargetOption(option["code"], texts))
    return found


def _catalogue_options(key: str, survey: Survey) -> list[TargetOption]:
    item = BY_KEY.get(key)
    if item is None:
        return []
    rows = item.options
    if key.startswith("ucla.") and survey.ucla_variant == Survey.UclaVariant.FIVE_POINT:
        rows = UCLA5_OPTIONS
    return [TargetOption(code, {"de": de, "en": en}) for code, de, en in rows]


def _question_target(question: Question, survey: Survey) -> Target:
    item = BY_KEY.get(question.key)
    texts = {"de": [question.text_de], "en": [question.text_en] if question.text_en else []}
    if item is not None:
        texts["de"] += list(item.de)
        texts["en"] += list(item.en)
    options = _options(question.options) or _catalogue_options(question.key, survey)
    return Target(question.key, question.kind, texts, options, item.pattern if item else "")


def _demographic_targets(wave: Wave) -> list[Target]:
    municipality = wave.municipality
    areas = Area.objects.filter(municipality=municipality).order_by("level_rank", "name")
    bands = (
        AreaStatistic.objects.filter(area__municipality=municipality)
        .exclude(age_band="")
        .values_list("age_band", flat=True)
        .distinct()
        .order_by("age_band")
    )
    options = {
        "demo.area": [TargetOption(area.pk, {"de": f"{area.name} ({area.code})", "en": area.name}) for area in areas],
        "demo.age_band": [TargetOption(band, {"de": band, "en": band}) for band in bands],
        "demo.sex": [TargetOption(code, {"de": de, "en": en}) for code, de, en in SEX_OPTIONS],
        "demo.lives_alone": [TargetOption(code, {"de": de, "en": en}) for code, de, en in YES_NO_OPTIONS],
    }
    targets = []
    for key, column in COLUMN_ITEMS.items():
        item = BY_KEY[key]
        kind = "area" if key == "demo.area" else "single"
        targets.append(
            Target(key, kind, {"de": list(item.de), "en": list(item.en)}, options[key], item.pattern, column)
        )
    return targets


def targets_for(wave: Wave) -> list[Target]:
    """The survey's questions in order, then the raking demographics (which replace same-keyed questions)."""
    demographics = _demographic_targets(wave)
    column_keys = {target.key for target in demographics}
    questions = Question.objects.filter(survey=wave.survey).order_by("position")
    return [_question_target(q, wave.survey) for q in questions if q.key not in column_keys] + demographics
