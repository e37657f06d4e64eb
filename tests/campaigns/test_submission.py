"""Providers submit new events and flag existing offers; every refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from nahbar.campaigns.models import CampaignEntry
from nahbar.directory.models import Offer, Schedule
from nahbar.tenancy.models import AuditEvent
from tests import factories
from tests.campaigns.conftest import enter, make_campaign, term

pytestmark = pytest.mark.django_db


def _url(campaign: Any, slug: str = "heimstadt") -> str:
    return reverse("campaign-submit", kwargs={"municipality_slug": slug, "campaign_slug": campaign.slug})


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_event(cast: Any, campaign: Any, place: Any = None, **overrides: Any) -> dict[str, Any]:
    with scopes_disabled():
        fmt = term("format", "erzaehlcafe")
        group = term("target_group", "aeltere")
    data = {
        "aktion": "neu",
        "neu-organization": cast.home_org.pk,
        "neu-title": "Erzählcafé zur Aktionswoche",
        "neu-summary": "Wir erzählen uns Geschichten aus dem Viertel.",
        "neu-description": "",
        "neu-place": place.pk if place else "",
        "neu-first_date": campaign.starts_on.isoformat(),
        "neu-repeat": "taeglich",
        "neu-last_date": (campaign.starts_on + dt.timedelta(days=2)).isoformat(),
        "neu-extra_dates": (campaign.starts_on + dt.timedelta(days=5)).strftime("%d.%m.%Y"),
        "neu-start_time": "15:00",
        "neu-duration_minutes": "90",
        "neu-formats": [fmt.pk],
        "neu-target_groups": [group.pk],
        "neu-is_free": "on",
        "neu-contact_phone": "0351 123",
        "neu-frage_partner": "Seniorenbüro",
    }
    data.update(overrides)
    return data


def _counts() -> tuple[int, int, int]:
    with scopes_disabled():
        return Offer.objects.count(), Schedule.objects.count(), CampaignEntry.objects.count()


def test_new_event_creates_submitted_offer_schedule_entry_and_mails(
    cast: Any, campaign: Any, provider_place: Any
) -> None:
    with scopes_disabled():
        cast.users["provider"].email = "anbieter@example.org"
        cast.users["provider"].save()
        cast.users["coordinator"].email = "koordination@example.org"
        cast.users["coordinator"].save()
    response = _client(cast.users["provider"]).post(_url(campaign), _new_event(cast, campaign, provider_place))
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        entry = CampaignEntry.objects.get(campaign=campaign)
        offer = entry.offer
        schedule = offer.schedules.get()
        assert offer.review_state == Offer.ReviewState.SUBMITTED
        assert offer.organization == cast.home_org
        assert list(offer.places.all()) == [provider_place]
        assert [t.code for t in offer.formats.all()] == ["erzaehlcafe"]
        assert schedule.rrule == "FREQ=DAILY"
        assert schedule.dtstart == campaign.starts_on
        assert schedule.until == campaign.starts_on + dt.timedelta(days=2)
        assert schedule.rdates == [(campaign.starts_on + dt.timedelta(days=5)).isoformat()]
        assert entry.answers == {"partner": "Seniorenbüro", "hinweis": ""}
        assert entry.submitted_by == cast.users["provider"]
        assert AuditEvent.objects.filter(action="campaignentry.create", object_id=str(entry.pk)).exists()
    assert [m.to for m in mail.outbox] == [["anbieter@example.org"], ["koordination@example.org"]]
    assert "eingereicht" in mail.outbox[0].body and "Erzählcafé zur Aktionswoche" in mail.outbox[1].body


def test_one_off_event_without_place(cast: Any, campaign: Any) -> None:
    data = _new_event(cast, campaign, **{"neu-repeat": "einmalig", "neu-extra_dates": "", "neu-last_date": ""})
    assert _client(cast.users["provider"]).post(_url(campaign), data).status_code == 302
    with scopes_disabled():
        schedule = Schedule.objects.get()
        assert schedule.rrule == "" and schedule.until is None and schedule.rdates == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"neu-first_date": "2020-01-01"}, "außerhalb der Aktionswoche"),
        ({"neu-last_date": "2099-01-01"}, "außerhalb der Aktionswoche"),
        ({"neu-extra_dates": "01.01.2099"}, "außerhalb der Aktionswoche"),
        ({"neu-extra_dates": "morgen"}, "kein Datum"),
        ({"neu-frage_partner": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"neu-title": ""}, "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_bad_input_changes_nothing(cast: Any, campaign: Any, overrides: dict[str, str], message: str) -> None:
    before = _counts()
    response = _client(cast.users["provider"]).post(_url(campaign), _new_event(cast, campaign, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before
    assert mail.outbox == []


def test_last_date_before_first_is_refused(cast: Any, campaign: Any) -> None:
    data = _new_event(
        cast,
        campaign,
        **{
            "neu-first_date": (campaign.starts_on + dt.timedelta(days=3)).isoformat(),
            "neu-last_date": campaign.starts_on.isoformat(),
        },
    )
    response = _client(cast.users["provider"]).post(_url(campaign), data)
    assert response.status_code == 400 and "Der letzte Termin liegt vor dem ersten." in response.content.decode()
    assert _counts() == (0, 0, 0)


def test_organization_not_theirs_is_refused(cast: Any, campaign: Any) -> None:
    response = _client(cast.users["provider"]).post(
        _url(campaign), _new_event(cast, campaign, **{"neu-organization": cast.home_org_b.pk})
    )
    assert response.status_code == 400
    assert "nur für Ihre eigenen Organisationen" in response.content.decode()
    assert _counts() == (0, 0, 0)


def test_place_of_another_organization_is_refused(cast: Any, campaign: Any) -> None:
    with scopes_disabled():
        foreign = factories.place(cast.home_org_b)
    response = _client(cast.users["provider"]).post(_url(campaign), _new_event(cast, campaign, foreign))
    assert response.status_code == 400 and "Diesen Ort können Sie hier nicht wählen." in response.content.decode()
    assert _counts() == (0, 0, 0)


def test_double_post_creates_one_offer(cast: Any, campaign: Any) -> None:
    client = _client(cast.users["provider"])
    data = _new_event(cast, campaign)
    assert client.post(_url(campaign), data).status_code == 302
    second = client.post(_url(campaign), data)
    assert second.status_code == 400
    assert "ist für diese Aktionswoche schon eingereicht" in second.content.decode()
    assert _counts() == (1, 1, 1)


def test_window_closed_refuses_and_hides_forms(cast: Any) -> None:
    with scopes_disabled():
        closed = make_campaign(
            cast.home,
            slug="vorbei",
            submissions_open_on=dt.date(2026, 1, 1),
            submissions_close_on=dt.date(2026, 2, 1),
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 3, 7),
        )
    client = _client(cast.users["provider"])
    page = client.get(_url(closed))
    assert page.status_code == 200 and "gerade nicht geöffnet" in page.content.decode()
    assert 'name="aktion"' not in page.content.decode()
    data = _new_event(
        cast, closed, **{"neu-first_date": "2026-03-02", "neu-last_date": "2026-03-03", "neu-extra_dates": ""}
    )
    response = client.post(_url(closed), data, follow=True)
    assert "gerade nicht möglich" in response.content.decode()
    assert _counts() == (0, 0, 0)


def _weekly_offer(cast: Any, org: Any = None, title: str = "Offener Treff", **kw: Any) -> Offer:
    with scopes_disabled():
        offer = factories.offer(org or cast.home_org, title=title, **kw)
        factories.weekly_schedule(offer)
        return offer


def test_flag_existing_offer(cast: Any, campaign: Any) -> None:
    offer = _weekly_offer(cast)
    data = {"aktion": "vorhanden", "vorhanden-offer": offer.pk, "vorhanden-frage_partner": "keine"}
    assert _client(cast.users["provider"]).post(_url(campaign), data).status_code == 302
    with scopes_disabled():
        entry = CampaignEntry.objects.get()
        assert entry.offer == offer and entry.answers["partner"] == "keine"
        assert Offer.objects.count() == 1
    assert len(mail.outbox) == 0  # neither account has an address in the cast


@pytest.mark.parametrize("case", ["other_org", "twice", "draft", "no_date"])
def test_flag_refusals(cast: Any, campaign: Any, case: str) -> None:
    if case == "other_org":
        offer = _weekly_offer(cast, cast.home_org_b)
    elif case == "draft":
        offer = _weekly_offer(cast, review_state=Offer.ReviewState.DRAFT)
    elif case == "no_date":
        with scopes_disabled():
            offer = factories.offer(cast.home_org)
            factories.weekly_schedule(offer, until=campaign.starts_on - dt.timedelta(days=1))
    else:
        offer = _weekly_offer(cast)
        with scopes_disabled():
            enter(campaign, offer)
    before = _counts()
    data = {"aktion": "vorhanden", "vorhanden-offer": offer.pk, "vorhanden-frage_partner": "x"}
    response = _client(cast.users["provider"]).post(_url(campaign), data)
    assert response.status_code == 400
    assert "Dieses Angebot kann nicht angemeldet werden" in response.content.decode()
    assert _counts() == before


def test_service_refuses_what_the_form_would_not_offer(cast: Any, campaign: Any) -> None:
    """The service checks the organization and duplicates itself, whatever a caller passes."""
    from django.core.exceptions import ValidationError

    from nahbar.campaigns.submission import flag_existing_offer

    foreign = _weekly_offer(cast, cast.home_org_b)
    with scopes_disabled(), pytest.raises(ValidationError, match="eigenen Organisationen"):
        flag_existing_offer(actor=cast.users["provider"], campaign=campaign, offer=foreign, answers={"partner": "x"})
    own = _weekly_offer(cast, title="Zweites")
    unanswered = _weekly_offer(cast, title="Drittes")
    with scopes_disabled():
        flag_existing_offer(actor=cast.users["provider"], campaign=campaign, offer=own, answers={"partner": "x"})
        with pytest.raises(ValidationError, match="schon angemeldet"):
            flag_existing_offer(actor=cast.users["provider"], campaign=campaign, offer=own, answers={"partner": "x"})
        with pytest.raises(ValidationError, match="beantworten"):
            flag_existing_offer(actor=cast.users["provider"], campaign=campaign, offer=unanswered, answers={})
    assert _counts()[2] == 1
