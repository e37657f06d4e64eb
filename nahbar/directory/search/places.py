"""Turning what someone typed into "Ort oder Adresse" into a point: a third place or an address.

No external geocoder: places come from the directory, addresses from the municipality's own address
list (:class:`nahbar.areas.models.Address`, imported with ``nahbar import-addresses``). Both sides are
folded the same way (:mod:`nahbar.areas.addresses`), so "Hauptstr. 5", "hauptstrasse 5" and
"Hauptstraße 5, 12345" find the same house.

Resolving costs at most three queries (places, addresses, the streets when no number was typed),
however many places and addresses there are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from nahbar.areas.addresses import TypedAddress, number_order, parse_typed_address, text_key
from nahbar.areas.models import Address
from nahbar.directory.models import Place
from nahbar.directory.search.choices import TTL
from nahbar.directory.search.choices import _version as choices_version
from nahbar.directory.search.query import FinderQuery, parse_finder_query
from nahbar.tenancy.models import Municipality

PARAMETER = "adresse"
MAX_TEXT = 200
MAX_CHOICES = 8


@dataclass(frozen=True)
class Location:
    value: str  # what the field shows and what resolves back to exactly this location
    label: str  # how the page names it: "Entfernung von …"
    lat: float
    lon: float
    place_id: int | None = None
    detail: str = ""  # a second line in lists, e.g. the place's address


@dataclass
class Resolution:
    text: str
    found: Location | None = None
    choices: list[Location] = field(default_factory=list)  # several matches: "Meinten Sie …"

    @property
    def failed(self) -> bool:
        return self.found is None and not self.choices


# --- places ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PlaceEntry:
    name_key: str
    value_key: str
    words: tuple[str, ...]
    location: Location


# (municipality id, version token) -> (expiry, entries): folding ~800 names costs more than reading them,
# and the suggestions ask on every pause in typing. The version tokens are the form choices' (a saved or
# deleted Place replaces its municipality's token), so an edit is seen at once in this process.
_memo: dict[tuple[int, str], tuple[float, list[_PlaceEntry]]] = {}
_MEMO_SIZE = 64


def _place_entries(municipality: Municipality) -> list[_PlaceEntry]:
    """The third places with coordinates (the places the old picker listed), names folded once."""
    key = (municipality.pk, choices_version(municipality.pk))
    now = time.monotonic()
    memo = _memo.get(key)
    if memo is not None and memo[0] > now:
        return memo[1]
    rows = (
        Place.objects.filter(municipality=municipality, is_third_place=True, latitude__isnull=False)
        .order_by("name", "pk")
        .values_list("pk", "name", "street", "latitude", "longitude")
    )
    entries = []
    for pk, name, street, lat, lon in rows:
        if lat is None or lon is None:
            continue
        location = place_location(pk, name, street, lat, lon)
        value_key = text_key(location.value)
        entries.append(_PlaceEntry(text_key(name), value_key, tuple(value_key.split()), location))
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[key] = (now + TTL, entries)
    return entries


def place_location(pk: int, name: str, street: str, lat: float, lon: float) -> Location:
    # The street makes the value unique where two places share a name ("Bibliothek").
    value = f"{name}, {street}" if street else name
    return Location(value=value, label=name, lat=lat, lon=lon, place_id=pk, detail=street)


def _matching_places(entries: list[_PlaceEntry], key: str, *, prefix: bool) -> tuple[list[Location], list[Location]]:
    """(exact matches, partial matches): exact on the name or the name with street; partial when every
    typed word starts (``prefix``) or occurs in a word of the name or street."""
    exact = [e.location for e in entries if key in (e.name_key, e.value_key)]
    typed = key.split()
    partial = []
    for entry in entries:
        if entry.location in exact:
            continue
        if all(any(w.startswith(t) if prefix else t in w for w in entry.words) for t in typed):
            partial.append(entry.location)
    return exact, partial


# --- addresses ---------------------------------------------------------------------------------


def address_location(address: Address) -> Location:
    return Location(
        value=address.label,
        label=f"{address.street} {address.house_number}",
        lat=address.latitude,
        lon=address.longitude,
        detail=" ".join(p for p in (address.postcode, address.locality) if p),
    )


def _street_location(addresses: list[Address]) -> Location:
    """A street without a house number: the house in the middle of the street's numbers."""
    ordered = sorted(addresses, key=lambda a: number_order(a.number_key))
    centre = ordered[(len(ordered) - 1) // 2]
    place = " ".join(p for p in (centre.postcode, centre.locality) if p)
    return Location(
        value=f"{centre.street}, {centre.postcode}" if centre.postcode else centre.street,
        label=_("%(street)s (Straßenmitte)") % {"street": centre.street},
        lat=centre.latitude,
        lon=centre.longitude,
        detail=place,
    )


def _addresses(
    municipality: Municipality, typed: TypedAddress, *, prefix: bool
) -> tuple[list[Location], list[Location]]:
    """(exact, partial) address locations for a typed street with or without a house number."""
    manager = Address.objects.filter(municipality=municipality)
    if typed.postcode:
        manager = manager.filter(postcode=typed.postcode)
    if typed.number_key:
        houses = list(
            manager.filter(
                **_starting("street_key", typed.street_key), **_starting("number_key", typed.number_key)
            ).order_by("street_key", "postcode", "number_key")[:200]
        )
        houses = [a for a in houses if _locality_fits(a, typed)]
        exact = [a for a in houses if (a.street_key, a.number_key) == (typed.street_key, typed.number_key)]
        partial = [a for a in houses if a not in exact and (prefix or a.number_key == typed.number_key)]
        partial.sort(key=lambda a: (a.street_key, number_order(a.number_key)))
        return [address_location(a) for a in exact], [address_location(a) for a in partial]
    return _streets(manager, typed)


def _streets(manager: QuerySet[Address], typed: TypedAddress) -> tuple[list[Location], list[Location]]:
    """Streets starting with the typed name: first which (at most nine) streets, then only their houses,
    so a two-letter prefix in a city of 300,000 addresses reads a few hundred rows, not all."""
    groups = set(
        manager.filter(**_starting("street_key", typed.street_key))
        .order_by("street_key", "postcode")
        .values_list("street_key", "postcode")
        .distinct()[: MAX_CHOICES + 1]
    )
    if not groups:
        return [], []
    streets: dict[tuple[str, str], list[Address]] = {}
    # Plain tuples: a street has dozens of houses, and model instances cost most of the time here.
    # (The street keys alone use the index; OR-ing (street, postcode) pairs made SQLite scan.)
    rows = manager.filter(street_key__in={key for key, _postcode in groups}).values_list(*_HOUSE_FIELDS)
    for row in rows:
        address = Address(**dict(zip(_HOUSE_FIELDS, row, strict=True)))
        if (address.street_key, address.postcode) in groups and _locality_fits(address, typed):
            streets.setdefault((address.street_key, address.postcode), []).append(address)
    ordered = sorted(streets.items())
    exact = [_street_location(v) for (key, _pc), v in ordered if key == typed.street_key]
    partial = [_street_location(v) for (key, _pc), v in ordered if key != typed.street_key]
    return exact, partial


_HOUSE_FIELDS = ("street", "house_number", "postcode", "locality", "latitude", "longitude", "street_key", "number_key")


def _starting(field_name: str, prefix: str) -> dict[str, str]:
    """A prefix as a range on the index: keys are [a-z0-9-] and "{" sorts after them. (``startswith``
    becomes ``LIKE … ESCAPE`` on SQLite, which never uses an index: 50 ms over 46,000 addresses.)"""
    return {f"{field_name}__gte": prefix, f"{field_name}__lt": prefix + "{"}


def _locality_fits(address: Address, typed: TypedAddress) -> bool:
    return not typed.locality_key or text_key(address.locality).startswith(typed.locality_key)


# --- resolving ---------------------------------------------------------------------------------


def resolve_location(municipality: Municipality, text: str) -> Resolution:
    """The one place or address meant by ``text``, or the choices when several fit."""
    text = text.strip()[:MAX_TEXT]
    result = Resolution(text=text)
    key = text_key(text)
    if not key:
        return result
    exact_places, partial_places = _matching_places(_place_entries(municipality), key, prefix=False)
    if len(exact_places) == 1:
        result.found = exact_places[0]
        return result
    typed = parse_typed_address(text)
    exact_addresses, partial_addresses = _addresses(municipality, typed, prefix=False) if typed else ([], [])
    if not exact_places and len(exact_addresses) == 1:
        result.found = exact_addresses[0]
        return result
    choices = exact_places + exact_addresses or partial_places + partial_addresses
    if len(choices) == 1:
        result.found = choices[0]
    else:
        result.choices = choices[:MAX_CHOICES]
    return result


def suggest_locations(municipality: Municipality, text: str) -> list[Location]:
    """Up to eight places and addresses starting with what was typed so far, for search-as-you-type."""
    key = text_key(text[:MAX_TEXT])
    if len(key) < 2:
        return []
    exact_places, partial_places = _matching_places(_place_entries(municipality), key, prefix=True)
    typed = parse_typed_address(text)
    exact_addresses, partial_addresses = _addresses(municipality, typed, prefix=True) if typed else ([], [])
    found = exact_places + exact_addresses + partial_places + partial_addresses
    return found[:MAX_CHOICES]


# --- the finder's parameters -----------------------------------------------------------------------


def parse_finder_request(
    data: QueryDict, *, municipality: Municipality
) -> tuple[FinderQuery, dict[str, list[str]], Resolution | None]:
    """``parse_finder_query`` plus the typed location (``adresse``): it wins over ``ort`` and ``lat``/``lon``.

    A found location becomes the point (as ``lat``/``lon``); several matches leave the search without a
    point and return the choices ("Meinten Sie …"); none is an error under ``adresse``.
    """
    text = (data.get(PARAMETER) or "").strip()
    if not text:
        return (*parse_finder_query(data, municipality=municipality), None)
    resolution = resolve_location(municipality, text)
    data = data.copy()
    for name in ("ort", "lat", "lon"):
        data.pop(name, None)
    if resolution.found is not None:
        data["lat"], data["lon"] = repr(resolution.found.lat), repr(resolution.found.lon)
    query, errors = parse_finder_query(data, municipality=municipality)
    if resolution.failed:
        errors.setdefault(PARAMETER, []).append(
            _(
                "Zu „%(text)s“ haben wir keinen Ort und keine Adresse gefunden. Bitte prüfen Sie die "
                "Schreibweise oder geben Sie Straße und Hausnummer an, zum Beispiel „Hauptstraße 5“."
            )
            % {"text": resolution.text[:60]}
        )
    return query, errors, resolution
