"""Every admin change view × every role × own / other municipality.

Expected access is written out by hand (not derived from rules.py), so a
change in the rules that widens access makes this test fail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.campaigns.models import Campaign
from nahbar.directory.models import Organization, Term
from nahbar.opendata.models import ImportSource
from nahbar.pages.models import OfferFeedback
from nahbar.survey.instruments import build_survey
from nahbar.survey.models import Survey
from nahbar.tenancy.models import AuditEvent, Membership
from tests import factories

ROLES = [
    "coordinator",
    "planner",
    "outreach",
    "provider",
    "viewer",
    "nobody",
    "other_coordinator",
    "other_provider",
    "superuser",
]

C, V, N = "change", "view", "none"
MEMBER_READ = {"coordinator": C, "planner": V, "outreach": V, "provider": V, "viewer": V}
# Access to objects of the *home* municipality; everyone not listed gets "none",
# and the superuser gets "change" everywhere.
EXPECTED_HOME: dict[str, dict[str, str]] = {
    "municipality": MEMBER_READ,
    "membership": {"coordinator": C},
    "auditevent": {"coordinator": V},
    "area": {**MEMBER_READ, "planner": C},
    "areastatistic": {**MEMBER_READ, "planner": C},
    "organization": {**MEMBER_READ, "provider": C},
    "organization_b": MEMBER_READ,
    "place": {**MEMBER_READ, "provider": C},
    "offer": {**MEMBER_READ, "provider": C},
    "offer_b": MEMBER_READ,
    "term_local": MEMBER_READ,
    "barrierfeedback": {"coordinator": C},
    "offerfeedback": {"coordinator": C},
    # Import sources are written only by an import; coordinators see them.
    "importsource": {"coordinator": V},
    "survey": MEMBER_READ,
    "campaign": MEMBER_READ,
}
# Seeded vocabulary is shared: readable by every member anywhere, changed only by superusers.
EXPECTED_GLOBAL_TERM = {
    "coordinator": V,
    "planner": V,
    "outreach": V,
    "provider": V,
    "viewer": V,
    "other_coordinator": V,
    "other_provider": V,
}


def _world(cast: Any) -> dict[str, tuple[Any, Any]]:
    """name -> (object in home, object in other)."""
    with scopes_disabled():
        home_place = factories.place(cast.home_org)
        other_place = factories.place(cast.other_org)
        home_area = factories.area(cast.home)
        other_area = factories.area(cast.other)
        audit_home = AuditEvent.objects.filter(municipality=cast.home).first()
        audit_other = AuditEvent.objects.filter(municipality=cast.other).first()
        # An organization in the other municipality that its provider does not act for.
        other_org_b = Organization.objects.create(municipality=cast.other, name="Zweiter Verein Anderswo")
        return {
            "municipality": (cast.home, cast.other),
            "membership": (
                Membership.objects.filter(municipality=cast.home).first(),
                Membership.objects.filter(municipality=cast.other).first(),
            ),
            "auditevent": (audit_home, audit_other),
            "area": (home_area, other_area),
            "areastatistic": (factories.area_statistic(home_area), factories.area_statistic(other_area)),
            "organization": (cast.home_org, cast.other_org),
            "organization_b": (cast.home_org_b, other_org_b),
            "place": (home_place, other_place),
            "offer": (factories.offer(cast.home_org), factories.offer(cast.other_org)),
            "offer_b": (factories.offer(cast.home_org_b), factories.offer(other_org_b, title="Anderes")),
            "term_local": (factories.local_term(cast.home), factories.local_term(cast.other)),
            "barrierfeedback": (factories.barrier_feedback(cast.home), factories.barrier_feedback(cast.other)),
            "offerfeedback": (_offer_feedback(cast.home_org), _offer_feedback(cast.other_org)),
            "importsource": (
                ImportSource.objects.create(municipality=cast.home, key="https://land.example/api/hsds/a/"),
                ImportSource.objects.create(municipality=cast.other, key="https://land.example/api/hsds/b/"),
            ),
            "survey": (_survey(cast.home), _survey(cast.other)),
            "campaign": (_campaign(cast.home), _campaign(cast.other)),
        }


def _offer_feedback(organization: Organization) -> OfferFeedback:
    offer = factories.offer(organization, title="Mit Hinweis")
    return OfferFeedback.objects.create(municipality_id=offer.municipality_id, offer=offer, message="Zeit falsch")


def _survey(municipality: Any) -> Survey:
    return build_survey(municipality=municipality, slug="umfrage", title="Umfrage", instruments=["direct"], actor=None)


def _campaign(municipality: Any) -> Campaign:
    return Campaign.objects.create(
        municipality=municipality,
        slug="woche",
        name="Aktionswoche",
        starts_on=dt.date(2026, 9, 14),
        ends_on=dt.date(2026, 9, 20),
        submissions_open_on=dt.date(2026, 6, 1),
        submissions_close_on=dt.date(2026, 8, 31),
    )


def _change_url(obj: Any) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _access(client: Client, obj: Any) -> str:
    response = client.get(_change_url(obj))
    if response.status_code in (302, 403, 404):
        return N
    assert response.status_code == 200, response.status_code
    return C if b'name="_save"' in response.content else V


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_registered_tenant_model_is_in_the_matrix() -> None:
    covered = {
        "municipality",
        "membership",
        "auditevent",
        "area",
        "areastatistic",
        "organization",
        "place",
        "offer",
        "term",
        "barrierfeedback",
        "offerfeedback",
        "importsource",
        "survey",
        "campaign",
        "user",
        "group",
        "totpdevice",  # django-otp: superusers only (not tenant data); reset a lost phone there
    }
    registered = {model._meta.model_name for model in admin.site._registry}
    assert registered <= covered, f"add these admin models to the matrix: {registered - covered}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_change_views(cast: Any, role: str) -> None:
    world = _world(cast)
    client = _client(cast.users[role])
    problems = []
    for name, (home_obj, other_obj) in world.items():
        expected_home = C if role == "superuser" else EXPECTED_HOME[name].get(role, N)
        expected_other = C if role == "superuser" else N
        if role.startswith("other_"):
            # Roles held in the other municipality mirror the home expectations there.
            expected_home, expected_other = N, EXPECTED_HOME[name].get(role.removeprefix("other_"), N)
        got_home, got_other = _access(client, home_obj), _access(client, other_obj)
        if got_home != expected_home:
            problems.append(f"{name} home: expected {expected_home}, got {got_home}")
        if got_other != expected_other:
            problems.append(f"{name} other: expected {expected_other}, got {got_other}")
    with scopes_disabled():
        global_term = Term.objects.filter(municipality=None).first()
    expected_term = C if role == "superuser" else EXPECTED_GLOBAL_TERM.get(role, N)
    if (got := _access(client, global_term)) != expected_term:
        problems.append(f"global term: expected {expected_term}, got {got}")
    assert not problems, f"{role}: " + "; ".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_changelists_never_list_other_municipalities(cast: Any, role: str) -> None:
    world = _world(cast)
    client = _client(cast.users[role])
    for name, (_home_obj, other_obj) in world.items():
        if name in {"municipality"}:
            continue
        url = reverse(f"admin:{other_obj._meta.app_label}_{other_obj._meta.model_name}_changelist")
        response = client.get(url)
        if response.status_code != 200:
            continue
        listed_ids = {o.pk for o in response.context["cl"].result_list}
        if role == "superuser" or (role.startswith("other_") and EXPECTED_HOME[name].get(role[6:], N) != N):
            continue
        assert other_obj.pk not in listed_ids, f"{role} sees {name} of the other municipality"
