"""The permission matrix: every provider-area and review view, read and write, for every kind of actor.

Allowed: providers in their own municipality on their own organizations' offers and places; coordinators
in their own municipality's review queue. Otherwise: anonymous → login, wrong role or organization → 403,
an object of another municipality under this one's address → 404. A refused write changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django_scopes import scope, scopes_disabled

from nahbar.providers import services
from nahbar.providers.models import OfferRevision, PlaceRevision
from nahbar.providers.place_proposal import place_proposal
from nahbar.tenancy.models import AuditEvent
from tests import factories
from tests.providers.conftest import NEW_SUMMARY, new_proposal, proposal_of

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "provider", "other_provider", "coordinator", "other_coordinator", "planner", "nobody"]

OFFER_POST = {
    "title": "Erzählcafé",
    "summary": "Geändert im Matrixtest.",
    "schedule_dtstart": "2026-01-06",
    "schedule_start_time": "15:00",
    "schedule_duration": "120",
    "schedule_repeat": "weekly",
    "schedule_week_of_month": "1",
    "aktion": "einreichen",
}
PLACE_POST = {
    "name": "Treff im Matrixtest",
    "kind": "other",
    "street": "Weg 1",
    "postcode": "01067",
    "city": "Heimstadt",
}


def _targets(setting: Any) -> dict[str, tuple[str, str, dict[str, str]]]:
    cast = setting.cast
    with scope(municipality=cast.home):
        draft = services.offer_draft_create(actor=None, organization=cast.home_org, proposal=new_proposal())
        foreign_draft = services.offer_draft_create(actor=None, organization=cast.home_org_b, proposal=new_proposal())
        submitted = services.offer_draft_create(
            actor=None, organization=cast.home_org, proposal=new_proposal(title="Eingereicht"), submit=True
        )
        revision = services.revision_save(
            actor=None,
            offer=setting.published,
            proposal=proposal_of(setting.published, summary=NEW_SUMMARY),
            submit=True,
        )
        public_place = factories.place(cast.home_org, name="Dritter Ort im Matrixtest", is_third_place=True)
        place_change = place_proposal(public_place)
        place_change["fields"]["transit_note"] = "Bus 62"
        place_revision = services.place_revision_save(actor=None, place=public_place, proposal=place_change)
    with scope(municipality=cast.other):
        elsewhere = services.offer_draft_create(
            actor=None, organization=cast.other_org, proposal=new_proposal(title="Fremd"), submit=True
        )
    with scopes_disabled():
        own_place = setting.place
        foreign_place = factories.place(cast.home_org_b)
        elsewhere_place = factories.place(cast.other_org)
    decide = {"aktion": "veroeffentlichen", "seen": "", "comment": ""}
    h, a = "/heimstadt", "/anderswo"
    return {
        "dashboard": ("get", f"{h}/mitmachen/", {}),
        "dashboard-elsewhere": ("get", f"{a}/mitmachen/", {}),
        "offer-new": ("get", f"{h}/mitmachen/angebote/neu/", {}),
        "offer-new-post": ("post", f"{h}/mitmachen/angebote/neu/", OFFER_POST),
        "own-offer": ("get", f"{h}/mitmachen/angebote/{setting.published.pk}/", {}),
        "own-offer-post": ("post", f"{h}/mitmachen/angebote/{setting.published.pk}/", OFFER_POST),
        "own-draft-submit": ("post", f"{h}/mitmachen/angebote/{draft.pk}/einreichen/", {}),
        "foreign-offer": ("get", f"{h}/mitmachen/angebote/{setting.foreign.pk}/", {}),
        "foreign-offer-post": ("post", f"{h}/mitmachen/angebote/{setting.foreign.pk}/", OFFER_POST),
        "foreign-draft-submit": ("post", f"{h}/mitmachen/angebote/{foreign_draft.pk}/einreichen/", {}),
        "elsewhere-offer-here": ("get", f"{h}/mitmachen/angebote/{setting.elsewhere.pk}/", {}),
        "elsewhere-offer-here-post": ("post", f"{h}/mitmachen/angebote/{setting.elsewhere.pk}/", OFFER_POST),
        "elsewhere-offer": ("get", f"{a}/mitmachen/angebote/{setting.elsewhere.pk}/", {}),
        "place-new": ("get", f"{h}/mitmachen/orte/neu/", {}),
        "place-new-post": ("post", f"{h}/mitmachen/orte/neu/", PLACE_POST),
        "own-place": ("get", f"{h}/mitmachen/orte/{own_place.pk}/", {}),
        "own-place-post": ("post", f"{h}/mitmachen/orte/{own_place.pk}/", PLACE_POST),
        "foreign-place": ("get", f"{h}/mitmachen/orte/{foreign_place.pk}/", {}),
        "foreign-place-post": ("post", f"{h}/mitmachen/orte/{foreign_place.pk}/", PLACE_POST),
        "elsewhere-place-here-post": ("post", f"{h}/mitmachen/orte/{elsewhere_place.pk}/", PLACE_POST),
        "queue": ("get", f"{h}/intern/pruefen/", {}),
        "queue-elsewhere": ("get", f"{a}/intern/pruefen/", {}),
        "review-offer": ("get", f"{h}/intern/pruefen/angebote/{submitted.pk}/", {}),
        "review-offer-post": (
            "post",
            f"{h}/intern/pruefen/angebote/{submitted.pk}/",
            {**decide, "seen": services.stamp(submitted)},
        ),
        "review-revision": ("get", f"{h}/intern/pruefen/aenderungen/{revision.pk}/", {}),
        "review-revision-post": (
            "post",
            f"{h}/intern/pruefen/aenderungen/{revision.pk}/",
            {**decide, "seen": services.stamp(revision)},
        ),
        "review-place": ("get", f"{h}/intern/pruefen/orte/{place_revision.pk}/", {}),
        "review-place-post": (
            "post",
            f"{h}/intern/pruefen/orte/{place_revision.pk}/",
            {**decide, "seen": services.stamp(place_revision)},
        ),
        "review-elsewhere-here": ("get", f"{h}/intern/pruefen/angebote/{elsewhere.pk}/", {}),
        "review-elsewhere-here-post": ("post", f"{h}/intern/pruefen/angebote/{elsewhere.pk}/", decide),
    }


# Who gets what besides the defaults (anonymous → 302 to the login, everyone else → 403).
PROVIDER_OK = {
    "dashboard": 200,
    "offer-new": 200,
    "offer-new-post": 302,
    "own-offer": 200,
    "own-offer-post": 302,
    "own-draft-submit": 302,
    "elsewhere-offer-here": 404,
    "elsewhere-offer-here-post": 404,
    "place-new": 200,
    "place-new-post": 302,
    "own-place": 200,
    "own-place-post": 302,
    "elsewhere-place-here-post": 404,
}
COORDINATOR_OK = {
    "queue": 200,
    "review-offer": 200,
    "review-offer-post": 302,
    "review-revision": 200,
    "review-revision-post": 302,
    "review-place": 200,
    "review-place-post": 302,
    "review-elsewhere-here": 404,
    "review-elsewhere-here-post": 404,
}
EXPECTED: dict[str, dict[str, int]] = {
    "provider": PROVIDER_OK,
    "coordinator": COORDINATOR_OK,
    "other_provider": {"dashboard-elsewhere": 200, "elsewhere-offer": 200},
    "other_coordinator": {"queue-elsewhere": 200},
}


def _counts() -> tuple[int, int, int]:
    with scopes_disabled():
        return AuditEvent.objects.count(), OfferRevision.objects.count(), PlaceRevision.objects.count()


@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(setting: Any, actor: str) -> None:
    targets = _targets(setting)
    client = Client()
    if actor != "anonymous":
        client.force_login(setting.cast.users[actor])
    problems = []
    login = resolve_url(settings.LOGIN_URL)
    for key, (method, url, data) in targets.items():
        before = _counts()
        response = getattr(client, method)(url, data)
        expected = EXPECTED.get(actor, {}).get(key, 302 if actor == "anonymous" else 403)
        if response.status_code != expected:
            problems.append(f"{key}: {response.status_code}, expected {expected}")
        if actor == "anonymous" and response.status_code == 302 and not response["Location"].startswith(login):
            problems.append(f"{key}: anonymous redirected to {response['Location']}, not to the login")
        refused = (method == "post" and expected >= 400) or actor == "anonymous"
        if refused and _counts() != before:
            problems.append(f"{key}: a refused {method.upper()} changed something")
    assert not problems, f"{actor}:\n" + "\n".join(problems)
