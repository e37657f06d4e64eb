"""LimeSurvey's XML export documents (``.lss``, ``.lsr``, ``.lsi``), read with defusedxml.

A document is ``<document><LimeSurveyDocType>…</LimeSurveyDocType><DBVersion>…</DBVersion><languages>…``
followed by one element per database table, each with ``<fields><fieldname>`` and ``<rows><row>``. A row
holds one element per non-NULL column (a missing element is NULL); element names that would start with a
digit (response columns such as ``293446X20X245``) carry a leading underscore.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from nahbar.survey.limesurvey.structure import LimeSurveyError


@dataclass
class Table:
    fieldnames: list[str]
    element: Any

    def rows(self) -> Iterator[dict[str, str | None]]:
        known = set(self.fieldnames)
        rows = self.element.find("rows")
        for row in rows.iter("row") if rows is not None else ():
            values: dict[str, str | None] = dict.fromkeys(self.fieldnames)
            for cell in row:
                name = cell.tag[1:] if cell.tag.startswith("_") and cell.tag[1:] in known else cell.tag
                values[name] = cell.text or ""
            yield values


@dataclass
class Document:
    doctype: str
    db_version: int
    languages: list[str]
    tables: dict[str, Table]


def read_document(data: bytes, name: str) -> Document:
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as exc:
        raise LimeSurveyError(
            _("„%(name)s“ ist keine lesbare LimeSurvey-XML-Datei (%(error)s).") % {"name": name, "error": exc}
        ) from None
    doctype = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or not doctype:
        raise LimeSurveyError(_("„%(name)s“ ist keine LimeSurvey-Exportdatei (.lss, .lsr).") % {"name": name})
    try:
        db_version = int((root.findtext("DBVersion") or "0").strip())
    except ValueError:
        db_version = 0
    languages = [(lang.text or "").strip() for lang in root.iterfind("languages/language") if lang.text]
    tables = {
        child.tag: Table([(f.text or "").strip() for f in child.iterfind("fields/fieldname")], child)
        for child in root
        if child.find("fields") is not None
    }
    return Document(doctype, db_version, languages, tables)
