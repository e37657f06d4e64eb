"""GeoJSON (RFC 7946) for offers and places: WGS84 longitude/latitude, as the format requires."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nahbar.directory.models import Offer, Place


def _point(place: Place) -> list[float] | None:
    if place.latitude is None or place.longitude is None:
        return None
    return [round(place.longitude, 6), round(place.latitude, 6)]


def offer_geometry(places: Iterable[Place]) -> dict[str, Any] | None:
    """A Point for one located place, a MultiPoint for several, null for none (phone, online)."""
    points = []
    for place in places:
        point = _point(place)
        if point is not None and point not in points:
            points.append(point)
    if not points:
        return None
    if len(points) == 1:
        return {"type": "Point", "coordinates": points[0]}
    return {"type": "MultiPoint", "coordinates": points}


def _codes(terms: Iterable[Any]) -> list[str]:
    return sorted(term.code for term in terms)


def offer_feature(offer: Offer, places: list[Place], url: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": offer.pk,
        "geometry": offer_geometry(places),
        "properties": {
            "title": offer.title,
            "summary": offer.summary,
            "url": url,
            "organization": offer.organization.name,
            "places": [place.name for place in places],
            "free_of_charge": offer.is_free,
            "formats": _codes(offer.formats.all()),
            "target_groups": _codes(offer.target_groups.all()),
            "low_threshold": _codes(offer.low_threshold.all()),
            "accessibility": _codes(offer.accessibility.all()),
            "languages": _codes(offer.languages.all()),
            "delivery_modes": _codes(offer.delivery_modes.all()),
        },
    }


def place_feature(place: Place, url: str) -> dict[str, Any]:
    point = _point(place)
    return {
        "type": "Feature",
        "id": place.pk,
        "geometry": {"type": "Point", "coordinates": point} if point else None,
        "properties": {
            "name": place.name,
            "kind": place.kind,
            "third_place": place.is_third_place,
            "street": place.street,
            "postcode": place.postcode,
            "city": place.city,
            "area": place.area.name if place.area else None,
            "accessibility": _codes(place.accessibility.all()),
            "url": url,
        },
    }


def collection(features: Iterable[dict[str, Any]], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", **members, "features": list(features)}
