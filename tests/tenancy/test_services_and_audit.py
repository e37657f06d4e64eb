from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from nahbar.tenancy.models import AuditEvent, Membership
from nahbar.tenancy.roles import roles_in
from nahbar.tenancy.services import membership_grant, membership_revoke, municipality_create, user_create


@pytest.mark.django_db
def test_municipality_create_validates_and_audits() -> None:
    with pytest.raises(ValidationError) as info:
        municipality_create(actor=None, name="X", slug="x", ags="123", land="ZZ")
    assert set(info.value.message_dict) == {"ags", "land"}
    municipality = municipality_create(actor=None, name="Dresden", slug="dresden", ags="14612000", land="SN")
    with scopes_disabled():
        event = AuditEvent.objects.get(action="municipality.create")
    assert event.municipality == municipality
    assert event.actor_label == "system"
    assert event.changes["slug"] == "dresden"


@pytest.mark.django_db
def test_membership_grant_and_revoke_are_audited(cast: Any) -> None:
    actor = cast.users["coordinator"]
    user = user_create(actor=actor, username="neu", password="ein-langes-passwort")
    membership = membership_grant(actor=actor, user=user, municipality=cast.home, role="viewer")
    assert roles_in(user, cast.home.pk) == {"viewer"}
    membership_revoke(actor=actor, membership=membership)
    assert roles_in(user, cast.home.pk) == frozenset()
    with scopes_disabled():
        actions = list(AuditEvent.objects.filter(actor=actor).values_list("action", flat=True))
        assert not Membership.objects.filter(user=user).exists()
    assert sorted(actions) == ["membership.grant", "membership.revoke", "user.create"]


@pytest.mark.django_db
def test_provider_organizations_must_belong_to_the_municipality(cast: Any) -> None:
    user = user_create(actor=None, username="p2", password="ein-langes-passwort")
    with pytest.raises(ValidationError):
        membership_grant(actor=None, user=user, municipality=cast.home, role="provider", organizations=[cast.other_org])
    with pytest.raises(ValidationError):
        membership_grant(actor=None, user=user, municipality=cast.home, role="viewer", organizations=[cast.home_org])
    with pytest.raises(ValidationError):
        membership_grant(actor=None, user=user, municipality=cast.home, role="emperor")


@pytest.mark.django_db
def test_duplicate_username_is_a_clear_error(cast: Any) -> None:
    with pytest.raises(ValidationError, match="coordinator"):
        user_create(actor=None, username="coordinator")


@pytest.mark.django_db
def test_deleting_a_municipality_removes_its_data_but_an_organization_with_offers_is_kept(cast: Any) -> None:
    from django.db.models import RestrictedError

    from nahbar.directory.models import Offer, Organization
    from tests import factories

    with scopes_disabled():
        factories.weekly_schedule(factories.offer(cast.other_org))
        with pytest.raises(RestrictedError):
            cast.other_org.delete()
        cast.other.delete()
        assert not Offer.objects.filter(municipality_id=cast.other.pk).exists()
        assert not Organization.objects.filter(municipality_id=cast.other.pk).exists()
        assert Organization.objects.filter(municipality=cast.home).count() == 2
