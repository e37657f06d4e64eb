"""Remove personal data from open-text answers before a quote is shown.

Deliberately greedy: a word too many removed costs little, a name or a phone number shown costs a lot.
Removed: e-mail addresses, web addresses, phone numbers, street addresses with a house number, names after
a form of address (Frau, Herr, Herrn, Fr., Hr., with Dr./Prof.), and any run of five or more digits.
"""

from __future__ import annotations

import re

REMOVED = "[entfernt]"

_UPPER_WORD = r"[A-ZÄÖÜ][\wäöüß'-]*"
_STREET_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|zeile|markt|hof|"
    r"berg|graben|steg|kamp|twiete|promenade)"
)
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z]\b|\s?[-/]\s?\d{1,4})?"

_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE),  # web address
    # Phone numbers: +49 …, 0…, with spaces, slashes, dashes or brackets; at least 6 digits in all.
    re.compile(r"(?:\+\d{1,3}[\s/-]?(?:\(0\)\s?)?|\(0\d{1,5}\)\s?|\b0\s?)\d(?:\s?[/-]?\s?\d){4,}"),
    # Street and house number: "Hauptstraße 5", "Lindenstr. 12a", "Am Markt 3", "Unter den Linden 7".
    re.compile(rf"\b{_UPPER_WORD}?{_STREET_SUFFIX}\s*{_HOUSE_NUMBER}", re.IGNORECASE),
    re.compile(rf"\b{_UPPER_WORD}[-\s]{_STREET_SUFFIX}\s*{_HOUSE_NUMBER}", re.IGNORECASE),
    re.compile(
        rf"\b(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Unter den|Zum|Zur|Hinter der|Vor dem)\s+"
        rf"{_UPPER_WORD}(?:\s+{_UPPER_WORD})?\s+{_HOUSE_NUMBER}"
    ),
    re.compile(r"\d{5,}"),  # long digit runs: postcodes, customer or account numbers
]
# The form of address stays, the name goes: "Frau Müller" → "Frau [entfernt]".
_NAME_AFTER_TITLE = re.compile(
    rf"\b(Frau|Herrn?|Fr\.|Hr\.)(\s+(?:(?:Dr|Prof)\.\s*)*){_UPPER_WORD}(?:\s+{_UPPER_WORD})?"
)
_REPEATED = re.compile(rf"{re.escape(REMOVED)}(?:[\s,]*{re.escape(REMOVED)})+")


def scrub(text: str) -> str:
    """``text`` with personal data replaced by ``[entfernt]``."""
    for pattern in _PATTERNS:
        text = pattern.sub(REMOVED, text)
    text = _NAME_AFTER_TITLE.sub(lambda match: f"{match.group(1)} {REMOVED}", text)
    return _REPEATED.sub(REMOVED, text)
