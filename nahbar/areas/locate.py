"""Point-in-polygon lookup of the finest area containing a point, with an STRtree index."""

from __future__ import annotations

from collections.abc import Iterable

from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from nahbar.areas.models import Area


class AreaLocator:
    """Built once per batch (e.g. an import), then asked for many points."""

    def __init__(self, areas: Iterable[Area]) -> None:
        with_geometry = [a for a in areas if a.geometry]
        # Finest level first, so a Stadtteil wins over the Stadtbezirk that contains it.
        with_geometry.sort(key=lambda a: -a.level_rank)
        self._areas = with_geometry
        self._shapes: list[BaseGeometry] = [shape(a.geometry) for a in with_geometry]
        self._tree = STRtree(self._shapes) if self._shapes else None

    def locate(self, latitude: float | None, longitude: float | None) -> Area | None:
        if self._tree is None or latitude is None or longitude is None:
            return None
        point = Point(longitude, latitude)
        hits = sorted(int(i) for i in self._tree.query(point, predicate="intersects"))
        return self._areas[hits[0]] if hits else None

    @classmethod
    def for_municipality(cls, municipality_id: int) -> AreaLocator:
        return cls(Area.objects.with_scopes_disabled().filter(municipality_id=municipality_id))
