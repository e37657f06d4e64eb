"""The screen's forms: the upload, and the mapping built from the file's columns and the survey's items."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nahbar.survey.limesurvey import loader
from nahbar.survey.limesurvey.mapping import ColumnMapping, Mapping, observed_values
from nahbar.survey.limesurvey.structure import Field, LimeData
from nahbar.survey.limesurvey.suggest import suggest_codes
from nahbar.survey.limesurvey.targets import Target
from nahbar.survey.models import Wave

SUFFIXES = (".lsa", ".lss", ".lsr", ".txt", ".csv", ".tsv", ".dat", ".xml", ".zip")


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "kern-form-input__input"})


class WaveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.survey.title} – {obj.name}"


class UploadForm(forms.Form):
    wave = WaveChoiceField(queryset=Wave.objects.none(), label=gettext_lazy("Befragung und Welle"), widget=_select())
    file = forms.FileField(
        label=gettext_lazy("Datei aus LimeSurvey"),
        widget=forms.ClearableFileInput(attrs={"class": "kern-form-input__input"}),
        help_text=gettext_lazy(
            "Ein Archiv (.lsa), oder der Fragebogen (.lss) zusammen mit den Antworten (.lsr, VV- oder CSV-Export). "
            "Höchstens 20 MB je Datei."
        ),
    )
    second_file = forms.FileField(
        label=gettext_lazy("Zweite Datei"),
        widget=forms.ClearableFileInput(attrs={"class": "kern-form-input__input"}),
        required=False,
        help_text=gettext_lazy("z. B. die Antworten (.lsr), wenn oben der Fragebogen (.lss) gewählt ist"),
    )

    def __init__(self, *args: Any, waves: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["wave"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = waves

    def _check(self, upload: Any) -> Any:
        if upload is None:
            return upload
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Bitte eine Datei aus LimeSurvey wählen (.lsa, .lss, .lsr, .txt, .csv)."))
        if upload.size > loader.MAX_FILE_BYTES:
            limit = max(loader.MAX_FILE_BYTES // 1024 // 1024, 1)
            raise forms.ValidationError(_("Die Datei ist größer als %(limit)d MB.") % {"limit": limit})
        return upload

    def clean_file(self) -> Any:
        return self._check(self.cleaned_data.get("file"))

    def clean_second_file(self) -> Any:
        return self._check(self.cleaned_data.get("second_file"))


def answer_codes(data: LimeData, found: Field, target: Target) -> list[tuple[str, str]]:
    """The LimeSurvey answers of a column that need a counterpart: (code, text)."""
    if target.kind in ("text", "number") or not target.options:
        return []
    if target.kind == "multiple":
        return [("Y", _("angekreuzt"))]
    if found.options:
        return [(option.code, option.text()) for option in found.options]
    return [(value, "") for value in observed_values(data, found.key)]


class MappingForm(forms.Form):
    """One item choice per LimeSurvey column and, for chosen items with answers, one choice per answer code.

    ``shown_<n>`` remembers for which item the answer choices were rendered: when the item changes, the
    answers are suggested afresh for the new item and the page is shown again before anything is imported.
    """

    def __init__(self, *args: Any, data_: LimeData, targets: list[Target], suggested: Mapping, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lime = data_
        self.targets = {target.key: target for target in targets}
        self.changed_items = False
        self.columns: list[dict[str, Any]] = []
        item_choices = [("", _("— nicht übernehmen —")), *((t.key, t.label()) for t in targets)]
        for index, found in enumerate(data_.fields):
            name = f"item_{index}"
            initial = suggested[found.key].item if found.key in suggested else ""
            self.fields[name] = forms.ChoiceField(
                choices=item_choices, required=False, initial=initial, label=_("Übernehmen als"), widget=_select()
            )
            chosen = self._chosen(name, initial)
            shown = self.data.get(f"shown_{index}", initial) if self.is_bound else initial
            self.changed_items |= self.is_bound and shown != chosen
            self.columns.append({"field": found, "item": name, "codes": self._code_fields(index, found, chosen,
                                 suggested.get(found.key), shown == chosen), "shown": chosen})  # fmt: skip

    def _chosen(self, name: str, initial: str) -> str:
        value = self.data.get(name, initial) if self.is_bound else initial
        return value if value in self.targets else ""

    def _code_fields(
        self, index: int, found: Field, chosen: str, suggestion: ColumnMapping | None, keep_posted: bool
    ) -> list[str]:
        if not chosen:
            return []
        target = self.targets[chosen]
        codes = answer_codes(self.lime, found, target)
        if suggestion is not None and suggestion.item == chosen:
            proposed = suggestion.codes
        else:
            proposed = suggest_codes(found, target, [code for code, _text in codes])
        # The code in brackets makes the direction of a scale visible ("trifft voll zu (6)").
        choices = [("", _("— keine Zuordnung —")), *((str(o.code), f"{o.label()} ({o.code})") for o in target.options)]
        names = []
        for position, (code, text) in enumerate(codes):
            name = f"code_{index}_{position}"
            label = f"„{code}“ {text}".strip() if text and text != code else f"„{code}“"
            self.fields[name] = forms.ChoiceField(choices=choices, required=False, label=label, widget=_select(),
                                                  initial=str(proposed.get(code, "")))  # fmt: skip
            if self.is_bound and not keep_posted:
                # The item changed: the posted answer choices belonged to another item.
                self.data = {**dict(self.data.items()), name: str(proposed.get(code, ""))}
            names.append(name)
        return names

    def rows(self) -> list[dict[str, Any]]:
        """For the template: per column the LimeSurvey field, the bound item choice and answer choices."""
        return [
            {"field": c["field"], "item": self[c["item"]], "codes": [self[n] for n in c["codes"]], "shown": c["shown"],
             "index": i, "mapped": bool(c["shown"])}
            for i, c in enumerate(self.columns)
        ]  # fmt: skip

    def mapping(self) -> Mapping:
        """The mapping as chosen (bound form) or as suggested (unbound)."""
        result: Mapping = {}
        for index, column in enumerate(self.columns):
            chosen = self._chosen(f"item_{index}", self.fields[f"item_{index}"].initial)
            if not chosen:
                continue
            target = self.targets[chosen]
            codes: dict[str, int | str] = {}
            found: Field = column["field"]
            for name, (code, _text) in zip(column["codes"], answer_codes(self.lime, found, target), strict=True):
                raw = self.data.get(name) if self.is_bound else self.fields[name].initial
                value = target.code_for(raw) if raw not in (None, "") else None
                if value is not None:
                    codes[code] = value
            result[found.key] = ColumnMapping(chosen, codes)
        return result
