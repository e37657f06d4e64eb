"""Open-text themes on a small German fixture: deterministic, the right themes, disclosure rules, quotes scrubbed."""

from __future__ import annotations

from nahbar.survey.disclosure import PublicationRules
from nahbar.survey.results.scrub import REMOVED
from nahbar.survey.results.themes import find_themes, stems, stopwords, theme_count

TRANSPORT = [
    "Der Bus fährt abends zu selten, ich komme nicht mehr nach Hause.",
    "Bessere Busverbindungen am Abend wären wichtig.",
    "Der Bus am Wochenende fährt kaum, abends gar nicht.",
    "Mehr Busse am Abend, dann könnte ich zu den Treffen fahren.",
    "Eine Busverbindung am Abend in unseren Ortsteil.",
    "Der letzte Bus fährt schon um acht, das ist zu früh am Abend.",
    "Bus am Abend, bitte! Meine Nummer: 0351 4567890.",
    "Der Bus fährt abends nicht, ich bin ohne Auto.",
    "Abends fährt kein Bus mehr in unser Dorf.",
    "Öfter einen Bus am Abend und am Sonntag.",
    "Busse fahren abends zu selten.",
    "Ein Bus am Abend würde sehr helfen.",
]
MEETING = [
    "Ein Café im Viertel, wo man Nachbarn trifft.",
    "Ein Treffpunkt mit Café für die Nachbarschaft.",
    "Ein Nachbarschaftscafé, in dem man Nachbarn kennenlernt.",
    "Das Café im Gemeindehaus wieder öffnen, dort trifft man Nachbarn.",
    "Ein Café für Nachbarn am Nachmittag. Frau Krause kocht gern Kaffee.",
    "Treffpunkt Café für ältere Nachbarn.",
    "Im Café die Nachbarn treffen, das fehlt hier.",
    "Ein kleines Café als Treffpunkt der Nachbarn.",
    "Nachbarn im Café kennenlernen.",
    "Ein Café, in dem Nachbarn sich treffen.",
    "Ein Treffpunkt mit Café, ohne Anmeldung.",
    "Nachbarn treffen sich im Café am Markt.",
]
RARE = ["Mehr Bänke im Park.", "Ein Gymnastikkurs.", "Hilfe beim Einkaufen.", "Eine Bücherei.", "Schachspielen."]
TEXTS = TRANSPORT + MEETING + RARE + ["Bus oder Café, egal.", "", "   "]


def test_stop_words_and_stems() -> None:
    assert {"und", "der", "nicht", "ich"} <= stopwords()
    assert stems("Die Busse fahren abends zu selten") == ["buss", "fahr", "abend", "selt"]
    assert stems("Café") == ["café"]


def test_k_rule() -> None:
    assert [theme_count(n) for n in (8, 30, 50, 128, 2000)] == [2, 4, 5, 8, 8]


def test_themes_found_labelled_and_scrubbed() -> None:
    summary = find_themes(TEXTS)
    assert summary.texts == len(TRANSPORT) + len(MEETING) + len(RARE) + 1
    assert not summary.withheld
    labels = [theme.label for theme in summary.themes]
    assert any("bus" in label.split(", ")[:2] for label in labels), labels
    assert any("café" in label.split(", ")[:2] or "nachbarn" in label.split(", ")[:2] for label in labels), labels
    for theme in summary.themes:
        assert theme.answers >= PublicationRules().min_count
        assert 1 <= len(theme.quotes) <= 2 and len(set(theme.quotes)) == len(theme.quotes)
        for quote in theme.quotes:
            assert "4567890" not in quote and "Krause" not in quote
    assert sum(theme.answers for theme in summary.themes) <= summary.texts


def test_deterministic() -> None:
    assert find_themes(TEXTS) == find_themes(list(TEXTS))


def test_small_themes_are_hidden() -> None:
    summary = find_themes(TEXTS, PublicationRules(min_count=13))
    assert summary.themes == [] or all(theme.answers >= 13 for theme in summary.themes)
    assert summary.hidden >= 1


def test_too_few_answers_show_nothing() -> None:
    summary = find_themes(TRANSPORT[:10])
    assert summary.withheld and summary.themes == [] and summary.texts == 10


def test_quotes_are_scrubbed() -> None:
    texts = [f"{text} Tel. 0351 4567890, Frau Krause." for text in TRANSPORT] + MEETING + RARE + ["Bus oder Café."]
    themes = find_themes(texts).themes
    bus = next(theme for theme in themes if "bus" in theme.terms)
    assert bus.quotes and all(quote.endswith(f"Tel. {REMOVED}, Frau {REMOVED}.") for quote in bus.quotes)
    assert all("4567890" not in q and "Krause" not in q for theme in themes for q in theme.quotes)
