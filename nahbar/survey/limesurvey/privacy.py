"""The privacy filter every reader applies to each row as it reads it.

Columns that could identify a respondent are dropped before a row leaves the reader: IP address, referrer
URL, exact timestamps, the token and token attributes (names, e-mail addresses). Only the submission *day*
survives, and only when it is real: anonymised LimeSurvey surveys write 1980-01-01 00:00:00 instead.
Technical columns (response id, last page, start language, seed, timings) are dropped too; the response id
is kept on the row for error messages only and is never stored.
"""

from __future__ import annotations

import datetime as dt
import re

from nahbar.survey.limesurvey.structure import Dropped, Row

ANONYMISED_DAY = dt.date(1980, 1, 1)

# Headings in code form and as LimeSurvey writes them in full-text exports (German and English).
_IP = {"ipaddr", "ip-adresse", "ip adresse", "ip address", "ip-address"}
_REFERRER = {"refurl", "verweis-url", "verweis url", "referrer url", "referring url", "referrer-url"}
_SUBMIT = {"submitdate", "datum abgeschickt", "date submitted", "abgeschickt am"}
_TIMESTAMPS = {
    "startdate",
    "datestamp",
    "start-datum",
    "startdatum",
    "date started",
    "datum letzte aktivität",
    "date last action",
    "letzte aktivität",
    "last action",
}
_TOKEN = {
    "token",
    "zugangsschlüssel",
    "zugangsschluessel",
    "zugangscode",
    "access code",
    "tid",
    "firstname",
    "lastname",
    "email",
    "vorname",
    "nachname",
    "e-mail",
    "e-mail-adresse",
    "email address",
}
_ID = {"id", "response id", "antwort id", "antwort-id", "datensatz-id"}
_TECHNICAL = {
    "lastpage",
    "letzte seite",
    "last page",
    "startlanguage",
    "start-sprache",
    "startsprache",
    "start language",
    "seed",
    "interviewtime",
    "gesamtzeit",
    "total time",
    "optout",
    "emailstatus",
}
_TOKEN_ATTRIBUTE = re.compile(r"^attribute_\d+$")
_TIMING = re.compile(r"^\d+x\d+(x\d+)?time$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_GERMAN_DAY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")

KIND_IP, KIND_REFERRER, KIND_SUBMIT, KIND_TIMESTAMP, KIND_TOKEN, KIND_ID, KIND_TECHNICAL = (
    "ip",
    "referrer",
    "submit",
    "timestamp",
    "token",
    "id",
    "technical",
)


def normalise(heading: str) -> str:
    return " ".join(heading.replace("\ufeff", "").strip().lower().split())


def classify(heading: str) -> str:
    """The privacy kind of a column heading, or "" for an answer column."""
    name = normalise(heading)
    for kind, names in (
        (KIND_IP, _IP),
        (KIND_REFERRER, _REFERRER),
        (KIND_SUBMIT, _SUBMIT),
        (KIND_TIMESTAMP, _TIMESTAMPS),
        (KIND_TOKEN, _TOKEN),
        (KIND_ID, _ID),
        (KIND_TECHNICAL, _TECHNICAL),
    ):
        if name in names:
            return kind
    if _TOKEN_ATTRIBUTE.match(name):
        return KIND_TOKEN
    if _TIMING.match(name):
        return KIND_TECHNICAL
    return ""


def parse_moment(value: str) -> tuple[dt.date, bool] | None:
    """The day of a LimeSurvey date-time and whether it carried a time of day other than midnight."""
    match = _ISO_DAY.match(value)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _GERMAN_DAY.match(value)
        if not match:
            return None
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        return None
    timed = any(part not in (None, "0", "00") for part in match.groups()[3:])
    return parsed, timed


class PrivacyFilter:
    """Splits raw rows into answers and the little metadata nahbar keeps, recording what was dropped."""

    def __init__(self, headings: list[str]) -> None:
        self.kinds = {heading: classify(heading) for heading in headings}
        self.answer_headings = [h for h, kind in self.kinds.items() if not kind]
        self.has_submit = any(kind == KIND_SUBMIT for kind in self.kinds.values())
        self.dropped = Dropped()
        for heading, kind in self.kinds.items():
            if kind == KIND_ID:
                continue
            target = {
                KIND_IP: self.dropped.ip,
                KIND_REFERRER: self.dropped.referrer,
                KIND_TOKEN: self.dropped.token,
                KIND_SUBMIT: self.dropped.timestamps,
                KIND_TIMESTAMP: self.dropped.timestamps,
                KIND_TECHNICAL: self.dropped.technical,
            }.get(kind)
            if target is not None:
                target.append(heading)

    def row(self, line: int, raw: dict[str, str | None]) -> Row:
        """Build the anonymous row; ``raw`` is not kept (the caller drops it right after)."""
        response_id = ""
        submitted: str | None = None
        values: dict[str, str | None] = {}
        for heading, value in raw.items():
            kind = self.kinds.get(heading, "")
            if not kind:
                values[heading] = value
            elif kind == KIND_ID:
                response_id = (value or "").strip()
            elif kind == KIND_SUBMIT:
                submitted = value
                self._note_time(value)
            elif kind == KIND_TIMESTAMP:
                self._note_time(value)
        complete = bool(submitted and submitted.strip()) if self.has_submit else True
        return Row(line=line, response_id=response_id, complete=complete, day=self._day(submitted), values=values)

    def _note_time(self, value: str | None) -> None:
        if not value or not value.strip():
            return
        moment = parse_moment(value)
        if moment is None or moment[0] != ANONYMISED_DAY or moment[1]:
            self.dropped.exact_times = True

    @staticmethod
    def _day(value: str | None) -> dt.date | None:
        moment = parse_moment(value) if value else None
        if moment is None or moment[0] == ANONYMISED_DAY:
            return None
        return moment[0]
