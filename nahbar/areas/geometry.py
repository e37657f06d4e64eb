"""Checking and repairing area geometries before they are stored.

An area's geometry is GeoJSON (RFC 7946): WGS84 longitude/latitude, Polygon or
MultiPolygon. Real files are not always valid (self-intersecting rings are
common in municipal data), so invalid shapes are repaired with shapely's
``make_valid`` and the repair is reported instead of silently hidden.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

#: 7 decimals of a degree are about 1 cm: finer digits are noise and only bloat the JSON.
PRECISION = 7
_GRID = 10.0**-PRECISION
POLYGONAL_TYPES = ("Polygon", "MultiPolygon")
Ring = np.ndarray  # (n, 2) float array of longitude, latitude


class GeometryError(ValueError):
    """The geometry cannot be used; the message is German, translatable and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PreparedGeometry:
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon, coordinates rounded to PRECISION
    centroid_lat: float  # a point inside the area, so a label placed there lies within it
    centroid_lon: float
    bbox: list[float]  # [west, south, east, north]
    repair_note: str  # '' when the geometry was valid as given

    def shape(self) -> BaseGeometry:
        return shape(self.geometry)


def prepare_geometry(geom: Any) -> PreparedGeometry:
    """Validate a GeoJSON geometry dict, repair it if invalid, and derive centroid and bbox.

    Raises :class:`GeometryError` for anything that cannot be repaired safely:
    wrong type, malformed or non-WGS84 coordinates, unclosed rings, empty results.
    """
    polygons = _checked_polygons(geom)
    polygon = _build(geom["type"], polygons)
    repair_note = ""
    if not polygon.is_valid:
        repair_note = describe_invalidity(polygon)
        polygon = _repair(polygon)
    # Snapping to the storage grid with GEOS keeps the result valid, unlike plain rounding.
    polygon = shapely.orient_polygons(shapely.set_precision(polygon, _GRID))
    polygon = _polygonal_part(polygon)
    if polygon.is_empty:
        raise GeometryError(_("Die Fläche ist leer oder so klein, dass nach dem Runden nichts übrig bleibt."))
    lat, lon = _label_point(polygon)
    return PreparedGeometry(
        geometry=_rounded_mapping(polygon),
        centroid_lat=lat,
        centroid_lon=lon,
        bbox=[round(v, PRECISION) for v in polygon.bounds],
        repair_note=repair_note,
    )


def _checked_polygons(geom: Any) -> list[list[Ring]]:
    """The polygons' rings as 2D arrays (an altitude is dropped); raises GeometryError on malformed input."""
    if not isinstance(geom, dict):
        raise GeometryError(_("Die Geometrie fehlt oder ist kein GeoJSON-Objekt."))
    kind = geom.get("type")
    if kind not in POLYGONAL_TYPES:
        raise GeometryError(
            _("Geometrietyp „%(type)s“ wird nicht unterstützt; erwartet wird Polygon oder MultiPolygon.")
            % {"type": kind}
        )
    coordinates = geom.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise GeometryError(_("Die Geometrie hat keine Koordinaten."))
    checked = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise GeometryError(_("Ein Polygon hat keine Ringe."))
        checked.append([_checked_ring(ring) for ring in polygon])
    return checked


def _build(kind: str, polygons: list[list[Ring]]) -> BaseGeometry:
    parts = [Polygon(rings[0], rings[1:]) for rings in polygons]
    return parts[0] if kind == "Polygon" else MultiPolygon(parts)


def _checked_ring(ring: Any) -> Ring:
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryError(_("Ein Ring braucht mindestens vier Punkte (der letzte gleich dem ersten)."))
    array = _checked_positions(ring)
    if not np.array_equal(array[0], array[-1]):
        raise GeometryError(
            _("Ein Ring ist nicht geschlossen: Der erste Punkt (%(first)s) ist nicht gleich dem letzten (%(last)s).")
            % {"first": _format_position(ring[0]), "last": _format_position(ring[-1])}
        )
    return array


def _checked_positions(ring: list[Any]) -> Ring:
    """Check all positions at numpy speed; only a ring that fails is walked point by point for the message."""
    try:
        array = np.asarray(ring)
    except ValueError:  # ragged, e.g. 2D and 3D positions mixed
        array = np.empty((0, 0))
    if array.ndim != 2 or array.shape[1] < 2 or array.dtype.kind not in "iuf":
        for position in ring:
            _check_position(position)
        return np.array([position[:2] for position in ring], dtype=float)
    array = array[:, :2].astype(float)
    good = np.isfinite(array).all(axis=1) & (np.abs(array[:, 0]) <= 180) & (np.abs(array[:, 1]) <= 90)
    if not good.all():
        _check_position(ring[int(np.argmin(good))])
    return array


