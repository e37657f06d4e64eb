"""The provider forms: an offer with one schedule inline, and a place. Plain HTML, no JavaScript needed."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from nahbar.directory.describe import describe_schedule
from nahbar.directory.models import Offer, Organization, Place, Term, Vocabulary
from nahbar.providers.proposal import BOOL_FIELDS, TERM_FIELDS, TEXT_FIELDS, schedule_model_fields
from nahbar.providers.repetition import Repeat, WeekOfMonth, from_rrule, to_rrule

_VOCABULARY_OF = {
    "delivery_modes": Vocabulary.DELIVERY_MODE,
    "formats": Vocabulary.FORMAT,
    "target_groups": Vocabulary.TARGET_GROUP,
    "low_threshold": Vocabulary.LOW_THRESHOLD,
    "accessibility": Vocabulary.ACCESSIBILITY,
    "languages": Vocabulary.LANGUAGE,
}
DURATIONS = [(30, _("30 Minuten")), (60, _("1 Stunde")), (90, _("1,5 Stunden")), (120, _("2 Stunden"))] + [
    (h * 60, _("%(hours)s Stunden") % {"hours": h}) for h in (3, 4, 5, 6, 8)
]
WEEKDAY_CHOICES = [("", _("wie der erste Termin"))] + [(str(i), WEEKDAYS[i]) for i in range(7)]


class TermChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.address})" if obj.address else str(obj.name)


class PlacesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.address})" if obj.address else str(obj.name)


def _model_field(name: str) -> forms.Field:
    model_field = cast(Any, Offer._meta.get_field(name))
    # Providers type "www.verein.de": assume https, as the admin does.
    field = model_field.formfield(**({"assume_scheme": "https"} if name == "contact_url" else {}))
    if field is None:  # pragma: no cover - every name in the lists is an editable field
        raise LookupError(name)
    return field


class OfferForm(forms.Form):
    """Everything a provider enters; ``proposal()`` turns it into the workflow's JSON shape."""

    # One-time token of a new-offer form (see services.offer_draft_create); unused when editing.
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organisation")
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        places: list[Place],
        municipality_id: int,
        keep_rrule: str = "",
        schedule_id: int | None = None,
        new: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keep_rrule = keep_rrule
        self.schedule_id = schedule_id
        self.had_schedule = schedule_id is not None
        if new and len(organizations) > 1:
            cast(forms.ModelChoiceField, self.fields["organization"]).queryset = Organization.objects.filter(
                pk__in=[o.pk for o in organizations]
            )
        else:
            del self.fields["organization"]
        for name in TEXT_FIELDS + BOOL_FIELDS:
            self.fields[name] = _model_field(name)
        self.fields["description"].label = _("Beschreibung")
        self.fields["description"].help_text = _("Was erwartet die Menschen? Absätze mit einer Leerzeile trennen.")
        terms = Term.objects.filter(Q(municipality=None) | Q(municipality_id=municipality_id))
        for name in TERM_FIELDS:
            label = getattr(Offer._meta.get_field(name), "verbose_name", name)
            self.fields[name] = TermChoiceField(
                queryset=terms.filter(vocabulary=_VOCABULARY_OF[name]), required=False, label=label
            )
        place_ids = [p.pk for p in places]
        self.fields["places"] = PlacesField(
            queryset=Place.objects.filter(pk__in=place_ids), required=False, label=_("Orte")
        )
        self._add_schedule_fields(place_ids)

    def _add_schedule_fields(self, place_ids: list[int]) -> None:
        repeat_choices = [c for c in Repeat.choices if c[0] != Repeat.KEEP]
        if self.keep_rrule:
            repeat_choices.append((Repeat.KEEP.value, self._keep_label()))  # type: ignore[arg-type]
        self.fields["schedule_dtstart"] = forms.DateField(
            label=_("Erster Termin"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=_("Leer lassen, wenn es keine festen Termine gibt (z. B. Telefonkette nach Absprache)."),
        )
        self.fields["schedule_start_time"] = forms.TimeField(
            label=_("Beginn"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        )
        self.fields["schedule_duration"] = forms.TypedChoiceField(
            label=_("Dauer"), choices=DURATIONS, coerce=int, initial=120
        )
        self.fields["schedule_repeat"] = forms.ChoiceField(
            label=_("Wie oft?"), choices=repeat_choices, widget=forms.RadioSelect, initial=Repeat.WEEKLY
        )
        self.fields["schedule_weekday"] = forms.ChoiceField(
            label=_("Wochentag"), choices=WEEKDAY_CHOICES, required=False
        )
        self.fields["schedule_week_of_month"] = forms.TypedChoiceField(
            label=_("Welche Woche im Monat? (nur bei „einmal im Monat“)"),
            choices=WeekOfMonth.choices,
            coerce=int,
            initial=1,
        )
        self.fields["schedule_until"] = forms.DateField(
            label=_("Letzter Termin"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=_("Leer lassen, wenn das Angebot weiterläuft."),
        )
        self.fields["schedule_place"] = PlaceChoiceField(
            queryset=Place.objects.filter(pk__in=place_ids),
            required=False,
            label=_("Wo?"),
            empty_label=_("kein fester Ort (telefonisch, online, aufsuchend)"),
        )

    def _keep_label(self) -> str:
        text = describe_schedule(
            dtstart=dt.date.today(),  # noqa: DTZ011 - only the rule's words are used
            start_time=None,
            duration_minutes=60,
            rrule=self.keep_rrule,
        )
        return str(_("wie bisher: %(rule)s") % {"rule": text.removesuffix(", ganztägig")})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("schedule_dtstart") is None:
            if self.had_schedule:
                self.add_error("schedule_dtstart", _("Bitte geben Sie den ersten Termin an."))
            return data
        until = data.get("schedule_until")
        if until and until < data["schedule_dtstart"]:
            self.add_error("schedule_until", _("Der letzte Termin liegt vor dem ersten."))
        return data

    def schedule(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        start: dt.date | None = data.get("schedule_dtstart")
        if start is None:
            return None
        weekday = int(data["schedule_weekday"]) if data.get("schedule_weekday") else start.weekday()
        rrule = to_rrule(data["schedule_repeat"], weekday, data.get("schedule_week_of_month"), self.keep_rrule)
        start_time: dt.time | None = data.get("schedule_start_time")
        until: dt.date | None = data.get("schedule_until")
        place: Place | None = data.get("schedule_place")
        return {
            "id": self.schedule_id,
            "dtstart": start.isoformat(),
            "start_time": start_time.strftime("%H:%M") if start_time else None,
            "duration_minutes": data["schedule_duration"],
            "rrule": rrule,
            "place_id": place.pk if place else None,
            "until": until.isoformat() if until else None,
        }

    def proposal(self) -> dict[str, Any]:
        data = self.cleaned_data
        places = sorted(p.pk for p in data["places"])
        schedule = self.schedule()
        # The schedule's place is one of the offer's places, whether ticked or not.
        if schedule and schedule["place_id"] and schedule["place_id"] not in places:
            places = sorted([*places, schedule["place_id"]])
        return {
            "fields": {name: data[name] for name in TEXT_FIELDS + BOOL_FIELDS},
            "m2m": {"places": places, **{name: sorted(t.pk for t in data[name]) for name in TERM_FIELDS}},
            "schedule": schedule,
        }


def initial_from_proposal(proposal: dict[str, Any]) -> dict[str, Any]:
    """Form initial values for a stored proposal (an offer's current values or a pending revision)."""
    initial: dict[str, Any] = dict(proposal["fields"])
    initial.update(proposal["m2m"])
    schedule = proposal.get("schedule")
    if schedule:
        fields = schedule_model_fields(schedule)
        repeat, weekday, week = from_rrule(fields["rrule"])
        initial.update(
            schedule_dtstart=fields["dtstart"],
            schedule_start_time=fields["start_time"],
            schedule_duration=fields["duration_minutes"],
            schedule_repeat=repeat,
            schedule_weekday="" if weekday is None else str(weekday),
            schedule_week_of_month=week or 1,
            schedule_until=fields["until"],
            schedule_place=fields["place_id"],
        )
    return initial


class PlaceForm(forms.ModelForm):
    """A place of the provider's organization; opening hours as one line per weekday.

    Whether it is a third place is left to the coordinators: that makes a place public on its own.
    """

    accessibility = TermChoiceField(
        queryset=Term.objects.filter(vocabulary=Vocabulary.ACCESSIBILITY), required=False, label=_("Barrierefreiheit")
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "street",
            "postcode",
            "city",
            "accessibility",
            "accessibility_note",
            "transit_note",
            "opening_hours_note",
        ]

    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organisation")
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(organizations) > 1:
            cast(forms.ModelChoiceField, self.fields["organization"]).queryset = Organization.objects.filter(
                pk__in=[o.pk for o in organizations]
            )
        else:
            del self.fields["organization"]
        hours = self.instance.opening_hours if self.instance.pk else []
        # Several opening spans on one day cannot be shown as one line: then the hours stay as they are.
        self.hours_editable = all(sum(1 for entry in hours if day in entry.get("days", [])) <= 1 for day in range(7))
        if not self.hours_editable:
            return
        for day in range(7):
            span = next((e for e in hours if day in e.get("days", [])), None)
            for edge in ("opens", "closes"):
                self.fields[f"hours_{day}_{edge}"] = forms.TimeField(
                    label=_("%(day)s öffnet") % {"day": WEEKDAYS[day]}
                    if edge == "opens"
                    else _("%(day)s schließt") % {"day": WEEKDAYS[day]},
                    required=False,
                    initial=span[edge] if span else None,
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                )

    def hour_rows(self) -> list[tuple[str, Any, Any]]:
        if not self.hours_editable:
            return []
        return [(WEEKDAYS[d], self[f"hours_{d}_opens"], self[f"hours_{d}_closes"]) for d in range(7)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.hours_editable:
            return data
        for day in range(7):
            opens, closes = data.get(f"hours_{day}_opens"), data.get(f"hours_{day}_closes")
            if bool(opens) != bool(closes):
                self.add_error(f"hours_{day}_opens", _("Bitte beide Zeiten angeben, oder keine."))
            elif opens and closes and closes <= opens:
                self.add_error(f"hours_{day}_closes", _("Die Schließzeit liegt vor der Öffnungszeit."))
        return data

    def place_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "accessibility"}
        fields.pop("organization", None)
        if self.hours_editable:
            fields["opening_hours"] = [
                {
                    "days": [d],
                    "opens": data[f"hours_{d}_opens"].strftime("%H:%M"),
                    "closes": data[f"hours_{d}_closes"].strftime("%H:%M"),
                }
                for d in range(7)
                if data.get(f"hours_{d}_opens") and data.get(f"hours_{d}_closes")
            ]
        return fields


_INPUT_CLASS = {
    "checkbox": "kern-form-check__checkbox",
    "checkboxselectmultiple": "kern-form-check__checkbox",
    "radioselect": "kern-form-check__radio",
    "select": "kern-form-input__select",
}


def style(form: forms.BaseForm) -> Any:
    """Give every widget KERN UX's class (the templates render widgets as Django builds them)."""
    for bound in form:
        bound.field.widget.attrs.setdefault("class", _INPUT_CLASS.get(bound.widget_type, "kern-form-input__input"))
    return form
