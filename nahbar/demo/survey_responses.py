"""Demo responses for the survey "Wie geht es Ihnen?": two waves, about 1,500 questionnaires, deterministic.

Invented, but plausible: respondents drawn from the adult population per district × age band × sex
(AreaStatistic) with unequal response rates (older people and some districts answer more often, one
district hardly at all, so weighting matters and a district gets suppressed), loneliness answers that depend
on age, living alone and a little on the district, and short wishes in German, some with personal data for
the scrubber to remove. If the demo survey of the questionnaire module is not there, a minimal one is made.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django_scopes import scopes_disabled

from nahbar.areas.models import Area, AreaStatistic
from nahbar.survey.models import Question, Response, Survey, Wave
from nahbar.survey.results.population import ADULT_AGE, POPULATION_INDICATOR, band_bounds
from nahbar.tenancy.models import Municipality

SURVEY_SLUG = "wie-geht-es-ihnen"
RESPONSES_PER_WAVE = 750
# Response propensity per age band lower bound (older people answer paper questionnaires more often).
AGE_RESPONSE = {18: 0.6, 30: 0.8, 50: 1.0, 65: 1.4, 80: 1.1}
LOW_RESPONSE_AREA = "12"  # one district hardly answers: its figures are suppressed
WISH_PARTS = (
    ("Ein offener Treffpunkt im Viertel, wo man ohne Anmeldung hinkommen kann.", "Treffpunkt"),
    ("Mehr Nachbarschaftscafés, in denen man ins Gespräch kommt.", "Treffpunkt"),
    ("Ein Café für Ältere am Nachmittag, gern mit Kuchen und Gesprächen.", "Treffpunkt"),
    ("Der Bus fährt abends und am Wochenende zu selten, ich komme nicht zu den Treffen.", "Mobilität"),
    ("Einen Fahrdienst oder Begleitung zum Arzt und zu Veranstaltungen.", "Mobilität"),
    ("Bessere Busverbindungen in unseren Stadtteil, besonders am Abend.", "Mobilität"),
    ("Jemanden, der mich ab und zu besucht und mit mir spricht.", "Besuch"),
    ("Einen Besuchsdienst für alleinstehende Menschen, die nicht mehr gut laufen können.", "Besuch"),
    ("Telefonpartner, mit denen man regelmäßig telefonieren kann.", "Besuch"),
    ("Gemeinsam Sport treiben, zum Beispiel Spaziergänge oder Gymnastik im Park.", "Bewegung"),
    ("Eine Laufgruppe oder Wandergruppe für Anfänger am Wochenende.", "Bewegung"),
    ("Hilfe mit dem Smartphone, damit ich mit meiner Familie Videotelefonate führen kann.", "Digital"),
    ("Kurse für Computer und Internet für Senioren in der Bibliothek.", "Digital"),
)
PERSONAL_NOTES = (
    " Rufen Sie mich gern an: 030 1234567.",
    " Schreiben Sie mir an erika.muster@example.org.",
    " Ich wohne in der Lindenstraße 12.",
    " Frau Schulze aus dem Haus nebenan geht es genauso.",
)


@dataclass(frozen=True)
class Cell:
    area: Area
    age_band: str
    sex: str
    weight: float


def create_demo_responses(*, municipality: Municipality, seed: int, today: dt.date) -> int:
    """Create both waves' responses (bulk), mark the waves published; the number of responses made."""
    rng = random.Random(seed + 6)
    with scopes_disabled():
        survey = _survey(municipality)
        waves = _waves(survey, today)
        cells = list(_cells(municipality))
        if not cells:
            return 0
        responses = []
        for index, wave in enumerate(waves):
            responses += [_response(rng, wave, cells, wave_index=index) for _ in range(RESPONSES_PER_WAVE)]
        Response.objects.bulk_create(responses, batch_size=500)
        Wave.objects.filter(pk__in=[wave.pk for wave in waves]).update(results_published=True)
    return len(responses)


