"""Distances on the earth, and the places of a municipality within a radius of a point."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Points:
    """Places as (latitude, longitude, id), sorted by latitude, so that a search reads only the band of
    latitudes its radius can reach (a municipality of the benchmark set has ~1,700 places)."""

    rows: list[tuple[float, float, int]]
    latitudes: list[float] = field(init=False)
    by_id: dict[int, tuple[float, float]] = field(init=False)

    def __post_init__(self) -> None:
        self.rows.sort()
        object.__setattr__(self, "latitudes", [lat for lat, _lon, _pk in self.rows])
        object.__setattr__(self, "by_id", {pk: (lat, lon) for lat, lon, pk in self.rows})

    def location(self, pk: int) -> tuple[float, float]:
        return self.by_id[pk]

    def within(self, lat0: float, lon0: float, radius_km: float) -> dict[int, float]:
        """{place id: distance in km} of the places at most ``radius_km`` from the point."""
        dlat = radius_km / 111.0  # a degree of latitude is at least 110.57 km: the band is wide enough
        dlon = radius_km / (111.320 * max(0.01, math.cos(math.radians(lat0))))
        start = bisect.bisect_left(self.latitudes, lat0 - dlat)
        end = bisect.bisect_right(self.latitudes, lat0 + dlat)
        found = {}
        for lat, lon, pk in self.rows[start:end]:
            if abs(lon - lon0) <= dlon:
                distance = haversine_km(lat0, lon0, lat, lon)
                if distance <= radius_km:
                    found[pk] = distance
        return found
