"""Fields a record may carry, from the bundled HSDS 3.0 schemas: anything else is named as unknown."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.utils.translation import gettext as _

from nahbar.opendata.schema import SCHEMA_DIR

SCHEMA_FILES = {"organization": "organization.json", "location": "location.json", "service": "service.json"}


@functools.cache
def _properties(file_name: str) -> dict[str, Any]:
    schema = json.loads((SCHEMA_DIR / file_name).read_text(encoding="utf-8"))
    return dict(schema.get("properties", {}))


def _child_schema(spec: dict[str, Any]) -> str | None:
    ref = spec.get("$ref") or (spec.get("items") or {}).get("$ref")
    return ref if isinstance(ref, str) and ref.endswith(".json") else None


def unknown_fields(kind: str, doc: dict[str, Any]) -> list[str]:
    found: list[str] = []
    _walk(SCHEMA_FILES[kind], doc, kind, found, depth=0)
    return [_("Unbekanntes Feld „%(path)s“ (nicht in HSDS 3.0).") % {"path": path} for path in found]


def _walk(file_name: str, doc: dict[str, Any], path: str, found: list[str], depth: int) -> None:
    properties = _properties(file_name)
    for key, value in doc.items():
        if key.startswith("_"):
            continue  # the importer's own bookkeeping
        spec = properties.get(key)
        if spec is None:
            found.append(f"{path}.{key}")
            continue
        child = _child_schema(spec)
        if child is None or depth >= 3:
            continue
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, dict):
                suffix = f"[{index}]" if isinstance(value, list) else ""
                _walk(child, item, f"{path}.{key}{suffix}", found, depth + 1)
