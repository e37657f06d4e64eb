"""Every public URL × every role × own / other municipality, and every admin add view × role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from tests import factories

ROLES = [
    "anonymous",
    "coordinator",
    "planner",
    "outreach",
    "provider",
    "viewer",
    "nobody",
    "other_coordinator",
    "superuser",
]
PUBLIC_URL_NAMES = {
    "home",
    "accessibility",
    "municipality-home",
    "finder",
    "finder-map",
    "finder-calendar",
    "finder-location-suggestions",
    "easy-language-home",
    "weekly-plan",
    "weekly-plan-pdf",
    "offer-detail",
    "offer-ics",
    "offer-occurrence-ics",
    "offer-print",
    "offer-feedback",
    "place-detail",
    "finder-ics",
    "finder-geojson",
    "places-geojson",
    # freshness loop: signed reminder links (no login) and the coordinators' overview (login, rules)
    "freshness-link",
    "freshness-dashboard",
    # surveys: the anonymous online form, its thank-you page and the printable questionnaire
    "survey-form",
    "survey-thanks",
    "survey-paper-pdf",
    # survey results (published waves only) and the planner's microdata download (login, planner role)
    "survey-results-index",
    "survey-results",
    "survey-results-pdf",
    "survey-results-csv",
    "survey-results-json",
    "survey-results-map",
    "survey-microdata",
    # open data: the HSDS API (public, read-only, per municipality)
    "hsds-root",
    "hsds-services",
    "hsds-service",
    "hsds-service-occurrences",
    "hsds-organizations",
    "hsds-organization",
    "hsds-service-at-locations",
    "hsds-service-at-location",
    "hsds-taxonomies",
    "hsds-taxonomy",
    "hsds-taxonomy-terms",
    "hsds-taxonomy-term",
    "hsds-not-found",
    "api-root",
    "openapi-json",
    "openapi-view",
    # campaign head counts and report (tests/campaigns/test_attendance*.py, test_report.py): the signed
    # reminder link and the released report are public; tally and release need a coordinator
    "attendance-link",
    "campaign-tally",
    "campaign-tally-sheet",
    "campaign-report",
    "campaign-report-pdf",
    "campaign-report-csv",
    "campaign-report-release",
    # campaign weeks: public programme pages
    "campaign-index",
    "campaign-programme",
    "campaign-ics",
    "campaign-booklet",
}

# Staff screens outside the admin (/<slug>/intern/…): login and a rules permission; each has its own
# permission tests next to the feature (e.g. tests/survey/test_paper.py).
STAFF_URL_NAMES = {
    "survey-data-entry",
    # internal (login and role required), with their own matrix in tests/survey/test_limesurvey_screen.py
    "limesurvey-import",
    "limesurvey-import-mapping",
    # provider area and review queue: login and a role required (matrix in tests/providers/test_permissions.py)
    "provider-dashboard",
    "provider-offer-new",
    "provider-offer-edit",
    "provider-offer-submit",
    "provider-place-new",
    "provider-place-edit",
    "review-queue",
    "review-offer",
    "review-revision",
    "review-place",
    # the providers' campaign submission page (its role matrix is in tests/campaigns/test_submission_permissions.py)
    "campaign-submit",
    # accounts: sign-in, account, invitation link and registration are public (the account page and
    # the chooser ask for a login); the coordinators' screen (accounts-manage, -invite, -decide,
    # -withdraw) is tested role by role in tests/accounts/test_permission_matrix.py.
    "accounts-login",
    "accounts-login-code",
    "accounts-logout",
    "accounts-profile",
    "accounts-start",
    "accounts-invitation",
    "accounts-register",
    "accounts-register-confirm",
    "accounts-manage",
    "accounts-invite",
    "accounts-decide",
    "accounts-withdraw",
}


def _names(patterns: list[Any]) -> set[str]:
    """URL names, also inside include()s; the admin is covered by its own matrix."""
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                names |= _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def _client(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(cast.users[role])
    return client


def test_every_public_url_is_in_the_matrix() -> None:
    names = _names(get_resolver().url_patterns)
    known = PUBLIC_URL_NAMES | STAFF_URL_NAMES
    assert names == known, f"add new URLs to this matrix: {names - known}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_never_show_another_municipality(cast: Any, role: str) -> None:
    with scopes_disabled():
        home_offer = factories.offer(cast.home_org, title="Heimisches Erzählcafé")
        home_place = factories.place(cast.home_org, is_third_place=True)
        factories.weekly_schedule(home_offer, place_=home_place)
        factories.weekly_schedule(factories.offer(cast.other_org, title="Fremder Spaziergang"))
    client = _client(cast, role)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accessibility")).status_code == 200
    own = client.get(reverse("municipality-home", args=["heimstadt"]))
    other = client.get(reverse("municipality-home", args=["anderswo"]))
    assert own.status_code == other.status_code == 200
    assert "Fremder Spaziergang" not in own.content.decode()
    assert "Heimisches Erzählcafé" not in other.content.decode()
    # Offer and place pages: public in their own municipality, 404 under another one's address.
    for name, kwargs in [
        ("offer-detail", {"offer_id": home_offer.pk}),
        ("offer-ics", {"offer_id": home_offer.pk}),
        ("offer-print", {"offer_id": home_offer.pk}),
        ("offer-feedback", {"offer_id": home_offer.pk}),
        ("place-detail", {"place_id": home_place.pk}),
    ]:
        own_url = reverse(name, kwargs={"municipality_slug": "heimstadt", **kwargs})
        other_url = reverse(name, kwargs={"municipality_slug": "anderswo", **kwargs})
        assert client.get(own_url).status_code in (200, 301), own_url
        assert client.get(other_url).status_code == 404, other_url
    # Feeds: each municipality's feeds carry only its own offers and places.
    for name in ("finder-ics", "finder-geojson", "places-geojson"):
        own_feed = client.get(reverse(name, args=["heimstadt"])).content.decode()
        other_feed = client.get(reverse(name, args=["anderswo"])).content.decode()
        assert "Fremder Spaziergang" not in own_feed and "Heimisches Erzählcafé" not in other_feed, name
    assert "Heimisches Erzählcafé" in client.get(reverse("finder-geojson", args=["heimstadt"])).content.decode()
    # The HSDS API: the same for every role (no session-dependent content), scoped to its slug.
    own_api = client.get(reverse("hsds:hsds-services", kwargs={"municipality_slug": "heimstadt"})).content.decode()
    assert "Heimisches Erzählcafé" in own_api
    assert "Fremder Spaziergang" not in own_api


# Who may open the admin "add" form of each model (in the home municipality's terms).
ADD_ALLOWED = {
    "municipality": set(),
    "membership": {"coordinator", "other_coordinator"},
    "auditevent": set(),
    "area": {"coordinator", "planner", "other_coordinator"},
    "areastatistic": {"coordinator", "planner", "other_coordinator"},
    "organization": {"coordinator", "other_coordinator"},
    "place": {"coordinator", "provider", "other_coordinator"},
    "offer": {"coordinator", "provider", "other_coordinator"},
    "term": {"coordinator", "other_coordinator"},
    "barrierfeedback": set(),
    "offerfeedback": set(),
    "importsource": set(),
    "survey": {"coordinator", "other_coordinator"},
    "campaign": {"coordinator", "other_coordinator"},
    "user": set(),
    "group": set(),
    "totpdevice": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_admin_add_views(cast: Any, role: str) -> None:
    client = _client(cast, role)
    problems = []
    for model in admin.site._registry:
        name = str(model._meta.model_name)
        response = client.get(reverse(f"admin:{model._meta.app_label}_{name}_add"))
        allowed = role == "superuser" or role in ADD_ALLOWED[name]
        if (response.status_code == 200) != allowed:
            problems.append(f"{name}: status {response.status_code}, expected {'200' if allowed else '403'}")
    assert not problems, f"{role}: " + "; ".join(problems)


@pytest.mark.django_db
def test_anonymous_admin_requests_go_to_login(cast: Any) -> None:
    with scopes_disabled():
        offer = factories.offer(cast.home_org)
    response = Client().get(reverse("admin:directory_offer_change", args=[offer.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
