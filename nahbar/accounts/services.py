"""Writes on accounts: invitations, self-registrations, second factors, passwords.

Every function takes an explicit actor, checks what the actor may do, validates before it writes
(bad input raises ValidationError and changes nothing) and writes an audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from nahbar.accounts import mail, tokens
from nahbar.accounts.models import Invitation, Registration
from nahbar.directory.models import Organization
from nahbar.directory.services import organization_create
from nahbar.tenancy import audit
from nahbar.tenancy.models import Membership, Municipality, Role
from nahbar.tenancy.services import membership_grant

MANAGE = "accounts.manage_accounts"
WRONG_CODE = gettext_noop("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus der App ein.")


class LinkUsed(Exception):
    """The link was genuine, but has already been used (or withdrawn)."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def account_for_email(email: str) -> Any:
    """The account whose e-mail address or username is ``email`` (case-insensitive), else None."""
    email = normalize_email(email)
    if not email:
        return None
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).order_by("pk").first()


def _require(actor: Any, municipality: Municipality) -> None:
    if actor is None or not actor.has_perm(MANAGE, municipality):
        raise PermissionDenied


def _clean_email(email: str) -> str:
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from None
    return email


def _check_password(password: str, *, email: str, name: str) -> None:
    # The validators compare the password with the account's name and address, so pass an unsaved one.
    probe = get_user_model()(username=email, email=email, first_name=name)
    try:
        validate_password(password, user=probe)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None


def _account_create(*, actor: audit.Actor, email: str, name: str, password: str, active: bool, staff: bool) -> Any:
    user: Any = get_user_model()(username=email, email=email, first_name=name[:150], is_active=active, is_staff=staff)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=actor or user, action="user.create", obj=user, changes={"username": email, "active": active})
    return user


def _own_organizations(municipality: Municipality, organizations: Iterable[Organization]) -> list[Organization]:
    orgs = list(organizations)
    if not orgs:
        raise ValidationError({"organizations": _("Bitte wählen Sie mindestens eine Organisation.")})
    if any(org.municipality_id != municipality.pk for org in orgs):
        raise ValidationError({"organizations": _("Sie können nur zu Organisationen Ihrer Kommune einladen.")})
    return orgs


# --- invitations -----------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, actor: Any, municipality: Municipality, email: str, organizations: Iterable[Organization]
) -> Invitation | Membership:
    """Invite ``email`` to act for ``organizations``.

    An address that already has an account gets the provider membership straight away (and an e-mail
    saying so); any other address gets an e-mail with a one-time link, valid for 14 days.
    """
    _require(actor, municipality)
    email = _clean_email(email)
    orgs = _own_organizations(municipality, organizations)
    existing = account_for_email(email)
    if existing is not None and not _unconfirmed_only(existing):
        membership = membership_grant(
            actor=actor, user=existing, municipality=municipality, role=Role.PROVIDER, organizations=orgs
        )
        if not existing.is_staff:
            existing.is_staff = True
            existing.save(update_fields=["is_staff"])
        mail.send(
            "membership_added",
            [existing.email],
            {"municipality": municipality, "organizations": orgs, "login_url": mail.absolute("accounts-login")},
        )
        return membership
    with scopes_disabled():
        # A new invitation replaces older open ones for the same address: only the newest link works.
        Invitation.objects.filter(municipality=municipality, email=email, accepted_at=None, withdrawn_at=None).update(
            withdrawn_at=timezone.now()
        )
    invitation = Invitation.objects.create(municipality=municipality, email=email, invited_by=actor)
    invitation.organizations.set(orgs)
    audit.record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        changes={"email": email, "organizations": [o.pk for o in orgs]},
    )
    link = mail.absolute("accounts-invitation", token=tokens.make(invitation.pk, tokens.INVITATION_SALT))
    mail.send(
        "invitation",
        [email],
        {"municipality": municipality, "organizations": orgs, "link": link, "days": tokens.INVITATION_MAX_AGE.days},
    )
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The open invitation behind a link; raises tokens.LinkExpired, tokens.LinkInvalid or LinkUsed."""
    pk = tokens.read(token, tokens.INVITATION_SALT, tokens.INVITATION_MAX_AGE)
    with scopes_disabled():
        invitation = Invitation.objects.select_related("municipality").filter(pk=pk).first()
    if invitation is None:
        raise tokens.LinkInvalid
    if not invitation.is_open:
        raise LinkUsed
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, name: str, password: str) -> Any:
    """Create the invitee's account (the invitee is the actor) with a provider membership."""
    with scopes_disabled():
        fresh = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not fresh.is_open:
            raise LinkUsed
        orgs = list(fresh.organizations.all())
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie Ihren Namen an.")})
    existing = account_for_email(fresh.email)
    if existing is not None and not _unconfirmed_only(existing):
        raise ValidationError(_("Für diese E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich damit an."))
    _check_password(password, email=fresh.email, name=name)
    if existing is not None:
        # A sign-up never confirmed: the invitation confirms the address, so it takes that account's place.
        _discard_unconfirmed(None, existing)
    user = _account_create(actor=None, email=fresh.email, name=name, password=password, active=True, staff=True)
    membership_grant(actor=user, user=user, municipality=fresh.municipality, role=Role.PROVIDER, organizations=orgs)
    fresh.accepted_at = timezone.now()
    fresh.save(update_fields=["accepted_at"])
    audit.record(actor=user, action="invitation.accept", obj=fresh, changes={"user": user.get_username()})
    return user


