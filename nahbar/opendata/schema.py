"""The HSDS 3.0 JSON schemas bundled into the generated OpenAPI document.

The official schema files (hsds/, CC BY-SA 4.0, see hsds/LICENSE) refer to each other by file
name ("phone.json"); here each becomes a component ``hsds_<name>`` and every reference points
there, so clients and schemathesis check responses against the real specification.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent / "hsds"
# Placeholder model name in the API -> HSDS schema it stands for.
PLACEHOLDERS = {
    "HsdsService": "service",
    "HsdsOrganization": "organization",
    "HsdsServiceAtLocation": "service_at_location",
    "HsdsTaxonomy": "taxonomy",
    "HsdsTaxonomyTerm": "taxonomy_term",
}


def _rewrite(node: Any) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
                result[key] = f"#/components/schemas/hsds_{value.removesuffix('.json')}"
            else:
                result[key] = _rewrite(value)
        return result
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


@cache
def components() -> dict[str, Any]:
    result = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.stem in ("openapi", "meta_table_description"):
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        for key in ("datapackage_metadata", "path"):  # tabular-package metadata, not JSON Schema
            document.pop(key, None)
        result[f"hsds_{path.stem}"] = _rewrite(document)
    return result


def _problem_media_type(schema: dict[str, Any]) -> None:
    """Problem responses are application/problem+json (RFC 9457); ninja declares application/json."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                body = content.get("application/json")
                if body and body.get("schema", {}).get("$ref", "").endswith("/Problem"):
                    response["content"] = {"application/problem+json": body}


def patch_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    _problem_media_type(schema)
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(components())
    for placeholder, name in PLACEHOLDERS.items():
        if placeholder in schemas:
            schemas[placeholder] = {"$ref": f"#/components/schemas/hsds_{name}"}
    return schema
