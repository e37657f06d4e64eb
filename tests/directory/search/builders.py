"""Offers for search tests, indexed as the service functions would index them. Callers need no scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.directory.search import FinderQuery, SearchPage, parse_finder_query, search_offers
from nahbar.directory.search.index import refresh_offers
from nahbar.tenancy.models import Municipality
from tests import factories

TODAY_OFFSET = dt.timedelta(days=0)


def term(vocabulary: str, code: str) -> Term:
    with scopes_disabled():
        return Term.objects.get(vocabulary=vocabulary, code=code, municipality=None)


def offer(
    organization: Organization,
    title: str,
    *,
    summary: str = "Ein Angebot.",
    places: list[Place] | None = None,
    byday: str | None = "MO",
    start_time: dt.time | None = dt.time(15, 0),
    terms: dict[str, list[Term]] | None = None,
    index: bool = True,
    **kw: Any,
) -> Offer:
    with scopes_disabled():
        created = factories.offer(organization, title=title, summary=summary, **kw)
        for place in places or []:
            created.places.add(place)
        for relation, values in (terms or {}).items():
            getattr(created, relation).set(values)
        if byday:
            Schedule.objects.create(
                municipality_id=created.municipality_id,
                offer=created,
                place=places[0] if places else None,
                dtstart=dt.date(2024, 1, 1),
                start_time=start_time,
                duration_minutes=90,
                rrule=f"FREQ=WEEKLY;BYDAY={byday}",
                runs_on_holidays=True,
            )
    if index:
        refresh_offers([created.pk])
    return created


def place(organization: Organization, name: str, lat: float, lon: float, **kw: Any) -> Place:
    with scopes_disabled():
        return factories.place(organization, name=name, latitude=lat, longitude=lon, **kw)


def parse(municipality: Municipality, query_string: str) -> tuple[FinderQuery, dict[str, list[str]]]:
    with scope(municipality=municipality):
        return parse_finder_query(QueryDict(query_string), municipality=municipality)


def search(municipality: Municipality, query_string: str = "", **kw: Any) -> SearchPage:
    query, errors = parse(municipality, query_string)
    assert not errors, errors
    with scope(municipality=municipality):
        return search_offers(municipality, query, page=query.page, **kw)


def titles(municipality: Municipality, query_string: str = "", **kw: Any) -> list[str]:
    return [hit.offer.title for hit in search(municipality, query_string, **kw).hits]
