from django import forms
from django.utils.translation import gettext_lazy as _


class BarrierFeedbackForm(forms.Form):
    page = forms.CharField(
        label=_("Auf welcher Seite?"),
        max_length=300,
        required=False,
        help_text=_("Adresse oder Name der Seite, wenn Sie sie wissen."),
    )
    message = forms.CharField(
        label=_("Was hat nicht funktioniert?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    contact = forms.CharField(
        label=_("Wie können wir Sie erreichen?"),
        max_length=200,
        required=False,
        help_text=_("Nur wenn Sie eine Antwort möchten. Wir nutzen die Angabe nur dafür."),
    )
