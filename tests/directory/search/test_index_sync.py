"""The index follows the service functions, the admin and the reindex commands."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from nahbar.directory.models import OccurrenceIndex, Offer, OfferSearchText
from nahbar.directory.services import offer_create, schedule_add
from tests.directory.search.builders import offer, titles


@pytest.mark.django_db
def test_services_index_new_offers_and_schedules(cast: Any) -> None:
    with scopes_disabled():
        created = offer_create(
            actor=None,
            organization=cast.home_org,
            title="Boule im Park",
            summary="Kugeln.",
            review_state=Offer.ReviewState.PUBLISHED,
        )
    assert titles(cast.home, "q=Boule") == ["Boule im Park"]
    assert titles(cast.home, "tag=do") == []
    with scopes_disabled():
        schedule_add(
            actor=None,
            offer=created,
            dtstart=dt.date(2024, 1, 4),
            start_time=dt.time(10, 0),
            rrule="FREQ=WEEKLY;BYDAY=TH",
        )
    assert titles(cast.home, "tag=do") == ["Boule im Park"]


@pytest.mark.django_db
def test_admin_save_reindexes(cast: Any) -> None:
    created = offer(cast.home_org, "Boule")
    client = Client()
    client.force_login(cast.users["coordinator"])  # client.login passes no request, which django-axes needs
    url = f"/admin/directory/offer/{created.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        title="Pétanque",
        organization=cast.home_org.pk,
        status="active",
        review_state="published",
        duration_minutes=120,
    )
    for name in ("places", "delivery_modes", "formats", "target_groups", "low_threshold", "accessibility", "languages"):
        data.pop(name, None)
    data.update({"schedules-TOTAL_FORMS": "0", "schedules-INITIAL_FORMS": "0"})
    with scopes_disabled():
        schedules = list(created.schedules.all())
    data["schedules-TOTAL_FORMS"] = str(len(schedules))
    data["schedules-INITIAL_FORMS"] = str(len(schedules))
    for i, s in enumerate(schedules):
        data.update(
            {
                f"schedules-{i}-id": s.pk,
                f"schedules-{i}-offer": created.pk,
                f"schedules-{i}-dtstart": s.dtstart.isoformat(),
                f"schedules-{i}-start_time": "15:00",
                f"schedules-{i}-duration_minutes": "90",
                f"schedules-{i}-rrule": s.rrule,
                f"schedules-{i}-rdates": "[]",
                f"schedules-{i}-exdates": "[]",
                f"schedules-{i}-runs_on_holidays": "on",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert titles(cast.home, "q=Petanque") == ["Pétanque"]
    assert titles(cast.home, "q=Boule") == []


@pytest.mark.django_db
def test_reindex_and_refresh_commands(cast: Any) -> None:
    offer(cast.home_org, "Boule", index=False)
    offer(cast.other_org, "Skat", index=False)
    assert titles(cast.home, "q=Boule") == []
    out = io.StringIO()
    call_command("reindex_offers", municipality="heimstadt", stdout=out, stderr=io.StringIO())
    assert "indexed 1 offers" in out.getvalue()
    assert titles(cast.home, "q=Boule") == ["Boule"]
    assert titles(cast.other, "q=Skat") == []
    with scopes_disabled():
        OccurrenceIndex.objects.all().delete()
    call_command("refresh_occurrences", stdout=io.StringIO(), stderr=io.StringIO())
    with scopes_disabled():
        assert OccurrenceIndex.objects.filter(offer__title="Skat").exists()
        assert not OfferSearchText.objects.filter(offer__title="Skat").exists()


@pytest.mark.django_db
def test_unknown_municipality_is_a_command_error(cast: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reindex_offers", municipality="nirgendwo", stdout=io.StringIO(), stderr=io.StringIO())
