from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django_scopes import scopes_disabled

from nahbar.tenancy.models import Membership, Municipality


@pytest.mark.django_db
def test_create_municipality_and_user() -> None:
    out = StringIO()
    call_command("create_municipality", name="Dortmund", slug="dortmund", ags="05913000", land="nw", stdout=out)
    assert "dortmund" in out.getvalue()
    municipality = Municipality.objects.get(slug="dortmund")
    assert municipality.land == "NW"
    call_command(
        "create_user",
        municipality="dortmund",
        role="coordinator",
        username="koordination",
        password="ein-sicheres-passwort",
        stdout=out,
    )
    user = authenticate(RequestFactory().post("/anmelden/"), username="koordination", password="ein-sicheres-passwort")
    assert user is not None and user.is_staff
    with scopes_disabled():
        assert Membership.objects.get(user=user).role == "coordinator"


@pytest.mark.django_db
def test_create_municipality_reports_bad_values() -> None:
    with pytest.raises(CommandError, match="ags"):
        call_command("create_municipality", name="X", slug="x", ags="12", land="BE")
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_create_user_for_unknown_municipality_creates_nothing(cast: Any) -> None:
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError, match="no municipality"):
        call_command("create_user", municipality="nirgendwo", role="viewer", username="ghost")
    assert not get_user_model().objects.filter(username="ghost").exists()


@pytest.mark.django_db
def test_create_provider_bound_to_organization(cast: Any) -> None:
    call_command(
        "create_user",
        municipality="heimstadt",
        role="provider",
        username="verein",
        organization=[cast.home_org.pk],
        stdout=StringIO(),
    )
    with scopes_disabled():
        membership = Membership.objects.get(user__username="verein")
        assert list(membership.organizations.all()) == [cast.home_org]
    with pytest.raises(CommandError, match="not found"):
        call_command(
            "create_user",
            municipality="heimstadt",
            role="provider",
            username="verein2",
            organization=[cast.other_org.pk],
        )


def test_console_command_maps_hyphens() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "nahbar", "create-municipality", "--help"], capture_output=True, text=True, check=True
    )
    assert "--ags" in result.stdout
