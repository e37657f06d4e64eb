"""The tenant scope: opened from the URL, required for every tenant-owned query."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from nahbar.directory.models import Offer, Organization
from nahbar.tenancy.access import get_for_municipality, get_permitted
from tests import factories


@pytest.mark.django_db
def test_query_without_scope_raises_instead_of_leaking(cast: Any) -> None:
    with pytest.raises(ScopeError):
        list(Offer.objects.all())


@pytest.mark.django_db
def test_scope_limits_queries_to_one_municipality(cast: Any) -> None:
    with scope(municipality=cast.home):
        names = set(Organization.objects.values_list("name", flat=True))
    assert names == {"Nachbarschaftsverein Heimstadt", "Kirchgemeinde Heimstadt"}


@pytest.mark.django_db
def test_access_helper_returns_404_for_other_municipality(cast: Any) -> None:
    with scope(municipality=[cast.home, cast.other]):
        assert get_for_municipality(Organization, cast.home, pk=cast.home_org.pk) == cast.home_org
        with pytest.raises(Http404):
            get_for_municipality(Organization, cast.home, pk=cast.other_org.pk)
        with pytest.raises(Http404):
            get_for_municipality(Organization, cast.home, pk="not-a-number")


@pytest.mark.django_db
def test_access_helper_checks_object_permission(cast: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with scope(municipality=cast.home):
        org = get_permitted(
            Organization,
            user=cast.users["provider"],
            perm="directory.change_organization",
            municipality=cast.home,
            pk=cast.home_org.pk,
        )
        assert org == cast.home_org
        with pytest.raises(PermissionDenied):
            get_permitted(
                Organization,
                user=cast.users["provider"],
                perm="directory.change_organization",
                municipality=cast.home,
                pk=cast.home_org_b.pk,
            )


@pytest.mark.django_db
def test_unknown_municipality_slug_is_404(cast: Any) -> None:
    assert Client().get("/gibt-es-nicht/").status_code == 404
    assert Client().get("/en/gibt-es-nicht/").status_code == 404


@pytest.mark.django_db
def test_week_page_shows_only_its_own_municipality(cast: Any) -> None:
    with scopes_disabled():
        factories.weekly_schedule(factories.offer(cast.home_org, title="Heimisches Erzählcafé"))
        factories.weekly_schedule(factories.offer(cast.other_org, title="Fremder Spaziergang"))
    home = Client().get("/heimstadt/").content.decode()
    other = Client().get("/anderswo/").content.decode()
    assert "Heimisches Erzählcafé" in home and "Fremder Spaziergang" not in home
    assert "Fremder Spaziergang" in other and "Heimisches Erzählcafé" not in other


@pytest.mark.django_db
def test_reserved_slug_is_refused(cast: Any) -> None:
    from django.core.exceptions import ValidationError

    from nahbar.tenancy.services import municipality_create

    with pytest.raises(ValidationError) as info:
        municipality_create(actor=None, name="Admin", slug="admin", ags="12345678", land="BE")
    assert "slug" in info.value.message_dict
