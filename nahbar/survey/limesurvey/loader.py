"""Reading the uploaded files into one :class:`LimeData`, whatever combination LimeSurvey produced.

Accepted: a ``.lsa`` archive; a structure (``.lss`` or the tab-separated ``.txt``) with responses
(``.lsr``, VV or CSV); or responses alone (then the column headings are all nahbar knows). Timings
(``.lsi``) are not needed and token lists (``.lst``: names and e-mail addresses) are never opened.

Archives are read in memory, member by member, with limits on the number of members, each member's
size and the compression ratio (zip bombs), and member paths are never used as file names.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from nahbar.survey.limesurvey.lss import read_lss
from nahbar.survey.limesurvey.privacy import normalise
from nahbar.survey.limesurvey.responses import decode_text, is_vv, read_csv, read_lsr, read_vv
from nahbar.survey.limesurvey.structure import Dropped, Field, LimeData, LimeSurveyError, Responses, Structure
from nahbar.survey.limesurvey.structure_txt import is_structure_txt, read_structure_txt
from nahbar.survey.limesurvey.xmltables import read_document

_CODE_HEADING = re.compile(r"^[A-Za-z0-9_]+(\[[A-Za-z0-9_#]+\])+$")
_BRACKETS = re.compile(r"\[([A-Za-z0-9_#]+)\]")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 20
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
IGNORED_SUFFIXES = {".lsi": "timings", ".lst": "tokens"}


def _read_archive(data: bytes, name: str) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LimeSurveyError(_("„%(name)s“ ist kein gültiges LimeSurvey-Archiv (.lsa).") % {"name": name}) from None
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise LimeSurveyError(_("„%(name)s“ enthält zu viele Dateien.") % {"name": name})
    total = 0
    found = []
    for info in members:
        member = PurePosixPath(info.filename.replace("\\", "/")).name
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_BYTES or ratio > MAX_COMPRESSION_RATIO:
            raise LimeSurveyError(
                _("„%(name)s“: „%(member)s“ ist entpackt zu groß. Bitte .lss und .lsr einzeln hochladen.")
                % {"name": name, "member": member}
            )
        if PurePosixPath(member).suffix.lower() in IGNORED_SUFFIXES:
            found.append((member, b""))  # never decompressed: timings are not needed, tokens never read
            continue
        with archive.open(info) as stream:
            content = stream.read(MAX_MEMBER_BYTES + 1)
        if len(content) > MAX_MEMBER_BYTES:  # the header lied about the size
            raise LimeSurveyError(
                _("„%(name)s“: „%(member)s“ ist entpackt zu groß.") % {"name": name, "member": member}
            )
        found.append((member, content))
    return found


def _classify(name: str, data: bytes) -> tuple[str, Structure | Responses | None]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in IGNORED_SUFFIXES:
        return "ignored", None
    if suffix == ".lss":
        return "structure", read_lss(data, name)
    if suffix == ".lsr":
        return "responses", read_lsr(data, name)
    if suffix == ".xml" or data.lstrip()[:5] == b"<?xml":
        if b"<questionnaire" in data[:2000]:
            raise LimeSurveyError(
                _("„%(name)s“ ist queXML (ein Druckformat ohne Antworten). Bitte die .lss-Datei verwenden.")
                % {"name": name}
            )
        doctype = read_document(data, name).doctype
        return ("structure", read_lss(data, name)) if doctype == "Survey" else ("responses", read_lsr(data, name))
    text = decode_text(data, name)
    if is_structure_txt(text):
        return "structure", read_structure_txt(data, name)
    return "responses", read_vv(data, name) if is_vv(text) else read_csv(data, name)


def _expand(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    expanded = []
    for name, data in files:
        if len(data) > MAX_FILE_BYTES:
            raise LimeSurveyError(
                _("„%(name)s“ ist größer als %(limit)d MB.") % {"name": name, "limit": MAX_FILE_BYTES // 1024 // 1024}
            )
        is_zip = PurePosixPath(name).suffix.lower() in (".lsa", ".zip") or data[:4] == b"PK\x03\x04"
        expanded.extend(_read_archive(data, name) if is_zip else [(name, data)])
    return expanded


def load(files: list[tuple[str, bytes]]) -> LimeData:
    """Read the files (name, content) into fields and privacy-filtered rows."""
    structure: Structure | None = None
    responses: Responses | None = None
    ignored: list[str] = []
    for name, data in _expand(files):
        kind, read = _classify(name, data)
        if kind == "ignored":
            ignored.append(name)
        elif kind == "structure":
            if structure is not None:
                raise LimeSurveyError(_("Bitte nur einen Fragebogen (.lss) auf einmal hochladen."))
            structure = read  # type: ignore[assignment]
        else:
            if responses is not None:
                raise LimeSurveyError(_("Bitte nur eine Antwortdatei auf einmal hochladen."))
            responses = read  # type: ignore[assignment]
    if responses is None:
        raise LimeSurveyError(_("Unter den Dateien ist keine mit Antworten (.lsr, VV- oder CSV-Export)."))
    combined = combine(structure, responses)
    combined.dropped.ignored_files.extend(ignored)
    return combined


def _alias_map(fields: list[Field]) -> dict[str, Field]:
    aliases: dict[str, Field] = {}
    for found in fields:
        for alias in [found.key, found.sgqa, *found.aliases]:
            if alias:
                aliases.setdefault(normalise(alias), found)
    return aliases


def _option_lookup(found: Field) -> dict[str, str]:
    """Answer code by code and by normalised answer text: CSV exports with "full answers" carry the text."""
    lookup = {normalise(text): option.code for option in found.options for text in option.texts.values() if text}
    lookup.update({option.code: option.code for option in found.options})
    return lookup


def _translated(value: str | None, lookup: dict[str, str]) -> str | None:
    if not value or not lookup:
        return value
    return lookup.get(value) or lookup.get(normalise(value), value)


def combine(structure: Structure | None, responses: Responses) -> LimeData:
    aliases = _alias_map(structure.fields) if structure else {}
    column_field: dict[str, Field] = {}
    unknown: list[str] = []
    for heading in responses.headings:
        found = aliases.get(normalise(heading))
        if found is None:
            found = Field(
                key=_BRACKETS.sub(r"_\1", heading) if _CODE_HEADING.match(heading) else heading,
                texts={"": responses.texts[heading]} if responses.texts.get(heading) else {},
            )
            if structure is not None:
                unknown.append(heading)
        column_field[heading] = found
    lookups = {heading: (found.key, _option_lookup(found)) for heading, found in column_field.items()}
    for row in responses.rows:
        row.values = {lookups[h][0]: _translated(v, lookups[h][1]) for h, v in row.values.items()}
    used = {f.key for f in column_field.values()}
    ordered = [f for f in structure.fields if f.key in used] if structure else []
    ordered += [f for f in column_field.values() if f not in ordered]
    sources = ([structure.title or "structure"] if structure else []) + [responses.source]
    return LimeData(
        fields=ordered,
        rows=responses.rows,
        dropped=responses.dropped if isinstance(responses.dropped, Dropped) else Dropped(),
        sources=sources,
        survey_id=structure.survey_id if structure else "",
        languages=structure.languages if structure else [],
        title=structure.title if structure else "",
        unknown_columns=unknown,
    )
