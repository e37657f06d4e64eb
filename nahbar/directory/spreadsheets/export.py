"""Writing a sheet as CSV (``;``, UTF-8 with BOM: German Excel opens it as it is) or Excel, and the template."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import translation

from nahbar.directory.models import Term
from nahbar.directory.spreadsheets import codec
from nahbar.directory.spreadsheets.codec import Lookups
from nahbar.directory.spreadsheets.columns import Column, Kind, Sheet
from nahbar.tenancy.models import Municipality

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


def prefetched(sheet: Sheet, queryset: Any) -> Any:
    related = [c.key for c in sheet.columns if c.kind in (Kind.TERMS, Kind.PLACES)]
    if any(c.kind is Kind.SCHEDULE for c in sheet.columns):
        related.append("schedules")
    if any(c.kind is Kind.ORGANIZATION for c in sheet.columns):
        queryset = queryset.select_related("organization")
    return queryset.prefetch_related(*related).order_by("pk")


def rows(sheet: Sheet, objects: Iterable[Any], lookups: Lookups) -> Iterable[list[Any]]:
    yield [column.header for column in sheet.columns]
    for obj in objects:
        yield codec.export_row(sheet, obj, lookups)


def write(fmt: str, sheet: Sheet, objects: Iterable[Any], municipality: Municipality) -> bytes:
    table = rows(sheet, objects, Lookups.load(municipality))
    return write_csv(table) if fmt == "csv" else write_xlsx(sheet.title, table)


def write_csv(table: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in table:
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(title: str, table: Iterable[list[Any]], notes: list[list[Any]] | None = None) -> bytes:
    from openpyxl import Workbook  # imported here: half a second, paid only by exports

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in table:
        sheet.append(row)
    if notes:
        sheet = workbook.create_sheet("Hinweise")
        for row in notes:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template(fmt: str, sheet: Sheet, municipality: Municipality) -> bytes:
    """An empty sheet with the headers; the Excel template adds a "Hinweise" sheet with the allowed values."""
    header = [[column.header for column in sheet.columns]]
    if fmt == "csv":
        return write_csv(header)
    return write_xlsx(sheet.title, header, notes=template_notes(sheet, municipality))


def template_notes(sheet: Sheet, municipality: Municipality) -> list[list[Any]]:
    notes: list[list[Any]] = [["Spalte", "Pflicht bei neuen Einträgen", "Erklärung", "Erlaubte Werte"]]
    with translation.override("de"):
        for column in sheet.columns:
            required = "ja" if column.required else ""
            notes.append([column.header, required, column.note, _allowed(column, sheet, municipality)])
    return notes


def _allowed(column: Column, sheet: Sheet, municipality: Municipality) -> str:
    if column.kind is Kind.CHOICE:
        return ", ".join(
            str(label) for _value, label in getattr(sheet.model._meta.get_field(column.key), "choices", None) or []
        )
    if column.kind is Kind.TERMS and column.vocabulary is not None:
        terms = Term.objects.filter(Q(municipality=None) | Q(municipality=municipality), vocabulary=column.vocabulary)
        return ", ".join(term.label_de for term in terms.order_by("label_de"))
    return ""
