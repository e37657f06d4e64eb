"""Surveys in the admin: coordinators pick instruments for a new survey, then add own questions and waves."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nahbar.survey.instruments import INSTRUMENT_SLUGS, add_instruments
from nahbar.survey.models import Question, Survey, Wave
from nahbar.tenancy.admin_base import SameMunicipalityFormMixin, TenantInline, TenantModelAdmin

OWN_KEY = re.compile(r"own\.[a-z0-9_]{1,50}")
INSTRUMENT_CHOICES = [
    ("ucla3", gettext_lazy("UCLA-3 (drei Fragen zur Einsamkeit)")),
    ("direct", gettext_lazy("Direkte Frage: Wie oft fühlen Sie sich einsam?")),
    ("djg6", gettext_lazy("De-Jong-Gierveld-Skala (6 Fragen)")),
    ("contact", gettext_lazy("Häufigkeit persönlicher Kontakte")),
    ("wishes", gettext_lazy("Wünsche für das Viertel (Auswahl und freier Text)")),
    ("demographics", gettext_lazy("Angaben zur Person (Alter, Geschlecht, Haushalt, Wohngebiet)")),
    ("demographics_optional", gettext_lazy("Freiwillige Angaben mit Einwilligung (Zuwanderung, Gesundheit)")),
]
assert [slug for slug, _label in INSTRUMENT_CHOICES] == list(INSTRUMENT_SLUGS)  # noqa: S101 - import-time check


def check_options(options: Any, kind: str) -> None:
    """Options must be ``[{"code": int, "de": text, …}, …]`` with distinct codes; choices need some."""
    if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
        raise ValidationError(_("Die Antwortmöglichkeiten müssen eine Liste von Objekten sein."))
    codes = []
    for option in options:
        code, text = option.get("code"), option.get("de")
        if not isinstance(code, int) or isinstance(code, bool) or not isinstance(text, str) or not text.strip():
            raise ValidationError(_("Jede Antwortmöglichkeit braucht eine ganze Zahl als „code“ und einen Text „de“."))
        codes.append(code)
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Jede Antwortnummer darf nur einmal vorkommen."))
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.AREA) and not options:
        raise ValidationError(_("Fragen mit Auswahl brauchen Antwortmöglichkeiten."))


QUESTION_FIELDS: list[Any] = [
    "position",
    "key",
    "instrument",
    "kind",
    "text_de",
    "text_en",
    "text_easy",
    "options",
    "required",
    "needs_consent",
]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = QUESTION_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        key, instrument = cleaned.get("key", ""), cleaned.get("instrument", "")
        if key and not instrument and not OWN_KEY.fullmatch(key):
            self.add_error("key", _("Eigene Fragen haben Schlüssel der Form own.name (Kleinbuchstaben, Ziffern, _)."))
        if "options" in cleaned:
            try:
                check_options(cleaned["options"], cleaned.get("kind", ""))
            except ValidationError as error:
                self.add_error("options", error)
        return cleaned


class QuestionInline(TenantInline):
    model = Question
    form = QuestionForm
    fields = QUESTION_FIELDS
    ordering = ["position"]


class WaveInline(TenantInline):
    model = Wave
    fields = ["slug", "name", "opens_on", "closes_on", "results_published"]


class SurveyForm(SameMunicipalityFormMixin):
    instruments = forms.MultipleChoiceField(
        label=gettext_lazy("Instrumente aus dem Katalog"),
        choices=INSTRUMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Nur beim Anlegen: die Fragen werden mit Übersetzungen und Antwortnummern übernommen."),
    )

    class Meta:
        model = Survey
        fields = ["municipality", "slug", "title", "intro", "ucla_variant"]


@admin.register(Survey)
class SurveyAdmin(TenantModelAdmin):
    form = SurveyForm
    list_display = ["title", "slug", "ucla_variant", "municipality"]
    search_fields = ["title", "slug"]
    inlines = [WaveInline, QuestionInline]
    readonly_fields = ["addresses"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields: list[Any] = ["municipality", "slug", "title", "intro", "ucla_variant"]
        return [*fields, "instruments"] if obj is None else [*fields, "addresses"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The UCLA variant decides the answer codes of stored responses: fixed once questions exist.
        return ["addresses", "ucla_variant"] if obj is not None else []

    @admin.display(description=gettext_lazy("Adressen"))
    def addresses(self, obj: Survey) -> str:
        slug = obj.municipality.slug
        links = [
            (reverse("survey-form", args=[slug, obj.slug]), _("Online-Fragebogen")),
            (reverse("survey-paper-pdf", args=[slug, obj.slug]), _("Papierfragebogen (PDF)")),
        ]
        links += [
            (reverse("survey-data-entry", args=[slug, obj.slug, wave.slug]), _("Papierbögen erfassen: %s") % wave.name)
            for wave in obj.waves.all()
        ]
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change and form.cleaned_data.get("instruments"):
            add_instruments(survey=form.instance, instruments=form.cleaned_data["instruments"], actor=request.user)
