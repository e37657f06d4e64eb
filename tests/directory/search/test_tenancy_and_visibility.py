"""Never another municipality's offers; drafts, paused and expired offers stay hidden."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from nahbar.directory.models import Offer
from tests.directory.search.builders import offer, place, titles


@pytest.mark.django_db
def test_other_municipality_is_never_found(cast: Any) -> None:
    here = place(cast.home_org, "Hier", 52.0, 13.0)
    there = place(cast.other_org, "Dort", 52.0, 13.0)
    offer(cast.home_org, "Erzählcafé Heimstadt", places=[here])
    offer(cast.other_org, "Erzählcafé Anderswo", places=[there])
    assert titles(cast.home, "q=Erzählcafé") == ["Erzählcafé Heimstadt"]
    assert titles(cast.other, "q=Erzählcafé") == ["Erzählcafé Anderswo"]
    assert titles(cast.home, f"ort={here.pk}&umkreis=50") == ["Erzählcafé Heimstadt"]
    html = Client().get("/heimstadt/angebote/", {"ort": there.pk}).content.decode()
    assert "Diesen Ort gibt es hier nicht" in html
    assert "Anderswo" not in html.split("<main", 1)[1]


@pytest.mark.django_db
def test_typo_vocabulary_is_per_municipality(cast: Any) -> None:
    offer(cast.other_org, "Xylophonkurs")
    assert titles(cast.home, "q=Xylofonkurs") == []
    assert titles(cast.home, "q=Xylophonkur") == []


@pytest.mark.django_db
def test_unpublished_paused_and_expired_are_hidden(cast: Any) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    offer(cast.home_org, "Treff Entwurf", review_state=Offer.ReviewState.DRAFT)
    offer(cast.home_org, "Treff eingereicht", review_state=Offer.ReviewState.SUBMITTED)
    offer(cast.home_org, "Treff pausiert", status=Offer.Status.PAUSED)
    offer(cast.home_org, "Treff beendet", status=Offer.Status.ENDED)
    offer(cast.home_org, "Treff abgelaufen", valid_until=yesterday)
    offer(cast.home_org, "Treff sichtbar")
    assert titles(cast.home, "q=Treff") == ["Treff sichtbar"]
    assert titles(cast.home, "tag=mo") == ["Treff sichtbar"]
