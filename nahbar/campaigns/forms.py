"""The providers' two submission forms: a new campaign event, or one of their published offers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nahbar.campaigns.models import Campaign
from nahbar.campaigns.submission import EventDates, Repeat, has_date_in_period
from nahbar.directory.models import Offer, Organization, Place, Schedule, Term, Vocabulary
from nahbar.tenancy.roles import organization_ids

QUESTION_PREFIX = "frage_"
NOT_YOURS = gettext_lazy("Sie können nur für Ihre eigenen Organisationen einreichen.")


def _parse_extra_dates(raw: str) -> list[dt.date]:
    """Dates separated by commas, semicolons or spaces, as TT.MM.JJJJ or JJJJ-MM-TT."""
    found = []
    for token in (t for t in re.split(r"[\s,;]+", raw.strip()) if t):
        try:
            found.append(
                dt.datetime.strptime(token, "%d.%m.%Y").date() if "." in token else dt.date.fromisoformat(token)  # noqa: DTZ007 - a calendar date, no time
            )
        except ValueError:
            raise ValidationError(
                _("„%(value)s“ ist kein Datum (bitte TT.MM.JJJJ, mehrere durch Komma getrennt).")
                % {"value": token[:20]}
            ) from None
    return sorted(set(found))


class QuestionsMixin(forms.Form):
    def add_question_fields(self, campaign: Campaign) -> None:
        for question in campaign.questions:
            self.fields[QUESTION_PREFIX + question["key"]] = forms.CharField(
                label=question["label"],
                required=bool(question.get("required")),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def style_widgets(self) -> None:
        """KERN's input class on text, date, select and textarea widgets (checkboxes are drawn by the template)."""
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                field.widget.attrs.setdefault("class", "kern-form-input__input")

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix(QUESTION_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(QUESTION_PREFIX)
        }

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(QUESTION_PREFIX)]


