"""The three sheets (organizations, places, offers): German headers, what each column holds, how it reads.

Headers are fixed German words, whatever the UI language: a municipality's spreadsheets are German.
A column missing from a file leaves that field of existing rows alone, so staff may import a sheet with
only "Nr." and the columns they changed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from nahbar.directory.models import Offer, Organization, Place, Vocabulary


class Kind(enum.Enum):
    TEXT = "text"
    POSTCODE = "postcode"  # five digits; Excel drops the leading zero of 01067
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    CHOICE = "choice"  # a TextChoices field: the German label or the code
    TERMS = "terms"  # vocabulary terms: German labels or codes, comma-separated
    ORGANIZATION = "organization"  # an organization of the municipality, by name or Nr.
    PLACES = "places"  # places of the municipality by Nr., comma-separated
    SCHEDULE = "schedule"  # one of the schedule columns, read together (see schedule.py)


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # model field name, or "schedule.<part>"
    kind: Kind = Kind.TEXT
    required: bool = False  # for new rows
    vocabulary: Vocabulary | None = None
    note: str = ""  # German explanation for the template's "Hinweise" sheet


@dataclass(frozen=True)
class Sheet:
    slug: str
    model: type[models.Model]
    title: str  # German, for file names and the template
    columns: list[Column] = field(default_factory=list)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


NUMBER = Column("Nr.", "pk", Kind.INT, note="Nummer in nahbar. Leer lassen für neue Einträge; nicht ändern.")

ORGANIZATIONS = Sheet(
    slug="organisationen",
    model=Organization,
    title="Organisationen",
    columns=[
        NUMBER,
        Column("Name", "name", required=True),
        Column("Art", "kind", Kind.CHOICE),
        Column("Beschreibung", "description"),
        Column("E-Mail", "email"),
        Column("Telefon", "phone"),
        Column("Webseite", "website"),
    ],
)

PLACES = Sheet(
    slug="orte",
    model=Place,
    title="Orte",
    columns=[
        NUMBER,
        Column("Name", "name", required=True),
        Column("Organisation", "organization", Kind.ORGANIZATION, note="Name oder Nr. einer Organisation."),
        Column("Art", "kind", Kind.CHOICE),
        Column("Dritter Ort", "is_third_place", Kind.BOOL, note="ja oder nein"),
        Column("Straße und Hausnummer", "street"),
        Column("PLZ", "postcode", Kind.POSTCODE),
        Column("Ort", "city"),
        Column("Breitengrad", "latitude", Kind.FLOAT, note="WGS84, z. B. 51,0504"),
        Column("Längengrad", "longitude", Kind.FLOAT, note="WGS84, z. B. 13,7373"),
        Column("Barrierefreiheit", "accessibility", Kind.TERMS, vocabulary=Vocabulary.ACCESSIBILITY),
        Column("Hinweis zur Barrierefreiheit", "accessibility_note"),
        Column("Anfahrt mit Bus und Bahn", "transit_note"),
        Column("Hinweis zu Öffnungszeiten", "opening_hours_note"),
    ],
)

SCHEDULE_NOTE = (
    "Eine Terminregel je Angebot. Angebote mit mehreren Regeln bitte in nahbar bearbeiten: "
    "bei ihnen bleiben diese Spalten beim Export leer und dürfen beim Import nicht gefüllt werden."
)

OFFERS = Sheet(
    slug="angebote",
    model=Offer,
    title="Angebote",
    columns=[
        NUMBER,
        Column("Titel", "title", required=True),
        Column("Organisation", "organization", Kind.ORGANIZATION, required=True, note="Name oder Nr."),
        Column("Kurzbeschreibung", "summary", required=True),
        Column("Beschreibung", "description", note="Markdown erlaubt"),
        Column("Leichte Sprache", "easy_language_summary"),
        Column("Orte", "places", Kind.PLACES, note="Nr. aus der Orte-Tabelle, mit Komma getrennt"),
        Column("Angebotsform", "delivery_modes", Kind.TERMS, vocabulary=Vocabulary.DELIVERY_MODE),
        Column("Format", "formats", Kind.TERMS, vocabulary=Vocabulary.FORMAT),
        Column("Zielgruppen", "target_groups", Kind.TERMS, vocabulary=Vocabulary.TARGET_GROUP),
        Column("Niedrigschwellig", "low_threshold", Kind.TERMS, vocabulary=Vocabulary.LOW_THRESHOLD),
        Column("Barrierefreiheit", "accessibility", Kind.TERMS, vocabulary=Vocabulary.ACCESSIBILITY),
        Column("Sprachen", "languages", Kind.TERMS, vocabulary=Vocabulary.LANGUAGE),
        Column("Kostenlos", "is_free", Kind.BOOL, note="ja oder nein"),
        Column("Kosten", "cost_note"),
        Column("Anmeldung nötig", "registration_required", Kind.BOOL, note="ja oder nein"),
        Column("Hinweis zur Anmeldung", "registration_note"),
        Column("Ansprechperson", "contact_name"),
        Column("Telefon", "contact_phone"),
        Column("E-Mail", "contact_email"),
        Column("Webseite", "contact_url"),
        Column("Status", "status", Kind.CHOICE),
        Column("Prüfstatus", "review_state", Kind.CHOICE, note="Neue Einträge ohne Angabe: Entwurf"),
        Column("Gültig ab", "valid_from", Kind.DATE, note="z. B. 01.03.2026"),
        Column("Gültig bis", "valid_until", Kind.DATE),
        Column("Erster Termin", "schedule.dtstart", Kind.SCHEDULE, note=SCHEDULE_NOTE),
        Column("Wochentage", "schedule.weekdays", Kind.SCHEDULE, note="z. B. „Di“ oder „Mo, Do“"),
        Column("Alle … Wochen", "schedule.interval", Kind.SCHEDULE, note="1 = jede Woche, 2 = alle zwei Wochen"),
        Column("Beginn", "schedule.start_time", Kind.SCHEDULE, note="z. B. 15:00; leer = ganztägig"),
        Column("Dauer (Minuten)", "schedule.duration_minutes", Kind.SCHEDULE),
        Column("Letzter Termin", "schedule.until", Kind.SCHEDULE),
        Column(
            "Regel (RRULE)",
            "schedule.rrule",
            Kind.SCHEDULE,
            note="Statt Wochentagen eine Regel nach RFC 5545, z. B. FREQ=MONTHLY;BYDAY=2TU",
        ),
        Column("Auch an Feiertagen", "schedule.runs_on_holidays", Kind.SCHEDULE, note="ja oder nein"),
    ],
)

SHEETS: dict[str, Sheet] = {sheet.slug: sheet for sheet in (ORGANIZATIONS, PLACES, OFFERS)}
SHEET_FOR_MODEL: dict[type[models.Model], Sheet] = {sheet.model: sheet for sheet in SHEETS.values()}


def normalise_header(header: Any) -> str:
    return " ".join(str(header).split()).casefold()
