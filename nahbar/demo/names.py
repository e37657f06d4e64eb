"""Invented German names for neighbourhoods, streets, people, organizations and places.

Everything here is made up. Organization names carry "(fiktiv)" so that nobody mistakes a demo
entry for a real club or parish; phone numbers come from the block the Bundesnetzagentur keeps
for fiction (030 23125 xxx) and e-mail addresses use ``example.org`` (RFC 2606).
"""

from __future__ import annotations

import random

from django.utils.text import slugify

FICTIONAL = "(fiktiv)"

_STEMS = (
    "Linden",
    "Kastanien",
    "Ahorn",
    "Birken",
    "Eichen",
    "Erlen",
    "Flieder",
    "Holunder",
    "Rosen",
    "Lerchen",
    "Amsel",
    "Kranich",
    "Schwalben",
    "Sonnen",
    "Wiesen",
    "Mühlen",
    "Brunnen",
    "Weiden",
    "Kiefern",
    "Buchen",
    "Ulmen",
    "Eschen",
    "Quitten",
    "Falken",
    "Reiher",
    "Malven",
    "Kirsch",
    "Apfel",
    "Mohn",
    "Kornblumen",
    "Hasel",
    "Lavendel",
    "Schlehen",
    "Wacholder",
    "Distel",
    "Ginster",
    "Meisen",
    "Finken",
    "Tauben",
    "Heide",
)
_KIEZ_SUFFIXES = ("hof", "kiez", "winkel", "grund", "aue", "viertel", "feld", "höhe", "garten", "siedlung")
_STREET_SUFFIXES = ("straße", "weg", "allee", "steig", "ring", "pfad", "damm", "platz", "zeile", "gasse")
_SAINTS = ("Marien", "Johannes", "Paulus", "Michael", "Elisabeth", "Martin", "Hedwig", "Nikolaus", "Lukas", "Petrus")

FIRST_NAMES = (
    "Anna",
    "Birgit",
    "Claudia",
    "Dieter",
    "Elif",
    "Frank",
    "Gisela",
    "Hannah",
    "Ingrid",
    "Jens",
    "Karin",
    "Lukas",
    "Mehmet",
    "Nadia",
    "Olga",
    "Petra",
    "Rainer",
    "Sabine",
    "Thomas",
    "Ursula",
    "Vera",
    "Wolfgang",
    "Yusuf",
    "Zofia",
    "Monika",
    "Heike",
    "Ali",
    "Oksana",
    "Marta",
    "Stefan",
    "Leyla",
    "Jürgen",
    "Renate",
)
LAST_NAMES = (
    "Albrecht",
    "Becker",
    "Demir",
    "Engel",
    "Fischer",
    "Günther",
    "Hoffmann",
    "Iwanowa",
    "Jung",
    "Krüger",
    "Lehmann",
    "Meier",
    "Nowak",
    "Özdemir",
    "Peters",
    "Richter",
    "Schulz",
    "Theis",
    "Uhlig",
    "Vogel",
    "Wagner",
    "Yılmaz",
    "Zimmermann",
    "Kowalski",
    "Haddad",
    "Schmidt",
    "Weber",
    "Koch",
    "Bauer",
    "Nguyen",
    "Petrenko",
)

