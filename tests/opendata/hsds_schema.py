"""Validators for the HSDS 3.0 JSON schemas in tests/fixtures/hsds (their $refs are file names)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parents[1] / "fixtures" / "hsds"


@cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    schema = {"$ref": f"{name}.json"}
    return Draft202012Validator(schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def page_validator(item: str) -> Draft202012Validator:
    page = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))["components"]["schemas"]["Page"]
    schema = {
        "allOf": [page],
        "required": [*page["properties"], "contents"],
        "properties": {"contents": {"type": "array", "items": {"$ref": f"{item}.json"}}},
    }
    return Draft202012Validator(schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(document)]


def page_errors(item: str, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in page_validator(item).iter_errors(document)]
