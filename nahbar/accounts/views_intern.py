"""The coordinators' account screen: provider accounts, registrations to decide, invitations."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nahbar.accounts import services
from nahbar.accounts.forms import InviteForm, RejectForm, apply_errors
from nahbar.accounts.models import Invitation, Registration
from nahbar.directory.models import Organization
from nahbar.tenancy.access import get_permitted
from nahbar.tenancy.models import Membership, Role


def coordinator_required(view: Any) -> Any:
    """Anonymous → sign-in page; signed in without the permission for this municipality → 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(services.MANAGE, request.municipality):  # type: ignore[attr-defined]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _screen(request: HttpRequest, *, invite_form: InviteForm | None = None, status: int = 200) -> HttpResponse:
    municipality: Any = request.municipality  # type: ignore[attr-defined]
    providers = (
        Membership.objects.filter(municipality=municipality, role=Role.PROVIDER)
        .select_related("user")
        .prefetch_related(Prefetch("organizations", queryset=Organization.objects.order_by("name")))
        .order_by("user__first_name", "user__username")
    )
    registrations = Registration.objects.filter(
        municipality=municipality, state__in=[Registration.State.PENDING, Registration.State.UNCONFIRMED]
    ).select_related("organization")
    invitations = (
        Invitation.objects.filter(municipality=municipality, accepted_at=None, withdrawn_at=None)
        .prefetch_related("organizations")
        .order_by("-created_at")
    )
    context = {
        "providers": providers,
        "pending": [r for r in registrations if r.state == Registration.State.PENDING],
        "unconfirmed": [r for r in registrations if r.state == Registration.State.UNCONFIRMED],
        "invitations": invitations,
        "invite_form": invite_form or InviteForm(municipality=municipality),
        "reject_form": RejectForm(),
    }
    return render(request, "accounts/manage.html", context, status=status)


@coordinator_required
def manage(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    return _screen(request)


@coordinator_required
@require_POST
def invite(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality: Any = request.municipality  # type: ignore[attr-defined]
    form = InviteForm(request.POST, municipality=municipality)
    if form.is_valid():
        try:
            result = services.invitation_create(
                actor=request.user,
                municipality=municipality,
                email=form.cleaned_data["email"],
                organizations=form.cleaned_data["organizations"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if isinstance(result, Invitation):
                messages.success(request, _("Die Einladung an %(email)s ist verschickt.") % {"email": result.email})
            else:
                messages.success(
                    request,
                    _("%(email)s hatte schon ein Konto und kann jetzt für die gewählten Organisationen arbeiten.")
                    % {"email": result.user.email},
                )
            return redirect("accounts-manage", municipality_slug=municipality.slug)
    return _screen(request, invite_form=form, status=400)


@coordinator_required
@require_http_methods(["POST"])
def decide(request: HttpRequest, municipality_slug: str, registration_id: int) -> HttpResponse:
    municipality: Any = request.municipality  # type: ignore[attr-defined]
    registration = get_permitted(
        Registration, user=request.user, perm=services.MANAGE, municipality=municipality, pk=registration_id
    )
    try:
        if request.POST.get("decision") == "approve":
            services.registration_approve(actor=request.user, registration=registration)
            messages.success(request, _("%(name)s ist freigeschaltet.") % {"name": registration.name})
        elif request.POST.get("decision") == "reject":
            services.registration_reject(
                actor=request.user, registration=registration, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Die Anfrage von %(name)s ist abgelehnt.") % {"name": registration.name})
        else:
            messages.error(request, _("Bitte wählen Sie „Freischalten“ oder „Ablehnen“."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts-manage", municipality_slug=municipality.slug)


@coordinator_required
@require_POST
def withdraw(request: HttpRequest, municipality_slug: str, invitation_id: int) -> HttpResponse:
    municipality: Any = request.municipality  # type: ignore[attr-defined]
    invitation = get_permitted(
        Invitation, user=request.user, perm=services.MANAGE, municipality=municipality, pk=invitation_id
    )
    try:
        services.invitation_withdraw(actor=request.user, invitation=invitation)
        messages.success(request, _("Die Einladung an %(email)s ist zurückgezogen.") % {"email": invitation.email})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts-manage", municipality_slug=municipality.slug)
