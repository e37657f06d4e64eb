"""Reading area files (GeoJSON, KML) into plain features: properties and a GeoJSON geometry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from nahbar.areas.importers.errors import AreaImportError


@dataclass(frozen=True)
class SourceFeature:
    number: int  # 1-based position in the file, as a person counts features
    properties: dict[str, Any]
    geometry: dict[str, Any] | None


def read_features(path: Path) -> list[SourceFeature]:
    """All features of a GeoJSON or KML file, in file order. Raises AreaImportError."""
    from nahbar.areas.importers.geojson import parse_geojson
    from nahbar.areas.importers.kml import parse_kml

    readers = {".geojson": parse_geojson, ".json": parse_geojson, ".kml": parse_kml}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise AreaImportError(
            _("Dateiformat „%(suffix)s“ wird nicht unterstützt; erwartet wird .geojson, .json oder .kml.")
            % {"suffix": path.suffix or path.name}
        )
    features = reader(read_bytes(path))
    if not features:
        raise AreaImportError(_("Die Datei „%(name)s“ enthält keine Gebiete.") % {"name": path.name})
    return features


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise AreaImportError(_("Die Datei „%(path)s“ gibt es nicht.") % {"path": path}) from None
    except OSError as exc:
        raise AreaImportError(
            _("Die Datei „%(path)s“ lässt sich nicht lesen: %(error)s") % {"path": path, "error": exc.strerror}
        ) from None


def decode_utf8(data: bytes) -> str:
    """Text of a UTF-8 file, with or without byte order mark; anything else is refused with the spot named."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AreaImportError(
            _(
                "Die Datei ist nicht UTF-8-kodiert (Zeile %(line)d, Byte %(byte)d der Datei). "
                "Bitte im Tabellen- oder Texteditor als „UTF-8“ (z. B. „CSV UTF-8“) speichern und erneut importieren."
            )
            % {"line": line, "byte": exc.start + 1}
        ) from None
