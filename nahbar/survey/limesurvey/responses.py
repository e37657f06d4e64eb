"""Response files: ``.lsr`` (XML), VV exports (tab-separated) and CSV exports.

Every reader hands each raw row to the :class:`PrivacyFilter` at once, so identifying columns never
leave the reader. VV files: tab-separated; either two heading lines (question texts, then field names:
SGQA in VV version 1, question codes in version 2) or only the field names; NULL is written as
``{question_not_shown}`` and braces, line breaks, tabs and quotes are escaped as ``{lbrace}``,
``{newline}``, ``{cr}``, ``{tab}``, ``{quote}``. CSV exports: UTF-8, usually with BOM, all cells quoted,
``;`` or ``,`` between cells (depends on the LimeSurvey version, so it is sniffed); headings are codes or
question texts.
"""

from __future__ import annotations

import csv
import io
import re

from django.utils.translation import gettext as _

from nahbar.survey.limesurvey.privacy import PrivacyFilter
from nahbar.survey.limesurvey.structure import LimeSurveyError, Responses
from nahbar.survey.limesurvey.xmltables import read_document

VV_NULL = "{question_not_shown}"
_VV_ESCAPES = {"{lbrace}": "{", "{newline}": "\n", "{cr}": "\r", "{tab}": "\t", "{quote}": '"'}
_VV_ESCAPE = re.compile("|".join(re.escape(k) for k in _VV_ESCAPES))
# A field name: SGQA, expression code, or code with [sub] brackets, as on VV line 2.
_CODE = re.compile(r"^[A-Za-z0-9_#\[\]-]+$")


def read_lsr(data: bytes, name: str) -> Responses:
    doc = read_document(data, name)
    if doc.doctype != "Responses" or "responses" not in doc.tables:
        raise LimeSurveyError(
            _("„%(name)s“ enthält keine Antworten (Typ „%(type)s“, erwartet „Responses“).")
            % {"name": name, "type": doc.doctype}
        )
    table = doc.tables["responses"]
    privacy = PrivacyFilter(table.fieldnames)
    rows = [privacy.row(line, raw) for line, raw in enumerate(table.rows(), start=1)]
    return Responses(privacy.answer_headings, {}, rows, privacy.dropped, name)


def decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LimeSurveyError(_("„%(name)s“ ist keine Textdatei in UTF-8.") % {"name": name})  # pragma: no cover


def _vv_value(value: str) -> str | None:
    if "{" not in value:
        return value
    if value == VV_NULL:
        return None
    return _VV_ESCAPE.sub(lambda m: _VV_ESCAPES[m.group(0)], value)


def looks_like_codes(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(_CODE.match(cell) for cell in filled)


def is_vv(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return "\t" in first and first.count("\t") >= first.count(";") and first.count("\t") >= first.count(",")


def read_vv(data: bytes, name: str) -> Responses:
    text = decode_text(data, name)
    lines = [line.rstrip("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise LimeSurveyError(_("„%(name)s“ ist leer.") % {"name": name})
    first = lines[0].split("\t")
    second = lines[1].split("\t") if len(lines) > 1 else []
    # VV with two heading lines: texts, then codes (both versions of LimeSurvey's VV export).
    two_heads = len(second) == len(first) and looks_like_codes(second) and not looks_like_codes(first)
    headings = [cell.strip() for cell in (second if two_heads else first)]
    texts = dict(zip(headings, (cell.strip() for cell in first), strict=True)) if two_heads else {}
    _check_headings(headings, name)
    privacy = PrivacyFilter(headings)
    rows = []
    for number, line in enumerate(lines[2 if two_heads else 1 :], start=1):
        cells = line.split("\t")
        if len(cells) != len(headings):
            raise LimeSurveyError(
                _("„%(name)s“, Datenzeile %(line)d: %(found)d Spalten statt %(expected)d.")
                % {"name": name, "line": number, "found": len(cells), "expected": len(headings)}
            )
        rows.append(privacy.row(number, {h: _vv_value(c) for h, c in zip(headings, cells, strict=True)}))
    answer_texts = {h: t for h, t in texts.items() if h in privacy.answer_headings}
    return Responses(privacy.answer_headings, answer_texts, rows, privacy.dropped, name)


def _check_headings(headings: list[str], name: str) -> None:
    seen: set[str] = set()
    for position, heading in enumerate(headings, start=1):
        if not heading:
            raise LimeSurveyError(
                _("„%(name)s“: Spalte %(col)d hat keine Überschrift.") % {"name": name, "col": position}
            )
        if heading in seen:
            raise LimeSurveyError(
                _("„%(name)s“: Die Überschrift „%(heading)s“ kommt doppelt vor.") % {"name": name, "heading": heading}
            )
        seen.add(heading)


class _Semicolon(csv.excel):
    delimiter = ";"


def read_csv(data: bytes, name: str) -> Responses:
    text = decode_text(data, name)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(sample, delimiters=";,")
    except csv.Error:
        first = sample.split("\n", 1)[0]
        dialect = _Semicolon if first.count(";") > first.count(",") else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headings = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise LimeSurveyError(_("„%(name)s“ ist leer.") % {"name": name}) from None
    _check_headings(headings, name)
    privacy = PrivacyFilter(headings)
    rows = []
    for number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(headings):
            raise LimeSurveyError(
                _("„%(name)s“, Datenzeile %(line)d: %(found)d Spalten statt %(expected)d.")
                % {"name": name, "line": number, "found": len(cells), "expected": len(headings)}
            )
        rows.append(privacy.row(number, dict(zip(headings, cells, strict=True))))
    return Responses(privacy.answer_headings, {}, rows, privacy.dropped, name)
