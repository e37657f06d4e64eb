"""The campaign week end to end, as issue 5 names it: a provider submits an event on a 360 px phone screen;
the coordinator asks for a change; the provider fixes it; the coordinator publishes; after the event the
provider enters the head count from the reminder e-mail's link, without signing in. axe-core on every page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from nahbar.campaigns.models import Attendance, CampaignEntry
from nahbar.directory.models import Offer
from tests import factories
from tests.browser.test_review_journey import _checked, signed_in  # noqa: F401 - the fixture is used by name
from tests.campaigns.conftest import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Kaffeetafel im Hof"
REQUEST = "Bitte nennen Sie den Eingang, an dem man sich trifft."
FIXED_SUMMARY = "Kaffee und Kuchen für alle. Treffpunkt: Tor an der Hofseite."


def test_submit_review_publish_and_count(signed_in: Any, axe: Any, cast: Any) -> None:  # noqa: F811
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    with scopes_disabled():
        for role in ("provider", "coordinator"):
            cast.users[role].email = f"{role}@example.org"
            cast.users[role].save()
        # The week is running: it began three days ago, so an event yesterday can be counted today.
        campaign = make_campaign(
            cast.home,
            starts_on=today - dt.timedelta(days=3),
            ends_on=today + dt.timedelta(days=3),
            submissions_open_on=today - dt.timedelta(days=20),
            submissions_close_on=today + dt.timedelta(days=3),
            questions=[],
        )
        factories.place(cast.home_org, name="Hof der Nachbarschaftshilfe")

    # The provider submits an event for yesterday, on a phone.
    provider = signed_in(cast.users["provider"], width=360)
    page = provider.page
    provider.goto(f"/heimstadt/mitmachen/aktionswoche/{campaign.slug}/")
    _checked(provider, axe, "journey-campaign-submit")
    page.get_by_label("Organisation", exact=True).select_option(label=cast.home_org.name)
    page.get_by_label("Titel der Veranstaltung").fill(TITLE)
    page.get_by_label("Kurzbeschreibung").fill("Kaffee und Kuchen für alle.")
    page.get_by_label("Datum (erster Termin)").fill(yesterday.isoformat())
    page.get_by_label("Beginn").fill("15:00")
    page.get_by_role("button", name="Veranstaltung einreichen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text(f"Danke! „{TITLE}“ ist eingereicht")).to_be_visible()
    _checked(provider, axe, "journey-campaign-submitted")

    # The coordinator asks for a change.
    coordinator = signed_in(cast.users["coordinator"])
    desk = coordinator.page
    coordinator.goto("/heimstadt/intern/pruefen/")
    expect(desk.get_by_text(campaign.name).first).to_be_visible()  # the queue names the campaign
    desk.get_by_role("link", name=TITLE).click()
    desk.wait_for_load_state("load")
    desk.get_by_label("Was soll geändert werden?").fill(REQUEST)
    desk.get_by_role("button", name="Änderungen erbitten").click()
    desk.wait_for_load_state("load")
    expect(desk.get_by_text("Die Bitte um Änderungen ist verschickt.")).to_be_visible()
    assert REQUEST in mail.outbox[-1].body

    # The provider fixes it from the provider area and submits again.
    provider.goto("/heimstadt/mitmachen/")
    expect(page.get_by_text(REQUEST)).to_be_visible()
    page.get_by_role("link", name=re.compile(rf"^Bearbeiten\W+{TITLE}$")).click()
    page.wait_for_load_state("load")
    page.get_by_label("Kurzbeschreibung").fill(FIXED_SUMMARY)
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Ihr Angebot ist eingereicht")).to_be_visible()
    _checked(provider, axe, "journey-campaign-fixed")

    # The coordinator publishes: the event is in the public programme.
    coordinator.goto("/heimstadt/intern/pruefen/")
    desk.get_by_role("link", name=TITLE).click()
    desk.wait_for_load_state("load")
    desk.get_by_role("button", name="Veröffentlichen").click()
    desk.wait_for_load_state("load")
    expect(desk.get_by_text("Veröffentlicht. Der Anbieter bekommt eine E-Mail.")).to_be_visible()
    with scopes_disabled():
        offer = Offer.objects.get(title=TITLE)
        assert offer.is_public() and CampaignEntry.objects.filter(campaign=campaign, offer=offer).exists()
    coordinator.goto(f"/heimstadt/aktionswoche/{campaign.slug}/")
    expect(desk.get_by_text(TITLE).first).to_be_visible()

    # The reminder e-mail after the event; its link opens the count form without signing in.
    mail.outbox.clear()
    call_command("attendance_reminders", municipality="heimstadt")
    reminder = next(m for m in mail.outbox if "provider@example.org" in m.to)
    link = re.search(r"https?://\S+/mitmachen/teilnahme/\S+/", reminder.body) or re.search(
        r"/heimstadt/mitmachen/teilnahme/\S+/", reminder.body
    )
    assert link, reminder.body
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    anonymous = signed_in(cast.users["nobody"], width=360)  # any browser; the link needs no account
    anonymous.page.context.clear_cookies()
    anonymous.goto(path)
    form = anonymous.page
    _checked(anonymous, axe, "journey-count-form")
    form.get_by_label("Teilnehmende").first.fill("14")
    form.get_by_role("button", name="Zahlen speichern").click()
    form.wait_for_load_state("load")
    expect(form.get_by_text("Danke! Die Zahlen sind gespeichert.")).to_be_visible()
    _checked(anonymous, axe, "journey-count-saved")
    with scopes_disabled():
        count = Attendance.objects.get(offer=offer)
    assert count.participants == 14 and timezone.localtime(count.starts_at).date() == yesterday
