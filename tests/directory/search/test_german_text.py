"""German inflection and compounds: folded, snowball-stemmed, prefix-matched on both databases."""

from __future__ import annotations

from typing import Any

import pytest

from tests.directory.search.builders import offer, titles


@pytest.fixture
def catalogue(cast: Any) -> Any:
    offer(cast.home_org, "Spaziergänge im Park", summary="Wir gehen gemeinsam.")
    offer(cast.home_org, "Erzählcafé", summary="Bei Kaffee und Kuchen.")
    offer(cast.home_org, "Singkreis am Montag", summary="Volkslieder für alle.")
    offer(cast.home_org, "Treffpunkt Nachbarschaft", summary="Einfach vorbeikommen.")
    offer(cast.home_org, "Schach", summary="Brettspiele am Nachmittag.", description="Mit Tee.")
    return cast


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spaziergang", ["Spaziergänge im Park"]),
        ("spaziergänge", ["Spaziergänge im Park"]),
        ("erzählen", ["Erzählcafé"]),
        ("Erzaehlcafe", ["Erzählcafé"]),  # the stemmer reads "ae" as "ä"
        ("erzahlcafe", ["Erzählcafé"]),
        ("singen", ["Singkreis am Montag"]),
        ("Treffen", ["Treffpunkt Nachbarschaft"]),
        ("Brettspiel", ["Schach"]),
        ("TEE", ["Schach"]),
        ("Kaffee Kuchen", ["Erzählcafé"]),
        ("Kaffee Volkslieder", []),
    ],
)
def test_inflection_and_compounds(catalogue: Any, text: str, expected: list[str]) -> None:
    assert titles(catalogue.home, f"q={text}") == expected


@pytest.mark.django_db
def test_organization_and_vocabulary_labels_are_searchable(cast: Any) -> None:
    from tests.directory.search.builders import term

    offer(cast.home_org_b, "Mittagstisch", terms={"languages": [term("language", "tr")]})
    assert titles(cast.home, "q=Kirchgemeinde") == ["Mittagstisch"]
    assert titles(cast.home, "q=türkisch") == ["Mittagstisch"]
