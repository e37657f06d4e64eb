"""One edit of tolerance for short stems, used only when the exact query finds (almost) nothing."""

from __future__ import annotations

from typing import Any

import pytest

from nahbar.directory.search.text import within_one_edit
from tests.directory.search.builders import offer, search, titles


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("spaziergang", "spazirgang", True),
        ("erzalcaf", "erzahlcaf", True),
        ("kaffee", "kafee", True),
        ("kaffee", "kaffe", True),
        ("sing", "sang", True),
        ("sing", "sung", True),
        ("sing", "singt", True),
        ("sing", "sign", False),
        ("kaffee", "kuchen", False),
        ("abc", "abc", True),
    ],
)
def test_within_one_edit(a: str, b: str, expected: bool) -> None:
    assert within_one_edit(a, b) is expected
    assert within_one_edit(b, a) is expected


@pytest.fixture
def catalogue(cast: Any) -> Any:
    offer(cast.home_org, "Spaziergang am Fluss")
    offer(cast.home_org, "Erzählcafé")
    offer(cast.home_org, "Kaffeeklatsch")
    return cast


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erzälcafe", ["Erzählcafé"]),
        ("Kafee", ["Kaffeeklatsch"]),
        ("Spazirgang", ["Spaziergang am Fluss"]),
        ("Spaziergnag", []),  # a swap is two edits
        ("Xylofon", []),
    ],
)
def test_typos_in_short_words(catalogue: Any, text: str, expected: list[str]) -> None:
    assert titles(catalogue.home, f"q={text}") == expected


@pytest.mark.django_db
def test_exact_hits_do_not_pull_in_near_words(catalogue: Any) -> None:
    offer(catalogue.home_org, "Kaffee am Sonntag")
    offer(catalogue.home_org, "Kaffee am Montag")
    offer(catalogue.home_org, "Kaffee am Freitag")
    page = search(catalogue.home, "q=Kaffee")
    assert page.corrected == []
    assert "Kaffeeklatsch" in [hit.offer.title for hit in page.hits]


@pytest.mark.django_db
def test_correction_is_reported(catalogue: Any) -> None:
    assert search(catalogue.home, "q=Kafee").corrected == ["kafe"]
