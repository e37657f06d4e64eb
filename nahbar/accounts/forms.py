"""Forms of the account pages. They check the shape of the input; the services check the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nahbar.accounts.services import account_for_email
from nahbar.directory.models import Organization
from nahbar.tenancy.models import Municipality

CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "maxlength": "8"}


def style(form: forms.BaseForm) -> None:
    """KERN UX classes on the widgets (checkbox lists are drawn by the template)."""
    for field in form.fields.values():
        if not isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs.setdefault("class", "kern-form-input__input")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class LoginForm(AuthenticationForm):
    """Username or e-mail address, and password; django-axes counts the failures."""

    error_messages = {
        "invalid_login": _(
            "Die E-Mail-Adresse (oder der Benutzername) oder das Passwort stimmt nicht. "
            "Haben Sie sich gerade registriert? Dann bestätigen Sie bitte zuerst Ihre E-Mail-Adresse."
        ),
        "inactive": _("Dieses Konto ist gesperrt."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-Mail-Adresse oder Benutzername")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        # No autofocus: screen-reader users would skip the page's introduction and the skip link.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].label = _("Passwort")
        style(self)

    def clean_username(self) -> str:
        # People type their e-mail address; accounts created by nahbar use it as the username anyway.
        value = str(self.cleaned_data.get("username", "")).strip()
        if "@" in value:
            account = account_for_email(value)
            if account is not None:
                return str(account.get_username())
        return value


class CodeForm(StyledForm):
    token = forms.CharField(
        label=_("Code aus der App"),
        max_length=8,
        help_text=_("Sechs Ziffern, z. B. aus FreeOTP, Aegis oder Google Authenticator."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).replace(" ", "")
        if not token.isdigit():
            raise ValidationError(_("Der Code besteht nur aus Ziffern."))
        return token


class PasswordChangeForm(StyledForm):
    old_password = forms.CharField(
        label=_("Bisheriges Passwort"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("Neues Passwort"),
        help_text=_("Mindestens 10 Zeichen; kein gängiges Passwort, nicht nur Ziffern."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class OrganizationChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class InviteForm(StyledForm):
    email = forms.EmailField(label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    organizations = OrganizationChoiceField(
        label=_("Organisationen"),
        queryset=Organization.objects.none(),
        help_text=_("Für welche Organisationen darf die Person Angebote und Orte pflegen?"),
        error_messages={"required": _("Bitte wählen Sie mindestens eine Organisation.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("Begründung (geht per E-Mail an die Person)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class InvitationAcceptForm(StyledForm):
    name = forms.CharField(label=_("Ihr Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password = forms.CharField(
        label=_("Passwort"),
        help_text=_("Mindestens 10 Zeichen; kein gängiges Passwort, nicht nur Ziffern."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class RegistrationForm(StyledForm):
    name = forms.CharField(label=_("Ihr Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"})
    )
    password = forms.CharField(
        label=_("Passwort"),
        help_text=_("Mindestens 10 Zeichen; kein gängiges Passwort, nicht nur Ziffern."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Ihre Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("– noch nicht dabei: unten neu nennen –"),
    )
    new_organization_name = forms.CharField(
        label=_("Oder: Name der neuen Organisation"), max_length=200, required=False
    )
    new_organization_kind = forms.ChoiceField(
        label=_("Art der neuen Organisation"),
        choices=[("", _("– bitte wählen –")), *Organization.Kind.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Kurze Nachricht an die Koordinierungsstelle"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel: was Sie anbieten oder wer Sie in der Organisation sind."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
