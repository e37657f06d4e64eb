"""Turning file features into validated area records: code, name and a prepared geometry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nahbar.areas.geometry import GeometryError, PreparedGeometry, prepare_geometry
from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.features import SourceFeature
from nahbar.areas.models import Area

CODE_MAX = Area._meta.get_field("code").max_length or 40
NAME_MAX = Area._meta.get_field("name").max_length or 200


@dataclass(frozen=True)
class AreaRecord:
    number: int  # the feature's 1-based position in the file
    code: str
    name: str
    prepared: PreparedGeometry


def prepare_features(features: Iterable[SourceFeature], *, code_field: str, name_field: str) -> list[AreaRecord]:
    """Validate every feature; the first problem raises AreaImportError naming the feature and field."""
    records: list[AreaRecord] = []
    first_with_code: dict[str, int] = {}
    for feature in features:
        record = prepare_feature(feature, code_field=code_field, name_field=name_field)
        if record.code in first_with_code:
            raise AreaImportError(
                _("Objekt %(first)d und Objekt %(number)d haben dieselbe Kennziffer „%(code)s“ (Feld „%(field)s“).")
                % {
                    "first": first_with_code[record.code],
                    "number": feature.number,
                    "code": record.code,
                    "field": code_field,
                }
            )
        first_with_code[record.code] = feature.number
        records.append(record)
    return records


def prepare_feature(feature: SourceFeature, *, code_field: str, name_field: str) -> AreaRecord:
    code = _text_property(feature, code_field, CODE_MAX)
    name = _text_property(feature, name_field, NAME_MAX)
    try:
        prepared = prepare_geometry(feature.geometry)
    except GeometryError as exc:
        raise AreaImportError(
            _("Objekt %(number)d (Kennziffer „%(code)s“), Feld „geometry“: %(error)s")
            % {"number": feature.number, "code": code, "error": exc.message}
        ) from None
    return AreaRecord(number=feature.number, code=code, name=name, prepared=prepared)


def _text_property(feature: SourceFeature, field: str, max_length: int) -> str:
    if field not in feature.properties:
        raise AreaImportError(
            _("Objekt %(number)d: Das Feld „%(field)s“ fehlt. Vorhandene Felder: %(available)s.")
            % {
                "number": feature.number,
                "field": field,
                "available": ", ".join(sorted(feature.properties)) or _("keine"),
            }
        )
    text = _as_text(feature.properties[field])
    if not text:
        raise AreaImportError(
            _("Objekt %(number)d: Das Feld „%(field)s“ ist leer.") % {"number": feature.number, "field": field}
        )
    if len(text) > max_length:
        raise AreaImportError(
            _("Objekt %(number)d: Das Feld „%(field)s“ ist länger als %(max)d Zeichen.")
            % {"number": feature.number, "field": field, "max": max_length}
        )
    return text


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    # GIS tools often write numeric codes as floats (101.0); the code is "101".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
