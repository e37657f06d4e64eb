"""The questionnaire from LimeSurvey's tab-separated structure export (``.txt``, "Excel" survey format).

One row per element: ``class`` S/SL (survey settings), G (group), Q (question), SQ (subquestion, scale in
``type/scale``), A (answer option, scale in ``type/scale``); texts in ``text``, one row per language. The
file carries no ids, so fields are keyed by question codes only (no SGQA names).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from nahbar.survey.limesurvey.lss import FIXED_OPTIONS, _fields, _Question, plain
from nahbar.survey.limesurvey.responses import decode_text
from nahbar.survey.limesurvey.structure import Field, LimeSurveyError, Option, Structure

REQUIRED = ("class", "type/scale", "name", "text", "language")


def is_structure_txt(text: str) -> bool:
    return text.lstrip("\ufeff").split("\n", 1)[0].split("\t")[:3] == ["class", "type/scale", "name"]


def read_structure_txt(data: bytes, name: str) -> Structure:
    lines = [line.rstrip("\r").split("\t") for line in decode_text(data, name).split("\n") if line.strip()]
    header = lines[0] if lines else []
    if any(column not in header for column in REQUIRED):
        raise LimeSurveyError(_("„%(name)s“ ist kein LimeSurvey-Fragebogen im Textformat.") % {"name": name})
    at = {column: header.index(column) for column in (*REQUIRED, "other")}
    sid, languages, title = "", [], ""
    questions: list[_Question] = []
    answers: dict[int, dict[str, Option]] = {}
    current: _Question | None = None
    for cells in lines[1:]:
        cells += [""] * (len(header) - len(cells))
        kind, scale, code = cells[at["class"]], cells[at["type/scale"]], cells[at["name"]].strip()
        text, language = plain(cells[at["text"]]), cells[at["language"]].strip()
        if kind == "S" and code == "sid":
            sid = text
        elif kind == "SL" and code == "surveyls_title":
            title = title or text
        if language and language not in languages and kind in ("Q", "G"):
            languages.append(language)
        if kind == "Q":
            if current is None or current.title != code:
                current = _Question(
                    qid=str(len(questions)),
                    gid="",
                    title=code,
                    qtype=scale,
                    order=len(questions),
                    other=cells[at["other"]] == "Y",
                )
                questions.append(current)
            current.texts[language] = text
        elif kind == "SQ" and current is not None:
            sub = next((s for s in current.subs if s.title == code), None)
            if sub is None:
                sub = _Question(
                    qid="", gid="", title=code, qtype="", order=len(current.subs), other=False, scale=int(scale or 0)
                )
                current.subs.append(sub)
            sub.texts[language] = text
        elif kind == "A" and current is not None and (scale or "0") == "0":
            option = answers.setdefault(id(current), {}).setdefault(code, Option(code))
            option.texts[language] = text
    fields: list[Field] = []
    for question in questions:
        options = list(answers.get(id(question), {}).values()) or [
            Option(c, dict(t)) for c, t in FIXED_OPTIONS.get(question.qtype, [])
        ]
        for found in _fields(question, sid, options):
            found.sgqa = ""
            fields.append(found)
    if not fields:
        raise LimeSurveyError(_("„%(name)s“ enthält keine Fragen.") % {"name": name})
    return Structure(survey_id=sid, languages=languages, fields=fields, title=title)
