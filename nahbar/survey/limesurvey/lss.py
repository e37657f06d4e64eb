"""The questionnaire structure from a ``.lss`` file: questions, subquestions, answer options and texts.

Files before DBVersion 400 keep the texts in the question and answer rows with a ``language`` column;
newer ones move them to ``question_l10ns`` and ``answer_l10ns``. Both are read. Each response column
becomes one :class:`Field`, keyed by LimeSurvey's expression code (``title`` or ``title_sub``) and
carrying its SGQA name (``{sid}X{gid}X{qid}{sub}``) so ``.lsr`` and VV version 1 columns can be matched.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nahbar.survey.limesurvey.structure import Field, LimeSurveyError, Option, Structure
from nahbar.survey.limesurvey.xmltables import Document, Table, read_document

# Question types whose subquestions each make a column.
ARRAY_TYPES = set("ABCEFH1:;MPKQ")
# Boilerplate text has no column.
NO_COLUMN_TYPES = {"X"}
_TAG = re.compile(r"<[^>]+>")

# Answer options that are not in the answers table but fixed by the question type.
FIXED_OPTIONS: dict[str, list[tuple[str, dict[str, str]]]] = {
    "Y": [("Y", {"de": "Ja", "en": "Yes"}), ("N", {"de": "Nein", "en": "No"})],
    "G": [("F", {"de": "weiblich", "en": "female"}), ("M", {"de": "männlich", "en": "male"})],
    "C": [
        ("Y", {"de": "Ja", "en": "Yes"}),
        ("U", {"de": "Unsicher", "en": "Uncertain"}),
        ("N", {"de": "Nein", "en": "No"}),
    ],
    "E": [
        ("I", {"de": "Zunahme", "en": "Increase"}),
        ("S", {"de": "Gleich", "en": "Same"}),
        ("D", {"de": "Abnahme", "en": "Decrease"}),
    ],
    "M": [("Y", {"de": "ausgewählt", "en": "selected"})],
    "P": [("Y", {"de": "ausgewählt", "en": "selected"})],
    "5": [(str(n), {"de": str(n), "en": str(n)}) for n in range(1, 6)],
    "A": [(str(n), {"de": str(n), "en": str(n)}) for n in range(1, 6)],
    "B": [(str(n), {"de": str(n), "en": str(n)}) for n in range(1, 11)],
}


def plain(text: str | None) -> str:
    """Question texts are HTML: strip the tags and entities, collapse spaces."""
    return " ".join(html.unescape(_TAG.sub(" ", text or "")).split())


@dataclass
class _Question:
    qid: str
    gid: str
    title: str
    qtype: str
    order: int
    other: bool
    texts: dict[str, str] = field(default_factory=dict)
    subs: list[_Question] = field(default_factory=list)
    scale: int = 0


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _l10n(doc: Document, table: str, key: str, text_column: str) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    if table in doc.tables:
        for row in doc.tables[table].rows():
            texts[row.get(key) or ""][row.get("language") or ""] = plain(row.get(text_column))
    return texts


def _questions(doc: Document) -> tuple[list[_Question], dict[str, _Question]]:
    l10n = _l10n(doc, "question_l10ns", "qid", "question")
    by_qid: dict[str, _Question] = {}
    rows = [row for name in ("questions", "subquestions") if name in doc.tables for row in doc.tables[name].rows()]
    parents: list[tuple[str, str]] = []
    for row in rows:
        qid = row.get("qid") or ""
        question = by_qid.get(qid)
        if question is None:
            question = _Question(
                qid=qid,
                gid=row.get("gid") or "",
                title=(row.get("title") or "").strip(),
                qtype=(row.get("type") or "").strip(),
                order=_int(row.get("question_order")),
                other=(row.get("other") or "N") == "Y",
                scale=_int(row.get("scale_id")),
            )
            by_qid[qid] = question
            parents.append((qid, row.get("parent_qid") or "0"))
        if row.get("question") is not None:
            question.texts[row.get("language") or ""] = plain(row.get("question"))
        question.texts.update(l10n.get(qid, {}))
    top: list[_Question] = []
    for qid, parent in parents:
        if parent in ("", "0"):
            top.append(by_qid[qid])
        elif parent in by_qid:
            by_qid[parent].subs.append(by_qid[qid])
    for question in by_qid.values():
        question.subs.sort(key=lambda q: q.order)
    return top, by_qid


def _answers(doc: Document) -> dict[tuple[str, int], list[Option]]:
    l10n = _l10n(doc, "answer_l10ns", "aid", "answer")
    found: dict[tuple[str, int], dict[str, tuple[int, Option]]] = defaultdict(dict)
    if "answers" not in doc.tables:
        return {}
    for row in doc.tables["answers"].rows():
        key = (row.get("qid") or "", _int(row.get("scale_id")))
        code = (row.get("code") or "").strip()
        _order, option = found[key].setdefault(code, (_int(row.get("sortorder")), Option(code)))
        if row.get("answer") is not None:
            option.texts[row.get("language") or ""] = plain(row.get("answer"))
        option.texts.update(l10n.get(row.get("aid") or "", {}))
    return {key: [opt for _o, opt in sorted(codes.values(), key=lambda p: p[0])] for key, codes in found.items()}


def _group_order(doc: Document) -> dict[str, int]:
    table: Table | None = doc.tables.get("groups")
    return {row.get("gid") or "": _int(row.get("group_order")) for row in table.rows()} if table else {}


def _joined(first: dict[str, str], second: dict[str, str]) -> dict[str, str]:
    return {lang: f"{text} – {second.get(lang) or next(iter(second.values()), '')}" for lang, text in first.items()}


def _sub_aliases(question: _Question, sub: _Question) -> list[str]:
    sub_text = lambda lang: sub.texts.get(lang) or next(iter(sub.texts.values()), "")  # noqa: E731
    return [f"{question.title}[{sub.title}]"] + [f"{text} [{sub_text(lang)}]" for lang, text in question.texts.items()]


def _fields(question: _Question, sid: str, options: list[Option]) -> list[Field]:
    sgqa = f"{sid}X{question.gid}X{question.qid}"
    if question.qtype in NO_COLUMN_TYPES:
        return []

    def make(key: str, sub: str, texts: dict[str, str], aliases: list[str]) -> Field:
        return Field(key=key, question=question.title, sub=sub, qtype=question.qtype, texts=texts, options=options,
                     sgqa=f"{sgqa}{sub}", aliases=aliases)  # fmt: skip

    if question.qtype not in ARRAY_TYPES or not question.subs:
        fields = [make(question.title, "", dict(question.texts), list(question.texts.values()))]
    else:
        scale0 = [sub for sub in question.subs if sub.scale == 0]
        scale1 = [sub for sub in question.subs if sub.scale == 1]
        fields = []
        for sub in scale0:
            if not scale1:
                texts = _joined(question.texts, sub.texts)
                fields.append(make(f"{question.title}_{sub.title}", sub.title, texts, _sub_aliases(question, sub)))
            for column in scale1:
                code = f"{sub.title}_{column.title}"
                texts = _joined(_joined(question.texts, sub.texts), column.texts)
                fields.append(make(f"{question.title}_{code}", code, texts, []))
    if question.other:
        other_texts = {lang: f"{text} – {_('Sonstiges')}" for lang, text in question.texts.items()}
        fields.append(
            Field(
                key=f"{question.title}_other",
                question=question.title,
                sub="other",
                qtype="S",
                texts=other_texts,
                sgqa=f"{sgqa}other",
                # LimeSurvey heads the column "Question [Sonstiges]" ("[Other]" in English exports).
                aliases=[f"{question.title}[other]"]
                + [f"{text} [{label}]" for text in question.texts.values() for label in ("Sonstiges", "Other")],
            )
        )
    return fields


def structure_from_document(doc: Document, name: str) -> Structure:
    if doc.doctype != "Survey":
        raise LimeSurveyError(
            _("„%(name)s“ enthält keinen Fragebogen (Typ „%(type)s“, erwartet „Survey“).")
            % {"name": name, "type": doc.doctype}
        )
    sid = ""
    if "surveys" in doc.tables:
        sid = next((row.get("sid") or "" for row in doc.tables["surveys"].rows()), "")
    titles = _l10n(doc, "surveys_languagesettings", "surveyls_survey_id", "surveyls_title").get(sid, {})
    top, _by_qid = _questions(doc)
    groups = _group_order(doc)
    top.sort(key=lambda q: (groups.get(q.gid, 0), q.order))
    answers = _answers(doc)
    fields: list[Field] = []
    for question in top:
        options = answers.get((question.qid, 0)) or [
            Option(code, texts) for code, texts in FIXED_OPTIONS.get(question.qtype, [])
        ]
        fields.extend(_fields(question, sid, options))
    if not fields:
        raise LimeSurveyError(_("„%(name)s“ enthält keine Fragen.") % {"name": name})
    return Structure(survey_id=sid, languages=doc.languages, fields=fields, title=next(iter(titles.values()), ""))


def read_lss(data: bytes, name: str) -> Structure:
    return structure_from_document(read_document(data, name), name)