def _term_field(vocabulary: Vocabulary, label: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Term.objects.filter(vocabulary=vocabulary, municipality=None).order_by("position", "label_de"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NewEventForm(QuestionsMixin):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": NOT_YOURS, "required": gettext_lazy("Bitte wählen Sie Ihre Organisation.")},
    )
    title = forms.CharField(label=gettext_lazy("Titel der Veranstaltung"), max_length=200)
    summary = forms.CharField(
        label=gettext_lazy("Kurzbeschreibung"),
        max_length=300,
        help_text=gettext_lazy("Ein bis zwei Sätze; steht im Programm und im Programmheft."),
    )
    description = forms.CharField(
        label=gettext_lazy("Ausführliche Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    place: forms.ModelChoiceField[Place] = forms.ModelChoiceField(
        label=gettext_lazy("Ort"),
        queryset=Place.objects.none(),
        required=False,
        help_text=gettext_lazy("Orte Ihrer Organisation und der Kommune; leer lassen bei Angeboten am Telefon."),
        error_messages={"invalid_choice": gettext_lazy("Diesen Ort können Sie hier nicht wählen.")},
    )
    first_date = forms.DateField(
        label=gettext_lazy("Datum (erster Termin)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    repeat = forms.ChoiceField(
        label=gettext_lazy("Wiederholung"),
        choices=[
            (Repeat.ONCE, gettext_lazy("einmalig")),
            (Repeat.DAILY, gettext_lazy("täglich bis zum letzten Termin")),
            (Repeat.WEEKLY, gettext_lazy("wöchentlich bis zum letzten Termin")),
        ],
        initial=Repeat.ONCE,
        widget=forms.RadioSelect,
    )
    last_date = forms.DateField(
        label=gettext_lazy("Letzter Termin"),
        required=False,
        help_text=gettext_lazy("Nur bei Wiederholung; leer = bis zum Ende der Aktionswoche."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    extra_dates = forms.CharField(
        label=gettext_lazy("Weitere einzelne Termine"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("TT.MM.JJJJ, mehrere durch Komma getrennt."),
    )
    start_time = forms.TimeField(
        label=gettext_lazy("Beginn"),
        required=False,
        help_text=gettext_lazy("leer = ganztägig"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Dauer in Minuten"), min_value=15, max_value=12 * 60, initial=120
    )
    formats = _term_field(Vocabulary.FORMAT, gettext_lazy("Format"))
    target_groups = _term_field(Vocabulary.TARGET_GROUP, gettext_lazy("Für wen?"))
    is_free = forms.BooleanField(label=gettext_lazy("kostenlos"), required=False, initial=True)
    cost_note = forms.CharField(label=gettext_lazy("Kosten"), required=False, max_length=200)
    registration_required = forms.BooleanField(label=gettext_lazy("Anmeldung nötig"), required=False)
    registration_note = forms.CharField(label=gettext_lazy("Hinweis zur Anmeldung"), required=False, max_length=300)
    contact_name = forms.CharField(label=gettext_lazy("Ansprechperson"), required=False, max_length=120)
    contact_phone = forms.CharField(label=gettext_lazy("Telefon"), required=False, max_length=40)
    contact_email = forms.EmailField(label=gettext_lazy("E-Mail"), required=False)

    OFFER_FIELDS = (
        "title",
        "summary",
        "description",
        "is_free",
        "cost_note",
        "registration_required",
        "registration_note",
        "contact_name",
        "contact_phone",
        "contact_email",
    )

    def __init__(self, *args: Any, campaign: Campaign, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        own = organization_ids(user)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            municipality_id=campaign.municipality_id, pk__in=own
        )
        self.fields["place"].queryset = Place.objects.filter(  # type: ignore[attr-defined]
            Q(organization__in=own) | Q(organization=None), municipality_id=campaign.municipality_id
        ).order_by("name")
        self.add_question_fields(campaign)
        self.style_widgets()

    def clean_extra_dates(self) -> list[dt.date]:
        return _parse_extra_dates(self.cleaned_data.get("extra_dates", ""))

    def event_dates(self) -> EventDates:
        data = self.cleaned_data
        return EventDates(
            first=data["first_date"],
            start_time=data.get("start_time"),
            duration_minutes=data["duration_minutes"],
            repeat=data["repeat"],
            last=data.get("last_date") if data["repeat"] != Repeat.ONCE else None,
            extra=data.get("extra_dates") or [],
        )

    def offer_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.OFFER_FIELDS}


def eligible_offers(campaign: Campaign, user: Any) -> list[Offer]:
    """The provider's published offers with a date inside the period, not yet entered (few queries)."""
    offers = (
        Offer.objects.filter(
            municipality_id=campaign.municipality_id,
            organization__in=organization_ids(user),
            review_state=Offer.ReviewState.PUBLISHED,
            status=Offer.Status.ACTIVE,
        )
        .exclude(campaign_entries__campaign=campaign)
        .select_related("organization")
        .prefetch_related(Prefetch("schedules", queryset=Schedule.objects.all()))
        .order_by("title", "pk")
    )
    return [o for o in offers if has_date_in_period(o, campaign, campaign.municipality.land)]


class ExistingOfferForm(QuestionsMixin):
    offer: forms.ModelChoiceField[Offer] = forms.ModelChoiceField(
        label=gettext_lazy("Ihr Angebot"),
        queryset=Offer.objects.none(),
        help_text=gettext_lazy("Veröffentlichte Angebote Ihrer Organisation mit einem Termin in der Aktionswoche."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Dieses Angebot kann nicht angemeldet werden: Es gehört nicht zu Ihrer Organisation, ist schon "
                "angemeldet oder hat keinen Termin in der Aktionswoche."
            ),
            "required": gettext_lazy("Bitte wählen Sie ein Angebot."),
        },
    )

    def __init__(self, *args: Any, campaign: Campaign, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.eligible = eligible_offers(campaign, user)
        self.fields["offer"].queryset = Offer.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in self.eligible]
        ).select_related("organization", "municipality")
        self.fields["offer"].label_from_instance = lambda o: f"{o.title} ({o.organization.name})"  # type: ignore[attr-defined]
        self.add_question_fields(campaign)
        self.style_widgets()