def _check_position(position: Any) -> None:
    if not isinstance(position, list | tuple) or len(position) < 2 or not all(_is_number(v) for v in position):
        raise GeometryError(
            _("Ungültige Koordinate %(position)s: erwartet werden Zahlen [Länge, Breite].")
            % {"position": repr(position)[:80]}
        )
    lon, lat = position[0], position[1]
    if -180 <= lon <= 180 and -90 <= lat <= 90:
        return
    if abs(lon) > 360 or abs(lat) > 180:  # metres, not degrees: a projected system such as UTM
        raise GeometryError(
            _(
                "Die Koordinate %(position)s ist keine Länge/Breite in Grad: Die Koordinaten sehen projiziert aus "
                "(z. B. UTM, EPSG:25832). Bitte die Datei in WGS84 (EPSG:4326) umwandeln."
            )
            % {"position": _format_position(position)}
        )
    raise GeometryError(
        _("Die Koordinate %(position)s liegt außerhalb von WGS84 (Länge −180 bis 180, Breite −90 bis 90).")
        % {"position": _format_position(position)}
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _format_position(position: Any) -> str:
    return ", ".join(f"{v:.10g}" if _is_number(v) else repr(v) for v in position[:2])


# Reasons GEOS gives in explain_validity, in German for the report.
_REASONS = {
    "Ring Self-intersection": gettext_lazy("Selbstüberschneidung eines Rings"),
    "Self-intersection": gettext_lazy("Selbstüberschneidung"),
    "Hole lies outside shell": gettext_lazy("Loch außerhalb der Außengrenze"),
    "Holes are nested": gettext_lazy("verschachtelte Löcher"),
    "Interior is disconnected": gettext_lazy("zerteilte Innenfläche"),
    "Nested shells": gettext_lazy("verschachtelte Außengrenzen"),
    "Duplicate Rings": gettext_lazy("doppelte Ringe"),
    "Too few points in geometry component": gettext_lazy("zu wenige Punkte"),
    "Repeated Point": gettext_lazy("wiederholter Punkt"),
    "Invalid Coordinate": gettext_lazy("ungültige Koordinate"),
    "Ring is not closed": gettext_lazy("nicht geschlossener Ring"),
}
_EXPLANATION = re.compile(r"^(?P<reason>[^\[]+)\[(?P<x>\S+) (?P<y>\S+)\]$")


def describe_invalidity(geom: BaseGeometry) -> str:
    """A German sentence saying what was wrong and where, e.g. "Selbstüberschneidung … bei 6.97, 50.90 repariert"."""
    explanation = explain_validity(geom)
    match = _EXPLANATION.match(explanation)
    if match is None:
        return _("Ungültige Geometrie (%(reason)s) repariert.") % {"reason": explanation}
    reason = match["reason"].strip()
    reason = str(_REASONS[reason]) if reason in _REASONS else reason
    return _("%(reason)s bei %(lon)s, %(lat)s (Länge, Breite) repariert.") % {
        "reason": reason[:1].upper() + reason[1:],
        "lon": f"{float(match['x']):.{PRECISION}f}",
        "lat": f"{float(match['y']):.{PRECISION}f}",
    }


def _repair(geom: BaseGeometry) -> BaseGeometry:
    # "structure" unions overlapping shells instead of cutting them away (as "linework" does),
    # which matches what the people who drew the district meant.
    repaired = _polygonal_part(shapely.make_valid(geom, method="structure", keep_collapsed=False))
    if repaired.is_empty:
        raise GeometryError(
            _("Die Geometrie ist ungültig (%(reason)s) und ließ sich nicht zu einer Fläche reparieren.")
            % {"reason": explain_validity(geom)}
        )
    return repaired


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the areal parts: make_valid or snapping may add stray lines or points."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    polygons: list[Polygon] = []
    for part in getattr(geom, "geoms", []):  # a GeometryCollection, possibly nested
        part = _polygonal_part(part)
        if isinstance(part, MultiPolygon):
            polygons.extend(part.geoms)
        elif not part.is_empty:
            polygons.append(part)
    if not polygons:
        return Polygon()
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _label_point(geom: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of the centroid, or of a point surely inside when the centroid falls outside (a crescent)."""
    for candidate in (geom.centroid, geom.representative_point()):
        point = Point(round(candidate.x, PRECISION), round(candidate.y, PRECISION))
        if geom.contains(point):
            return point.y, point.x
    point = geom.representative_point()
    return point.y, point.x


def _rounded_mapping(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON as plain lists, so it compares equal to what comes back from the JSON field.

    Rounding with numpy and writing with GEOS is an order of magnitude faster than walking
    shapely's ``mapping`` in Python, which matters for city-sized files.
    """
    rounded = shapely.transform(geom, lambda coordinates: np.round(coordinates, PRECISION))
    data: dict[str, Any] = json.loads(shapely.to_geojson(rounded))
    return data
