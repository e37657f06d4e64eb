"""The taxonomies nahbar publishes: its six vocabularies, its own features and the kinds of places
and organizations. Terms get name-based ids (uuid5 of taxonomy and code), so a shared term has the
same id in every municipality and on every installation; a municipality's own term adds its tag.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from nahbar.directory.models import Organization, Place, Term, Vocabulary
from nahbar.tenancy.models import Municipality

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://nahbar.de/hsds/")
VERSION = "1"

# Features of offers and places that are not vocabulary terms but fields of the models.
FEATURES = "nahbar-merkmal"
THIRD_PLACE = "dritter-ort"
EASY_LANGUAGE = "leichte-sprache"
FREE = "kostenlos"
REGISTRATION = "anmeldung-noetig"
OCCURRENCES = "termine"
PLACE_KIND = "nahbar-ortsart"
ORGANIZATION_KIND = "nahbar-organisationsart"


@dataclass(frozen=True)
class TaxonomyInfo:
    key: str
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class TermInfo:
    id: str
    code: str
    name: str
    description: str
    taxonomy: TaxonomyInfo
    term_pk: int | None = None  # set for vocabulary terms


def taxonomy_id(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy/{key}"))


def _term_id(key: str, code: str, municipality: Municipality | None = None) -> str:
    owner = f"{municipality.ags}/{municipality.slug}/" if municipality else ""
    return str(uuid.uuid5(NAMESPACE, f"term/{owner}{key}/{code}"))


def _taxonomies() -> list[TaxonomyInfo]:
    vocabularies = [
        TaxonomyInfo(
            f"nahbar-{v.value}",
            taxonomy_id(f"nahbar-{v.value}"),
            f"nahbar: {v.label}",
            _("Begriffe des nahbar-Vokabulars „%(name)s“.") % {"name": v.label},
        )
        for v in Vocabulary
    ]
    own = [
        TaxonomyInfo(
            FEATURES,
            taxonomy_id(FEATURES),
            _("nahbar: Merkmale"),
            _("Merkmale von Angeboten und Orten, die nahbar als Felder führt (Dritter Ort, Leichte Sprache, …)."),
        ),
        TaxonomyInfo(PLACE_KIND, taxonomy_id(PLACE_KIND), _("nahbar: Art des Ortes"), _("Arten von Orten.")),
        TaxonomyInfo(
            ORGANIZATION_KIND,
            taxonomy_id(ORGANIZATION_KIND),
            _("nahbar: Art der Organisation"),
            _("Arten von Organisationen."),
        ),
    ]
    return vocabularies + own


def _feature_terms(taxonomy: TaxonomyInfo) -> list[TermInfo]:
    features = [
        (THIRD_PLACE, _("Dritter Ort"), _("Konsumfreier Ort, an dem alle ohne Anmeldung bleiben dürfen.")),
        (EASY_LANGUAGE, _("Leichte Sprache"), _("Das Angebot ist auch in Leichter Sprache beschrieben.")),
        (FREE, _("kostenlos"), _("Die Teilnahme kostet nichts.")),
        (REGISTRATION, _("Anmeldung nötig"), _("Für die Teilnahme ist eine Anmeldung nötig.")),
        (
            OCCURRENCES,
            _("Termine"),
            _("Die einzelnen Termine stehen unter /services/{id}/occurrences (Erweiterung von nahbar)."),
        ),
    ]
    return [TermInfo(_term_id(taxonomy.key, code), code, name, text, taxonomy) for code, name, text in features]


def _choice_terms(taxonomy: TaxonomyInfo, choices: list[tuple[str, Any]]) -> list[TermInfo]:
    return [TermInfo(_term_id(taxonomy.key, code), code, str(label), "", taxonomy) for code, label in choices]


@dataclass
class Catalogue:
    """All taxonomies and terms visible in one municipality, with lookups by id, pk and code."""

    taxonomies: list[TaxonomyInfo]
    terms: list[TermInfo]
    by_id: dict[str, TermInfo] = field(default_factory=dict)
    by_pk: dict[int, TermInfo] = field(default_factory=dict)
    by_code: dict[tuple[str, str], TermInfo] = field(default_factory=dict)
    taxonomy_by_id: dict[str, TaxonomyInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {t.id: t for t in self.terms}
        self.by_pk = {t.term_pk: t for t in self.terms if t.term_pk is not None}
        self.by_code = {(t.taxonomy.key, t.code): t for t in self.terms}
        self.taxonomy_by_id = {t.id: t for t in self.taxonomies}

    def feature(self, code: str) -> TermInfo:
        return self.by_code[(FEATURES, code)]

    def kind(self, key: str, code: str) -> TermInfo | None:
        return self.by_code.get((key, code))


def catalogue(municipality: Municipality) -> Catalogue:
    """One query: the shared terms and the municipality's own. Always German, like the data itself
    (only problem messages follow Accept-Language), so a document does not mix languages."""
    with translation.override("de"):
        return _catalogue(municipality)


def _catalogue(municipality: Municipality) -> Catalogue:
    taxonomies = _taxonomies()
    by_key = {t.key: t for t in taxonomies}
    terms: list[TermInfo] = []
    rows = Term.objects.filter(Q(municipality=None) | Q(municipality=municipality)).order_by(
        "vocabulary", "position", "code", "pk"
    )
    for term in rows:
        taxonomy = by_key[f"nahbar-{term.vocabulary}"]
        owner = municipality if term.municipality_id else None
        terms.append(
            TermInfo(
                _term_id(taxonomy.key, term.code, owner),
                term.code,
                term.label_de,
                term.definition_de,
                taxonomy,
                term.pk,
            )
        )
    terms += _feature_terms(by_key[FEATURES])
    terms += _choice_terms(by_key[PLACE_KIND], list(Place.Kind.choices))
    terms += _choice_terms(by_key[ORGANIZATION_KIND], list(Organization.Kind.choices))
    return Catalogue(taxonomies, terms)
