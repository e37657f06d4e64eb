"""Reading area statistics from a table in long or wide format into cells to store.

Long format: one figure per row, with columns for area code, indicator, year and value
(plus optional age band, sex, source, level).

Wide format: one row per area (and year), every further column is an indicator, written
``indicator``, ``indicator:age_band`` or ``indicator:age_band:sex``, e.g. ``einwohner:80+:w``.
Age band and sex may instead be row columns, as in a population table by age and sex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.numbers import parse_number, parse_year
from nahbar.areas.importers.tables import Row, Table
from nahbar.areas.models import AreaStatistic

# Column role -> accepted headers (compared in lower case, spaces and hyphens as underscores).
COLUMN_ALIASES: dict[str, frozenset[str]] = {
    "code": frozenset({"gebiet", "kennziffer", "gebietskennziffer", "area_code", "code", "area"}),
    "level": frozenset({"ebene", "level"}),
    "name": frozenset({"name", "gebietsname", "bezeichnung", "area_name"}),  # for people; not imported
    "indicator": frozenset({"indikator", "indicator", "merkmal"}),
    "year": frozenset({"jahr", "year"}),
    "value": frozenset({"wert", "value"}),
    "age_band": frozenset({"altersgruppe", "age_band", "alter"}),
    "sex": frozenset({"geschlecht", "sex"}),
    "source": frozenset({"quelle", "source"}),
}
_SEX = {
    "": "",
    "insgesamt": "",
    "gesamt": "",
    "total": "",
    "alle": "",
    "zusammen": "",
    "w": "f",
    "weiblich": "f",
    "f": "f",
    "female": "f",
    "frauen": "f",
    "m": "m",
    "männlich": "m",
    "maennlich": "m",
    "male": "m",
    "männer": "m",
    "d": "d",
    "divers": "d",
    "diverse": "d",
}
_AGE_TOTAL = frozenset({"", "insgesamt", "gesamt", "total", "alle"})
_DASHES = re.compile(r"\s*[-\u2010-\u2015]\s*")
INDICATOR_MAX = AreaStatistic._meta.get_field("indicator").max_length or 80
AGE_BAND_MAX = AreaStatistic._meta.get_field("age_band").max_length or 20
SOURCE_MAX = AreaStatistic._meta.get_field("source").max_length or 300


@dataclass(frozen=True)
class StatCell:
    row: int
    column: str  # the label of the column holding the figure, for messages
    code_column: str
    code: str
    level: str  # '' when the file does not say
    indicator: str
    year: int
    age_band: str
    sex: str
    value: float
    source: str

    @property
    def key(self) -> tuple[str, str, str, int, str, str]:
        return (self.level, self.code, self.indicator, self.year, self.age_band, self.sex)


@dataclass(frozen=True)
class ParsedStatistics:
    layout: str  # "long" or "wide"
    cells: list[StatCell]


def parse_statistics(table: Table, *, year: int | None, source: str) -> ParsedStatistics:
    roles = column_roles(table)
    if "code" not in roles:
        raise AreaImportError(
            _(
                "Die Tabelle braucht eine Spalte mit der Gebietskennziffer (z. B. „Gebiet“ oder „area_code“); "
                "gefunden: %(headers)s."
            )
            % {"headers": ", ".join(table.header)}
        )
    if year is not None and "year" in roles:
        raise AreaImportError(_("Die Tabelle hat eine Spalte „Jahr“; ein Jahr als Option ist dann nicht nötig."))
    if "indicator" in roles or "value" in roles:
        cells = _long_cells(table, roles, source)
        layout = "long"
    else:
        if "year" not in roles and year is None:
            raise AreaImportError(_("Die Tabelle hat keine Spalte „Jahr“; bitte das Jahr angeben (Option --year)."))
        cells = _wide_cells(table, roles, year, source)
        layout = "wide"
    _refuse_duplicates(cells)
    return ParsedStatistics(layout=layout, cells=cells)


def column_roles(table: Table) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, header in enumerate(table.header):
        normalised = re.sub(r"[\s\-]+", "_", header.strip().lower())
        role = next((r for r, aliases in COLUMN_ALIASES.items() if normalised in aliases), None)
        if role is None:
            continue
        if role in roles:
            raise AreaImportError(
                _("Die Spalten %(first)s und %(second)s bedeuten dasselbe; bitte eine davon entfernen.")
                % {"first": table.label(roles[role]), "second": table.label(index)}
            )
        roles[role] = index
    return roles


def _long_cells(table: Table, roles: dict[str, int], source: str) -> list[StatCell]:
    missing = [r for r in ("indicator", "year", "value") if r not in roles]
    if missing:
        names = {"indicator": _("Indikator"), "year": _("Jahr"), "value": _("Wert")}
        raise AreaImportError(_("Im Langformat fehlt die Spalte „%(column)s“.") % {"column": names[missing[0]]})
    _refuse_unknown_columns(table, roles)
    cells = []
    for row in table.rows:
        reader = _RowReader(table, roles, row)
        cells.append(
            StatCell(
                row=row.number,
                column=table.label(roles["value"]),
                code_column=table.label(roles["code"]),
                code=reader.code(),
                level=reader.text("level"),
                indicator=reader.indicator(),
                year=reader.year(),
                age_band=reader.age_band(),
                sex=reader.sex(),
                value=reader.number(roles["value"]),
                source=reader.source(source),
            )
        )
    return cells


def _refuse_unknown_columns(table: Table, roles: dict[str, int]) -> None:
    known = set(roles.values())
    for index in range(len(table.header)):
        if index not in known:
            raise AreaImportError(
                _(
                    "Spalte %(column)s ist im Langformat unbekannt. Erlaubt sind: Gebiet, Ebene, Name, Indikator, "
                    "Jahr, Wert, Altersgruppe, Geschlecht, Quelle."
                )
                % {"column": table.label(index)}
            )


@dataclass(frozen=True)
class _Indicator:
    index: int
    name: str
    age_band: str | None  # None: taken from the row's age band column (or none)
    sex: str | None


def _wide_cells(table: Table, roles: dict[str, int], year: int | None, source: str) -> list[StatCell]:
    indicators = _wide_indicators(table, roles)
    cells = []
    for row in table.rows:
        reader = _RowReader(table, roles, row)
        code, level, row_source = reader.code(), reader.text("level"), reader.source(source)
        # parse_statistics made sure there is a year column or a year given
        row_year = reader.year() if "year" in roles or year is None else year
        row_age, row_sex = reader.age_band(), reader.sex()
        for indicator in indicators:
            if row.cells[indicator.index] in (None, ""):
                continue  # an empty cell in a wide table means "no figure", not zero
            cells.append(
                StatCell(
                    row=row.number,
                    column=table.label(indicator.index),
                    code_column=table.label(roles["code"]),
                    code=code,
                    level=level,
                    indicator=indicator.name,
                    year=row_year,
                    age_band=row_age if indicator.age_band is None else indicator.age_band,
                    sex=row_sex if indicator.sex is None else indicator.sex,
                    value=reader.number(indicator.index),
                    source=row_source,
                )
            )
    return cells


def _wide_indicators(table: Table, roles: dict[str, int]) -> list[_Indicator]:
    known = set(roles.values())
    indicators = [_indicator(table, index) for index in range(len(table.header)) if index not in known]
    if not indicators:
        raise AreaImportError(_("Die Tabelle enthält keine Spalte mit Werten."))
    for indicator in indicators:
        for part, role in ((indicator.age_band, "age_band"), (indicator.sex, "sex")):
            if part is not None and role in roles:
                raise AreaImportError(
                    _(
                        "Spalte %(column)s nennt selbst Altersgruppe oder Geschlecht, die Tabelle hat aber auch eine "
                        "Spalte %(other)s dafür."
                    )
                    % {"column": table.label(indicator.index), "other": table.label(roles[role])}
                )
    return indicators


def _indicator(table: Table, index: int) -> _Indicator:
    parts = [p.strip() for p in table.header[index].split(":")]
    if len(parts) > 3 or not parts[0] or len(parts[0]) > INDICATOR_MAX:
        raise AreaImportError(
            _(
                "Zeile 1, Spalte %(column)s: Die Überschrift muss „Indikator“, „Indikator:Altersgruppe“ oder "
                "„Indikator:Altersgruppe:Geschlecht“ lauten (z. B. „einwohner:80+:w“)."
            )
            % {"column": table.label(index)}
        )
    try:
        age_band = _age_band(parts[1]) if len(parts) > 1 else None
        sex = _sex(parts[2]) if len(parts) > 2 else None
    except ValueError as exc:
        raise AreaImportError(
            _("Zeile 1, Spalte %(column)s: „%(value)s“ ist keine gültige Altersgruppe bzw. kein Geschlecht.")
            % {"column": table.label(index), "value": exc.args[0]}
        ) from None
    return _Indicator(index=index, name=parts[0], age_band=age_band, sex=sex)


def _age_band(text: str) -> str:
    text = text.strip()
    if text.lower() in _AGE_TOTAL:
        return ""
    band = _DASHES.sub("-", text)  # "65 – 79" is "65-79"
    if len(band) > AGE_BAND_MAX:
        raise ValueError(text)
    return band


def _sex(text: str) -> str:
    try:
        return _SEX[text.strip().lower()]
    except KeyError:
        raise ValueError(text) from None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an area code typed as a number: 101, not 101.0
    return str(value).strip()


class _RowReader:
    """Reads the cells of one row by role and names row and column in every error."""

    def __init__(self, table: Table, roles: dict[str, int], row: Row) -> None:
        self.table, self.roles, self.row = table, roles, row

    def _fail(self, index: int, message: str) -> AreaImportError:
        return AreaImportError(
            _("Zeile %(row)d, Spalte %(column)s: %(message)s")
            % {"row": self.row.number, "column": self.table.label(index), "message": message}
        )

    def _cell(self, role: str) -> Any:
        return self.row.cells[self.roles[role]] if role in self.roles else None

    def text(self, role: str) -> str:
        return _as_text(self._cell(role))

    def required(self, role: str) -> str:
        text = self.text(role)
        if not text:
            raise self._fail(self.roles[role], _("Die Zelle ist leer."))
        return text

    def code(self) -> str:
        return self.required("code")

    def indicator(self) -> str:
        name = self.required("indicator")
        if len(name) > INDICATOR_MAX:
            raise self._fail(self.roles["indicator"], _("Der Indikator ist zu lang."))
        return name

    def year(self) -> int:
        try:
            return parse_year(self._cell("year"))
        except ValueError:
            raise self._fail(
                self.roles["year"], _("„%(value)s“ ist keine Jahreszahl.") % {"value": _as_text(self._cell("year"))}
            ) from None

    def age_band(self) -> str:
        try:
            return _age_band(self.text("age_band"))
        except ValueError:
            raise self._fail(self.roles["age_band"], _("Die Altersgruppe ist zu lang.")) from None

    def sex(self) -> str:
        try:
            return _sex(self.text("sex"))
        except ValueError:
            raise self._fail(
                self.roles["sex"],
                _("„%(value)s“ ist kein Geschlecht; erlaubt sind w, m, d oder leer/insgesamt.")
                % {"value": self.text("sex")},
            ) from None

    def source(self, default: str) -> str:
        text = self.text("source")
        if len(text) > SOURCE_MAX:
            raise self._fail(self.roles["source"], _("Die Quellenangabe ist zu lang."))
        return text or default

    def number(self, index: int) -> float:
        value = self.row.cells[index]
        if value is None or value == "":
            raise self._fail(index, _("Die Zelle ist leer."))
        try:
            return parse_number(value, decimal_comma=self.table.decimal_comma)
        except ValueError:
            raise self._fail(index, _("„%(value)s“ ist keine Zahl.") % {"value": value}) from None


def _refuse_duplicates(cells: Iterable[StatCell]) -> None:
    seen: dict[tuple[str, str, str, int, str, str], StatCell] = {}
    for cell in cells:
        first = seen.setdefault(cell.key, cell)
        if first is not cell:
            raise AreaImportError(
                _(
                    "Zeile %(row)d, Spalte %(column)s: Derselbe Wert (Gebiet „%(code)s“, %(indicator)s, %(year)d) "
                    "steht schon in Zeile %(first_row)d, Spalte %(first_column)s."
                )
                % {
                    "row": cell.row,
                    "column": cell.column,
                    "code": cell.code,
                    "indicator": cell.indicator,
                    "year": cell.year,
                    "first_row": first.row,
                    "first_column": first.column,
                }
            )
