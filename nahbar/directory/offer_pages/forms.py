from django import forms
from django.utils.translation import gettext_lazy as _


class OfferFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Was stimmt nicht mehr?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Zum Beispiel: Die Zeit hat sich geändert, der Treff findet nicht mehr statt."),
        error_messages={"required": _("Bitte schreiben Sie kurz, was nicht mehr stimmt.")},
    )
    contact = forms.CharField(
        label=_("Wie können wir Sie erreichen?"),
        max_length=200,
        required=False,
        help_text=_("Nur wenn Sie eine Antwort möchten. Wir nutzen die Angabe nur dafür."),
    )
    # Honeypot: hidden from people (and screen readers), filled in by form-spamming bots.
    website = forms.CharField(label=_("Bitte leer lassen"), required=False, max_length=200)

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
