"""Themes of the open-text answers (``wishes.text``): TF-IDF + NMF on German word stems.

Deterministic (fixed ``random_state``, NNDSVDA start). Words are lower-cased, stop words
(``stopwords_de.txt``, written for nahbar) dropped and the rest reduced to Snowball German stems; a theme is
labelled by its top stems, each shown as the word form that occurs most often. Each answer belongs to the
theme with its largest weight. Disclosure: nothing is shown unless at least ``min_n`` answers have text,
and a theme only with at least ``min_count`` answers; quotes are scrubbed of personal data.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import snowballstemmer
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from nahbar.survey.disclosure import PublicationRules
from nahbar.survey.results.scrub import scrub

STOPWORDS_FILE = Path(__file__).with_name("stopwords_de.txt")
MIN_THEMES, MAX_THEMES = 2, 8
TOP_TERMS = 4
QUOTES_PER_THEME = 2
QUOTE_MAX_CHARS = 280
RANDOM_STATE = 2026
_WORD = re.compile(r"[^\W\d_]{3,}")  # letters only (also é, as in Café), three or more


@dataclass(frozen=True)
class Theme:
    terms: list[str]
    answers: int
    quotes: list[str]

    @property
    def label(self) -> str:
        return ", ".join(self.terms)


@dataclass(frozen=True)
class ThemeSummary:
    texts: int  # answers with text
    themes: list[Theme]  # shown themes, largest first
    hidden: int  # themes left out for having fewer than min_count answers
    withheld: bool  # too few answers: nothing shown at all


@cache
def stopwords() -> frozenset[str]:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


def words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in stopwords()]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    # The pure-Python Snowball stemmer takes about a millisecond a word; answers repeat their words a lot.
    return str(_stemmer().stemWord(word))


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def theme_count(documents: int) -> int:
    """The rule for k: √(answers / 2), rounded, between 2 and 8."""
    return max(MIN_THEMES, min(MAX_THEMES, round(math.sqrt(documents / 2))))


def find_themes(texts: list[str], rules: PublicationRules | None = None) -> ThemeSummary:
    rules = rules or PublicationRules()
    texts = [text.strip() for text in texts if text and text.strip()]
    if len(texts) < rules.min_n:
        return ThemeSummary(len(texts), [], 0, withheld=True)
    vectorizer = TfidfVectorizer(tokenizer=stems, lowercase=False, token_pattern=None, min_df=2, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no stem occurs twice
        return ThemeSummary(len(texts), [], 0, withheld=False)
    vocabulary = vectorizer.get_feature_names_out()
    k = min(theme_count(len(texts)), len(vocabulary) - 1)
    if k < 1:
        return ThemeSummary(len(texts), [], 0, withheld=False)
    model = NMF(n_components=k, init="nndsvda", random_state=RANDOM_STATE, max_iter=1000)
    weights = model.fit_transform(matrix)
    surface = _surface_forms(texts)
    themes, hidden = [], 0
    assigned = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), -1)
    for topic in range(k):
        members = np.flatnonzero(assigned == topic)
        if len(members) < rules.min_count:
            hidden += 1
            continue
        top = np.argsort(-model.components_[topic])[:TOP_TERMS]
        themes.append(
            Theme(
                terms=[surface.get(str(vocabulary[i]), str(vocabulary[i])) for i in top],
                answers=len(members),
                quotes=_quotes(texts, members[np.argsort(-weights[members, topic], kind="stable")]),
            )
        )
    themes.sort(key=lambda theme: (-theme.answers, theme.label))
    return ThemeSummary(len(texts), themes, hidden, withheld=False)


def _surface_forms(texts: list[str]) -> dict[str, str]:
    """Each stem → the word form that occurs most often (ties: alphabetically first)."""
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        for word in words(text):
            counts.setdefault(stem(word), Counter())[word] += 1
    return {stem: min(forms.items(), key=lambda item: (-item[1], item[0]))[0] for stem, forms in counts.items()}


def _quotes(texts: list[str], ranked: np.ndarray) -> list[str]:
    """The first QUOTES_PER_THEME distinct scrubbed answers in order of their weight for the theme."""
    quotes: list[str] = []
    for index in ranked:
        quote = _quote(texts[index])
        if quote not in quotes:
            quotes.append(quote)
        if len(quotes) == QUOTES_PER_THEME:
            break
    return quotes


def _quote(text: str) -> str:
    cleaned = scrub(" ".join(text.split()))
    if len(cleaned) <= QUOTE_MAX_CHARS:
        return cleaned
    return cleaned[: QUOTE_MAX_CHARS - 1].rsplit(" ", 1)[0] + " …"
