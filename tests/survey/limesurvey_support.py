"""Shared set-up for the LimeSurvey import tests: the real files and a survey to import them into."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from django_scopes import scopes_disabled

from nahbar.survey.models import Question, Survey, Wave

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "limesurvey"
DERIVED = FIXTURES / "derived"
LSS = FIXTURES / "survey_293446_from_lsa_redacted.lss"
LSR = FIXTURES / "survey_293446_responses.lsr"
LSI = FIXTURES / "survey_293446_timings.lsi"
# The made-up identifying values make_derived.py writes into the VV and CSV files.
TRACKING_VALUES = ["192.0.2.", "example.org/einladung", "tokSECRET"] + [
    f"14:{minute}:{second}" for n in (1, 2, 3, 4) for minute, second in ((f"2{n}", "10"), (f"3{n}", "00"))
]  # the times of day: startdate/datestamp 14:2n:10, submitdate 14:3n:00 for response n


def read(*paths: Path) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in paths]


def lsa_bytes(*paths: Path) -> bytes:
    """A real .lsa: LimeSurvey's archive is a plain ZIP of the survey's export files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, path.name)
    return buffer.getvalue()


def _question(survey: Survey, position: int, key: str, kind: str, text: str, options: Any = ()) -> Question:
    return Question.objects.create(
        municipality=survey.municipality, survey=survey, position=position, key=key, kind=kind, text_de=text,
        instrument=key.split(".")[0] if not key.startswith("own.") else "", options=list(options),
    )  # fmt: skip


AGREEMENT = ["trifft gar nicht zu", "trifft nicht zu", "trifft eher nicht zu", "trifft eher zu", "trifft zu",
             "trifft voll zu"]  # fmt: skip


def course_survey(municipality: Any) -> Wave:
    """A survey whose own questions re-use some of the real questionnaire's (a course evaluation), plus the
    loneliness items, which no course question may be mistaken for. Agreement is coded the other way round
    than in LimeSurvey (1 = "trifft gar nicht zu"), so the suggested recoding has to reverse it."""
    with scopes_disabled():
        survey = Survey.objects.create(municipality=municipality, slug="kurs", title="Kursbefragung")
        _question(survey, 1, "ucla.companionship", "single", "Wie oft fehlt Ihnen die Gesellschaft anderer?")
        _question(survey, 2, "ucla.left_out", "single", "Wie oft fühlen Sie sich außen vor?")
        _question(survey, 3, "ucla.isolated", "single", "Wie oft fühlen Sie sich sozial isoliert?")
        _question(survey, 4, "direct.lonely", "single", "Wie oft fühlen Sie sich einsam?")
        agreement = [{"code": i, "de": text} for i, text in enumerate(AGREEMENT, start=1)]
        _question(survey, 5, "own.inhalte", "single", "Die Dozentin kann die Inhalte verständlich darstellen.",
                  agreement)  # fmt: skip
        _question(survey, 6, "own.gut", "text", "Was hat Ihnen an dieser Lehrveranstaltung besonders gut gefallen?")
        _question(survey, 7, "own.tutorium", "single",
                  "Haben Sie am Tutorium oder an der Übung mindestens einmal teilgenommen?",
                  [{"code": 1, "de": "ja"}, {"code": 2, "de": "nein"}])  # fmt: skip
        media = [{"code": 1, "de": "Folien mit Beamer"}, {"code": 2, "de": "Tafel"}, {"code": 3, "de": "Internet"}]
        _question(survey, 8, "own.medien", "multiple", "Welche Hilfsmittel (Medien) setzt die Dozentin ein?", media)
        return Wave.objects.create(municipality=municipality, survey=survey, slug="2024", name="Welle 2024",
                                   opens_on=dt.date(2024, 4, 1), closes_on=dt.date(2024, 6, 30))  # fmt: skip
