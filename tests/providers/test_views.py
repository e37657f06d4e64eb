"""The provider forms and the review pages as a browser without JavaScript uses them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.shortcuts import resolve_url
from django.test import Client
from django_scopes import scope, scopes_disabled

from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.directory.models import Offer, Place, Term
from nahbar.directory.services import offer_create, place_create, schedule_add
from nahbar.providers import services
from nahbar.providers.models import OfferRevision, RevisionState
from nahbar.providers.place_proposal import place_proposal
from tests.providers.conftest import NEW_SUMMARY, OLD_SUMMARY, new_proposal, proposal_of

pytestmark = pytest.mark.django_db

NEW_OFFER = {
    "title": "Spieleabend",
    "summary": "Brettspiele für alle, auch zum ersten Mal.",
    "schedule_dtstart": "2026-03-05",
    "schedule_start_time": "18:00",
    "schedule_duration": "120",
    "schedule_repeat": "monthly",
    "schedule_weekday": "",
    "schedule_week_of_month": "-1",
    "is_free": "on",
}


def _login(setting: Any, role: str) -> Client:
    client = Client()
    client.force_login(setting.cast.users[role])
    return client


def test_provider_creates_saves_and_submits_a_new_offer(setting: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = _login(setting, "provider")
    with scopes_disabled():
        spiele = Term.objects.get(vocabulary="format", code="spiele")
    data = {**NEW_OFFER, "formats": [str(spiele.pk)], "schedule_place": str(setting.place.pk), "aktion": "speichern"}
    response = client.post("/heimstadt/mitmachen/angebote/neu/", data)
    assert response.status_code == 302 and response["Location"] == "/heimstadt/mitmachen/"
    with scopes_disabled():
        offer = Offer.objects.get(title="Spieleabend")
        assert offer.review_state == Offer.ReviewState.DRAFT and offer.organization == setting.cast.home_org
        schedule = offer.schedules.get()
        # 2026-03-05 is a Thursday: "last Thursday of the month", at the chosen place, which the offer lists too.
        assert schedule.rrule == "FREQ=MONTHLY;BYDAY=-1TH"
        assert schedule.place == setting.place and list(offer.places.all()) == [setting.place]
        assert list(offer.formats.all()) == [spiele]
    dashboard = client.get("/heimstadt/mitmachen/").content.decode()
    assert "Spieleabend" in dashboard and "Entwurf" in dashboard and "Zur Prüfung einreichen" in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/heimstadt/mitmachen/angebote/{offer.pk}/einreichen/", follow=True)
    assert "ist eingereicht" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
    # Submitting twice: a clear message, nothing changed, no second mail.
    response = client.post(f"/heimstadt/mitmachen/angebote/{offer.pk}/einreichen/", follow=True)
    assert "schon eingereicht" in response.content.decode()
    assert len(mail.outbox) == 1


def test_bad_input_shows_errors_and_changes_nothing(setting: Any) -> None:
    client = _login(setting, "provider")
    data = {**NEW_OFFER, "title": "", "schedule_until": "2026-01-01", "aktion": "einreichen"}
    response = client.post("/heimstadt/mitmachen/angebote/neu/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie die markierten Angaben." in page
    assert "Der letzte Termin liegt vor dem ersten." in page
    assert 'aria-invalid="true"' in page
    with scopes_disabled():
        assert not Offer.objects.filter(title="").exists() and not Offer.objects.filter(summary=NEW_OFFER["summary"])


def test_editing_a_published_offer_keeps_the_public_version(setting: Any) -> None:
    client = _login(setting, "provider")
    url = f"/heimstadt/mitmachen/angebote/{setting.published.pk}/"
    form_page = client.get(url).content.decode()
    assert OLD_SUMMARY in form_page and "Ihre Änderungen werden erst nach der Prüfung sichtbar" in form_page
    # The weekly rule is shown as the plain choice.
    assert 'value="weekly" class="kern-form-check__radio" id="id_schedule_repeat_1" required checked' in form_page
    data = {
        **NEW_OFFER,
        "title": "Erzählcafé",
        "summary": NEW_SUMMARY,
        "schedule_dtstart": "2026-01-06",
        "schedule_start_time": "15:00",
        "schedule_repeat": "weekly",
        "schedule_weekday": "1",
        "places": [str(setting.place.pk)],
        "aktion": "einreichen",
    }
    response = client.post(url, data, follow=True)
    assert "Bis zur Prüfung bleibt die bisherige Fassung sichtbar." in response.content.decode()
    with scopes_disabled():
        offer = Offer.objects.get(pk=setting.published.pk)
        revision = OfferRevision.objects.get(offer=offer)
    assert offer.summary == OLD_SUMMARY and revision.state == RevisionState.SUBMITTED
    assert revision.data["fields"]["summary"] == NEW_SUMMARY
    public = Client().get(f"/heimstadt/angebote/{offer.pk}/", follow=True).content.decode()
    assert OLD_SUMMARY in public and NEW_SUMMARY not in public
    # Opening the form again starts from the pending change, not from the published text.
    assert NEW_SUMMARY in client.get(url).content.decode()


def test_a_rule_without_plain_choice_is_kept(setting: Any) -> None:
    with scope(municipality=setting.cast.home):
        schedule = setting.published.schedules.get()
        schedule.rrule = "FREQ=WEEKLY;BYDAY=MO,WE"
        schedule.save()
    client = _login(setting, "provider")
    url = f"/heimstadt/mitmachen/angebote/{setting.published.pk}/"
    page = client.get(url).content.decode()
    assert "wie bisher: montags und mittwochs" in page
    data = {**NEW_OFFER, "title": "Erzählcafé", "summary": NEW_SUMMARY, "schedule_dtstart": "2026-01-06"}
    data.update(schedule_repeat="keep", aktion="speichern")
    client.post(url, data)
    with scopes_disabled():
        revision = OfferRevision.objects.get(offer=setting.published)
    assert revision.state == RevisionState.DRAFT and revision.data["schedule"]["rrule"] == "FREQ=WEEKLY;BYDAY=MO,WE"


def test_place_form_creates_and_edits_with_opening_hours(setting: Any) -> None:
    client = _login(setting, "provider")
    data = {
        "name": "Warme Stube",
        "kind": "neighbourhood_house",
        "street": "Lindenweg 3",
        "postcode": "01067",
        "city": "Heimstadt",
        "hours_0_opens": "10:00",
        "hours_0_closes": "16:00",
        "hours_2_opens": "14:00",
        "hours_2_closes": "12:00",
    }
    response = client.post("/heimstadt/mitmachen/orte/neu/", data)
    assert "Die Schließzeit liegt vor der Öffnungszeit." in response.content.decode()
    data["hours_2_closes"] = "18:00"
    assert client.post("/heimstadt/mitmachen/orte/neu/", data).status_code == 302
    with scopes_disabled():
        place = Place.objects.get(name="Warme Stube")
    # Not public yet (no public offer there, not a third place): changed directly, no review.
    assert place.organization == setting.cast.home_org and not place.is_third_place
    assert place.opening_hours == [
        {"days": [0], "opens": "10:00", "closes": "16:00"},
        {"days": [2], "opens": "14:00", "closes": "18:00"},
    ]
    data.update(transit_note="Bus 62, Haltestelle Lindenweg")
    assert client.post(f"/heimstadt/mitmachen/orte/{place.pk}/", data).status_code == 302
    with scopes_disabled():
        place.refresh_from_db()
        from nahbar.tenancy.models import AuditEvent

        event = AuditEvent.objects.filter(action="place.update", object_id=str(place.pk)).get()
    assert place.transit_note == "Bus 62, Haltestelle Lindenweg"
    assert event.changes["transit_note"] == ["", "Bus 62, Haltestelle Lindenweg"]


def _submitted_revision(setting: Any) -> OfferRevision:
    proposal = proposal_of(setting.published, summary=NEW_SUMMARY)
    proposal["schedule"]["rrule"] = "FREQ=MONTHLY;BYDAY=2TH"
    with scopes_disabled():
        proposal["m2m"]["formats"].append(Term.objects.get(vocabulary="format", code="spiele").pk)
    with scope(municipality=setting.cast.home):
        return services.revision_save(
            actor=setting.cast.users["provider"], offer=setting.published, proposal=proposal, submit=True
        )


def test_review_page_shows_a_readable_diff(setting: Any) -> None:
    revision = _submitted_revision(setting)
    page = _login(setting, "coordinator").get(f"/heimstadt/intern/pruefen/aenderungen/{revision.pk}/").content.decode()
    assert "3 Angaben geändert" in page
    assert "Kurzbeschreibung" in page and OLD_SUMMARY in page and NEW_SUMMARY in page
    assert "Erzählcafé, Spiele" in page  # term names, not ids
    assert "jeden Dienstag, 15–17 Uhr, ab 6. Januar 2026" in page and "jeden 2. Donnerstag im Monat, 15–17 Uhr" in page
    assert "Nachbarschaftstreff Mitte" in page  # the place by name
    assert "FREQ=" not in page and "{" not in page.split("<main", 1)[1]


def test_decisions_from_the_review_page(setting: Any, django_capture_on_commit_callbacks: Any) -> None:
    revision = _submitted_revision(setting)
    client = _login(setting, "coordinator")
    url = f"/heimstadt/intern/pruefen/aenderungen/{revision.pk}/"
    seen = services.stamp(revision)
    # "Änderungen erbitten" needs a comment: the form says so, nothing changes.
    response = client.post(url, {"aktion": "aenderungen", "comment": " ", "seen": seen})
    assert response.status_code == 200 and "Bitte schreiben Sie dazu" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"aktion": "veroeffentlichen", "comment": "", "seen": seen}, follow=True)
    assert "Veröffentlicht." in response.content.decode()
    with scopes_disabled():
        assert Offer.objects.get(pk=setting.published.pk).summary == NEW_SUMMARY
    assert [m.subject for m in mail.outbox][-1] == "Veröffentlicht: „Erzählcafé“"
    # Acting on the decided item again (a second tab, a double click): a message, nothing changed.
    response = client.post(url, {"aktion": "aenderungen", "comment": "Doch nicht", "seen": seen}, follow=True)
    assert "schon entschieden" in response.content.decode()
    with scopes_disabled():
        assert OfferRevision.objects.get(pk=revision.pk).state == RevisionState.PUBLISHED
    assert "Das wartet nicht (mehr) auf eine Prüfung." in client.get(url).content.decode()


def test_stale_decision_is_refused(setting: Any) -> None:
    revision = _submitted_revision(setting)
    client = _login(setting, "coordinator")
    url = f"/heimstadt/intern/pruefen/aenderungen/{revision.pk}/"
    seen = services.stamp(revision)
    with scope(municipality=setting.cast.home):
        services.revision_save(
            actor=setting.cast.users["provider"],
            offer=setting.published,
            proposal=proposal_of(setting.published, summary="Noch einmal anders."),
        )
    response = client.post(url, {"aktion": "veroeffentlichen", "seen": seen}, follow=True)
    assert "inzwischen noch einmal geändert" in response.content.decode()
    with scopes_disabled():
        assert Offer.objects.get(pk=setting.published.pk).summary == OLD_SUMMARY


def test_queue_lists_new_offers_and_changes_oldest_first_with_campaign(setting: Any) -> None:
    cast = setting.cast
    with scope(municipality=cast.home):
        first = services.offer_draft_create(
            actor=None, organization=cast.home_org_b, proposal=new_proposal(title="Zuerst eingereicht"), submit=True
        )
        Offer.objects.filter(pk=first.pk).update(updated_at=first.updated_at - dt.timedelta(days=2))
        _submitted_revision(setting)
        campaign = Campaign.objects.create(
            municipality=cast.home,
            slug="aktionswoche-2026",
            name="Aktionswoche Gemeinsam 2026",
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 6, 7),
            submissions_open_on=dt.date(2026, 3, 1),
            submissions_close_on=dt.date(2026, 4, 30),
        )
        # As the campaign submission creates them: an offer in state "submitted" with a CampaignEntry.
        campaign_offer = offer_create(
            actor=None,
            organization=cast.home_org,
            title="Erzählcafé zur Aktionswoche",
            summary="x",
            review_state="submitted",
        )
        CampaignEntry.objects.create(municipality=cast.home, campaign=campaign, offer=campaign_offer)
        draft = services.offer_draft_create(
            actor=None, organization=cast.home_org, proposal=new_proposal(title="Nur Entwurf")
        )
    page = _login(setting, "coordinator").get("/heimstadt/intern/pruefen/").content.decode()
    main = page.split("<main", 1)[1]
    assert "3 Einträge warten" in main
    assert main.index("Zuerst eingereicht") < main.index("Erzählcafé</a>") < main.index("Erzählcafé zur Aktionswoche")
    assert "Aktionswoche: Aktionswoche Gemeinsam 2026" in main and "Kirchgemeinde Heimstadt" in main
    assert draft.title not in main and "Fremd" not in main


def _many_offers(setting: Any, count: int) -> None:
    cast = setting.cast
    with scope(municipality=cast.home):
        for number in range(count):
            offer = offer_create(
                actor=None, organization=cast.home_org, title=f"Angebot {number}", summary="x", review_state="published"
            )
            schedule_add(
                actor=None, offer=offer, dtstart=dt.date(2026, 1, 5), start_time=dt.time(10), rrule="FREQ=WEEKLY"
            )
            services.revision_save(actor=None, offer=offer, proposal=proposal_of(offer, summary="y"), submit=True)
            services.offer_draft_create(actor=None, organization=cast.home_org, proposal=new_proposal(), submit=True)
            place = place_create(
                actor=None,
                municipality=cast.home,
                organization=cast.home_org,
                name=f"Ort {number}",
                is_third_place=True,
            )
            proposal = place_proposal(place)
            proposal["fields"]["transit_note"] = "Bus 62"
            revision = services.place_revision_save(actor=None, place=place, proposal=proposal)
            if number % 2:
                services.place_revision_request_changes(actor=None, revision=revision, comment="Welche Haltestelle?")


@pytest.mark.parametrize(
    ("page", "role"), [("/heimstadt/mitmachen/", "provider"), ("/heimstadt/intern/pruefen/", "coordinator")]
)
def test_query_count_does_not_grow_with_the_offers(
    setting: Any, page: str, role: str, django_assert_num_queries: Any
) -> None:
    client = _login(setting, role)
    _many_offers(setting, 1)
    client.get(page)  # warm: session, user
    # Municipality, session, user, roles; then the page's own reads: for providers the account's
    # organizations, organizations, offers, their open changes, comments, places, their open changes and
    # those changes' comments; for coordinators offers, offer changes, the campaign entries of both, place changes.
    queries = 13 if role == "provider" else 10  # includes the second-factor check (nahbar.accounts)
    with django_assert_num_queries(queries):
        assert client.get(page).status_code == 200
    _many_offers(setting, 6)
    with django_assert_num_queries(queries):
        assert client.get(page).status_code == 200


def test_pages_render_in_english(setting: Any) -> None:
    revision = _submitted_revision(setting)
    provider, coordinator = _login(setting, "provider"), _login(setting, "coordinator")
    for client, path in [
        (provider, "/en/heimstadt/mitmachen/"),
        (provider, f"/en/heimstadt/mitmachen/angebote/{setting.published.pk}/"),
        (provider, "/en/heimstadt/mitmachen/orte/neu/"),
        (coordinator, "/en/heimstadt/intern/pruefen/"),
        (coordinator, f"/en/heimstadt/intern/pruefen/aenderungen/{revision.pk}/"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="en"' in response.content.decode(), path


def test_anonymous_is_sent_to_the_login_and_back(setting: Any) -> None:
    response = Client().get("/heimstadt/mitmachen/")
    assert response.status_code == 302
    # settings.LOGIN_URL: the admin's login here, the accounts' /anmelden/ once that is merged.
    login = resolve_url(settings.LOGIN_URL)
    assert response["Location"].startswith(login) and "next=/heimstadt/mitmachen/" in response["Location"]


def test_a_new_offer_form_sent_twice_creates_one_offer(setting: Any) -> None:
    client = _login(setting, "provider")
    page = client.get("/heimstadt/mitmachen/angebote/neu/").content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert len(token) >= 20
    data = {**NEW_OFFER, "token": token, "aktion": "einreichen"}
    assert client.post("/heimstadt/mitmachen/angebote/neu/", data).status_code == 302
    again = client.post("/heimstadt/mitmachen/angebote/neu/", data, follow=True)
    assert "Dieses Angebot ist schon gespeichert." in again.content.decode()
    with scopes_disabled():
        assert Offer.objects.filter(title="Spieleabend").count() == 1
