"""The finder page: filters as German query parameters, results list, htmx fragment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from nahbar.areas.models import Area
from nahbar.directory.models import Vocabulary
from nahbar.directory.offer_pages.links import offer_url
from nahbar.directory.search import form_choices, parse_finder_query, search_offers
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


def _choices(municipality: Any, request: HttpRequest) -> dict[str, Any]:
    """The form's options, each marked as chosen or not; terms and places come from the cache
    (search.choices, per municipality and language), areas from one query."""
    cached = form_choices(municipality)
    fieldsets = []
    for name, (vocabulary, _all_required) in TERM_PARAMETERS.items():
        chosen = set(request.GET.getlist(name))
        fieldsets.append(
            {
                "name": name,
                "legend": Vocabulary(vocabulary).label,
                "open": bool(chosen),
                "checkboxes": _checkboxes(name, cached["terms"].get(vocabulary, []), chosen),
            }
        )
    days = set(request.GET.getlist("tag"))
    parts = set(request.GET.getlist("tageszeit"))
    return {
        "term_fieldsets": fieldsets,
        "areas": Area.objects.filter(municipality=municipality).only("pk", "name").order_by("level_rank", "name"),
        "place_options": _place_options(cached["places"], request.GET.get("ort", "")),
        "radii": RADII,
        "weekdays": [(code, WEEKDAY_LABELS[code], code in days) for code in WEEKDAYS],
        "dayparts": [(code, DAYPART_LABELS[code], code in parts) for code in DAYPARTS],
    }


def _checkboxes(name: str, terms: list[tuple[str, str, int]], chosen: set[str]) -> str:
    """KERN checkboxes for one vocabulary, built in Python for the same reason as the place options."""
    parts = []
    for raw_code, label, _pk in terms:
        code, field_id = escape(raw_code), f"finder-{name}-{escape(raw_code)}"
        checked = " checked" if raw_code in chosen else ""
        parts.append(
            f'<div class="kern-form-check"><input class="kern-form-check__input" type="checkbox" id="{field_id}" '
            f'name="{name}" value="{code}"{checked}><label class="kern-label" for="{field_id}">'
            f"{escape(label)}</label></div>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped here


def _place_options(options: str, chosen: str) -> str:
    """The place picker's <option>s (escaped and cached in search.choices: a large municipality has
    ~1,000 third places, and the template engine would spend most of the page's time on them), with
    the chosen one marked. Only digits are looked up, so the marker cannot land across two options."""
    if chosen.isascii() and chosen.isdigit():
        target = f'<option value="{chosen}">'
        options = options.replace(target, f'<option value="{chosen}" selected>', 1)
    return mark_safe(options)  # noqa: S308 - every value was escaped when the options were built


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
    """The same filters as list, week calendar and map (those two views live in directory.start)."""
    params = request.GET.copy()
    for name in VIEW_ONLY:
        params.pop(name, None)
    suffix = f"?{params.urlencode()}" if params else ""
    kwargs = {"municipality_slug": municipality_slug}
    return {
        "list_url": reverse("finder", kwargs=kwargs) + suffix,
        "calendar_url": reverse("finder-calendar", kwargs=kwargs) + suffix,
        "map_url": reverse("finder-map", kwargs=kwargs) + suffix,
    }


def finder(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    query, errors = parse_finder_query(request.GET, municipality=municipality)
    page = search_offers(municipality, query, page=query.page, per_page=PER_PAGE)
    for hit in page.hits:
        hit.url = offer_url(hit.offer, municipality_slug)
    context: dict[str, Any] = {
        "query": query,
        "errors": errors,
        "page": page,
        "links": _page_links(request, page),
        "params": request.GET,
        "searched": bool(request.GET),
        "current": "list",
        **view_links(request, municipality_slug),
    }
    # A history restore (back button, htmx's cache is off) wants the whole page, not the fragment.
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render(request, FRAGMENT, {**context, "oob": True})
    else:
        context.update(_choices(municipality, request))
        response = render(request, "directory/finder/finder.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one URL, two representations
    return response
