"""Folding, stemming and edit distance: the same text processing for both databases.

Both databases index and query *pre-stemmed* tokens, so they find identical hits:
lower case, umlauts and accents folded (ä → a, ß → ss, é → e), then the German snowball
stemmer; a query token matches every indexed stem that starts with its stem (prefix
match), which also finds compounds ("erzählen" → "erzahl" → "erzahlcaf").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("german")
MAX_QUERY_TOKENS = 8
MIN_STEM = 2


_COMMON = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "à": "a", "ç": "c"})


def fold(text: str) -> str:
    text = text.lower().translate(_COMMON)
    if text.isascii():  # the usual case after the table: skip the slow per-character pass
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def stemmed_text(*parts: str) -> str:
    return " ".join(s for part in parts for s in stems(part))


def query_stems(text: str) -> list[str]:
    """Distinct stems of a query, in order; very short ones (single letters) are dropped."""
    seen: list[str] = []
    for s in stems(text):
        if len(s) >= MIN_STEM and s not in seen:
            seen.append(s)
    return seen[:MAX_QUERY_TOKENS]


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, without building the matrix."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