@transaction.atomic
def invitation_withdraw(*, actor: Any, invitation: Invitation) -> None:
    _require(actor, invitation.municipality)
    if not invitation.is_open:
        raise ValidationError(_("Diese Einladung ist schon angenommen oder zurückgezogen."))
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit.record(actor=actor, action="invitation.withdraw", obj=invitation)


# --- self-registration ------------------------------------------------------------------------------


@transaction.atomic
def registration_submit(
    *,
    actor: audit.Actor,
    municipality: Municipality,
    name: str,
    email: str,
    password: str,
    organization: Organization | None = None,
    new_organization_name: str = "",
    new_organization_kind: str = "",
    note: str = "",
) -> Registration:
    """Create an inactive account and the request; the e-mail's link (valid 3 days) confirms the address.

    ``actor`` is whoever submitted (usually an anonymous visitor); the audit row names the new account.
    """
    name = name.strip()
    new_organization_name = new_organization_name.strip()
    errors: dict[str, list[str]] = {}
    existing = None
    if not name:
        errors.setdefault("name", []).append(_("Bitte geben Sie Ihren Namen an."))
    try:
        email = _clean_email(email)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        existing = account_for_email(email)
        if existing is not None and not _unconfirmed_only(existing):
            errors.setdefault("email", []).append(
                _("Mit dieser E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich damit an.")
            )
    if organization is not None and organization.municipality_id != municipality.pk:
        errors.setdefault("organization", []).append(_("Diese Organisation gehört zu einer anderen Kommune."))
    if organization is None and not new_organization_name:
        errors.setdefault("organization", []).append(_("Bitte wählen Sie Ihre Organisation oder nennen Sie eine neue."))
    if organization is None and new_organization_name and new_organization_kind not in Organization.Kind.values:
        errors.setdefault("new_organization_kind", []).append(_("Bitte wählen Sie die Art der Organisation."))
    try:
        _check_password(password, email=email, name=name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if existing is not None:
        # An earlier sign-up whose link was never opened (perhaps expired): this one takes its place.
        _discard_unconfirmed(actor, existing)
    user = _account_create(actor=actor, email=email, name=name, password=password, active=False, staff=False)
    registration = Registration.objects.create(
        municipality=municipality,
        user=user,
        name=name,
        email=email,
        organization=organization,
        new_organization_name="" if organization else new_organization_name,
        new_organization_kind="" if organization else new_organization_kind,
        note=note.strip(),
    )
    audit.record(actor=user, action="registration.submit", obj=registration, changes=audit.snapshot(registration))
    link = mail.absolute(
        "accounts-register-confirm",
        municipality_slug=municipality.slug,
        token=tokens.make(registration.pk, tokens.REGISTRATION_SALT),
    )
    mail.send(
        "registration_confirm",
        [email],
        {"municipality": municipality, "name": name, "link": link, "days": tokens.REGISTRATION_MAX_AGE.days},
    )
    return registration


def _unconfirmed_only(user: Any) -> bool:
    """An account that exists only because of sign-ups whose e-mail address was never confirmed."""
    with scopes_disabled():
        registrations = list(Registration.objects.filter(user=user).values_list("state", flat=True))
        has_membership = Membership.objects.filter(user=user).exists()
    return (
        not user.is_active
        and not has_membership
        and bool(registrations)
        and all(state == Registration.State.UNCONFIRMED for state in registrations)
    )


def _discard_unconfirmed(actor: audit.Actor, user: Any) -> None:
    with scopes_disabled():
        for registration in Registration.objects.filter(user=user):
            audit.record(
                actor=actor or user,
                action="registration.discard",
                obj=registration,
                changes={"reason": "replaced by a new sign-up"},
            )
    audit.record(actor=actor or user, action="user.delete", obj=user, changes={"username": user.get_username()})
    user.delete()


def registration_for_token(token: str, municipality: Municipality) -> Registration:
    """The registration behind a confirmation link of this municipality; raises LinkExpired or LinkInvalid."""
    pk = tokens.read(token, tokens.REGISTRATION_SALT, tokens.REGISTRATION_MAX_AGE)
    registration = Registration.objects.select_related("user").filter(pk=pk, municipality=municipality).first()
    if registration is None:
        raise tokens.LinkInvalid
    return registration


@transaction.atomic
def registration_confirm(*, registration: Registration) -> bool:
    """Mark the address confirmed and tell the coordinators. False (nothing changed) if done before."""
    fresh = Registration.objects.select_for_update().select_related("user", "municipality").get(pk=registration.pk)
    if fresh.state != Registration.State.UNCONFIRMED:
        return False
    now = timezone.now()
    fresh.state = Registration.State.PENDING
    fresh.confirmed_at = now
    fresh.save(update_fields=["state", "confirmed_at"])
    user = fresh.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=user, action="registration.confirm", obj=fresh, changes={"state": fresh.state})
    municipality = fresh.municipality
    with scopes_disabled():
        coordinators = Membership.objects.filter(municipality=municipality, role=Role.COORDINATOR).values_list(
            "user__email", flat=True
        )
        mail.send(
            "registration_pending",
            list(coordinators),
            {
                "municipality": municipality,
                "registration": fresh,
                "link": mail.absolute("accounts-manage", municipality_slug=municipality.slug),
            },
        )
    registration.state, registration.confirmed_at = fresh.state, fresh.confirmed_at
    return True


