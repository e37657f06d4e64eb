"""Account services: invitations, registrations, second factor, password — each validated and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope, scopes_disabled

from nahbar.accounts import services, tokens
from nahbar.accounts.models import Invitation, Registration
from nahbar.directory.models import Organization
from nahbar.tenancy.models import AuditEvent, Membership
from nahbar.tenancy.roles import forget
from tests.accounts.conftest import STRONG_PASSWORD, code

User = get_user_model()


def _audit(action: str) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action))


def _invite(cast: Any, email: str = "helga@example.org", orgs: list[Organization] | None = None) -> Any:
    with scope(municipality=cast.home):
        return services.invitation_create(
            actor=cast.users["coordinator"],
            municipality=cast.home,
            email=email,
            organizations=orgs if orgs is not None else [cast.home_org],
        )


def _register(cast: Any, **overrides: Any) -> Registration:
    fields: dict[str, Any] = {
        "name": "Helga Brandt",
        "email": "helga@example.org",
        "password": STRONG_PASSWORD,
        "organization": cast.home_org,
    }
    fields.update(overrides)
    with scope(municipality=cast.home):
        return services.registration_submit(actor=None, municipality=cast.home, **fields)


# --- invitations -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_invitation_sends_a_one_time_link_and_accepting_creates_a_provider(cast: Any) -> None:
    invitation = _invite(cast, email=" Helga@Example.org ", orgs=[cast.home_org, cast.home_org_b])
    assert isinstance(invitation, Invitation) and invitation.email == "helga@example.org"
    assert mail.outbox[-1].to == ["helga@example.org"]
    assert "Nachbarschaftsverein Heimstadt" in mail.outbox[-1].body
    assert _audit("invitation.create")[0].actor == cast.users["coordinator"]
    user = services.invitation_accept(invitation=invitation, name="Helga Brandt", password=STRONG_PASSWORD)
    assert user.username == user.email == "helga@example.org" and user.is_active and user.is_staff
    with scopes_disabled():
        membership = Membership.objects.get(user=user)
        assert membership.role == "provider" and membership.municipality == cast.home
        assert set(membership.organizations.all()) == {cast.home_org, cast.home_org_b}
    assert user.has_perm("directory.change_organization", cast.home_org)
    assert not user.has_perm("directory.change_organization", cast.other_org)
    assert _audit("invitation.accept")[0].actor == user
    with pytest.raises(services.LinkUsed):
        services.invitation_accept(invitation=invitation, name="Noch mal", password=STRONG_PASSWORD)


@pytest.mark.django_db
def test_inviting_an_existing_account_adds_the_membership_straight_away(cast: Any) -> None:
    provider = cast.users["other_provider"]
    provider.email = "anderswo@example.org"
    provider.save()
    result = _invite(cast, email="ANDERSWO@example.org")
    assert isinstance(result, Membership) and result.user == provider
    with scopes_disabled():
        assert not Invitation.objects.exists()
        assert Membership.objects.filter(user=provider).count() == 2
    forget(provider)
    assert provider.has_perm("directory.change_organization", cast.home_org)
    assert "bestehendes nahbar-Konto" in mail.outbox[-1].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "orgs_of", "message"),
    [
        ("kein-at-zeichen", "home", "gültige E-Mail-Adresse"),
        ("helga@example.org", "none", "mindestens eine Organisation"),
        ("helga@example.org", "other", "Organisationen Ihrer Kommune"),
    ],
)
def test_bad_invitations_change_nothing(cast: Any, email: str, orgs_of: str, message: str) -> None:
    orgs = {"home": [cast.home_org], "none": [], "other": [cast.other_org]}[orgs_of]
    with pytest.raises(ValidationError) as caught:
        _invite(cast, email=email, orgs=orgs)
    assert message in " ".join(caught.value.messages)
    with scopes_disabled():
        assert not Invitation.objects.exists()
    assert not mail.outbox and not _audit("invitation.create")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["provider", "planner", "other_coordinator", "nobody"])
def test_only_the_municipalitys_coordinators_invite(cast: Any, role: str) -> None:
    with pytest.raises(PermissionDenied), scope(municipality=cast.home):
        services.invitation_create(
            actor=cast.users[role], municipality=cast.home, email="x@example.org", organizations=[cast.home_org]
        )


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_open_one(cast: Any) -> None:
    first = _invite(cast)
    second = _invite(cast)
    first.refresh_from_db()
    assert not first.is_open and second.is_open
    with pytest.raises(services.LinkUsed):
        services.invitation_for_token(tokens.make(first.pk, tokens.INVITATION_SALT))
    assert services.invitation_for_token(tokens.make(second.pk, tokens.INVITATION_SALT)) == second


@pytest.mark.django_db
def test_accepting_checks_name_and_password_and_changes_nothing_when_bad(cast: Any) -> None:
    invitation = _invite(cast)
    for name, password, field in [("", STRONG_PASSWORD, "name"), ("Helga", "12345678901", "password")]:
        with pytest.raises(ValidationError) as caught:
            services.invitation_accept(invitation=invitation, name=name, password=password)
        assert field in caught.value.message_dict
    weak = pytest.raises(ValidationError)
    with weak as caught:
        services.invitation_accept(invitation=invitation, name="Helga", password="helga@example.org")
    assert "password" in caught.value.message_dict
    invitation.refresh_from_db()
    assert invitation.is_open and not User.objects.filter(email="helga@example.org").exists()


def test_invitation_links_expire_after_14_days_and_cannot_be_forged() -> None:
    token = tokens.make(7, tokens.INVITATION_SALT)
    assert tokens.read(token, tokens.INVITATION_SALT, tokens.INVITATION_MAX_AGE) == 7
    with pytest.raises(tokens.LinkExpired):
        tokens.read(token, tokens.INVITATION_SALT, dt.timedelta(seconds=-1))
    with pytest.raises(tokens.LinkInvalid):
        tokens.read(token[:-2] + "xx", tokens.INVITATION_SALT, tokens.INVITATION_MAX_AGE)
    # A registration link is no invitation link, even though both carry a number.
    with pytest.raises(tokens.LinkInvalid):
        tokens.read(tokens.make(7, tokens.REGISTRATION_SALT), tokens.INVITATION_SALT, tokens.INVITATION_MAX_AGE)


# --- self-registration --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registration_confirm_approve_for_an_existing_organization(cast: Any) -> None:
    coordinator = cast.users["coordinator"]
    coordinator.email = "koordination@heimstadt.example"
    coordinator.save()
    registration = _register(cast, note="Ich leite den Seniorentreff.")
    user = registration.user
    assert not user.is_active and not user.is_staff and registration.state == "unconfirmed"
    assert mail.outbox[-1].to == ["helga@example.org"] and "/heimstadt/mitmachen/registrieren/" in mail.outbox[-1].body
    with scope(municipality=cast.home):
        assert services.registration_confirm(registration=registration) is True
        assert services.registration_confirm(registration=registration) is False
    user.refresh_from_db()
    assert user.is_active and registration.state == "pending"
    assert mail.outbox[-1].to == ["koordination@heimstadt.example"]
    assert "Helga Brandt" in mail.outbox[-1].subject
    # Until approved the account may edit nothing.
    assert not user.has_perm("directory.change_organization", cast.home_org)
    with scope(municipality=cast.home):
        services.registration_approve(actor=coordinator, registration=registration)
    user.refresh_from_db()
    forget(user)
    assert user.is_staff and user.has_perm("directory.change_organization", cast.home_org)
    registration.refresh_from_db()
    assert registration.state == "approved" and registration.decided_by == coordinator
    assert mail.outbox[-1].to == ["helga@example.org"] and "freigeschaltet" in mail.outbox[-1].body
    assert [e.action for e in _audit("registration.approve")] == ["registration.approve"]
    with pytest.raises(ValidationError), scope(municipality=cast.home):
        services.registration_approve(actor=coordinator, registration=registration)


@pytest.mark.django_db
def test_approving_a_new_organization_creates_it_with_an_audit_row(cast: Any) -> None:
    registration = _register(
        cast, organization=None, new_organization_name="Boule-Freunde", new_organization_kind="club"
    )
    with scope(municipality=cast.home):
        services.registration_confirm(registration=registration)
        membership = services.registration_approve(actor=cast.users["coordinator"], registration=registration)
        organization = Organization.objects.get(name="Boule-Freunde")
        assert list(membership.organizations.all()) == [organization]
    assert organization.municipality == cast.home and organization.kind == "club"
    assert _audit("organization.create")[-1].actor == cast.users["coordinator"]


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_tells_the_person(cast: Any) -> None:
    registration = _register(cast)
    with scope(municipality=cast.home):
        services.registration_confirm(registration=registration)
        with pytest.raises(ValidationError):
            services.registration_reject(actor=cast.users["coordinator"], registration=registration, reason=" ")
        registration.refresh_from_db()
        assert registration.state == "pending"
        services.registration_reject(
            actor=cast.users["coordinator"], registration=registration, reason="Kein Angebot gegen Einsamkeit."
        )
    registration.refresh_from_db()
    assert registration.state == "rejected"
    assert "Kein Angebot gegen Einsamkeit." in mail.outbox[-1].body
    with scopes_disabled():
        assert not Membership.objects.filter(user=registration.user).exists()


@pytest.mark.django_db
def test_unconfirmed_registrations_cannot_be_approved(cast: Any) -> None:
    registration = _register(cast)
    with pytest.raises(ValidationError), scope(municipality=cast.home):
        services.registration_approve(actor=cast.users["coordinator"], registration=registration)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["provider", "other_coordinator", "planner"])
def test_only_the_municipalitys_coordinators_decide(cast: Any, role: str) -> None:
    registration = _register(cast)
    with scope(municipality=cast.home):
        services.registration_confirm(registration=registration)
        with pytest.raises(PermissionDenied):
            services.registration_approve(actor=cast.users[role], registration=registration)
        with pytest.raises(PermissionDenied):
            services.registration_reject(actor=cast.users[role], registration=registration, reason="nein")
    registration.refresh_from_db()
    assert registration.state == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "COORDINATOR"}, "email"),  # not an address
        ({"name": " "}, "name"),
        ({"password": "qwertyuiop"}, "password"),  # common
        ({"password": "kurz"}, "password"),
        ({"organization": None}, "organization"),
        ({"organization": None, "new_organization_name": "Neu"}, "new_organization_kind"),
    ],
)
def test_bad_registrations_change_nothing(cast: Any, overrides: dict[str, Any], field: str) -> None:
    users_before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        _register(cast, **overrides)
    assert field in caught.value.message_dict
    assert User.objects.count() == users_before and not mail.outbox
    with scopes_disabled():
        assert not Registration.objects.exists()


@pytest.mark.django_db
def test_signing_up_again_replaces_a_never_confirmed_sign_up(cast: Any) -> None:
    first = _register(cast, name="Helga B.")
    second = _register(cast, email="HELGA@example.org", organization=cast.home_org_b)
    assert not User.objects.filter(pk=first.user.pk).exists()
    with scopes_disabled():
        assert list(Registration.objects.values_list("pk", flat=True)) == [second.pk]
    assert [e.action for e in _audit("registration.discard")] == ["registration.discard"]
    # Once confirmed, the address is taken.
    with scope(municipality=cast.home):
        services.registration_confirm(registration=second)
    with pytest.raises(ValidationError):
        _register(cast)


@pytest.mark.django_db
def test_an_invitation_replaces_a_never_confirmed_sign_up_of_the_same_address(cast: Any) -> None:
    stale = _register(cast)
    invitation = _invite(cast)
    assert isinstance(invitation, Invitation)  # the inactive account does not count as an existing one
    user = services.invitation_accept(invitation=invitation, name="Helga Brandt", password=STRONG_PASSWORD)
    assert user.is_active and not User.objects.filter(pk=stale.user.pk).exists()


@pytest.mark.django_db
def test_registering_with_a_taken_address_or_another_municipalitys_organization_fails(cast: Any) -> None:
    cast.users["planner"].email = "planung@example.org"
    cast.users["planner"].save()
    with pytest.raises(ValidationError) as caught:
        _register(cast, email="Planung@Example.org")
    assert "schon ein Konto" in caught.value.message_dict["email"][0]
    with pytest.raises(ValidationError) as caught:
        _register(cast, organization=cast.other_org)
    assert "anderen Kommune" in caught.value.message_dict["organization"][0]


# --- second factor and password ------------------------------------------------------------------------


@pytest.mark.django_db
def test_totp_set_up_confirm_and_remove(cast: Any) -> None:
    user = cast.users["provider"]
    device = services.totp_start(actor=user)
    assert not device.confirmed
    with pytest.raises(ValidationError):
        services.totp_confirm(actor=user, token="000000" if code(device) != "000000" else "111111")
    device.refresh_from_db()
    device.throttle_reset()
    services.totp_confirm(actor=user, token=code(device))
    assert services.confirmed_device(user) == TOTPDevice.objects.get(pk=device.pk)
    assert _audit("totp.confirm")[0].actor == user
    with pytest.raises(ValidationError):
        services.totp_remove(actor=user, token="abc")
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next one wait a second
    services.totp_remove(actor=user, token=code(device, steps_ahead=1))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert _audit("totp.remove")[0].actor == user


@pytest.mark.django_db
def test_password_change_checks_the_old_password_and_the_validators(cast: Any) -> None:
    user = cast.users["provider"]
    with pytest.raises(ValidationError) as caught:
        services.password_change(actor=user, old_password="falsch", new_password=STRONG_PASSWORD)
    assert "old_password" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.password_change(actor=user, old_password="nahbar-test-pw-123", new_password="1234567890")
    assert "password" in caught.value.message_dict
    services.password_change(actor=user, old_password="nahbar-test-pw-123", new_password=STRONG_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)
    assert _audit("user.password_change")[0].actor == user
