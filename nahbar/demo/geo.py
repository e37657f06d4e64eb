"""Random points inside district polygons, leaning towards the city centre.

Plain rejection sampling in the bounding box would put a fair share of the outer districts'
places into forests and lakes (Grunewald, Müggelsee). Accepting a candidate with a probability
that falls with its distance from the centre keeps the demo's places where people live, while
every district still gets its share because each district is sampled on its own.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, shape

# Alexanderplatz; the demo is built on Berlin's districts.
CENTRE_LAT, CENTRE_LON = 52.5219, 13.4132
_KM_PER_DEG_LAT = 111.2
_KM_PER_DEG_LON = 111.2 * math.cos(math.radians(CENTRE_LAT))
# Acceptance halves every ~5.5 km further out than the district's nearest point to the centre.
_FALLOFF_KM = 8.0


def _to_km(coords: Any) -> Any:
    out = np.array(coords, dtype=float)
    out[:, 0] = (out[:, 0] - CENTRE_LON) * _KM_PER_DEG_LON
    out[:, 1] = (out[:, 1] - CENTRE_LAT) * _KM_PER_DEG_LAT
    return out


class PolygonSampler:
    """Samples (latitude, longitude) pairs strictly inside one GeoJSON (Multi)Polygon."""

    def __init__(self, geometry: dict[str, Any]) -> None:
        self.shape = shape(geometry)
        shapely.prepare(self.shape)
        self.west, self.south, self.east, self.north = self.shape.bounds
        self._nearest_km = shapely.transform(self.shape, _to_km).distance(Point(0, 0))

    def sample(self, rng: random.Random) -> tuple[float, float]:
        for _attempt in range(10_000):
            # Rounded before the test, so the stored point is the one known to lie inside.
            lon = round(rng.uniform(self.west, self.east), 6)
            lat = round(rng.uniform(self.south, self.north), 6)
            if not shapely.contains_xy(self.shape, lon, lat):
                continue
            distance = math.hypot((lon - CENTRE_LON) * _KM_PER_DEG_LON, (lat - CENTRE_LAT) * _KM_PER_DEG_LAT)
            if rng.random() < math.exp(-(distance - self._nearest_km) / _FALLOFF_KM):
                return lat, lon
        raise RuntimeError("could not place a point inside the polygon")  # pragma: no cover - needs a sliver
