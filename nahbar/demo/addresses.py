"""The demo's address list: every demo place's street with invented house numbers along it.

The place's own number sits exactly at the place; the other numbers follow a straight line through it in
a direction drawn from the seed, about 12 m apart, odd numbers on one side and even on the other. The
list goes through the real import (``addresses_import``, as ``nahbar import-addresses`` would), so the
demo's "Ort oder Adresse" field finds e.g. "Lindenstraße 12" without any geocoder.

It draws from its own random source (derived from the seed), so adding it did not change the rest of
the demo.
"""

from __future__ import annotations

import csv
import math
import random
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from nahbar.areas.services import AddressImportReport, addresses_import
from nahbar.directory.models import Place
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

_STREET_AND_NUMBER = re.compile(r"^(?P<street>.*\S)\s+(?P<number>\d+)[a-z]?$")
STEP_M = 12.0  # metres between two neighbouring numbers on one side
SIDE_M = 8.0  # metres from the middle of the street to either side
NUMBERS = 30  # house numbers around the place's own


def address_rows(places: Iterable[Place], rng: random.Random) -> Iterator[list[str]]:
    """[street, number, postcode, locality, lat, lon] rows, each (street, number, postcode) once."""
    seen: set[tuple[str, int, str]] = set()
    for place in places:
        match = _STREET_AND_NUMBER.match(place.street or "")
        if match is None or place.latitude is None or place.longitude is None:
            continue
        street, own = match.group("street"), int(match.group("number"))
        angle = rng.uniform(0, math.pi)
        first = max(1, own - NUMBERS // 2)
        for number in range(first, first + NUMBERS + 1):
            key = (street, number, place.postcode)
            if key in seen:
                continue
            seen.add(key)
            lat, lon = _along(place.latitude, place.longitude, angle, own, number)
            yield [street, str(number), place.postcode, place.city, f"{lat:.6f}", f"{lon:.6f}"]


def _along(lat: float, lon: float, angle: float, own: int, number: int) -> tuple[float, float]:
    """The point of ``number`` on a street through the place (at ``own``) in direction ``angle``."""
    if number == own:
        return lat, lon
    along = (number - own) / 2 * STEP_M
    across = (SIDE_M if number % 2 else -SIDE_M) - (SIDE_M if own % 2 else -SIDE_M)
    north = along * math.cos(angle) - across * math.sin(angle)
    east = along * math.sin(angle) + across * math.cos(angle)
    return lat + north / 111_320.0, lon + east / (111_320.0 * math.cos(math.radians(lat)))


def import_demo_addresses(
    *, actor: audit.Actor, municipality: Municipality, places: Iterable[Place], seed: int
) -> AddressImportReport:
    rng = random.Random(f"{seed}-addresses")
    with tempfile.TemporaryDirectory(prefix="nahbar-demo-") as tmp:
        table = Path(tmp) / "demo_adressen.csv"
        with table.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["Straße", "Hausnummer", "PLZ", "Ort", "Breitengrad", "Längengrad"])
            writer.writerows(address_rows(places, rng))
        return addresses_import(actor=actor, municipality=municipality, path=table)
