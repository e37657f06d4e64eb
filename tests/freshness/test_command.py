"""``nahbar freshness-check``: what is due, dry runs, one reminder per cycle, the mail, paused offers."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer
from nahbar.freshness.models import Reminder
from nahbar.tenancy.models import AuditEvent
from tests.freshness.helpers import aged_offer


def check(*args: str) -> str:
    out = StringIO()
    call_command("freshness_check", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def aged(cast: Any, provider_email: str) -> dict[str, Offer]:
    return {
        "fresh": aged_offer(cast.home_org, "Frischer Treff", months=2, contact_email="treff@example.org"),
        "due": aged_offer(cast.home_org, "Alter Treff", months=7, contact_email="treff@example.org"),
        "never": aged_offer(cast.home_org_b, "Nie bestätigt", created_months=8),
        "withdrawn": aged_offer(cast.home_org, "Sehr alter Treff", months=10),
        "elsewhere": aged_offer(cast.other_org, "Treff Anderswo", months=7, contact_email="a@example.org"),
    }


@pytest.mark.django_db
def test_dry_run_changes_nothing(aged: dict[str, Offer]) -> None:
    with scopes_disabled():
        Offer.objects.filter(pk=aged["fresh"].pk).update(status=Offer.Status.PAUSED, paused_until=timezone.localdate())
        audit_before = AuditEvent.objects.count()
    out = check("--dry-run")
    assert "heimstadt: N=6 months; would resume 1 paused offer(s); 3 reminder(s) due" in out
    assert "anderswo: N=6 months; would resume 0 paused offer(s); 1 reminder(s) due" in out
    assert mail.outbox == []
    with scopes_disabled():
        assert Reminder.objects.count() == 0
        assert AuditEvent.objects.count() == audit_before
        assert Offer.objects.get(pk=aged["fresh"].pk).status == Offer.Status.PAUSED


@pytest.mark.django_db
def test_one_reminder_per_offer_and_cycle(aged: dict[str, Offer]) -> None:
    out = check("--municipality", "heimstadt")
    assert "3 reminder(s) due; mail batch enqueued" in out and "SUCCESSFUL" in out
    # "never" has no contact address and no provider account with an address: the organization has none
    # either, so nobody can be written to; the other two (and the withdrawn one) get one mail each.
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Läuft Ihr Angebot „Alter Treff“ noch?", "Läuft Ihr Angebot „Sehr alter Treff“ noch?"]
    with scopes_disabled():
        assert Reminder.objects.filter(offer=aged["elsewhere"]).count() == 0  # only the municipality asked for
        assert AuditEvent.objects.filter(action="offer.freshness_reminder").count() == 2
    mail.outbox.clear()
    again = check("--municipality", "heimstadt")
    assert "1 reminder(s) due" in again  # "never" is still due: nobody could be reached
    assert mail.outbox == []
    with scopes_disabled():
        assert Reminder.objects.count() == 2


@pytest.mark.django_db
def test_a_new_cycle_after_confirmation(cast: Any, aged: dict[str, Offer]) -> None:
    check("--municipality", "heimstadt")
    with scopes_disabled():
        # Confirmed seven months ago (after the last reminder): a new cycle, a new reminder.
        Offer.objects.filter(pk=aged["due"].pk).update(assured_at=timezone.now() - dt.timedelta(days=215))
    mail.outbox.clear()
    check("--municipality", "heimstadt")
    assert [m.subject for m in mail.outbox] == ["Läuft Ihr Angebot „Alter Treff“ noch?"]


@pytest.mark.django_db
def test_the_mail_goes_to_contact_and_providers_with_three_links(cast: Any, aged: dict[str, Offer]) -> None:
    with scopes_disabled():
        cast.users["coordinator"].email = "koordination@heimstadt.example"
        cast.users["coordinator"].save(update_fields=["email"])
        cast.users["other_coordinator"].email = "koordination@anderswo.example"
        cast.users["other_coordinator"].save(update_fields=["email"])
    check("--municipality", "heimstadt")
    message = next(m for m in mail.outbox if "Alter Treff" in m.subject)
    assert message.to == ["treff@example.org", "anbieterin@example.org"]
    assert message.reply_to == ["koordination@heimstadt.example"]  # not the other municipality's
    assert "Antworten Sie einfach auf diese E-Mail." in message.body
    assert "wird nach drei Monaten ausgeblendet" in message.body
    withdrawn = next(m for m in mail.outbox if "Sehr alter Treff" in m.subject)
    assert "erscheint das Angebot zurzeit nicht im Finder" in withdrawn.body
    assert "wird nach drei Monaten ausgeblendet" not in withdrawn.body
    body = message.body
    assert "Nachbarschaftsverein Heimstadt" in body and "Heimstadt" in body
    assert "Ja, das Angebot läuft weiter:" in body and "Das Angebot ist beendet:" in body
    assert "Die Links gelten 60 Tage lang und nur für eine Antwort." in body
    urls = re.findall(r"https://nahbar.example/heimstadt/mitmachen/noch-aktuell/[^/\s]+/", body)
    assert len(urls) == 3 and len(set(urls)) == 3
    # Each link opens its own page without logging in, and a GET changes nothing.
    client = Client()
    pages = [client.get(url.removeprefix("https://nahbar.example")) for url in urls]
    assert [p.status_code for p in pages] == [200, 200, 200]
    assert "Ja, das Angebot läuft weiter" in pages[0].content.decode()
    assert 'type="date"' in pages[1].content.decode()
    assert "Ja, das Angebot ist beendet" in pages[2].content.decode()
    with scopes_disabled():
        assert Reminder.objects.get(offer=aged["due"]).answered_at is None


@pytest.mark.django_db
def test_paused_offers_come_back_on_their_date(cast: Any) -> None:
    today = timezone.localdate()
    back = aged_offer(cast.home_org, "Sommerpause vorbei", months=1, status=Offer.Status.PAUSED, paused_until=today)
    later = aged_offer(
        cast.home_org, "Noch in Pause", months=1, status=Offer.Status.PAUSED, paused_until=today + dt.timedelta(days=1)
    )
    out = check("--municipality", "heimstadt")
    assert "did resume 1 paused offer(s)" in out
    with scopes_disabled():
        back.refresh_from_db()
        later.refresh_from_db()
        assert (back.status, back.paused_until) == (Offer.Status.ACTIVE, None)
        assert back.assured_at is not None and timezone.now() - back.assured_at < dt.timedelta(minutes=1)
        assert later.status == Offer.Status.PAUSED
        assert AuditEvent.objects.filter(action="offer.resume", object_id=str(back.pk)).count() == 1


@pytest.mark.django_db
def test_unknown_municipality_is_an_error(cast: Any) -> None:
    with pytest.raises(CommandError, match="unknown municipality"):
        check("--municipality", "nirgendwo")


@pytest.mark.django_db
def test_the_console_name_works(cast: Any) -> None:
    from nahbar.__main__ import main

    main(["nahbar", "freshness-check", "--dry-run"])


@pytest.mark.django_db
def test_with_a_queue_the_command_only_enqueues(aged: dict[str, Offer], settings: Any) -> None:
    """With a queue backend (here django-tasks' DummyBackend, which stores without running) the command
    sends nothing itself; the queued task, run later by a worker, does (and only once)."""
    from django_tasks import default_task_backend

    from nahbar.freshness.tasks import send_reminders

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out = check("--municipality", "heimstadt")
    assert "mail batch enqueued" in out and "READY" in out
    assert mail.outbox == []
    [queued] = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.func is send_reminders.func
    with scopes_disabled():
        assert queued.args == [
            aged["never"].municipality_id,
            sorted(o.pk for k, o in aged.items() if k not in ("fresh", "elsewhere")),
        ]
    # What a worker would do with it, twice: the second run finds the cycle already reminded.
    assert send_reminders.call(*queued.args) == {"sent": 2, "skipped": 1}
    assert send_reminders.call(*queued.args) == {"sent": 0, "skipped": 3}
    assert len(mail.outbox) == 2
