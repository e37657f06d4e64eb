from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from nahbar.directory.markup import render_markdown
from nahbar.directory.services import offer_create, schedule_add
from nahbar.tenancy.models import AuditEvent


def test_markdown_is_sanitised() -> None:
    html = render_markdown("# Titel\n\n**fett** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://a.de)")
    assert "<script" not in html and "javascript:" not in html
    assert "<h3>Titel</h3>" in html and "<strong>fett</strong>" in html
    assert 'href="https://a.de"' in html and 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.django_db
def test_offer_and_schedule_services_validate_and_audit(cast: Any) -> None:
    with scopes_disabled():
        offer = offer_create(
            actor=cast.users["coordinator"],
            organization=cast.home_org,
            title="Singkreis",
            summary="Wir singen Volkslieder.",
        )
        assert offer.municipality_id == cast.home.pk
        schedule = schedule_add(
            actor=None,
            offer=offer,
            dtstart=dt.date(2026, 1, 6),
            start_time=dt.time(10),
            rrule="rrule:freq=weekly;byday=tu",
            exdates=["2026-01-13"],
        )
        assert schedule.rrule == "FREQ=WEEKLY;BYDAY=TU"
        with pytest.raises(ValidationError) as info:
            schedule_add(
                actor=None, offer=offer, dtstart=dt.date(2026, 1, 6), rrule="FREQ=WEEKLY", exdates=["13.01.2026"]
            )
        assert "exdates" in info.value.message_dict
        with pytest.raises(ValidationError) as info:
            schedule_add(actor=None, offer=offer, dtstart=dt.date(2026, 1, 6), rrule="FREQ=HOURLY")
        assert "rrule" in info.value.message_dict
        with pytest.raises(ValidationError) as info:
            schedule_add(actor=None, offer=offer, dtstart=dt.date(2026, 1, 6), until=dt.date(2025, 1, 1))
        assert "until" in info.value.message_dict
        assert offer.schedules.count() == 1
        assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"offer.create", "schedule.create"}