def _pending(registration: Registration) -> Registration:
    fresh = Registration.objects.select_for_update().select_related("user", "municipality").get(pk=registration.pk)
    if fresh.state != Registration.State.PENDING:
        raise ValidationError(_("Über diese Anfrage ist schon entschieden oder die E-Mail-Adresse ist unbestätigt."))
    return fresh


@transaction.atomic
def registration_approve(*, actor: Any, registration: Registration) -> Membership:
    """Give the account a provider membership (creating a newly named organization first)."""
    _require(actor, registration.municipality)
    fresh = _pending(registration)
    organization = fresh.organization
    if organization is None:
        organization = organization_create(
            actor=actor,
            municipality=fresh.municipality,
            name=fresh.new_organization_name,
            kind=fresh.new_organization_kind or Organization.Kind.OTHER,
        )
    user = fresh.user
    membership = membership_grant(
        actor=actor, user=user, municipality=fresh.municipality, role=Role.PROVIDER, organizations=[organization]
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    fresh.state = Registration.State.APPROVED
    fresh.organization = organization
    fresh.decided_at = timezone.now()
    fresh.decided_by = actor
    fresh.membership = membership
    fresh.save(update_fields=["state", "organization", "decided_at", "decided_by", "membership"])
    audit.record(
        actor=actor,
        action="registration.approve",
        obj=fresh,
        changes={"state": fresh.state, "organization": organization.pk},
    )
    mail.send(
        "registration_approved",
        [fresh.email],
        {
            "municipality": fresh.municipality,
            "organization": organization,
            "login_url": mail.absolute("accounts-login"),
        },
    )
    return membership


@transaction.atomic
def registration_reject(*, actor: Any, registration: Registration, reason: str) -> None:
    _require(actor, registration.municipality)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte schreiben Sie kurz, warum Sie ablehnen.")})
    fresh = _pending(registration)
    fresh.state = Registration.State.REJECTED
    fresh.reason = reason
    fresh.decided_at = timezone.now()
    fresh.decided_by = actor
    fresh.save(update_fields=["state", "reason", "decided_at", "decided_by"])
    audit.record(actor=actor, action="registration.reject", obj=fresh, changes={"reason": reason})
    mail.send("registration_rejected", [fresh.email], {"municipality": fresh.municipality, "reason": reason})


# --- second factor and password -----------------------------------------------------------------------


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def totp_start(*, actor: Any) -> TOTPDevice:
    """A new, unconfirmed TOTP secret for the actor (an earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="nahbar", confirmed=False)


@transaction.atomic
def totp_confirm(*, actor: Any, token: str) -> TOTPDevice:
    """Confirm the actor's pending secret with a code from the app; raises ValidationError if wrong."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is None:
        raise ValidationError(_("Bitte beginnen Sie die Einrichtung neu."))
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError({"token": _(WRONG_CODE)})
    # One confirmed device per account keeps the account page simple.
    TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=actor, action="totp.confirm", object_type="otp_totp.totpdevice", object_id=str(device.pk))
    return device


@transaction.atomic
def totp_remove(*, actor: Any, token: str) -> None:
    """Remove the actor's second factor; a current code proves the phone is at hand."""
    device = confirmed_device(actor)
    if device is None:
        raise ValidationError(_("Für dieses Konto ist keine Bestätigung in zwei Schritten eingerichtet."))
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError({"token": _(WRONG_CODE)})
    TOTPDevice.objects.filter(user=actor).delete()
    audit.record(actor=actor, action="totp.remove", object_type="otp_totp.totpdevice", object_id=str(device.pk))


@transaction.atomic
def password_change(*, actor: Any, old_password: str, new_password: str) -> None:
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": _("Das bisherige Passwort stimmt nicht.")})
    _check_password(new_password, email=actor.email or actor.get_username(), name=actor.first_name)
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit.record(actor=actor, action="user.password_change", obj=actor)
