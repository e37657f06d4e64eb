"""The seeded, shared vocabularies (domain.md). Codes are stable; labels may be improved later."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TERMS_FILE = Path(__file__).with_name("terms.json")


def load_terms() -> dict[str, list[list[str]]]:
    data: dict[str, list[list[str]]] = json.loads(TERMS_FILE.read_text(encoding="utf-8"))
    return data


def seed_terms(term_model: Any) -> int:
    """Insert or update the shared terms; returns how many were written. Safe to run repeatedly."""
    written = 0
    for vocabulary, rows in load_terms().items():
        for position, (code, label_de, label_en, definition_de, definition_en) in enumerate(rows):
            term_model.objects.update_or_create(
                vocabulary=vocabulary,
                code=code,
                municipality=None,
                defaults={
                    "label_de": label_de,
                    "label_en": label_en,
                    "definition_de": definition_de,
                    "definition_en": definition_en,
                    "position": position,
                },
            )
            written += 1
    return written
