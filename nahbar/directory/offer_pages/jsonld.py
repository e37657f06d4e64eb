"""schema.org JSON-LD for offer pages (Event) and place pages (Place)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString, mark_safe

from nahbar.directory.offer_pages.dates import DateEntry

if TYPE_CHECKING:
    from nahbar.directory.models import Offer, Place

SCHEMA = "https://schema.org"
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REMOTE_MODES = {"telefonisch", "online"}


def script_tag(data: Any) -> SafeString:
    """A ``<script type="application/ld+json">`` that no data can break out of.

    ``<``, ``>`` and ``&`` are written as JSON unicode escapes, so "</script>" in a
    title stays inside the string (the same escaping as Django's json_script).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def postal_address(place: Place) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "DE"}
    for key, value in [
        ("streetAddress", place.street),
        ("postalCode", place.postcode),
        ("addressLocality", place.city),
    ]:
        if value:
            address[key] = value
    return address


def _geo(place: Place) -> dict[str, Any] | None:
    if place.latitude is None or place.longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude}


def place_data(place: Place, url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Place", "name": place.name, "address": postal_address(place)}
    if url:
        data["url"] = url
    if geo := _geo(place):
        data["geo"] = geo
    return data


def _modes(offer: Offer) -> set[str]:
    return {term.code for term in offer.delivery_modes.all()}


def attendance_mode(offer: Offer, has_place: bool) -> str:
    remote = bool(_modes(offer) & REMOTE_MODES)
    if remote and has_place:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if remote or not has_place:
        return f"{SCHEMA}/OnlineEventAttendanceMode"
    return f"{SCHEMA}/OfflineEventAttendanceMode"


def _organizer(offer: Offer) -> dict[str, Any]:
    organization = offer.organization
    data: dict[str, Any] = {"@type": "Organization", "name": organization.name}
    if organization.website:
        data["url"] = organization.website
    if organization.phone:
        data["telephone"] = organization.phone
    if organization.email:
        data["email"] = organization.email
    return data


def _location(offer: Offer, entry: DateEntry, url: str, place_url: Any) -> list[dict[str, Any]]:
    locations: list[dict[str, Any]] = []
    if entry.place is not None:
        locations.append(place_data(entry.place, place_url(entry.place)))
    if _modes(offer) & REMOTE_MODES or entry.place is None:
        locations.append({"@type": "VirtualLocation", "url": offer.contact_url or url})
    return locations


def offer_events(offer: Offer, entries: Iterable[DateEntry], *, url: str, place_url: Any) -> list[dict[str, Any]]:
    """One schema.org Event per coming date (search engines want concrete dates)."""
    events = []
    languages = [term.code for term in offer.languages.all()]
    for entry in entries:
        if entry.cancelled:
            continue
        event: dict[str, Any] = {
            "@context": SCHEMA,
            "@type": "Event",
            "name": offer.title,
            "description": offer.summary,
            "url": url,
            "startDate": entry.start.date().isoformat() if entry.all_day else entry.start.isoformat(),
            "endDate": entry.end.date().isoformat() if entry.all_day else entry.end.isoformat(),
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "eventAttendanceMode": attendance_mode(offer, entry.place is not None),
            "location": _location(offer, entry, url, place_url),
            "organizer": _organizer(offer),
            "isAccessibleForFree": offer.is_free,
        }
        if offer.is_free:
            event["offers"] = {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "url": url}
        if languages:
            event["inLanguage"] = languages
        events.append(event)
    return events


def place_page_data(place: Place, *, url: str) -> dict[str, Any]:
    data = {"@context": SCHEMA, **place_data(place, url), "publicAccess": True}
    hours = []
    for spec in valid_opening_hours(place.opening_hours):
        hours.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [f"{SCHEMA}/{_DAYS[d]}" for d in spec["days"]],
                "opens": spec["opens"],
                "closes": spec["closes"],
            }
        )
    if hours:
        data["openingHoursSpecification"] = hours
    features = [
        {"@type": "LocationFeatureSpecification", "name": term.label, "value": True}
        for term in place.accessibility.all()
    ]
    if features:
        data["amenityFeature"] = features
    if place.is_third_place:
        data["isAccessibleForFree"] = True
    return data


def valid_opening_hours(raw: Any) -> list[dict[str, Any]]:
    """The well-formed entries of ``Place.opening_hours``; anything malformed is skipped, not shown wrongly."""
    result = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        days, opens, closes = item.get("days"), item.get("opens"), item.get("closes")
        if not isinstance(days, list) or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            continue
        if not (_is_clock(opens) and _is_clock(closes)):
            continue
        result.append({"days": sorted(set(days)), "opens": opens, "closes": closes})
    return result


def _is_clock(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return False
    hours, minutes = value[:2], value[3:]
    return hours.isdigit() and minutes.isdigit() and int(hours) <= 24 and int(minutes) < 60
