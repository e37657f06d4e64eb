"""Writes on municipalities, accounts and memberships. Each writes an audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from nahbar.tenancy import audit
from nahbar.tenancy.models import Membership, Municipality, Role
from nahbar.tenancy.roles import forget


@transaction.atomic
def municipality_create(
    *, actor: audit.Actor, name: str, slug: str, ags: str, land: str, is_demo: bool = False, data_attribution: str = ""
) -> Municipality:
    municipality = Municipality(
        name=name, slug=slug, ags=ags, land=land, is_demo=is_demo, data_attribution=data_attribution
    )
    municipality.full_clean()
    municipality.save()
    audit.record(actor=actor, action="municipality.create", obj=municipality, changes=audit.snapshot(municipality))
    return municipality


@transaction.atomic
def user_create(
    *, actor: audit.Actor, username: str, email: str = "", password: str | None = None, is_superuser: bool = False
) -> AbstractUser:
    """Create an account. Without a password the account cannot log in until one is set."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(_("Ein Konto mit dem Namen „%(name)s“ gibt es schon.") % {"name": username})
    user: Any = user_model(username=username, email=email, is_staff=True, is_superuser=is_superuser)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=actor,
        action="user.create",
        obj=user,
        changes={"username": username, "email": email, "is_superuser": is_superuser},
    )
    return user


@transaction.atomic
def membership_grant(
    *, actor: audit.Actor, user: Any, municipality: Municipality, role: str, organizations: Iterable[models.Model] = ()
) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Unbekannte Rolle „%(role)s“.") % {"role": role})
    orgs = list(organizations)
    if role != Role.PROVIDER and orgs:
        raise ValidationError(_("Nur Anbieter-Konten werden an Organisationen gebunden."))
    if any(getattr(org, "municipality_id", None) != municipality.pk for org in orgs):
        raise ValidationError(_("Die Organisationen müssen zur selben Kommune gehören."))
    with scopes_disabled():
        membership, created = Membership.objects.get_or_create(user=user, municipality=municipality, role=role)
        if orgs:
            membership.organizations.add(*orgs)  # type: ignore[arg-type]
    forget(user)
    audit.record(
        actor=actor,
        action="membership.grant" if created else "membership.extend",
        obj=membership,
        municipality=municipality,
        changes={"user": user.get_username(), "role": role, "organizations": [o.pk for o in orgs]},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: audit.Actor, membership: Membership) -> None:
    municipality = membership.municipality
    label = str(membership)
    user = membership.user
    pk = membership.pk
    membership.delete()
    forget(user)
    audit.record(
        actor=actor,
        action="membership.revoke",
        municipality=municipality,
        object_type="tenancy.membership",
        object_id=str(pk),
        object_repr=label,
    )
