"""The pages behind the e-mail links and the registration form: expired, tampered and used links change nothing."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import Client
from django_scopes import scope, scopes_disabled

from nahbar.accounts import services, tokens
from nahbar.accounts.models import Invitation, Registration
from nahbar.tenancy.models import Membership
from tests.accounts.conftest import STRONG_PASSWORD, last_link

User = get_user_model()


def _invitation(cast: Any) -> Invitation:
    with scope(municipality=cast.home):
        result = services.invitation_create(
            actor=cast.users["coordinator"],
            municipality=cast.home,
            email="helga@example.org",
            organizations=[cast.home_org],
        )
    assert isinstance(result, Invitation)
    return result


def _old_token(pk: int, salt: str, age: dt.timedelta, monkeypatch: Any) -> str:
    """A genuine link, signed ``age`` ago (the signer reads the clock through time.time)."""
    then = time.time() - age.total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: then)
        return tokens.make(pk, salt)


@pytest.mark.django_db
def test_accepting_an_invitation_signs_in_and_the_link_then_stops_working(cast: Any) -> None:
    _invitation(cast)
    link = last_link()
    assert link.startswith("/einladung/")
    client = Client()
    page = client.get(link)
    assert page.status_code == 200 and "Nachbarschaftsverein Heimstadt" in page.content.decode()
    weak = client.post(link, {"name": "Helga", "password": "1234567890"})
    assert weak.status_code == 400 and not User.objects.filter(email="helga@example.org").exists()
    done = client.post(link, {"name": "Helga Brandt", "password": STRONG_PASSWORD})
    assert done.status_code == 200 and "Willkommen" in done.content.decode()
    assert client.session["_auth_user_id"] == str(User.objects.get(email="helga@example.org").pk)
    again = Client().get(link)
    assert again.status_code == 400 and "schon benutzt" in again.content.decode()
    assert Client().post(link, {"name": "Eve", "password": STRONG_PASSWORD}).status_code == 400
    assert User.objects.filter(email="helga@example.org").count() == 1


@pytest.mark.django_db
def test_expired_and_tampered_invitation_links(cast: Any, monkeypatch: Any) -> None:
    invitation = _invitation(cast)
    old = _old_token(invitation.pk, tokens.INVITATION_SALT, dt.timedelta(days=14, minutes=1), monkeypatch)
    response = Client().post(f"/einladung/{old}/", {"name": "Helga", "password": STRONG_PASSWORD})
    assert response.status_code == 400 and "abgelaufen" in response.content.decode()
    fresh_enough = _old_token(invitation.pk, tokens.INVITATION_SALT, dt.timedelta(days=13), monkeypatch)
    assert Client().get(f"/einladung/{fresh_enough}/").status_code == 200
    tampered = tokens.make(invitation.pk + 1, tokens.INVITATION_SALT)[:-1] + "A"
    response = Client().get(f"/einladung/{tampered}/")
    assert response.status_code == 400 and "verändert" in response.content.decode()
    assert Client().get("/einladung/kaputt/").status_code == 400
    invitation.refresh_from_db()
    assert invitation.is_open and not User.objects.filter(email="helga@example.org").exists()


@pytest.mark.django_db
def test_registration_through_the_pages(cast: Any) -> None:
    coordinator = cast.users["coordinator"]
    coordinator.email = "koordination@heimstadt.example"
    coordinator.save()
    client = Client()
    form = client.get("/heimstadt/mitmachen/registrieren/").content.decode()
    assert "Nachbarschaftsverein Heimstadt" in form and "Verein Anderswo" not in form
    data = {
        "name": "Helga Brandt",
        "email": "helga@example.org",
        "password": STRONG_PASSWORD,
        "organization": "",
        "new_organization_name": "Boule-Freunde",
        "new_organization_kind": "club",
        "note": "Wir spielen dienstags.",
    }
    sent = client.post("/heimstadt/mitmachen/registrieren/", data)
    assert sent.status_code == 200 and "helga@example.org" in sent.content.decode()
    link = last_link()
    assert link.startswith("/heimstadt/mitmachen/registrieren/bestaetigen/")
    confirmed = Client().get(link)
    assert confirmed.status_code == 200 and "Koordinierungsstelle ist benachrichtigt" in confirmed.content.decode()
    assert mail.outbox[-1].to == ["koordination@heimstadt.example"]
    assert "Boule-Freunde" in mail.outbox[-1].body and "/heimstadt/intern/konten/" in mail.outbox[-1].body
    again = Client().get(link)
    assert again.status_code == 200 and "schon bestätigt" in again.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "kein-at"}, "gültige E-Mail-Adresse"),
        ({"password": "qwertyuiop"}, "zu üblich"),
        ({"organization": "", "new_organization_name": ""}, "nennen Sie eine neue"),
    ],
)
def test_bad_registrations_explain_and_create_nothing(cast: Any, change: dict[str, str], message: str) -> None:
    data = {"name": "Helga", "email": "helga@example.org", "password": STRONG_PASSWORD}
    data["organization"] = str(cast.home_org.pk)
    data.update(change)
    users = User.objects.count()
    response = Client().post("/heimstadt/mitmachen/registrieren/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert User.objects.count() == users and not mail.outbox


@pytest.mark.django_db
def test_registering_for_another_municipalitys_organization_is_refused(cast: Any) -> None:
    data = {"name": "Helga", "email": "helga@example.org", "password": STRONG_PASSWORD}
    data["organization"] = str(cast.other_org.pk)
    response = Client().post("/heimstadt/mitmachen/registrieren/", data)
    assert response.status_code == 400
    with scopes_disabled():
        assert not Registration.objects.exists()


@pytest.mark.django_db
def test_bad_registration_links(cast: Any, monkeypatch: Any) -> None:
    with scope(municipality=cast.home):
        registration = services.registration_submit(
            actor=None,
            municipality=cast.home,
            name="Helga",
            email="helga@example.org",
            password=STRONG_PASSWORD,
            organization=cast.home_org,
        )
    old = _old_token(registration.pk, tokens.REGISTRATION_SALT, dt.timedelta(days=3, minutes=1), monkeypatch)
    expired = Client().get(f"/heimstadt/mitmachen/registrieren/bestaetigen/{old}/")
    assert expired.status_code == 400 and "abgelaufen" in expired.content.decode()
    good = tokens.make(registration.pk, tokens.REGISTRATION_SALT)
    # The same link under another municipality's address finds nothing.
    assert Client().get(f"/anderswo/mitmachen/registrieren/bestaetigen/{good}/").status_code == 400
    assert Client().get(f"/heimstadt/mitmachen/registrieren/bestaetigen/{good}x/").status_code == 400
    # An invitation link is no confirmation link.
    foreign = tokens.make(registration.pk, tokens.INVITATION_SALT)
    assert Client().get(f"/heimstadt/mitmachen/registrieren/bestaetigen/{foreign}/").status_code == 400
    registration.refresh_from_db()
    assert registration.state == "unconfirmed" and not registration.user.is_active
    with scopes_disabled():
        assert not Membership.objects.filter(user=registration.user).exists()
