"""Signing in (password, then the app's code where one is set up), signing out, where to go next, lockout."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_scopes import scopes_disabled

from nahbar.accounts import second_factor
from nahbar.accounts.forms import CodeForm, LoginForm
from nahbar.accounts.models import Registration
from nahbar.tenancy.models import Membership, Role

# Between the password and the code the account is not signed in; the session only remembers who is halfway.
PENDING_KEY = "accounts_pending_login"
PENDING_MAX_SECONDS = 300


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated and request.method == "GET" and not next_url:
        return redirect("accounts-start")
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if second_factor.has_device(user):
            request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "at": time.time()}
            return redirect(_with_next("accounts-login-code", next_url))
        auth_login(request, user)
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _pending_user(request: HttpRequest) -> tuple[Any, str] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_MAX_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    return (user, str(pending["backend"])) if user is not None else None


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step. Also reached by sessions that signed in with a password elsewhere (the admin form)."""
    next_url = safe_next(request)
    signed_in = request.user.is_authenticated
    if signed_in and request.user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    pending = None if signed_in else _pending_user(request)
    if not signed_in and pending is None:
        messages.info(request, _("Bitte melden Sie sich erneut an; die Anmeldung hat zu lange gedauert."))
        return redirect(_with_next("accounts-login", next_url))
    user: Any = request.user if signed_in else pending[0]  # type: ignore[index]
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # match_token asks each confirmed device; TOTP devices slow down repeated wrong codes themselves.
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            if not signed_in:
                request.session.pop(PENDING_KEY, None)
                auth_login(request, user, backend=pending[1])  # type: ignore[index]
            otp_login(request, device)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _("Der Code stimmt nicht oder ist abgelaufen. Bitte geben Sie den aktuellen Code ein."))
    return render(request, "accounts/login_code.html", {"form": form, "next": next_url})


@csrf_protect
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        auth_logout(request)
        messages.success(request, _("Sie sind abgemeldet."))
        return redirect("home")
    return render(request, "accounts/logout.html")


def start(request: HttpRequest) -> HttpResponse:
    """After signing in: straight to the provider area when that is the only place, else a short choice."""
    if not request.user.is_authenticated:
        return redirect(_with_next("accounts-login", request.get_full_path()))
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=request.user).select_related("municipality").order_by("municipality__name")
        )
        registrations = list(
            Registration.objects.filter(
                user=request.user, state__in=[Registration.State.PENDING, Registration.State.REJECTED]
            ).select_related("municipality")
        )
    if len(memberships) == 1 and memberships[0].role == Role.PROVIDER and not registrations:
        # The provider area (/<slug>/mitmachen/) belongs to another module; its path is fixed by the URL plan.
        return redirect(reverse("municipality-home", args=[memberships[0].municipality.slug]) + "mitmachen/")
    return render(request, "accounts/start.html", {"memberships": memberships, "registrations": registrations})


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' lockout response: a page that says what happened and when to try again (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
