"""KML placemarks with polygons, with their ExtendedData fields as properties.

Parsed with the standard library, which expands internal entities: a document type
declaration could blow up memory ("billion laughs") or reach out for external files,
and a KML file never needs one, so any DTD or entity declaration is refused before parsing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.features import SourceFeature

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_kml(data: bytes) -> list[SourceFeature]:
    if b"\x00" in data:
        # UTF-16 or UTF-32: would hide a declaration from the check below, and KML is written in UTF-8.
        raise AreaImportError(_("Die KML-Datei ist nicht UTF-8-kodiert; bitte als UTF-8 speichern."))
    if _DECLARATION.search(data):
        raise AreaImportError(
            _(
                "Die KML-Datei enthält eine DOCTYPE- oder ENTITY-Deklaration; solche Dateien werden aus "
                "Sicherheitsgründen nicht gelesen."
            )
        )
    try:
        root = ET.fromstring(data)  # noqa: S314 - see module doc
    except ET.ParseError as exc:
        line, column = exc.position
        raise AreaImportError(
            _("Die Datei ist kein gültiges XML (Zeile %(line)d, Spalte %(column)d).") % {"line": line, "column": column}
        ) from None
    if _local(root.tag) != "kml":
        raise AreaImportError(_("Die Datei ist keine KML-Datei (Wurzelelement „%(tag)s“).") % {"tag": _local(root.tag)})
    placemarks = [el for el in root.iter() if _local(el.tag) == "Placemark"]
    return [_feature(number, placemark) for number, placemark in enumerate(placemarks, start=1)]


def _local(tag: str) -> str:
    """The tag without its namespace: KML 2.2, Google's 2.x and namespace-less files all occur."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


def _descendants(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element.iter() if _local(child.tag) == name)


def _feature(number: int, placemark: ET.Element) -> SourceFeature:
    return SourceFeature(number=number, properties=_properties(placemark), geometry=_geometry(number, placemark))


def _properties(placemark: ET.Element) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for data in _descendants(placemark, "SimpleData"):
        properties[data.get("name", "")] = (data.text or "").strip()
    for data in _descendants(placemark, "Data"):
        value = next(_children(data, "value"), None)
        properties[data.get("name", "")] = (value.text or "").strip() if value is not None else ""
    # The placemark's own <name> and <description> count only where the extended data has no such field.
    for tag in ("name", "description"):
        element = next(_children(placemark, tag), None)
        if element is not None and element.text and tag not in properties:
            properties[tag] = element.text.strip()
    properties.pop("", None)
    return properties


def _geometry(number: int, placemark: ET.Element) -> dict[str, Any] | None:
    polygons = [_polygon(number, polygon) for polygon in _descendants(placemark, "Polygon")]
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _polygon(number: int, polygon: ET.Element) -> list[list[list[float]]]:
    rings = [_ring(number, ring) for outer in _children(polygon, "outerBoundaryIs") for ring in _rings(outer)]
    rings += [_ring(number, ring) for inner in _children(polygon, "innerBoundaryIs") for ring in _rings(inner)]
    return rings


def _rings(boundary: ET.Element) -> Iterator[ET.Element]:
    for ring in _children(boundary, "LinearRing"):
        yield from _children(ring, "coordinates")


def _ring(number: int, coordinates: ET.Element) -> list[list[float]]:
    positions = []
    for token in (coordinates.text or "").split():
        try:
            # lon,lat[,altitude]; the altitude is dropped later
            positions.append([float(v) for v in token.split(",")])
        except ValueError:
            raise AreaImportError(
                _("Objekt %(number)d, Feld „coordinates“: „%(token)s“ ist keine Koordinate (Länge,Breite).")
                % {"number": number, "token": token[:60]}
            ) from None
    return positions
