"""The neutral structure every reader returns: fields (one per response column) and anonymous rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class LimeSurveyError(ValueError):
    """A file nahbar cannot read; the message is German and names the file and, where known, the place."""


@dataclass
class Option:
    """One answer option of a LimeSurvey question: its code and its texts per language."""

    code: str
    texts: dict[str, str] = field(default_factory=dict)

    def text(self, language: str = "") -> str:
        return self.texts.get(language) or next(iter(self.texts.values()), "") or self.code


@dataclass
class Field:
    """One response column: a question, or one subquestion of an array or multiple-choice question.

    ``key`` is the LimeSurvey expression code (``title`` or ``title_sub``) when the structure is known,
    otherwise the column heading as it stands in the file.
    """

    key: str
    question: str = ""  # the question's code ("title")
    sub: str = ""  # the subquestion's code, if any
    qtype: str = ""  # LimeSurvey's one-letter question type, "" if unknown
    texts: dict[str, str] = field(default_factory=dict)  # "question text – subquestion text" per language
    options: list[Option] = field(default_factory=list)
    sgqa: str = ""
    # Other headings LimeSurvey writes for this column: "title[sub]", "Question text [Subquestion text]".
    aliases: list[str] = field(default_factory=list)

    def text(self, language: str = "") -> str:
        return self.texts.get(language) or next(iter(self.texts.values()), "") or self.key

    def option_codes(self) -> list[str]:
        return [option.code for option in self.options]


@dataclass
class Row:
    """One response after the privacy filter: no IP address, referrer, token or time of day survive.

    ``line`` is the position in the file (data rows counted from 1), ``response_id`` LimeSurvey's own
    number, both only for messages; ``day`` is the submission day, ``None`` when unknown or anonymised.
    """

    line: int
    response_id: str
    complete: bool
    day: dt.date | None
    values: dict[str, str | None]


@dataclass
class Dropped:
    """Which identifying or technical columns the file carried (names only, never values)."""

    ip: list[str] = field(default_factory=list)
    referrer: list[str] = field(default_factory=list)
    timestamps: list[str] = field(default_factory=list)
    token: list[str] = field(default_factory=list)
    technical: list[str] = field(default_factory=list)
    # The file's submit dates were real times (not LimeSurvey's anonymised 1980-01-01 00:00).
    exact_times: bool = False
    ignored_files: list[str] = field(default_factory=list)

    def merge(self, other: Dropped) -> None:
        for name in ("ip", "referrer", "timestamps", "token", "technical", "ignored_files"):
            mine = getattr(self, name)
            mine.extend(item for item in getattr(other, name) if item not in mine)
        self.exact_times = self.exact_times or other.exact_times


@dataclass
class Structure:
    """A questionnaire as read from ``.lss`` or the tab-separated structure export."""

    survey_id: str
    languages: list[str]
    fields: list[Field]
    title: str = ""


@dataclass
class Responses:
    """Responses as read from ``.lsr``, VV or CSV: column headings and privacy-filtered rows."""

    headings: list[str]
    texts: dict[str, str]  # heading -> question text, when the file has one (VV line 1, CSV full-text heads)
    rows: list[Row]
    dropped: Dropped
    source: str


@dataclass
class LimeData:
    """What the importer works on: the fields (with texts and options where known) and the rows."""

    fields: list[Field]
    rows: list[Row]
    dropped: Dropped
    sources: list[str]
    survey_id: str = ""
    languages: list[str] = field(default_factory=list)
    title: str = ""
    unknown_columns: list[str] = field(default_factory=list)

    def field_by_key(self) -> dict[str, Field]:
        return {f.key: f for f in self.fields}