# Organization kind -> (name pattern, offer kinds such an organization mostly runs). {kiez} is an
# invented neighbourhood, {bezirk} the district; a choir sings, a chess club plays chess.
ORGANIZATION_PATTERNS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "club": (
        ("Nachbarschaftsverein {kiez} e. V.", ()),
        ("Seniorenclub {kiez} e. V.", ("spielenachmittag", "tanzcafe", "sitzgymnastik", "erzaehlcafe")),
        ("Kiezverein {kiez} e. V.", ()),
        ("Wanderfreunde {kiez} e. V.", ("spaziergang", "kiezgeschichte", "ausflug")),
        ("Chorgemeinschaft {kiez} e. V.", ("singen",)),
        ("Schachfreunde {kiez} e. V.", ("schach", "spielenachmittag")),
        ("Kleingartenverein {kiez} e. V.", ("garten", "kochen")),
        ("Kulturverein {kiez} e. V.", ("lesekreis", "ausflug", "malen", "kiezfest")),
        ("Heimatverein {kiez} e. V.", ("kiezgeschichte", "erzaehlcafe")),
    ),
    "initiative": (
        ("Nachbarschaftsinitiative {kiez}", ()),
        ("Initiative „Gemeinsam im {kiez}“", ()),
        ("Repair-Café-Initiative {kiez}", ("repair",)),
        ("Plaudernetz {kiez}", ("plaudertelefon", "telefonkette", "online-treff")),
        ("Sprachbrücke {kiez}", ("sprachcafe", "ukrainisch")),
        ("Queeres Netzwerk {bezirk}", ("queer", "junge-erwachsene", "online-treff")),
        ("Generationenbrücke {kiez}", ("generationencafe", "smartphone", "repair")),
    ),
    "welfare": (
        ("Nachbarschaftshilfe {bezirk} e. V.", ()),
        ("Soziale Dienste {bezirk} gGmbH", ()),
        ("Miteinander-Werk {bezirk} e. V.", ()),
        ("Seniorenhilfe {bezirk} e. V.", ("besuchsdienst", "telefonkette", "mittagstisch", "sitzgymnastik")),
        ("Hilfswerk {kiez} e. V.", ()),
        ("Sozialstation {kiez} gGmbH", ("besuchsdienst", "pflegende", "plaudertelefon")),
    ),
    "parish": (
        ("Ev. Kirchengemeinde {kiez}", ()),
        ("Kath. Pfarrei St. {saint} {kiez}", ()),
        ("Ev. {saint}-Kirchengemeinde {kiez}", ()),
        ("Ev.-Freikirchliche Gemeinde {kiez}", ()),
        ("Kath. Gemeinde Heilige Familie {kiez}", ()),
    ),
    "neighbourhood_house": (
        ("Nachbarschaftshaus {kiez}", ()),
        ("Stadtteilzentrum {kiez}", ()),
        ("Begegnungsstätte {kiez}", ()),
        ("Kiezhaus {kiez}", ()),
        ("Familien- und Nachbarschaftszentrum {kiez}", ("alleinerziehende", "generationencafe", "sprachcafe")),
    ),
    "public": (
        ("Stadtteilbibliothek {kiez}", ("lesekreis", "smartphone", "vortrag")),
        ("Seniorenvertretung {bezirk}", ("vortrag", "lotsensprechstunde")),
        ("Volkshochschule {bezirk} – Außenstelle {kiez}", ("smartphone", "online-gedaechtnis", "malen")),
    ),
}

DESCRIPTIONS: dict[str, str] = {
    "club": "Ein ehrenamtlich geführter Verein, der Nachbarinnen und Nachbarn zusammenbringt.",
    "initiative": "Eine Gruppe engagierter Menschen aus dem Kiez, ohne Vereinsstruktur, offen für alle.",
    "welfare": "Ein Träger der freien Wohlfahrtspflege mit Beratung, Besuchsdiensten und Begegnungsangeboten.",
    "parish": "Eine Kirchengemeinde, deren Räume und Angebote allen offenstehen, unabhängig vom Glauben.",
    "neighbourhood_house": "Ein offenes Haus für Nachbarschaft, Familien und ältere Menschen mit vielen Gruppen.",
    "public": "Eine öffentliche Einrichtung, die Räume und Programm für alle anbietet.",
}

# Place kind -> name patterns. {kiez} as above, {owner} the owning organization's short name.
PLACE_PATTERNS: dict[str, tuple[str, ...]] = {
    "neighbourhood_house": ("Nachbarschaftstreff {kiez}", "Stadtteilladen {kiez}", "Kiezstube {kiez}"),
    "meeting_centre": ("Seniorenbegegnungsstätte {kiez}", "Begegnungscafé {kiez}", "Treffpunkt {kiez}"),
    "library": ("Stadtteilbibliothek {kiez}", "Bücherei im {kiez}", "Leseraum {kiez}"),
    "church": ("Gemeindehaus {kiez}", "Offene Kirche {kiez}", "Gemeindesaal {kiez}"),
    "cafe": ("Kiezcafé {kiez}", "Café am {kiez}", "Nachbarschaftscafé {kiez}", "Bäckerei-Café {kiez}"),
    "club_house": ("Vereinsheim {kiez}", "Vereinshaus {kiez}", "Clubhaus {kiez}"),
    "outdoor": (
        "Parkeingang {kiez} (Treffpunkt am Brunnen)",
        "Kiezgarten {kiez}",
        "Grünanlage am {kiez}",
        "Uferweg {kiez} (Treffpunkt Bank am Steg)",
    ),
    "public_building": (
        "Warme Stube im Bürgeramt {kiez}",
        "Rathaus {kiez}, Saal im Erdgeschoss",
        "Seniorenfreizeitstätte {kiez}",
    ),
    "other": ("Hofgemeinschaft {kiez}", "Atelierhaus {kiez}", "Gemeinschaftsraum Wohnanlage {kiez}"),
}

