"""Small builders for tenant-owned objects, used across tests. Callers open the scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nahbar.areas.models import Area, AreaStatistic
from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.pages.models import BarrierFeedback
from nahbar.tenancy.models import Municipality

SQUARE = {"type": "Polygon", "coordinates": [[[13.0, 52.0], [13.1, 52.0], [13.1, 52.1], [13.0, 52.1], [13.0, 52.0]]]}


def area(municipality: Municipality, code: str = "01", **kw: Any) -> Area:
    defaults: dict[str, Any] = {"level": "Bezirk", "name": f"Gebiet {code}", "geometry": SQUARE}
    defaults.update(kw)
    return Area.objects.create(municipality=municipality, code=code, **defaults)


def area_statistic(target: Area, **kw: Any) -> AreaStatistic:
    defaults: dict[str, Any] = {"indicator": "population", "year": 2024, "value": 1000.0}
    defaults.update(kw)
    return AreaStatistic.objects.create(municipality_id=target.municipality_id, area=target, **defaults)


def place(organization: Organization, **kw: Any) -> Place:
    defaults: dict[str, Any] = {
        "name": f"Treff von {organization.name}",
        "street": "Hauptstraße 1",
        "postcode": "01067",
        "city": "Heimstadt",
    }
    defaults.update(kw)
    return Place.objects.create(municipality_id=organization.municipality_id, organization=organization, **defaults)


def offer(organization: Organization, title: str = "Erzählcafé", **kw: Any) -> Offer:
    defaults: dict[str, Any] = {
        "summary": "Bei Kaffee und Kuchen erzählen wir uns Geschichten.",
        "review_state": Offer.ReviewState.PUBLISHED,
    }
    defaults.update(kw)
    return Offer.objects.create(
        municipality_id=organization.municipality_id, organization=organization, title=title, **defaults
    )


def weekly_schedule(
    target: Offer, *, place_: Place | None = None, byday: str = "MO,TU,WE,TH,FR,SA,SU", **kw: Any
) -> Schedule:
    defaults: dict[str, Any] = {
        "dtstart": dt.date(2024, 1, 1),
        "start_time": dt.time(15, 0),
        "duration_minutes": 120,
        "rrule": f"FREQ=WEEKLY;BYDAY={byday}",
        "runs_on_holidays": True,
    }
    defaults.update(kw)
    return Schedule.objects.create(municipality_id=target.municipality_id, offer=target, place=place_, **defaults)


def local_term(municipality: Municipality, code: str = "lokal") -> Term:
    return Term.objects.create(
        vocabulary="format", code=code, label_de="Lokales Format", label_en="Local format", municipality=municipality
    )


def barrier_feedback(municipality: Municipality) -> BarrierFeedback:
    return BarrierFeedback.objects.create(municipality=municipality, page="/x/", message="Kontrast zu schwach")
