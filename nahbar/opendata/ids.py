"""Stable HSDS ids for nahbar rows: deterministic, reversible, bound to one municipality.

An id is a UUID version 8 (RFC 9562, "custom") laid out as

* 48 bits: the municipality tag, the first bytes of SHA-256 over its AGS and slug (both meant
  never to change), so ids from different municipalities — also on different installations —
  do not collide and an id of another municipality is recognised without a query;
* 4 bits version (8), 4 bits the kind of object, 8 bits a sub-kind (e.g. which vocabulary
  relation an attribute comes from);
* 2 bits variant, 62 bits the primary key of the row.

Decoding needs no lookup table, so ``/services/{id}`` is one indexed query. Vocabulary terms are
shared across municipalities and get name-based uuid5 ids instead (see ``taxonomy.py``).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from enum import IntEnum

from nahbar.tenancy.models import Municipality

MAX_PK = (1 << 62) - 1


class Kind(IntEnum):
    SERVICE = 1
    ORGANIZATION = 2
    LOCATION = 3
    SERVICE_AT_LOCATION = 4
    SCHEDULE = 5
    ATTRIBUTE = 6
    PHONE = 7
    CONTACT = 8
    ADDRESS = 9
    LANGUAGE = 10
    COST_OPTION = 11
    ACCESSIBILITY = 12


@dataclass(frozen=True)
class Decoded:
    tag: bytes
    kind: int
    sub: int
    pk: int


def municipality_tag(municipality: Municipality) -> bytes:
    return hashlib.sha256(f"nahbar/hsds/{municipality.ags}/{municipality.slug}".encode()).digest()[:6]


def encode(tag: bytes, kind: Kind, pk: int, sub: int = 0) -> str:
    if not 0 <= pk <= MAX_PK or not 0 <= sub <= 0xFF:
        raise ValueError(f"cannot encode {kind.name} {pk}/{sub}")
    value = int.from_bytes(tag, "big") << 80
    value |= (0x8 << 76) | (int(kind) << 72) | (sub << 64)
    value |= (0b10 << 62) | pk
    return str(uuid.UUID(int=value))


def decode(text: str) -> Decoded | None:
    """The parts of an id made by :func:`encode`; None for anything else (also valid foreign UUIDs)."""
    try:
        value = uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return None
    if value.version != 8 or value.variant != uuid.RFC_4122:
        return None
    number = value.int
    return Decoded(
        tag=(number >> 80).to_bytes(6, "big"),
        kind=(number >> 72) & 0xF,
        sub=(number >> 64) & 0xFF,
        pk=number & MAX_PK,
    )


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return False
    return True


class Ids:
    """Id maker for one municipality."""

    def __init__(self, municipality: Municipality) -> None:
        self.tag = municipality_tag(municipality)

    def __call__(self, kind: Kind, pk: int, sub: int = 0) -> str:
        return encode(self.tag, kind, pk, sub)

    def pk_of(self, text: str, kind: Kind) -> int | None:
        """The primary key behind ``text`` if it is an id of this municipality and kind, else None."""
        decoded = decode(text)
        if decoded is None or decoded.tag != self.tag or decoded.kind != kind:
            return None
        return decoded.pk