THIRD_PLACE_ONLY = ("Warme Stube", "Offene Kirche")

TRANSIT_NOTES = (
    "Bus {bus} bis Haltestelle {street}",
    "U-Bahnhof {kiez}, dann 5 Minuten zu Fuß",
    "S-Bahnhof {kiez}, Ausgang {street}",
    "Tram {tram} bis {kiez}",
)


class NameMaker:
    """Draws names from the lists above with one random source, so that output is reproducible."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._used_orgs: set[str] = set()
        self._used_places: set[str] = set()
        self._phone = 0

    def kiez(self) -> str:
        return self.rng.choice(_STEMS) + self.rng.choice(_KIEZ_SUFFIXES)

    def street(self) -> str:
        stem = self.rng.choice(_STEMS)
        number = self.rng.randint(1, 140)
        if self.rng.random() < 0.15:
            return f"Am {stem}{self.rng.choice(('hof', 'grund', 'anger', 'teich'))} {number}"
        return f"{stem}{self.rng.choice(_STREET_SUFFIXES)} {number}"

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def phone(self) -> str:
        # 030 23125 000–999 is reserved for films and fiction; numbers repeat after a thousand.
        self._phone = (self._phone + self.rng.randint(1, 37)) % 1000
        return f"030 23125-{self._phone:03d}"

    def organization(self, kind: str, bezirk: str, *, unique: bool = True) -> tuple[str, str, tuple[str, ...]]:
        """Return (name, kiez, favoured offer kinds). Names are unique unless ``unique`` is off (bulk data)."""
        for _attempt in range(50):
            kiez = self.kiez()
            pattern, favoured = self.rng.choice(ORGANIZATION_PATTERNS[kind])
            name = pattern.format(kiez=kiez, bezirk=bezirk, saint=self.rng.choice(_SAINTS)) + f" {FICTIONAL}"
            if not unique or name not in self._used_orgs:
                self._used_orgs.add(name)
                return name, kiez, favoured
        raise RuntimeError("ran out of organization names")  # pragma: no cover - 40×10 stems are plenty

    def place(self, kind: str, kiez: str | None = None, *, third: bool = False, unique: bool = True) -> str:
        patterns = PLACE_PATTERNS[kind]
        if not third:
            # A warm room or an open church is by definition a third place.
            patterns = tuple(p for p in patterns if not p.startswith(THIRD_PLACE_ONLY)) or patterns
        for _attempt in range(50):
            name = self.rng.choice(patterns).format(kiez=kiez or self.kiez())
            if not unique or name not in self._used_places:
                self._used_places.add(name)
                return name
            kiez = None
        raise RuntimeError("ran out of place names")  # pragma: no cover

    def transit(self, kiez: str) -> str:
        return self.rng.choice(TRANSIT_NOTES).format(
            bus=self.rng.randint(100, 399),
            tram=self.rng.choice(("M4", "M5", "M10", "M13", "21", "27", "60")),
            kiez=kiez,
            street=self.street().rsplit(" ", 1)[0],
        )


def contact_email(name: str, local: str = "kontakt") -> str:
    return f"{local}@{domain(name)}"


def domain(name: str) -> str:
    """``Nachbarschaftshaus Lindenhof (fiktiv)`` -> ``nachbarschaftshaus-lindenhof.example.org``."""
    label = slugify(name.replace(FICTIONAL, ""))[:50].strip("-") or "demo"
    return f"{label}.example.org"
