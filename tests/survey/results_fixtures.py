"""A small hand-made wave for the results tests: three areas (one with too few answers), two age bands,
two sexes, population cells for raking, and German wishes (some with personal data)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django_scopes import scopes_disabled

from nahbar.areas.models import Area
from nahbar.survey.models import Response, Survey, Wave
from nahbar.tenancy.models import Municipality
from tests import factories

#: Respondents per area: A and B pass the rules, C (10) does not, so B is suppressed secondarily.
AREA_SIZES = {"A": 90, "B": 70, "C": 10}
AGE_BANDS = ("18-64", "65+")
SEXES = ("f", "m")
POPULATION = {  # persons per area × age band × sex (the 0-17 band must be left out of the margins)
    (area, band, sex): 1000.0 + 400 * i + (250 if band == "65+" else 0) + (90 if sex == "f" else 0)
    for i, area in enumerate(AREA_SIZES)
    for band in ("0-17", *AGE_BANDS)
    for sex in SEXES
}
WISHES = (
    "Ein Treffpunkt im Viertel mit Kaffee und Kuchen, wo man einfach hingehen kann.",
    "Mehr Treffpunkte in der Nachbarschaft, wo man Kaffee trinken kann.",
    "Der Bus fährt am Abend zu selten, ich komme nicht nach Hause.",
    "Bessere Busverbindungen am Abend und am Wochenende.",
    "Jemand, der mich besucht und mit mir redet. Rufen Sie mich an: 0351 4567890.",
    "Ein Besuchsdienst für ältere Menschen, die allein wohnen. Frau Hoffmann weiß Bescheid.",
)


@dataclass
class SmallWave:
    survey: Survey
    wave: Wave
    areas: dict[str, Area]
    rows: list[dict[str, Any]]  # what was stored, for building the expected frame by hand


def answers_for(rng: random.Random, age_band: str, alone: bool) -> dict[str, Any]:
    lean = 0.3 * (age_band == "65+") + 0.3 * alone
    items = {key: 1 + (rng.random() < 0.35 + lean) + (rng.random() < 0.2 + lean / 2) for key in
             ("ucla.companionship", "ucla.left_out", "ucla.isolated")}  # fmt: skip
    return {**items, "direct.lonely": rng.choice((1, 2, 3, 4, 5) if alone else (1, 2, 2, 3, 5))}


def small_wave(
    municipality: Municipality, *, slug: str = "welle-1", published: bool = True, seed: int = 1
) -> SmallWave:
    rng = random.Random(seed)
    with scopes_disabled():
        survey = Survey.objects.filter(municipality=municipality, slug="wie-geht-es").first() or Survey.objects.create(
            municipality=municipality, slug="wie-geht-es", title="Wie geht es?"
        )
        areas = {code: Area.objects.filter(municipality=municipality, code=code).first() for code in AREA_SIZES}
        for code in AREA_SIZES:
            if areas[code] is None:
                areas[code] = factories.area(municipality, code=code, name=f"Viertel {code}")
                for band in ("0-17", *AGE_BANDS):
                    for sex in SEXES:
                        factories.area_statistic(areas[code], age_band=band, sex=sex, value=POPULATION[code, band, sex])
        opens = dt.date(2025, 3, 1) + dt.timedelta(days=365 * (seed - 1))
        wave = Wave.objects.create(
            municipality=municipality, survey=survey, slug=slug, name=f"Welle {seed}", opens_on=opens,
            closes_on=opens + dt.timedelta(days=30), results_published=published,
        )  # fmt: skip
        rows = []
        for code, size in AREA_SIZES.items():
            for i in range(size):
                band, sex, alone = AGE_BANDS[i % 2], SEXES[(i // 2) % 2], i % 3 == 0
                answers = answers_for(rng, band, alone)
                if i < len(WISHES) * 6 and code != "C":
                    answers["wishes.text"] = WISHES[i % len(WISHES)] + f" ({code}{i})"
                rows.append({"area": code, "age_band": band, "sex": sex, "lives_alone": alone, "answers": answers})
        Response.objects.bulk_create(
            Response(
                municipality=municipality,
                wave=wave,
                received_on=opens,
                channel=Response.Channel.PAPER,
                area=areas[row["area"]],
                age_band=row["age_band"],
                sex=row["sex"],
                lives_alone=row["lives_alone"],
                answers=row["answers"],
            )
            for row in rows
        )
    return SmallWave(survey, wave, areas, rows)  # type: ignore[arg-type]
