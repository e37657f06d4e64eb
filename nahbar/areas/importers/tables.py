"""Reading a statistics table from CSV (``;`` or ``,``, UTF-8 with or without BOM) or XLSX (first sheet)."""

from __future__ import annotations

import csv
import io
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from nahbar.areas.importers.errors import AreaImportError
from nahbar.areas.importers.features import decode_utf8, read_bytes

Cell = Any  # str in CSV files; str, int, float, datetime or None in XLSX files


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, the header is row 1, as a spreadsheet shows it
    cells: list[Cell]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[Row]  # blank rows left out
    decimal_comma: bool  # how to read numbers written as text: German files write 1.234,5

    def label(self, index: int) -> str:
        """How a message names a column: „Wert“ (Spalte C)."""
        return _("„%(header)s“ (Spalte %(letter)s)") % {
            "header": self.header[index],
            "letter": get_column_letter(index + 1),
        }


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise AreaImportError(
        _(
            "Dateiformat „%(suffix)s“ wird nicht unterstützt; erwartet wird .csv oder .xlsx "
            "(ältere .xls-Dateien bitte in Excel oder LibreOffice als .xlsx speichern)."
        )
        % {"suffix": path.suffix or path.name}
    )


def _read_csv(path: Path) -> Table:
    text = decode_utf8(read_bytes(path))
    delimiter = sniff_delimiter(text.partition("\n")[0])
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise AreaImportError(_("Die CSV-Datei ist fehlerhaft: %(error)s.") % {"error": exc}) from None
    # German Excel writes semicolon-separated files precisely because the comma is its decimal mark.
    return _table([[cell.strip() for cell in record] for record in records], decimal_comma=delimiter == ";")


def sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_xlsx(path: Path) -> Table:
    # Imported here: openpyxl takes half a second to import, which every command start would pay.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    read_bytes(path)  # the same "not found" message as for every other file
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles, validations and extensions it skips; none matter for values.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise AreaImportError(_("Die Datei ist keine gültige XLSX-Datei: %(error)s") % {"error": exc}) from None
    try:
        sheet = workbook.worksheets[0]
        _refuse_merged_cells(sheet)
        values = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(values, decimal_comma=True)


def _xlsx_cell(value: Any) -> Cell:
    return value.strip() if isinstance(value, str) else value


def _refuse_merged_cells(sheet: Any) -> None:
    """Merged cells leave all but one cell empty, so figures or headers would silently go missing.

    The read-only worksheet (which keeps memory flat for big sheets) does not expose merged ranges,
    so they are read from the sheet's XML.
    """
    get_source = getattr(sheet, "_get_source", None)
    if get_source is None:
        return
    with get_source() as source:
        ranges = [
            el.get("ref", "")
            for _event, el in ET.iterparse(source)  # noqa: S314 - see import
            if el.tag.rsplit("}", 1)[-1] == "mergeCell"
        ]
    if not ranges:
        return
    in_header = [ref for ref in ranges if _first_row(ref) == 1]
    if in_header:
        raise AreaImportError(
            _(
                "Die Kopfzeile enthält verbundene Zellen (%(ranges)s). Bitte die Verbindung aufheben und jeder "
                "Spalte eine eigene Überschrift geben, z. B. „einwohner:65-79:w“."
            )
            % {"ranges": ", ".join(in_header)}
        )
    raise AreaImportError(
        _("Die Tabelle enthält verbundene Zellen (%(ranges)s). Bitte die Verbindung aufheben und jede Zelle ausfüllen.")
        % {"ranges": ", ".join(ranges[:5])}
    )


def _first_row(ref: str) -> int:
    start = ref.split(":")[0]
    digits = "".join(ch for ch in start if ch.isdigit())
    return int(digits) if digits else 0


def _is_blank(cell: Cell) -> bool:
    return cell is None or cell == ""


def _table(records: list[list[Cell]], *, decimal_comma: bool) -> Table:
    if not records or all(_is_blank(c) for c in records[0]):
        raise AreaImportError(_("Die erste Zeile der Tabelle muss die Spaltenüberschriften enthalten."))
    header = list(records[0])
    while header and _is_blank(header[-1]):
        header.pop()
    for index, title in enumerate(header):
        if _is_blank(title):
            raise AreaImportError(
                _("Zeile 1, Spalte %(letter)s: Die Spalte hat keine Überschrift.")
                % {"letter": get_column_letter(index + 1)}
            )
    rows = [
        _row(number, record, len(header))
        for number, record in enumerate(records[1:], start=2)
        if not all(_is_blank(c) for c in record)
    ]
    return Table(header=[str(title).strip() for title in header], rows=rows, decimal_comma=decimal_comma)


def _row(number: int, record: list[Cell], width: int) -> Row:
    for index in range(width, len(record)):
        if not _is_blank(record[index]):
            raise AreaImportError(
                _("Zeile %(row)d, Spalte %(letter)s: Wert „%(value)s“ steht in einer Spalte ohne Überschrift.")
                % {"row": number, "letter": get_column_letter(index + 1), "value": record[index]}
            )
    cells = list(record[:width]) + [None] * (width - len(record))
    return Row(number=number, cells=cells)
