"""Reminder mails: one per offer and run, to the right people, each day only once, with a working link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django_scopes import scopes_disabled

from nahbar.campaigns.attendance_reminders import send_reminders
from nahbar.directory.recurrence import BERLIN
from tests.campaigns.report_setup import make_campaign

pytestmark = pytest.mark.django_db

THURSDAY = dt.datetime(2026, 5, 7, 20, 0, tzinfo=BERLIN)  # Mon + Wed events over, Friday's not yet
NEXT_WEEK = dt.datetime(2026, 5, 12, 9, 0, tzinfo=BERLIN)


def _emails(cast: Any) -> None:
    with scopes_disabled():
        for name in ("provider", "other_provider", "coordinator"):
            cast.users[name].email = f"{name}@example.org"
            cast.users[name].save()


def test_one_mail_per_offer_to_its_providers(cast: Any, settings: Any) -> None:
    settings.SITE_URL = "https://nahbar.example"
    _emails(cast)
    made = make_campaign(cast, with_counts=False)
    with scopes_disabled():
        made.b.contact_email = "Kirche@example.org"
        made.b.save()
    report = send_reminders(now=THURSDAY)
    assert report.mails == 2  # A (Mon + Wed in one mail) and B (Wed)
    assert report.days == 3
    by_subject = {m.subject: m for m in mail.outbox}
    cafe = by_subject["Wie viele waren da? „Erzählcafé“"]
    assert cafe.to == ["provider@example.org"]  # bound to home_org; not the other municipality's provider
    assert "Montag, 4. Mai 2026, 15:00" in cafe.body
    assert "Mittwoch, 6. Mai 2026, 15:00" in cafe.body
    assert "Der Link gilt 30 Tage" in cafe.body
    walk = by_subject["Wie viele waren da? „Spaziergang“"]
    assert walk.to == ["kirche@example.org"]  # home_org_b has no provider account: the offer's contact
    link = re.search(r"https://nahbar\.example(/heimstadt/mitmachen/teilnahme/[^/\s]+/)", cafe.body)
    assert link is not None
    return_link = link.group(1)
    from django.test import Client

    assert Client().get(return_link).status_code == 200


def test_each_day_is_reminded_once(cast: Any) -> None:
    _emails(cast)
    make_campaign(cast, with_counts=False)
    assert send_reminders(now=THURSDAY).mails == 1  # the Erzählcafé; the Spaziergang has no address here
    assert send_reminders(now=THURSDAY + dt.timedelta(hours=1)).mails == 0
    # After Friday's event only the Telefonkette (Friday) is new.
    report = send_reminders(now=NEXT_WEEK)
    assert (report.mails, report.days) == (1, 1)
    assert "Telefonkette" in mail.outbox[-1].subject


def test_counted_events_are_not_reminded(cast: Any) -> None:
    _emails(cast)
    make_campaign(cast, with_counts=True)  # A Mon, A Wed and B Wed are counted
    report = send_reminders(now=NEXT_WEEK)
    assert (report.mails, report.days) == (1, 1)
    assert "Telefonkette" in mail.outbox[0].subject


def test_offers_without_any_address_are_reported(cast: Any) -> None:
    made = make_campaign(cast, with_counts=False)  # no e-mail addresses at all
    report = send_reminders(now=THURSDAY)
    assert report.mails == 0
    assert sorted(report.without_address) == [made.a.title, made.b.title]


def test_old_campaigns_are_left_alone(cast: Any) -> None:
    _emails(cast)
    make_campaign(cast, with_counts=False)
    assert send_reminders(now=dt.datetime(2026, 7, 1, 9, 0, tzinfo=BERLIN)).mails == 0


def test_command_runs_for_one_municipality(cast: Any, capsys: Any) -> None:
    make_campaign(cast, with_counts=False)
    call_command("attendance_reminders", "--municipality", "anderswo")
    assert "sent 0 reminder mail(s)" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("attendance_reminders", "--municipality", "nirgendwo")
