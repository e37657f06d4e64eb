"""Two more views of the finder's results: a week calendar and a map (with its list alternative).

Both take the finder's query parameters unchanged, so a search can be switched between list, calendar and
map without losing its filters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from nahbar.directory.finder.views import VIEW_ONLY, location_context, view_links
from nahbar.directory.search import finder_occurrences, finder_places
from nahbar.directory.search.places import parse_finder_request
from nahbar.directory.start.params import week_start


def _filters(request: HttpRequest) -> QueryDict:
    params = request.GET.copy()
    for name in VIEW_ONLY:
        params.pop(name, None)
    return params


def finder_calendar(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    query, errors, location = parse_finder_request(request.GET, municipality=municipality)
    start, date_error = week_start(request.GET.get("ab", ""))
    found = finder_occurrences(municipality, query, start=start)
    by_day: dict[dt.date, list[Any]] = {start + dt.timedelta(days=i): [] for i in range(7)}
    for occ in found:
        by_day.setdefault(timezone.localtime(occ.start).date(), []).append(occ)

    def week_link(day: dt.date) -> str:
        params = _filters(request)
        params["ab"] = day.isoformat()
        return "?" + params.urlencode()

    context = {
        "errors": errors,
        "date_error": date_error,
        "start": start,
        "end": start + dt.timedelta(days=6),
        "today": timezone.localdate(),
        "days": list(by_day.items()),
        "count": len(found),
        "previous_week": week_link(start - dt.timedelta(days=7)),
        "next_week": week_link(start + dt.timedelta(days=7)),
        "query": query,
        **view_links(request, municipality_slug),
        **location_context(request, query, location),
    }
    return render(request, "directory/start/finder_calendar.html", context, status=400 if date_error else 200)


def finder_map(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    query, errors, location = parse_finder_request(request.GET, municipality=municipality)
    places = finder_places(municipality, query)
    markers = [
        {
            "name": place.name,
            "lat": place.latitude,
            "lon": place.longitude,
            "label": ngettext("%(count)s Angebot", "%(count)s Angebote", count) % {"count": count},
            "url": reverse("place-detail", kwargs={"municipality_slug": municipality_slug, "place_id": place.pk}),
        }
        for place, count in places
    ]
    context = {
        "errors": errors,
        "places": places,
        "markers": markers,
        "tile_attribution": settings.NAHBAR_TILE_ATTRIBUTION,
        "query": query,
        **view_links(request, municipality_slug),
        **location_context(request, query, location),
    }
    return render(request, "directory/start/finder_map.html", context)
