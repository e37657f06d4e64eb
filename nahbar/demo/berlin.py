"""The 12 Berlin districts the demo is built on, with invented but plausible structural figures.

The boundaries are real (see ``data/README.md``); every figure below is a rounded, made-up
approximation of the districts' size and age structure, so that the planning views have
something sensible to show. None of it is official statistics.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
BEZIRKE_GEOJSON = DATA_DIR / "berlin_bezirke.geojson"

BOUNDARY_CREDIT = "Amt für Statistik Berlin-Brandenburg / Berliner Morgenpost, CC BY 3.0 DE"
BOUNDARY_SOURCE = "github.com/funkeinteraktiv/Berlin-Geodaten"
ATTRIBUTION = (
    f"Bezirksgrenzen: {BOUNDARY_CREDIT} (https://creativecommons.org/licenses/by/3.0/de/), Quelle: {BOUNDARY_SOURCE}. "
    "Alle übrigen Daten dieser Demo-Kommune (Bevölkerungszahlen, Organisationen, Orte, Angebote) sind erfunden."
)
STATISTICS_SOURCE = "fiktive Demo-Daten"
STATISTICS_YEAR = 2024
AREA_LEVEL = "Bezirk"

AGE_BANDS = ("0-17", "18-29", "30-49", "50-64", "65-79", "80+")
# Share of women per age band: balanced when young, clearly higher among the very old.
FEMALE_SHARE = (0.487, 0.49, 0.48, 0.50, 0.54, 0.63)


@dataclass(frozen=True)
class Bezirk:
    code: str
    name: str
    population: int  # rounded, invented, roughly the real order of magnitude
    age_shares: tuple[float, ...]  # percent per AGE_BANDS, sums to 100
    single_households_share: float  # percent of households
    sgb2_quota: float  # percent of the population under 65
    postcodes: tuple[str, ...]


# fmt: off
BEZIRKE: tuple[Bezirk, ...] = (
    # code, name, population, age shares 0-17 … 80+ (%), single households (%), SGB II quota (%), postcodes
    Bezirk("01", "Mitte", 392_000, (16.5, 19, 33, 17, 10.5, 4), 58.5, 18.4,
           ("10115", "10117", "10119", "10178", "10551", "10557", "13347", "13353", "13357")),
    Bezirk("02", "Friedrichshain-Kreuzberg", 291_000, (16, 20, 36, 16, 8.5, 3.5), 60.2, 13.1,
           ("10243", "10245", "10247", "10961", "10965", "10997", "10999")),
    Bezirk("03", "Pankow", 412_000, (19, 13, 33, 17, 12, 6), 52.7, 6.9,
           ("10405", "10407", "10435", "10437", "13086", "13156", "13187", "13189")),
    Bezirk("04", "Charlottenburg-Wilmersdorf", 341_000, (14, 14, 29, 20, 15, 8), 57.9, 9.2,
           ("10585", "10627", "10707", "10713", "14050", "14057", "14197")),
    Bezirk("05", "Spandau", 256_000, (18, 13, 26, 20, 15, 8), 47.3, 17.2,
           ("13581", "13583", "13585", "13587", "13589", "13591", "13595")),
    Bezirk("06", "Steglitz-Zehlendorf", 309_000, (17, 11, 24, 21, 17, 10), 45.1, 6.3,
           ("12157", "12163", "12165", "12203", "14163", "14167", "14169")),
    Bezirk("07", "Tempelhof-Schöneberg", 352_000, (16, 14, 30, 20, 13, 7), 54.8, 12.4,
           ("10777", "10781", "10823", "10827", "12099", "12103", "12105", "12277")),
    Bezirk("08", "Neukölln", 328_000, (18, 16, 31, 18, 12, 5), 53.6, 20.3,
           ("12043", "12045", "12047", "12049", "12051", "12053", "12347", "12353")),
    Bezirk("09", "Treptow-Köpenick", 294_000, (16, 12, 29, 20, 15, 8), 49.8, 8.8,
           ("12435", "12437", "12487", "12489", "12555", "12557", "12559")),
    Bezirk("10", "Marzahn-Hellersdorf", 291_000, (17, 11, 27, 21, 17, 7), 44.6, 15.1,
           ("12619", "12621", "12627", "12679", "12681", "12685", "12689")),
    Bezirk("11", "Lichtenberg", 309_000, (17, 15, 30, 18, 13, 7), 51.2, 12.0,
           ("10315", "10317", "10365", "10367", "13051", "13053", "13055")),
    Bezirk("12", "Reinickendorf", 268_000, (17, 12, 25, 21, 16, 9), 46.4, 14.2,
           ("13403", "13405", "13407", "13435", "13437", "13465", "13469")),
)
# fmt: on
BEZIRK_BY_NAME = {b.name: b for b in BEZIRKE}
BEZIRK_BY_CODE = {b.code: b for b in BEZIRKE}


def write_coded_geojson(target: Path, source: Path = BEZIRKE_GEOJSON) -> Path:
    """Copy the district file to ``target`` with a ``code`` property (01 … 12) taken from the name.

    The source only has ``name`` (and a ``cartodb_id`` that is nobody's official key), so the
    demo adds the official two-digit district number. An unknown name is an error, not a guess.
    """
    data = json.loads(source.read_text(encoding="utf-8"))
    for feature in data["features"]:
        props = feature.setdefault("properties", {})
        bezirk = BEZIRK_BY_NAME.get(props.get("name", ""))
        if bezirk is None:
            raise ValueError(f"unknown Berlin district in {source.name}: {props.get('name')!r}")
        feature["properties"] = {"code": bezirk.code, "name": bezirk.name}
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


@dataclass(frozen=True)
class StatisticRow:
    area_code: str
    indicator: str
    value: float
    age_band: str = ""
    sex: str = ""


def statistic_rows(rng: random.Random) -> Iterator[StatisticRow]:
    """Population by age band and sex, the share of single-person households and the SGB II quota.

    Each district's figures are jittered by a few percent so the demo is not a copy of a table.
    """
    for bezirk in BEZIRKE:
        total = bezirk.population * rng.uniform(0.98, 1.02)
        for band, share, female in zip(AGE_BANDS, bezirk.age_shares, FEMALE_SHARE, strict=True):
            people = total * share / 100 * rng.uniform(0.97, 1.03)
            women = round(people * female)
            yield StatisticRow(bezirk.code, "population", float(women), band, "f")
            yield StatisticRow(bezirk.code, "population", float(round(people) - women), band, "m")
        yield StatisticRow(
            bezirk.code, "single_households_share", round(bezirk.single_households_share + rng.uniform(-1.0, 1.0), 1)
        )
        yield StatisticRow(bezirk.code, "sgb2_quota", round(bezirk.sgb2_quota + rng.uniform(-0.6, 0.6), 1))
