"""The finder's URL parameters (German, because URLs get printed) parsed into a FinderQuery.

Bad values never raise: each becomes a translated message under its parameter name and is
ignored, so the rest of the search still runs.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.areas.models import Area
from nahbar.directory.models import Place, Vocabulary
from nahbar.directory.search.choices import form_choices, geography
from nahbar.tenancy.models import Municipality

# What the finder shows of the place distances are measured from (views.location_context).
PLACE_FIELDS = ("id", "municipality_id", "name", "street", "latitude", "longitude")

HORIZON_DAYS = 56
MAX_TEXT = 200
MAX_RADIUS_KM = 50.0
DEFAULT_RADIUS_KM = 2.0

# parameter -> (vocabulary, all_required): needs (accessibility, low-threshold) must all be met,
# alternatives (format, target group, language, delivery mode) need any one.
TERM_PARAMETERS: dict[str, tuple[str, bool]] = {
    "format": (Vocabulary.FORMAT.value, False),
    "zielgruppe": (Vocabulary.TARGET_GROUP.value, False),
    "merkmal": (Vocabulary.LOW_THRESHOLD.value, True),
    "barrierefrei": (Vocabulary.ACCESSIBILITY.value, True),
    "sprache": (Vocabulary.LANGUAGE.value, False),
    "form": (Vocabulary.DELIVERY_MODE.value, False),
}
WEEKDAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}
# part of day -> [first minute, last minute + 1)
DAYPARTS = {"vormittag": (0, 12 * 60), "nachmittag": (12 * 60, 17 * 60), "abend": (17 * 60, 24 * 60)}
SORTS = ("datum", "entfernung", "relevanz")


@dataclass(frozen=True)
class FinderQuery:
    text: str = ""
    area: Area | None = None
    area_ids: tuple[int, ...] = ()
    place: Place | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    terms: dict[str, tuple[int, ...]] = field(default_factory=dict)  # parameter -> term ids
    weekdays: tuple[int, ...] = ()
    dayparts: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    free_only: bool = False
    third_places: bool = False
    sort: str = "datum"
    page: int = 1

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def has_occurrence_filter(self) -> bool:
        return bool(self.weekdays or self.dayparts or self.date_from or self.date_to)


def _int(raw: str) -> int | None:
    try:
        return int(raw)
    except ValueError:
        return None


def _float(raw: str) -> float | None:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


class _Parser:
    def __init__(self, data: QueryDict, municipality: Municipality) -> None:
        self.data = data
        self.municipality = municipality
        self.errors: dict[str, list[str]] = {}
        self.values: dict[str, object] = {}

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def get(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def getlist(self, name: str) -> list[str]:
        return [v.strip() for v in self.data.getlist(name) if v.strip()][:30]

    def parse(self) -> FinderQuery:
        self.values["text"] = self.get("q")[:MAX_TEXT]
        self._area()
        self._point()
        self._terms()
        self._times()
        self._dates()
        for name, attr in (("kostenlos", "free_only"), ("dritte-orte", "third_places")):
            raw = self.get(name)
            if raw in ("1", "ja", "on", "true"):
                self.values[attr] = True
            elif raw not in ("", "0", "nein"):
                self.error(name, _("Bitte 1 (ja) oder nichts angeben."))
        self._sort()
        raw_page = self.get("seite")
        if raw_page:
            page = _int(raw_page)
            if page is None or page < 1 or page > 10_000:
                self.error("seite", _("„%(value)s“ ist keine gültige Seitenzahl.") % {"value": raw_page[:20]})
            else:
                self.values["page"] = page
        return FinderQuery(**self.values)  # type: ignore[arg-type]

    def _area(self) -> None:
        raw = self.get("gebiet")
        if not raw:
            return
        wanted = _int(raw)
        areas = list(Area.objects.filter(municipality=self.municipality).values_list("pk", "parent_id"))
        if wanted is None or wanted not in {pk for pk, _parent in areas}:
            self.error("gebiet", _("Dieses Gebiet gibt es hier nicht."))
            return
        children: dict[int | None, list[int]] = {}
        for pk, parent in areas:
            children.setdefault(parent, []).append(pk)
        found, todo = [], [wanted]
        while todo:
            current = todo.pop()
            found.append(current)
            todo.extend(children.get(current, []))
        self.values["area"] = Area.objects.defer("geometry").get(municipality=self.municipality, pk=wanted)
        self.values["area_ids"] = tuple(sorted(found))

    def _point(self) -> None:
        raw_place, raw_lat, raw_lon = self.get("ort"), self.get("lat"), self.get("lon")
        if raw_place:
            pk = _int(raw_place)
            place = self._place(pk) if pk is not None else None
            if place is None:
                self.error("ort", _("Diesen Ort gibt es hier nicht oder er hat keine Koordinaten."))
            else:
                self.values.update(place=place, lat=place.latitude, lon=place.longitude)
        elif raw_lat or raw_lon:
            lat, lon = _float(raw_lat), _float(raw_lon)
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                self.error("lat", _("Breiten- und Längengrad müssen zusammen als Zahlen angegeben werden."))
            else:
                self.values.update(lat=lat, lon=lon)
        raw = self.get("umkreis")
        if raw:
            radius = _float(raw)
            if radius is None or not 0 < radius <= MAX_RADIUS_KM:
                self.error(
                    "umkreis",
                    _("Der Umkreis muss eine Zahl zwischen 0 und %(max)s Kilometern sein.")
                    % {"max": int(MAX_RADIUS_KM)},
                )
            else:
                self.values["radius_km"] = radius

    def _place(self, pk: int) -> Place | None:
        """The chosen place, from the cached geography (search.choices): no statement per search."""
        known = geography(self.municipality)
        if pk not in known.places:
            return None
        name, street = known.places[pk]
        lat, lon = known.points.location(pk)
        values = [pk, self.municipality.pk, name, street, lat, lon]
        return Place.from_db(connection.alias, list(PLACE_FIELDS), values)  # the other fields stay deferred

    def _terms(self) -> None:
        wanted = {name: self.getlist(name) for name in TERM_PARAMETERS}
        if not any(wanted.values()):
            return
        known: dict[tuple[str, str], int] = {}
        # The form's cached terms: the shared ones and the municipality's own, in the model's order.
        for vocabulary, rows in form_choices(self.municipality)["terms"].items():
            for code, _label, term_pk in rows:
                known[(vocabulary, code)] = term_pk
        terms: dict[str, tuple[int, ...]] = {}
        for name, codes in wanted.items():
            vocabulary = TERM_PARAMETERS[name][0]
            ids: list[int] = []
            for code in codes:
                found = known.get((vocabulary, code))
                if found is None:
                    self.error(name, _("„%(value)s“ ist hier kein bekannter Wert.") % {"value": code[:40]})
                elif found not in ids:
                    ids.append(found)
            if ids:
                terms[name] = tuple(ids)
        self.values["terms"] = terms

    def _times(self) -> None:
        days = []
        for raw in self.getlist("tag"):
            if raw.lower() in WEEKDAYS:
                days.append(WEEKDAYS[raw.lower()])
            else:
                self.error(
                    "tag", _("„%(value)s“ ist kein Wochentag (mo, di, mi, do, fr, sa, so).") % {"value": raw[:20]}
                )
        self.values["weekdays"] = tuple(sorted(set(days)))
        parts = []
        for raw in self.getlist("tageszeit"):
            if raw.lower() in DAYPARTS:
                parts.append(raw.lower())
            else:
                self.error(
                    "tageszeit",
                    _("„%(value)s“ ist keine Tageszeit (vormittag, nachmittag, abend).") % {"value": raw[:20]},
                )
        self.values["dayparts"] = tuple(sorted(set(parts)))

    def _dates(self) -> None:
        today = timezone.localdate()
        last = today + dt.timedelta(days=HORIZON_DAYS - 1)
        for name, attr in (("von", "date_from"), ("bis", "date_to")):
            raw = self.get(name)
            if not raw:
                continue
            value = _date(raw)
            if value is None:
                self.error(name, _("„%(value)s“ ist kein Datum im Format JJJJ-MM-TT.") % {"value": raw[:20]})
            elif value > last:
                self.error(
                    name,
                    _("Termine lassen sich bis %(date)s suchen.") % {"date": last.strftime("%d.%m.%Y")},
                )
            elif value < today and name == "bis":
                self.error(name, _("Dieses Datum liegt in der Vergangenheit."))
            else:
                self.values[attr] = max(value, today)
        start, end = self.values.get("date_from"), self.values.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.error("bis", _("„bis“ liegt vor „von“."))
            del self.values["date_to"]

    def _sort(self) -> None:
        raw = self.get("sortierung")
        if not raw:
            return
        if raw not in SORTS:
            self.error("sortierung", _("Sortieren geht nach datum, entfernung oder relevanz."))
        elif raw == "entfernung" and self.values.get("lat") is None:
            self.error("sortierung", _("Nach Entfernung sortieren geht nur mit einem Ort oder Standort."))
        elif raw == "relevanz" and not self.values.get("text"):
            self.error("sortierung", _("Nach Relevanz sortieren geht nur mit einem Suchbegriff."))
        else:
            self.values["sort"] = raw


def parse_finder_query(data: QueryDict, *, municipality: Municipality) -> tuple[FinderQuery, dict[str, list[str]]]:
    """The query and, per parameter name, the messages for values that were ignored."""
    parser = _Parser(data, municipality)
    return parser.parse(), parser.errors
