"""The account page: second factor (set up with a QR code drawn here, or remove) and password."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from nahbar.accounts import second_factor, services
from nahbar.accounts.forms import CodeForm, PasswordChangeForm, apply_errors
from nahbar.accounts.views_auth import safe_next


def _qr_svg(device: TOTPDevice) -> str:
    # Drawn here, inline: the secret never leaves the server for a QR service.
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, title=_("QR-Code für die App"))
    return mark_safe(svg)  # noqa: S308 - segno's own SVG markup, no user input besides the escaped URI


def _secret_text(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("old_password", "new_password", "token")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    action = request.POST.get("action", "")
    next_url = safe_next(request)
    code_form = CodeForm(request.POST if action in {"totp-confirm", "totp-remove"} else None)
    password_form = PasswordChangeForm(request.POST if action == "password" else None)
    if action == "totp-start":
        services.totp_start(actor=user)
        return redirect(_self(next_url) + "#zwei-schritte")
    if action in {"totp-confirm", "totp-remove"} and code_form.is_valid():
        try:
            if action == "totp-confirm":
                device = services.totp_confirm(actor=user, token=code_form.cleaned_data["token"])
                # The code just entered proves the second factor for this session, too.
                otp_login(request, device)
                messages.success(request, _("Die Bestätigung in zwei Schritten ist eingerichtet."))
                return redirect(next_url or _self(""))
            services.totp_remove(actor=user, token=code_form.cleaned_data["token"])
            messages.success(request, _("Die Bestätigung in zwei Schritten ist entfernt."))
            return redirect(_self(next_url))
        except ValidationError as exc:
            apply_errors(code_form, exc)
    if action == "password" and password_form.is_valid():
        try:
            services.password_change(
                actor=user,
                old_password=password_form.cleaned_data["old_password"],
                new_password=password_form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            apply_errors(password_form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Ihr Passwort ist geändert."))
            return redirect(_self(next_url))
    device = services.confirmed_device(user)
    pending = None if device else TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    context = {
        "device": device,
        "pending": pending,
        "qr_svg": _qr_svg(pending) if pending else "",
        "secret": _secret_text(pending) if pending else "",
        "code_form": code_form,
        "password_form": password_form,
        "action": action,
        "required": second_factor.must_use_second_factor(user),
        "next": next_url,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/profile.html", context, status=status)


def _self(next_url: str) -> str:
    url = reverse("accounts-profile")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
