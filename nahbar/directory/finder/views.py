"""The finder page: filters as German query parameters, results list, htmx fragment."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nahbar.directory.finder import form_parts
from nahbar.directory.finder.cards import Cards
from nahbar.directory.finder.form_cache import cached_form
from nahbar.directory.models import Vocabulary
from nahbar.directory.search import form_choices, search_offers
from nahbar.directory.search.choices import choices_version, geography
from nahbar.directory.search.places import (
    PARAMETER,
    Location,
    Resolution,
    parse_finder_request,
    place_location,
    suggest_locations,
)
from nahbar.directory.search.query import DAYPARTS, TERM_PARAMETERS, WEEKDAYS

PER_PAGE = 20
RADII = [0.5, 1.0, 2.0, 5.0, 10.0, 25.0]
WEEKDAY_LABELS = {
    "mo": _("Montag"),
    "di": _("Dienstag"),
    "mi": _("Mittwoch"),
    "do": _("Donnerstag"),
    "fr": _("Freitag"),
    "sa": _("Samstag"),
    "so": _("Sonntag"),
}
DAYPART_LABELS = {"vormittag": _("vormittags"), "nachmittag": _("nachmittags (12–17 Uhr)"), "abend": _("abends")}
FRAGMENT = "directory/finder/_results.html"
FORM = "directory/finder/_form.html"
SUGGESTIONS = "directory/finder/_location_suggestions.html"


def _choices(municipality: Any, request: HttpRequest) -> dict[str, Any]:
    """The form's options, each marked as chosen or not; terms and places come from the cache
    (search.choices, per municipality and language)."""
    cached = form_choices(municipality)
    fieldsets = []
    for name, (vocabulary, _all_required) in TERM_PARAMETERS.items():
        chosen = set(request.GET.getlist(name))
        fieldsets.append(
            {
                "name": name,
                "legend": Vocabulary(vocabulary).label,
                "open": bool(chosen),
                "checkboxes": form_parts.checkboxes(
                    name, ((code, label) for code, label, _pk in cached["terms"].get(vocabulary, [])), chosen
                ),
            }
        )
    return {
        "term_fieldsets": fieldsets,
        "weekday_checkboxes": form_parts.checkboxes(
            "tag", ((code, WEEKDAY_LABELS[code]) for code in WEEKDAYS), set(request.GET.getlist("tag"))
        ),
        "daypart_checkboxes": form_parts.checkboxes(
            "tageszeit", ((code, DAYPART_LABELS[code]) for code in DAYPARTS), set(request.GET.getlist("tageszeit"))
        ),
    }


def _form_html(request: HttpRequest, municipality_slug: str, context: dict[str, Any]) -> str:
    """The search form (``_form.html``), memoised per municipality, language, options, areas and filters."""
    municipality = request.municipality  # type: ignore[attr-defined]
    areas = geography(municipality).areas
    filters = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists() if k not in VIEW_ONLY))
    key = (
        municipality.pk,
        municipality_slug,
        get_language(),
        choices_version(municipality),
        areas,
        filters,
        tuple(sorted(context["errors"])),
        context.get("location_value"),
    )

    def build() -> str:
        query = context["query"]
        form_context = {
            **context,
            **_choices(municipality, request),
            "area_options": form_parts.options(areas, query.area.pk if query.area else None),
            "radius_options": form_parts.radius_options(RADII, query.radius_km),
        }
        return render_to_string(FORM, {**form_context, "municipality_slug": municipality_slug})

    return mark_safe(cached_form(key, build))  # noqa: S308 - rendered by the template engine, which escapes


def _page_links(request: HttpRequest, page: Any) -> dict[str, str]:
    links = {}
    for key, number in (("previous", page.page - 1), ("next", page.page + 1)):
        if 1 <= number <= page.num_pages and number != page.page:
            params = request.GET.copy()
            params["seite"] = str(number)
            links[key] = "?" + params.urlencode()
    return links


# Parameters that belong to one view (page number, calendar week), not to the filters.
VIEW_ONLY = ("seite", "ab")


def view_links(request: HttpRequest, municipality_slug: str) -> dict[str, str]:
    """The same filters as list, week calendar and map (those two views live in directory.start), and as the
    feeds (docs/feeds.md)."""
    params = request.GET.copy()
    for name in VIEW_ONLY:
        params.pop(name, None)
    suffix = f"?{params.urlencode()}" if params else ""
    return {key: path + suffix for key, path in _view_paths(municipality_slug, get_language() or "").items()}


VIEW_URL_NAMES = {
    "list_url": "finder",
    "calendar_url": "finder-calendar",
    "map_url": "finder-map",
    "ics_url": "finder-ics",
    "geojson_url": "finder-geojson",
}


@functools.lru_cache(maxsize=1024)
def _view_paths(municipality_slug: str, language: str) -> dict[str, str]:
    """The five views' paths; the URLconf is fixed for the process, the language prefix is in the key."""
    kwargs = {"municipality_slug": municipality_slug}
    return {key: reverse(name, kwargs=kwargs) for key, name in VIEW_URL_NAMES.items()}


def location_context(request: HttpRequest, query: Any, resolution: Resolution | None) -> dict[str, Any]:
    """The "Ort oder Adresse" field's text, the name of the point distances are measured from, and the
    "Meinten Sie …" links (each the current search with that choice typed in) when several fit."""
    value, label = "", ""
    if resolution is not None:
        value = resolution.text
        label = resolution.found.label if resolution.found else ""
    elif query.place is not None:
        place = query.place
        value = place_location(place.pk, place.name, place.street, place.latitude, place.longitude).value
        label = place.name
    choices = []
    for choice in resolution.choices if resolution else []:
        params = request.GET.copy()
        for name in ("ort", "lat", "lon", *VIEW_ONLY):
            params.pop(name, None)
        params[PARAMETER] = choice.value
        choices.append({"location": choice, "url": "?" + params.urlencode()})
    return {"location_value": value, "distance_from": label, "location_choices": choices}


def finder(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    query, errors, resolution = parse_finder_request(request.GET, municipality=municipality)
    page = search_offers(municipality, query, page=query.page, per_page=PER_PAGE)
    cards = Cards(municipality_slug)
    for hit in page.hits:
        hit.url = cards.url(hit.offer)
        hit.card = cards.card(hit)
    context: dict[str, Any] = {
        "query": query,
        "errors": errors,
        "page": page,
        "links": _page_links(request, page),
        "params": request.GET,
        "searched": bool(request.GET),
        "current": "list",
        **view_links(request, municipality_slug),
        **location_context(request, query, resolution),
    }
    # A history restore (back button, htmx's cache is off) wants the whole page, not the fragment.
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render(request, FRAGMENT, {**context, "oob": True})
    else:
        context["form_html"] = _form_html(request, municipality_slug, context)
        response = render(request, "directory/finder/finder.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one URL, two representations
    return response


def location_suggestions(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    """Search-as-you-type for "Ort oder Adresse": a small HTML fragment of choices (htmx swaps it in).

    Without JavaScript nobody needs it: the finder resolves the typed text itself.
    """
    municipality = request.municipality  # type: ignore[attr-defined]
    text = request.GET.get(PARAMETER, "")
    found: list[Location] = suggest_locations(municipality, text)
    response = render(request, SUGGESTIONS, {"suggestions": found, "typed": text.strip()})
    patch_vary_headers(response, ["HX-Request"])
    return response
