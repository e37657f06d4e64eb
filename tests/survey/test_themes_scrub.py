"""The scrubber removes personal data from quotes and leaves ordinary text alone."""

from __future__ import annotations

import pytest

from nahbar.survey.results.scrub import REMOVED, scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Schreiben Sie an max.muster@example.org bitte", f"Schreiben Sie an {REMOVED} bitte"),
        ("Mail: erika_m+verein@mail.beispiel-verein.de.", f"Mail: {REMOVED}."),
        ("Ruf an: 030 / 123 45 67 oder +49 171 2345678", f"Ruf an: {REMOVED} oder {REMOVED}"),
        ("Tel. 0351-4567890", f"Tel. {REMOVED}"),
        ("Telefon (030) 1234567!", f"Telefon {REMOVED}!"),
        ("Handy +49 (0) 171 23 45 678", f"Handy {REMOVED}"),
        ("Ich wohne Hauptstraße 5 in Heimstadt", f"Ich wohne {REMOVED} in Heimstadt"),
        ("Lindenstr. 12a ist weit", f"{REMOVED} ist weit"),
        ("In der Goethe-Straße 3 b wohnt sie", f"In der {REMOVED} wohnt sie"),
        ("Kirchweg 3-5, zweiter Stock", f"{REMOVED}, zweiter Stock"),
        ("Am Markt 3 gibt es nichts", f"{REMOVED} gibt es nichts"),
        ("Unter den Linden 7", REMOVED),
        ("Frau Müller ist nett", f"Frau {REMOVED} ist nett"),
        ("Herrn Dr. Hans Meier danken", f"Herrn {REMOVED} danken"),
        ("Hr. Schmidt und Fr. Özdemir-Yılmaz helfen", f"Hr. {REMOVED} und Fr. {REMOVED} helfen"),
        ("Kundennummer 1234567", f"Kundennummer {REMOVED}"),
        ("in 01067 Dresden", f"in {REMOVED} Dresden"),
        ("siehe www.example.de/seite oder https://x.example/y", f"siehe {REMOVED} oder {REMOVED}"),
    ],
)
def test_personal_data_is_removed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mit 80 Jahren bin ich oft allein, seit 2019 ohne meinen Mann.",
        "Der Bus 5 fährt nur alle 20 Minuten.",
        "Treffen um 10 / 11 Uhr wären schön.",
        "Mehr Bänke auf dem Marktplatz und im Park.",
        "Die Frauen im Chor sind sehr nett.",
        "Eine Straße mit weniger Verkehr.",
    ],
)
def test_ordinary_text_is_kept(text: str) -> None:
    assert scrub(text) == text


def test_adjacent_removals_collapse_into_one() -> None:
    assert scrub("Kontakt: a@b.de, 030 1234567") == f"Kontakt: {REMOVED}"
