"""Feed views: the finder's results as iCalendar and GeoJSON, and the public places as GeoJSON.

They parse the same query parameters as the finder. A feed has no page to show a message on, so a
parameter the finder would ignore with a note makes the feed answer 400 with the notes instead.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from nahbar.directory.feeds import geojson
from nahbar.directory.models import Offer
from nahbar.directory.offer_pages import ical
from nahbar.directory.offer_pages.links import offer_url
from nahbar.directory.offer_pages.selectors import offer_page_queryset, offer_places, public_places
from nahbar.directory.search import parse_finder_query
from nahbar.directory.search.engine import ordered_offer_ids

# A feed carries at most this many offers, in the finder's order; narrower filters give the rest.
FEED_LIMIT = 500
GEOJSON = "application/geo+json"


def _bad_parameters(errors: dict[str, list[str]]) -> HttpResponse:
    lines = [_("Diese Angaben in der Adresse sind ungültig:")]
    lines += [f"{name}: {message}" for name, messages in errors.items() for message in messages]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _matching_offers(request: HttpRequest) -> tuple[list[Offer], dict[str, list[str]]]:
    """The finder's hits (first FEED_LIMIT, in its order) with what the feeds print prefetched."""
    municipality = request.municipality  # type: ignore[attr-defined]
    query, errors = parse_finder_query(request.GET, municipality=municipality)
    if errors:
        return [], errors
    ids = ordered_offer_ids(municipality, query, limit=FEED_LIMIT)
    by_id = {offer.pk: offer for offer in offer_page_queryset(municipality).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id], {}


def _absolute_offer_url(request: HttpRequest, offer: Offer) -> str:
    return request.build_absolute_uri(offer_url(offer, request.municipality.slug))  # type: ignore[attr-defined]


def finder_ics(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    offers, errors = _matching_offers(request)
    if errors:
        return _bad_parameters(errors)
    municipality = request.municipality  # type: ignore[attr-defined]
    name = _("Angebote in %(municipality)s") % {"municipality": municipality.name}
    content = ical.feed_calendar(
        ((offer, _absolute_offer_url(request, offer)) for offer in offers), municipality, name=name
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="angebote-{municipality.slug}.ics"'
    return response


def _geojson_response(data: dict[str, Any]) -> HttpResponse:
    return JsonResponse(data, content_type=GEOJSON, json_dumps_params={"ensure_ascii": False})


def finder_geojson(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    offers, errors = _matching_offers(request)
    if errors:
        return _bad_parameters(errors)
    features = (
        geojson.offer_feature(offer, offer_places(offer), _absolute_offer_url(request, offer)) for offer in offers
    )
    return _geojson_response(geojson.collection(features))


def places_geojson(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    places = public_places(municipality).order_by("name", "pk")

    def url(place_id: int) -> str:
        path = reverse("place-detail", kwargs={"municipality_slug": municipality_slug, "place_id": place_id})
        return request.build_absolute_uri(path)

    return _geojson_response(geojson.collection(geojson.place_feature(place, url(place.pk)) for place in places))
