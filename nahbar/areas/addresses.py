"""Folding street names and house numbers, and reading typed addresses ("Hauptstr. 5, 12345 Heimstadt").

The address list and what people type are folded the same way, so "Hauptstraße", "Hauptstrasse",
"Hauptstr." and "HAUPTSTR" all become ``hauptstrasse``; "Müllerstraße" and "Muellerstr." both become
``mullerstrasse``; "Karl-Marx-Straße" and "Karl Marxstraße" both become ``karlmarxstrasse``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Written-out umlauts ("ae") are read as umlauts, and umlauts lose their dots, on both sides.
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Common abbreviations of the last word part: "Hauptstr." and "Markt Pl." (only whole words or word ends).
_ABBREVIATIONS = {"str": "strasse", "pl": "platz"}
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
# "5", "5a", "5 a", "5-7", "12/14", at the end of the street part.
_STREET_AND_NUMBER = re.compile(
    r"^(?P<street>.*?[^\W\d_].*?)[\s,]*(?P<number>\d{1,4}\s*[a-zA-Z]?(?:\s*[-/]\s*\d{1,4}\s*[a-zA-Z]?)?)$"
)


def fold_words(text: str) -> list[str]:
    """Lower-case ASCII words: ß → ss, accents and umlauts dropped, ae/oe/ue read as umlauts."""
    text = text.lower().replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for digraph, vowel in _DIGRAPHS:
        text = text.replace(digraph, vowel)
    return [word for word in _NON_WORD.split(text) if word]


def street_key(street: str) -> str:
    words = []
    for word in fold_words(street):
        for short, full in _ABBREVIATIONS.items():
            if word == short or (short == "str" and word.endswith("str")):
                word = word[: -len(short)] + full
                break
        words.append(word)
    return "".join(words)


def number_key(number: str) -> str:
    """ "5 a" → ``5a``, "12/14" → ``12-14``."""
    return "-".join("".join(fold_words(part)) for part in re.split(r"[-/\u2013]", number) if part.strip())


def text_key(text: str) -> str:
    """A place name or any other text, folded for comparison: words joined by single spaces."""
    return " ".join(fold_words(text))


@dataclass(frozen=True)
class TypedAddress:
    street_key: str
    number_key: str  # '' when no house number was typed
    postcode: str  # '' when none was typed
    locality_key: str  # '' when none was typed


def parse_typed_address(text: str) -> TypedAddress | None:
    """What someone typed, read as street, house number, postcode and locality in any comma-separated order.

    None when there is no street part at all (e.g. only a postcode).
    """
    postcode = ""
    found = _POSTCODE.search(text)
    if found:
        postcode = found.group(1)
        text = text[: found.start()] + " " + text[found.end() :]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return None
    street_part, rest = parts[0], parts[1:]
    number = ""
    match = _STREET_AND_NUMBER.match(street_part)
    if match:
        street_part, number = match.group("street"), match.group("number")
    key = street_key(street_part)
    if not key:
        return None
    locality = " ".join(text_key(part) for part in rest).strip()
    return TypedAddress(
        street_key=key, number_key=number_key(number) if number else "", postcode=postcode, locality_key=locality
    )


def number_order(number: str) -> tuple[int, str]:
    """House numbers in the order of the street: 2 before 10, 5 before 5a."""
    digits = re.match(r"\d+", number)
    return (int(digits.group()) if digits else 0, number)
