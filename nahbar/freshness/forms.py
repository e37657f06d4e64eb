from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MAX_PAUSE_DAYS = 366


class PauseForm(forms.Form):
    until = forms.DateField(
        label=_("Das Angebot läuft wieder ab"),
        help_text=_("Bis dahin erscheint es nicht im Finder. Ab diesem Tag ist es von selbst wieder da."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Bitte geben Sie ein Datum an."), "invalid": _("Bitte ein gültiges Datum.")},
    )

    @staticmethod
    def bounds(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        today = today or timezone.localdate()
        return today + dt.timedelta(days=1), today + dt.timedelta(days=MAX_PAUSE_DAYS)

    def clean_until(self) -> Any:
        value = self.cleaned_data["until"]
        first, last = self.bounds()
        if value < first:
            raise forms.ValidationError(_("Das Datum muss in der Zukunft liegen."))
        if value > last:
            raise forms.ValidationError(
                _("Höchstens ein Jahr im Voraus, also bis %(date)s.") % {"date": date_format(last, "j. F Y")}
            )
        return value
