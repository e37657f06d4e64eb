"""Pages reached from e-mails or by new providers: accepting an invitation, registering, confirming."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login as auth_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_scopes import scope

from nahbar.accounts import services, tokens
from nahbar.accounts.forms import InvitationAcceptForm, RegistrationForm, apply_errors
from nahbar.accounts.models import Invitation

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _link_problem(request: HttpRequest, kind: str, problem: str) -> HttpResponse:
    return render(request, "accounts/link_problem.html", {"kind": kind, "problem": problem}, status=400)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = services.invitation_for_token(token)
    except tokens.LinkExpired:
        return _link_problem(request, "invitation", "expired")
    except tokens.LinkInvalid:
        return _link_problem(request, "invitation", "invalid")
    except services.LinkUsed:
        return _link_problem(request, "invitation", "used")
    # The address carries no municipality slug, so the tenant scope is the invitation's own.
    with scope(municipality=invite.municipality):
        return _accept(request, invite)


def _accept(request: HttpRequest, invite: Invitation) -> HttpResponse:
    form = InvitationAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invite, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
            )
        except services.LinkUsed:
            return _link_problem(request, "invitation", "used")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            auth_login(request, user, backend=BACKEND)
            return render(request, "accounts/invitation_done.html", {"invitation": invite})
    organizations = list(invite.organizations.all())
    context = {"form": form, "invitation": invite, "organizations": organizations}
    return render(request, "accounts/invitation.html", context, status=400 if form.errors else 200)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality: Any = request.municipality  # type: ignore[attr-defined]
    form = RegistrationForm(request.POST if request.method == "POST" else None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_submit(
                actor=request.user,
                municipality=municipality,
                name=data["name"],
                email=data["email"],
                password=data["password"],
                organization=data["organization"],
                new_organization_name=data["new_organization_name"],
                new_organization_kind=data["new_organization_kind"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "accounts/register_sent.html", {"registration": registration})
    return render(request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
def register_confirm(request: HttpRequest, municipality_slug: str, token: str) -> HttpResponse:
    # Confirming on GET: the link only proves that the mailbox received it, so a mail scanner opening
    # it early does no harm, and the volunteer needs no further click.
    try:
        registration = services.registration_for_token(token, request.municipality)  # type: ignore[attr-defined]
    except tokens.LinkExpired:
        return _link_problem(request, "registration", "expired")
    except tokens.LinkInvalid:
        return _link_problem(request, "registration", "invalid")
    changed = services.registration_confirm(registration=registration)
    return render(request, "accounts/register_confirmed.html", {"registration": registration, "changed": changed})
