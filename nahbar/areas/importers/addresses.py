"""Reading an address list (street, house number, postcode, locality, WGS84 point) from a CSV or XLSX table.

Municipalities publish such lists as open data: the official house coordinates (after converting them
to WGS84 latitude/longitude) or an OpenStreetMap export (e.g. Overpass CSV with ``addr:street``,
``addr:housenumber``, ``addr:postcode``, ``addr:city``, ``@lat``, ``@lon``). Columns the import does not
know are left out and named in the report.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nahbar.areas.addresses import number_key, street_key
from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.tables import Row, Table
from nahbar.areas.models import Address

# Column role -> accepted headers (lower case; spaces and hyphens as underscores; "addr:" and "@" dropped).
ADDRESS_COLUMNS: dict[str, frozenset[str]] = {
    "street": frozenset({"strasse", "straße", "strassenname", "straßenname", "str", "street"}),
    "number": frozenset({"hausnummer", "hausnr", "hnr", "nr", "housenumber", "house_number", "number"}),
    "suffix": frozenset({"hausnummerzusatz", "zusatz", "adz", "adresszusatz", "suffix"}),
    "postcode": frozenset({"plz", "postleitzahl", "postcode", "zip"}),
    "locality": frozenset({"ort", "ortsteil", "gemeinde", "stadt", "locality", "city"}),
    "lat": frozenset({"breite", "breitengrad", "lat", "latitude"}),
    "lon": frozenset({"länge", "laenge", "längengrad", "laengengrad", "lon", "lng", "longitude"}),
}
REQUIRED = ("street", "number", "lat", "lon")
_NAMES = {"street": "Straße", "number": "Hausnummer", "lat": "Breitengrad", "lon": "Längengrad"}
STREET_MAX = Address._meta.get_field("street").max_length or 200
NUMBER_MAX = Address._meta.get_field("house_number").max_length or 20
LOCALITY_MAX = Address._meta.get_field("locality").max_length or 100
_POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class AddressRecord:
    row: int
    street: str
    house_number: str
    postcode: str
    locality: str
    latitude: float
    longitude: float

    @property
    def key(self) -> tuple[str, str, str]:
        return (street_key(self.street), number_key(self.house_number), self.postcode)


@dataclass
class ParsedAddresses:
    records: list[AddressRecord]
    ignored_columns: list[str] = field(default_factory=list)


def _normalise_header(header: str) -> str:
    text = header.strip().lower().removeprefix("addr:").removeprefix("@")
    return re.sub(r"[\s\-]+", "_", text)


def address_columns(table: Table) -> tuple[dict[str, int], list[str]]:
    roles: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(table.header):
        normalised = _normalise_header(header)
        role = next((r for r, aliases in ADDRESS_COLUMNS.items() if normalised in aliases), None)
        if role is None:
            ignored.append(header)
            continue
        if role in roles:
            raise AreaImportError(
                _("Die Spalten %(first)s und %(second)s bedeuten dasselbe; bitte eine davon entfernen.")
                % {"first": table.label(roles[role]), "second": table.label(index)}
            )
        roles[role] = index
    missing = [role for role in REQUIRED if role not in roles]
    if missing:
        raise AreaImportError(
            _(
                "Die Adressliste braucht die Spalten Straße, Hausnummer, Breitengrad und Längengrad (WGS84); "
                "es fehlt „%(column)s“. Gefunden: %(headers)s."
            )
            % {"column": _(_NAMES[missing[0]]), "headers": ", ".join(table.header)}
        )
    return roles, ignored


def parse_addresses(table: Table) -> ParsedAddresses:
    roles, ignored = address_columns(table)
    records = [_record(table, roles, row) for row in table.rows]
    if not records:
        raise AreaImportError(_("Die Adressliste enthält keine Zeilen unter der Kopfzeile."))
    seen: dict[tuple[str, str, str], int] = {}
    for record in records:
        first = seen.setdefault(record.key, record.row)
        if first != record.row:
            raise AreaImportError(
                _("Zeile %(row)d: Die Adresse „%(address)s“ steht schon in Zeile %(first)d.")
                % {"row": record.row, "first": first, "address": f"{record.street} {record.house_number}"}
            )
    return ParsedAddresses(records=records, ignored_columns=ignored)


def _record(table: Table, roles: dict[str, int], row: Row) -> AddressRecord:
    def text(role: str) -> str:
        index = roles.get(role)
        if index is None:
            return ""
        value = row.cells[index]
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a house number or postcode that a spreadsheet stored as a number
        return "" if value is None else str(value).strip()

    def problem(role: str, message: str) -> AreaImportError:
        return AreaImportError(
            _("Zeile %(row)d, Spalte %(column)s: %(message)s")
            % {"row": row.number, "column": table.label(roles[role]), "message": message}
        )

    street = text("street")
    if not street or not street_key(street):
        raise problem("street", _("Die Straße fehlt."))
    if len(street) > STREET_MAX:
        raise problem("street", _("Der Straßenname ist länger als %(max)d Zeichen.") % {"max": STREET_MAX})
    number = (text("number") + text("suffix")).strip()
    if not number or not number_key(number):
        raise problem("number", _("Die Hausnummer fehlt."))
    if len(number) > NUMBER_MAX:
        raise problem("number", _("Die Hausnummer ist länger als %(max)d Zeichen.") % {"max": NUMBER_MAX})
    postcode = text("postcode")
    if postcode and not _POSTCODE.match(postcode):
        raise problem("postcode", _("„%(value)s“ ist keine fünfstellige Postleitzahl.") % {"value": postcode[:20]})
    locality = text("locality")
    if len(locality) > LOCALITY_MAX:
        raise problem("locality", _("Der Ortsname ist länger als %(max)d Zeichen.") % {"max": LOCALITY_MAX})
    lat = _coordinate(table, roles, row, "lat", 90.0, problem)
    lon = _coordinate(table, roles, row, "lon", 180.0, problem)
    return AddressRecord(
        row=row.number,
        street=street,
        house_number=number,
        postcode=postcode,
        locality=locality,
        latitude=lat,
        longitude=lon,
    )


def parse_coordinate(raw: object) -> float:
    """A coordinate has a decimal mark and never thousands separators: "52,5201" and "52.520" are 52.52
    in any file (the statistics' number reader would take "52.520" for fifty-two thousand)."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = re.sub(r"\s", "", str(raw)).replace("\u2212", "-")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise ValueError(raw)
        value = float(text)
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _coordinate(
    table: Table, roles: dict[str, int], row: Row, role: str, limit: float, problem: Callable[[str, str], Exception]
) -> float:
    raw = row.cells[roles[role]]
    if raw is None or raw == "":
        raise problem(role, _("Die Koordinate fehlt."))
    try:
        value = parse_coordinate(raw)
    except ValueError:
        raise problem(role, _("„%(value)s“ ist keine Zahl.") % {"value": str(raw)[:30]}) from None
    if not -limit <= value <= limit:
        raise problem(
            role,
            _(
                "%(value)s liegt nicht zwischen −%(limit)d und %(limit)d. Die Liste muss Breiten- und "
                "Längengrad in WGS84 enthalten (amtliche Hauskoordinaten in UTM bitte vorher umrechnen)."
            )
            % {"value": raw, "limit": int(limit)},
        )
    return value