def _survey(municipality: Municipality) -> Survey:
    survey = Survey.objects.filter(municipality=municipality, slug=SURVEY_SLUG).first()
    if survey is not None:
        return survey
    survey = Survey.objects.create(
        municipality=municipality,
        slug=SURVEY_SLUG,
        title="Wie geht es Ihnen?",
        intro="Eine kurze, anonyme Befragung zum Wohlbefinden in der Nachbarschaft.",
    )
    texts = [
        ("ucla.companionship", "Wie oft haben Sie das Gefühl, dass Ihnen die Gesellschaft anderer fehlt?"),
        ("ucla.left_out", "Wie oft haben Sie das Gefühl, außen vor zu sein?"),
        ("ucla.isolated", "Wie oft haben Sie das Gefühl, sozial isoliert zu sein?"),
        ("direct.lonely", "Wie oft fühlen Sie sich einsam?"),
        ("wishes.text", "Was würde Ihnen helfen, mehr Kontakt zu anderen zu haben?"),
    ]
    Question.objects.bulk_create(
        Question(
            municipality=municipality,
            survey=survey,
            position=position,
            key=key,
            instrument=key.split(".")[0] if key != "wishes.text" else "",
            kind=Question.Kind.TEXT if key == "wishes.text" else Question.Kind.SINGLE,
            text_de=text,
        )
        for position, (key, text) in enumerate(texts, start=1)
    )
    return survey


def _waves(survey: Survey, today: dt.date) -> list[Wave]:
    """The survey's last two waves; missing ones are made (spring of last year and of this year)."""
    waves = list(Wave.objects.filter(survey=survey).order_by("opens_on"))[-2:]
    while len(waves) < 2:
        opens = dt.date(today.year - 1 + len(waves), 3, 1)
        if waves and opens <= waves[-1].closes_on:
            opens = waves[-1].closes_on + dt.timedelta(days=1)
        waves.append(
            Wave.objects.create(
                municipality=survey.municipality,
                survey=survey,
                slug=f"welle-{opens.year}",
                name=f"Frühjahr {opens.year}",
                opens_on=opens,
                closes_on=opens + dt.timedelta(days=41),
            )
        )
    return waves


def _cells(municipality: Municipality) -> Iterator[Cell]:
    rows = (
        AreaStatistic.objects.filter(municipality=municipality, indicator=POPULATION_INDICATOR)
        .exclude(age_band="")
        .exclude(sex="")
        .select_related("area")
    )
    for row in rows:
        lower, upper = band_bounds(row.age_band)
        if upper < ADULT_AGE:
            continue
        propensity = AGE_RESPONSE.get(lower, 1.0) * (0.05 if row.area.code == LOW_RESPONSE_AREA else 1.0)
        yield Cell(row.area, row.age_band, row.sex, row.value * propensity * (1.15 if row.sex == "f" else 1.0))


def _response(rng: random.Random, wave: Wave, cells: list[Cell], *, wave_index: int) -> Response:
    cell = rng.choices(cells, weights=[c.weight for c in cells])[0]
    lower = band_bounds(cell.age_band)[0]
    lives_alone = rng.random() < (0.25 + 0.35 * (lower >= 65) + 0.1 * (lower == 18))
    # Latent loneliness: higher when young or very old and when living alone; the second wave a bit lower.
    latent = rng.gauss(0, 1) - 0.4 + 0.5 * (lower == 18) + 0.6 * (lower >= 80) + 0.7 * lives_alone - 0.25 * wave_index
    latent += (int(cell.area.code) % 4) * 0.1 if cell.area.code.isdigit() else 0.0
    answers: dict[str, Any] = {
        **{key: _ucla_item(rng, latent) for key in ("ucla.companionship", "ucla.left_out", "ucla.isolated")},
        "direct.lonely": max(1, min(5, round(2.2 + 0.9 * latent + rng.gauss(0, 0.6)))),
    }
    if rng.random() < 0.01:  # a few skip one item: no UCLA score for them
        answers["ucla.isolated"] = None
    if rng.random() < 0.3:
        answers["wishes.text"] = _wish(rng)
    sex = "d" if rng.random() < 0.005 else cell.sex
    return Response(
        municipality=wave.municipality,
        wave=wave,
        received_on=wave.opens_on + dt.timedelta(days=rng.randrange((wave.closes_on - wave.opens_on).days + 1)),
        channel=rng.choice((Response.Channel.ONLINE, Response.Channel.PAPER)),
        area=cell.area,
        age_band=cell.age_band if rng.random() > 0.01 else "",
        sex=sex,
        lives_alone=lives_alone,
        answers=answers,
    )


def _ucla_item(rng: random.Random, latent: float) -> int:
    value = latent + rng.gauss(0, 0.8)
    return 1 if value < 0.3 else 2 if value < 1.3 else 3


def _wish(rng: random.Random) -> str:
    first = rng.choice(WISH_PARTS)
    text = first[0]
    if rng.random() < 0.3:
        text += " " + rng.choice([part for part in WISH_PARTS if part[1] != first[1]])[0]
    if rng.random() < 0.08:
        text += rng.choice(PERSONAL_NOTES)
    return text
