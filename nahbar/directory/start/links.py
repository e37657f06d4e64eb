"""Entry points for common needs: plain links into the finder, so they work without JavaScript and on paper."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

# Languages other than German for which offers are commonly tagged (vocabulary "language").
OTHER_LANGUAGES = ("en", "tr", "ar", "uk", "ru", "pl", "fa", "ro", "it", "vi", "gsg")

NEEDS: tuple[tuple[str, Promise, list[tuple[str, str]]], ...] = (
    ("allein", _("Allein kommen willkommen"), [("merkmal", "allein-willkommen")]),
    ("kostenlos", _("Kostenlos"), [("kostenlos", "1")]),
    ("stufenlos", _("Stufenlos erreichbar"), [("barrierefrei", "stufenlos")]),
    ("telefon", _("Am Telefon"), [("form", "telefonisch")]),
    ("aeltere", _("Für ältere Menschen"), [("zielgruppe", "aeltere")]),
    ("eltern", _("Für Eltern und Familien"), [("zielgruppe", "familien")]),
    ("sprachen", _("In anderen Sprachen"), [("sprache", code) for code in OTHER_LANGUAGES]),
    ("dritte-orte", _("Dritte Orte: Treffpunkte ohne Verzehrzwang"), [("dritte-orte", "1")]),
)


# The same entry points in Leichte Sprache. German on purpose and not translated: the page is the German
# easy-language version and is marked lang="de" (an English "Easy Read" would be a text of its own).
EASY_LABELS = {
    "allein": "Ich komme allein.",
    "kostenlos": "Es soll nichts kosten.",
    "stufenlos": "Ich brauche einen Weg ohne Stufen.",
    "telefon": "Ich möchte am Telefon reden.",
    "aeltere": "Ich bin ein älterer Mensch.",
    "eltern": "Ich habe Kinder.",
    "sprachen": "Ich spreche eine andere Sprache.",
    "dritte-orte": "Ich suche einen Ort zum Sitzen und Reden.",
}


@dataclass(frozen=True)
class NeedLink:
    key: str
    label: str
    url: str

    @property
    def easy_label(self) -> str:
        return EASY_LABELS[self.key]


def finder_url(municipality_slug: str, params: list[tuple[str, str]] | None = None) -> str:
    url = reverse("finder", kwargs={"municipality_slug": municipality_slug})
    return f"{url}?{urlencode(params)}" if params else url


def need_links(municipality_slug: str) -> list[NeedLink]:
    return [NeedLink(key, str(label), finder_url(municipality_slug, params)) for key, label, params in NEEDS]
