"""Cells of one object for export, and a typed value from one cell for import, per column kind.

Both directions use the municipality's lookups (terms, organizations, places), read once per file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Field, Q
from django.utils import translation
from django.utils.translation import gettext as _

from nahbar.directory.models import Organization, Place, Term
from nahbar.directory.spreadsheets import cells, schedule
from nahbar.directory.spreadsheets.cells import CellError
from nahbar.directory.spreadsheets.columns import Column, Kind, Sheet
from nahbar.tenancy.models import Municipality


@dataclass
class Lookups:
    """What cells refer to, in one municipality."""

    municipality: Municipality
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)  # vocabulary -> label/code -> term
    organizations_by_pk: dict[int, Organization] = field(default_factory=dict)
    organizations_by_name: dict[str, list[Organization]] = field(default_factory=dict)
    place_pks: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, municipality: Municipality) -> Lookups:
        lookups = cls(municipality=municipality)
        terms = Term.objects.filter(Q(municipality=None) | Q(municipality=municipality))
        for term in terms.order_by("municipality_id", "pk"):
            by_key = lookups.terms.setdefault(term.vocabulary, {})
            for key in (term.code, term.label_de, term.label_en):
                by_key.setdefault(cells.text(key).casefold(), term)
        by_name: dict[str, list[Organization]] = defaultdict(list)
        for organization in Organization.objects.filter(municipality=municipality).only("pk", "name"):
            lookups.organizations_by_pk[organization.pk] = organization
            by_name[organization.name.casefold()].append(organization)
        lookups.organizations_by_name = dict(by_name)
        lookups.place_pks = set(Place.objects.filter(municipality=municipality).values_list("pk", flat=True))
        return lookups

    def organization_cell(self, organization: Organization | None) -> str:
        """The name, or the Nr. where two organizations share the name."""
        if organization is None:
            return ""
        if len(self.organizations_by_name.get(organization.name.casefold(), [])) > 1:
            return str(organization.pk)
        return organization.name


# --- export -------------------------------------------------------------------------------------------------


def export_row(sheet: Sheet, obj: Any, lookups: Lookups) -> list[Any]:
    with translation.override("de"):  # choice labels in German, like the headers
        planned = schedule.export_cells(obj) if any(c.kind is Kind.SCHEDULE for c in sheet.columns) else {}
        return [export_cell(column, obj, lookups, planned) for column in sheet.columns]


def export_cell(column: Column, obj: Any, lookups: Lookups, planned: dict[str, Any]) -> Any:
    if column.kind is Kind.SCHEDULE:
        return planned.get(column.key, "")
    value = getattr(obj, column.key)
    if column.kind is Kind.BOOL:
        return cells.format_bool(value)
    if column.kind is Kind.DATE:
        return cells.format_date(value)
    if column.kind is Kind.CHOICE:
        return getattr(obj, f"get_{column.key}_display")()
    if column.kind is Kind.TERMS:
        return ", ".join(sorted(term.label_de for term in value.all()))
    if column.kind is Kind.ORGANIZATION:
        return lookups.organization_cell(value)
    if column.kind is Kind.PLACES:
        return ", ".join(str(pk) for pk in sorted(place.pk for place in value.all()))
    return "" if value is None else value


# --- import ---------------------------------------------------------------------------------------------------


def read_cell(column: Column, raw: Any, sheet: Sheet, lookups: Lookups) -> Any:
    """The field value for one cell; raises CellError with a message for the user."""
    kind = column.kind
    if kind is Kind.TEXT:
        return cells.text(raw)
    if kind is Kind.POSTCODE:
        value = cells.text(raw)
        return value.zfill(5) if value.isdigit() and len(value) == 4 else value
    if kind in (Kind.BOOL, Kind.INT, Kind.FLOAT, Kind.DATE) and cells.blank(raw):
        return _blank_value(kind, column, sheet)
    readers = {Kind.BOOL: cells.boolean, Kind.INT: cells.integer, Kind.FLOAT: cells.decimal, Kind.DATE: cells.date}
    if kind in readers:
        return readers[kind](raw)
    if kind is Kind.CHOICE:
        return _choice(column, raw, sheet)
    if kind is Kind.TERMS:
        return _terms(column, raw, lookups)
    if kind is Kind.ORGANIZATION:
        return _organization(raw, lookups)
    if kind is Kind.PLACES:
        return _places(raw, lookups)
    raise AssertionError(kind)  # schedule cells are read together in schedule.read


def _blank_value(kind: Kind, column: Column, sheet: Sheet) -> Any:
    if kind is Kind.BOOL:
        return _model_field(sheet, column).get_default()
    return None


def _model_field(sheet: Sheet, column: Column) -> Field[Any, Any]:
    model_field = sheet.model._meta.get_field(column.key)
    if not isinstance(model_field, Field):
        raise TypeError(column.key)
    return model_field


def _choice(column: Column, raw: Any, sheet: Sheet) -> str:
    model_field = _model_field(sheet, column)
    if cells.blank(raw):
        return str(model_field.get_default())
    wanted = cells.text(raw).casefold()
    options = []
    for value, label in model_field.choices or []:
        with translation.override("de"):
            german = str(label)
        options.append(german)
        if wanted in (str(value).casefold(), german.casefold()):
            return str(value)
    raise CellError(
        _("„%(value)s“ ist nicht erlaubt; möglich: %(options)s.") % {"value": raw, "options": ", ".join(options)}
    )


def _terms(column: Column, raw: Any, lookups: Lookups) -> list[Term]:
    vocabulary = column.vocabulary.value if column.vocabulary is not None else ""
    known = lookups.terms.get(vocabulary, {})
    found: list[Term] = []
    parts = cells.split_list(raw)
    start = 0
    while start < len(parts):
        # A label may itself contain commas ("Essen, Kochen, Backen"): take the longest run of parts that
        # names a term.
        for end in range(len(parts), start, -1):
            term = known.get(", ".join(parts[start:end]).casefold())
            if term is not None:
                break
        else:
            raise CellError(
                _("„%(value)s“ ist kein Begriff dieser Liste (siehe Blatt „Hinweise“ der Vorlage).")
                % {"value": parts[start]}
            )
        if term not in found:
            found.append(term)
        start = end
    return found


def _organization(raw: Any, lookups: Lookups) -> Organization | None:
    if cells.blank(raw):
        return None
    value = cells.text(raw)
    if value.isdigit() and int(value) in lookups.organizations_by_pk:
        return lookups.organizations_by_pk[int(value)]
    matches = lookups.organizations_by_name.get(value.casefold(), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        numbers = ", ".join(str(o.pk) for o in matches)
        raise CellError(
            _("Mehrere Organisationen heißen „%(value)s“; bitte die Nr. angeben (%(numbers)s).")
            % {"value": value, "numbers": numbers}
        )
    raise CellError(_("Eine Organisation „%(value)s“ gibt es in dieser Kommune nicht.") % {"value": value})


def _places(raw: Any, lookups: Lookups) -> list[int]:
    pks: list[int] = []
    for item in cells.split_list(raw):
        pk = cells.integer(item)
        if pk not in lookups.place_pks:
            raise CellError(_("Einen Ort mit der Nr. %(value)s gibt es in dieser Kommune nicht.") % {"value": item})
        if pk not in pks:
            pks.append(pk)
    return pks
