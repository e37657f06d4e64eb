"""GeoJSON FeatureCollections (RFC 7946), including files with the legacy 2008 ``crs`` member."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.features import SourceFeature, decode_utf8

# Names of WGS84 longitude/latitude that older GIS exports write into ``crs``; RFC 7946 dropped the member
# and means exactly this. Compared without case.
WGS84_CRS_NAMES = frozenset(
    name.lower()
    for name in (
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "CRS84",
        "EPSG:4326",
        "urn:ogc:def:crs:EPSG::4326",
        "urn:ogc:def:crs:EPSG:4326",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        "http://www.opengis.net/def/crs/EPSG/0/4326",
    )
)


def parse_geojson(data: bytes) -> list[SourceFeature]:
    document = _load(decode_utf8(data))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise AreaImportError(
            _("Erwartet wird eine GeoJSON-FeatureCollection, gefunden wurde „%(type)s“.") % {"type": found}
        )
    check_crs(document.get("crs"))
    features = document.get("features")
    if not isinstance(features, list):
        raise AreaImportError(_("Der FeatureCollection fehlt die Liste „features“."))
    return [_feature(number, item) for number, item in enumerate(features, start=1)]


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AreaImportError(
            _("Die Datei ist kein gültiges JSON: %(error)s in Zeile %(line)d, Spalte %(column)d.")
            % {"error": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from None


def check_crs(crs: Any) -> None:
    """Accept a missing ``crs`` or one naming WGS84; anything else would put the areas in the wrong place."""
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str) or name.strip().lower() not in WGS84_CRS_NAMES:
        raise AreaImportError(
            _(
                "Das Koordinatenreferenzsystem „%(crs)s“ wird nicht unterstützt. Erwartet wird WGS84 "
                "(EPSG:4326 bzw. CRS84, Länge/Breite in Grad); bitte die Datei umwandeln."
            )
            % {"crs": name if isinstance(name, str) else json.dumps(crs)[:120]}
        )


def _feature(number: int, item: Any) -> SourceFeature:
    if not isinstance(item, dict) or item.get("type") != "Feature":
        raise AreaImportError(_("Objekt %(number)d ist kein GeoJSON-Feature.") % {"number": number})
    properties = item.get("properties") or {}
    if not isinstance(properties, dict):
        raise AreaImportError(_("Objekt %(number)d: Feld „properties“ muss ein Objekt sein.") % {"number": number})
    return SourceFeature(number=number, properties=properties, geometry=item.get("geometry"))
