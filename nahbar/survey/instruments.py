"""The instrument catalogue and the service that builds a survey from it.

Each instrument is a list of items: a dotted key (the results and import code rely on these keys and on
the answer codes, which are exactly the IntEnums of :mod:`nahbar.survey.scoring`), a kind, the question
in German, English and Leichte Sprache, and the options with their codes. Where an option stands for a
value of a Response column (age band, sex, area) it carries that value too (``band``, ``sex``,
``area``), so storing a response needs no second table. See docs/survey-collection.md for the wording's
sources: the UCLA items follow the SOEP's German facets; everything else is nahbar's own wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django_scopes import scopes_disabled

from nahbar.areas.models import Area, AreaStatistic
from nahbar.survey.models import Question, Survey
from nahbar.survey.scoring import DirectLonely, DjgAnswer, UclaFivePoint, UclaThreePoint
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

SINGLE, MULTIPLE, TEXT, NUMBER, AREA = (k.value for k in Question.Kind)


@dataclass(frozen=True)
class Option:
    code: int
    de: str
    en: str
    easy: str
    extra: dict[str, str] = field(default_factory=dict)  # e.g. {"band": "65-79"}

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "de": self.de, "en": self.en, "easy": self.easy, **self.extra}


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    de: str
    en: str
    easy: str
    options: tuple[Option, ...] = ()
    needs_consent: bool = False


@dataclass(frozen=True)
class Instrument:
    slug: str
    label: str  # German, for the admin and the docs
    items: tuple[Item, ...]


# --- UCLA-3 ----------------------------------------------------------------------------------------------

_UCLA_TEXTS = (
    (
        "ucla.companionship",
        "Wie oft haben Sie das Gefühl, dass Ihnen die Gesellschaft anderer fehlt?",
        "How often do you feel that you lack companionship?",
        "Wie oft denken Sie:\nIch bin zu wenig mit anderen Menschen zusammen.",
    ),
    (
        "ucla.left_out",
        "Wie oft haben Sie das Gefühl, außen vor zu sein?",
        "How often do you feel left out?",
        "Wie oft denken Sie:\nDie anderen lassen mich nicht mitmachen.",
    ),
    (
        "ucla.isolated",
        "Wie oft haben Sie das Gefühl, dass Sie sozial isoliert sind?",
        "How often do you feel isolated from others?",
        "Wie oft denken Sie:\nIch habe keinen Kontakt zu anderen Menschen.",
    ),
)
# Higher codes mean lonelier (scoring.py); the options are listed from "often" down, as the SOEP asks.
_UCLA3_OPTIONS = (
    Option(UclaThreePoint.OFTEN, "oft", "often", "oft"),
    Option(UclaThreePoint.SOME_OF_THE_TIME, "manchmal", "some of the time", "manchmal"),
    Option(UclaThreePoint.HARDLY_EVER, "fast nie", "hardly ever", "fast nie"),
)
_UCLA5_OPTIONS = (
    Option(UclaFivePoint.VERY_OFTEN, "sehr oft", "very often", "sehr oft"),
    Option(UclaFivePoint.OFTEN, "oft", "often", "oft"),
    Option(UclaFivePoint.SOMETIMES, "manchmal", "sometimes", "manchmal"),
    Option(UclaFivePoint.RARELY, "selten", "rarely", "selten"),
    Option(UclaFivePoint.NEVER, "nie", "never", "nie"),
)


def ucla_instrument(variant: str) -> Instrument:
    """UCLA-3 with the 3-point answers (Hughes et al. 2004) or the SOEP's five answers."""
    options: tuple[Option, ...]
    if variant == Survey.UclaVariant.FIVE_POINT:
        options, label = _UCLA5_OPTIONS, "UCLA-3, fünf Antwortstufen"
    elif variant == Survey.UclaVariant.THREE_POINT:
        options, label = _UCLA3_OPTIONS, "UCLA-3, drei Antwortstufen"
    else:
        raise ValueError(f"unknown UCLA variant {variant!r}")
    items = tuple(Item(key, SINGLE, de, en, easy, options) for key, de, en, easy in _UCLA_TEXTS)
    return Instrument("ucla3", label, items)


# --- De Jong Gierveld 6 ----------------------------------------------------------------------------------

_DJG_OPTIONS = (
    Option(DjgAnswer.YES, "ja", "yes", "ja"),
    Option(DjgAnswer.MORE_OR_LESS, "mehr oder weniger", "more or less", "ein bisschen"),
    Option(DjgAnswer.NO, "nein", "no", "nein"),
)
_DJG_TEXTS = (
    # Emotional loneliness (negative wording), then social loneliness (positive wording): scoring.py's order.
    (
        "djg.emptiness",
        "Ich empfinde eine allgemeine Leere.",
        "I experience a general sense of emptiness.",
        "Ich fühle mich oft leer.",
    ),
    (
        "djg.miss_people",
        "Ich vermisse es, Menschen um mich zu haben.",
        "I miss having people around.",
        "Mir fehlen Menschen um mich herum.",
    ),
    (
        "djg.rejected",
        "Ich fühle mich oft zurückgewiesen.",
        "I often feel rejected.",
        "Ich denke oft:\nDie anderen wollen mich nicht.",
    ),
    (
        "djg.lean_on",
        "Es gibt genug Menschen, auf die ich mich bei Problemen verlassen kann.",
        "There are plenty of people I can rely on when I have problems.",
        "Ich habe Probleme.\nDann kann ich genug Menschen um Hilfe bitten.",
    ),
    (
        "djg.trust",
        "Es gibt viele Menschen, denen ich voll und ganz vertrauen kann.",
        "There are many people I can trust completely.",
        "Ich kenne viele Menschen.\nIch kann diesen Menschen ganz vertrauen.",
    ),
    (
        "djg.close_to",
        "Es gibt genug Menschen, mit denen ich mich eng verbunden fühle.",
        "There are enough people I feel close to.",
        "Ich kenne genug Menschen.\nDiese Menschen sind mir nah.",
    ),
)
DJG6 = Instrument(
    "djg6",
    "De-Jong-Gierveld-Skala, 6 Fragen",
    tuple(Item(key, SINGLE, de, en, easy, _DJG_OPTIONS) for key, de, en, easy in _DJG_TEXTS),
)

# --- Direct question, contact, wishes --------------------------------------------------------------------

DIRECT = Instrument(
    "direct",
    "Direkte Frage nach Einsamkeit",
    (
        Item(
            "direct.lonely",
            SINGLE,
            "Wie oft fühlen Sie sich einsam?",
            "How often do you feel lonely?",
            "Wie oft fühlen Sie sich allein und einsam?",
            (
                Option(DirectLonely.OFTEN_OR_ALWAYS, "oft oder immer", "often or always", "oft oder immer"),
                Option(DirectLonely.SOME_OF_THE_TIME, "manchmal", "some of the time", "manchmal"),
                Option(DirectLonely.OCCASIONALLY, "gelegentlich", "occasionally", "ab und zu"),
                Option(DirectLonely.HARDLY_EVER, "fast nie", "hardly ever", "fast nie"),
                Option(DirectLonely.NEVER, "nie", "never", "nie"),
            ),
        ),
    ),
)

CONTACT = Instrument(
    "contact",
    "Häufigkeit persönlicher Kontakte",
    (
        Item(
            "contact.frequency",
            SINGLE,
            "Wie oft treffen oder sprechen Sie Menschen, die nicht in Ihrem Haushalt leben "
            "(Familie, Freunde, Nachbarn)?",
            "How often do you meet or talk to people who do not live in your household (family, friends, neighbours)?",
            "Wie oft treffen Sie andere Menschen?\nOder wie oft sprechen Sie mit anderen Menschen?\n"
            "Zum Beispiel: Familie, Freunde, Nachbarn.",
            (
                Option(1, "(fast) täglich", "(almost) every day", "jeden Tag"),
                Option(2, "mehrmals pro Woche", "several times a week", "mehr als 1 Mal in der Woche"),
                Option(3, "etwa einmal pro Woche", "about once a week", "1 Mal in der Woche"),
                Option(4, "ein- bis dreimal im Monat", "one to three times a month", "1 bis 3 Mal im Monat"),
                Option(5, "seltener", "less often", "seltener"),
                Option(6, "nie", "never", "nie"),
            ),
        ),
    ),
)

WISH_OPTIONS = (
    Option(1, "Treffpunkte und Cafés in der Nähe", "meeting places and cafés nearby", "Treff-Punkte in der Nähe"),
    Option(2, "gemeinsam essen", "eating together", "zusammen essen"),
    Option(3, "Bewegung und Spaziergänge", "exercise and walks", "zusammen spazieren gehen"),
    Option(4, "Kultur und Ausflüge", "culture and outings", "Ausflüge machen"),
    Option(5, "Hilfe im Alltag von Nachbarn", "help from neighbours in everyday life", "Hilfe von Nachbarn"),
    Option(6, "Besuche zu Hause", "visits at home", "Besuch zu Hause"),
    Option(7, "Hilfe mit Handy und Internet", "help with phones and the internet", "Hilfe mit Handy und Internet"),
    Option(8, "Bänke und Plätze zum Verweilen", "benches and places to sit", "Bänke zum Sitzen"),
    Option(
        9, "Angebote für Jüngere und Familien", "activities for younger people and families", "Angebote für Familien"
    ),
    Option(10, "etwas anderes", "something else", "etwas anderes"),
)
WISHES = Instrument(
    "wishes",
    "Wünsche für das Viertel",
    (
        Item(
            "wishes.choices",
            MULTIPLE,
            "Was wünschen Sie sich in Ihrem Viertel? Sie können mehrere Antworten ankreuzen.",
            "What would you like to see in your neighbourhood? You can tick several answers.",
            "Was wünschen Sie sich in Ihrer Nachbarschaft?\nSie können mehr als 1 Antwort ankreuzen.",
            WISH_OPTIONS,
        ),
        Item(
            "wishes.text",
            TEXT,
            "Möchten Sie uns noch etwas zu Ihrem Viertel sagen? Bitte schreiben Sie keine Namen.",
            "Is there anything else you would like to tell us about your neighbourhood? Please do not write names.",
            "Möchten Sie noch etwas sagen?\nDann schreiben Sie es hier.\nBitte schreiben Sie keine Namen.",
        ),
    ),
)

# --- Demographics ----------------------------------------------------------------------------------------

#: Adult bands of the demo's population statistics, used when the municipality has none.
DEFAULT_AGE_BANDS = ("18-29", "30-49", "50-64", "65-79", "80+")
SEX_OPTIONS = (
    Option(1, "weiblich", "female", "Frau", {"sex": "f"}),
    Option(2, "männlich", "male", "Mann", {"sex": "m"}),
    Option(3, "divers", "diverse", "divers", {"sex": "d"}),
    Option(4, "keine Angabe", "prefer not to say", "Das sage ich nicht.", {"sex": ""}),
)
HOUSEHOLD_OPTIONS = (
    Option(1, "1 Person (ich lebe allein)", "1 person (I live alone)", "Ich wohne allein."),
    Option(2, "2 Personen", "2 people", "2 Menschen"),
    Option(3, "3 Personen", "3 people", "3 Menschen"),
    Option(4, "4 Personen", "4 people", "4 Menschen"),
    Option(5, "5 oder mehr Personen", "5 or more people", "5 Menschen oder mehr"),
)
YES_NO = (Option(1, "ja", "yes", "ja"), Option(2, "nein", "no", "nein"))


def _band_bounds(band: str) -> tuple[int, int | None] | None:
    """(lower, upper) of "65-79" or "80+"; None for anything else."""
    if match := re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", band):
        return int(match[1]), int(match[2])
    if match := re.fullmatch(r"(\d+)\s*\+", band):
        return int(match[1]), None
    return None


def _band_label(band: str, language: str) -> str:
    bounds = _band_bounds(band)
    if bounds is None:
        return band
    lower, upper = bounds
    if upper is None:
        return {"de": f"{lower} Jahre oder älter", "en": f"{lower} or older", "easy": f"{lower} Jahre oder älter"}[
            language
        ]
    return {"de": f"{lower} bis {upper} Jahre", "en": f"{lower} to {upper}", "easy": f"{lower} bis {upper} Jahre"}[
        language
    ]


def adult_age_bands(bands: Iterable[str]) -> tuple[str, ...]:
    """The bands an adult can fall into, youngest first; bands that end below 18 are left out."""
    usable = {}
    for band in bands:
        bounds = _band_bounds(band)
        if bounds is not None and (bounds[1] is None or bounds[1] >= 18):
            usable[band] = bounds[0]
    return tuple(sorted(usable, key=usable.__getitem__))


def age_band_options(bands: Sequence[str]) -> tuple[Option, ...]:
    return tuple(
        Option(code, _band_label(band, "de"), _band_label(band, "en"), _band_label(band, "easy"), {"band": band})
        for code, band in enumerate(bands, start=1)
    )


def municipality_age_bands(municipality: Municipality) -> tuple[str, ...]:
    """The adult age bands of the municipality's statistics (what weighting rakes on), else the default."""
    with scopes_disabled():
        bands = (
            AreaStatistic.objects.filter(municipality=municipality)
            .exclude(age_band="")
            .values_list("age_band", flat=True)
            .distinct()
        )
        return adult_age_bands(bands) or DEFAULT_AGE_BANDS


def survey_areas(municipality: Municipality) -> list[Area]:
    """Areas to choose from: the finest level with population statistics, else the coarsest level."""
    with scopes_disabled():
        areas = Area.objects.filter(municipality=municipality)
        ranks_with_stats = set(areas.filter(statistics__age_band__gt="").values_list("level_rank", flat=True))
        ranks = ranks_with_stats or set(areas.values_list("level_rank", flat=True))
        if not ranks:
            return []
        rank = max(ranks) if ranks_with_stats else min(ranks)
        return list(areas.filter(level_rank=rank).order_by("name"))


def area_options(areas: Sequence[Area]) -> tuple[Option, ...]:
    return tuple(
        Option(code, area.name, area.name, area.name, {"area": area.code, "level": area.level})
        for code, area in enumerate(areas, start=1)
    )


def demographics_instrument(age_bands: Sequence[str], areas: Sequence[Area]) -> Instrument:
    items = [
        Item(
            "demo.age_band",
            SINGLE,
            "Wie alt sind Sie?",
            "How old are you?",
            "Wie alt sind Sie?",
            age_band_options(age_bands),
        ),
        Item(
            "demo.sex",
            SINGLE,
            "Welches Geschlecht haben Sie?",
            "What is your sex or gender?",
            "Sind Sie eine Frau oder ein Mann?\nOder sind Sie divers?",
            SEX_OPTIONS,
        ),
        Item(
            "demo.household_size",
            SINGLE,
            "Wie viele Personen leben in Ihrem Haushalt, Sie selbst eingerechnet?",
            "How many people live in your household, including yourself?",
            "Wie viele Menschen wohnen bei Ihnen?\nZählen Sie sich selbst mit.",
            HOUSEHOLD_OPTIONS,
        ),
    ]
    if areas:
        items.append(
            Item(
                "demo.area",
                AREA,
                "In welchem Gebiet wohnen Sie?",
                "Which area do you live in?",
                "Wo wohnen Sie?",
                area_options(areas),
            )
        )
    return Instrument("demographics", "Angaben zur Person", tuple(items))


DEMOGRAPHICS_OPTIONAL = Instrument(
    "demographics_optional",
    "Freiwillige Angaben mit Einwilligung",
    (
        Item(
            "demo.migration",
            SINGLE,
            "Sind Sie selbst oder mindestens ein Elternteil nach Deutschland zugewandert?",
            "Did you or at least one of your parents move to Germany from another country?",
            "Sind Sie aus einem anderen Land nach Deutschland gekommen?\n"
            "Oder ist Ihre Mutter oder Ihr Vater aus einem anderen Land gekommen?",
            YES_NO,
            needs_consent=True,
        ),
        Item(
            "demo.health_limited",
            SINGLE,
            "Sind Sie durch gesundheitliche Probleme im Alltag eingeschränkt?",
            "Are you limited in everyday life by health problems?",
            "Sind Sie krank?\nUnd können Sie deshalb manche Dinge im Alltag nicht machen?",
            (
                Option(1, "ja, stark", "yes, a lot", "ja, sehr"),
                Option(2, "ja, etwas", "yes, a little", "ja, ein bisschen"),
                Option(3, "nein", "no", "nein"),
            ),
            needs_consent=True,
        ),
    ),
)

#: Gaps between positions, so a coordinator can slot own questions in between in the admin.
POSITION_STEP = 10
#: Instruments in the order a questionnaire asks them. "demographics" depends on the municipality.
INSTRUMENT_SLUGS = ("ucla3", "direct", "djg6", "contact", "wishes", "demographics", "demographics_optional")
STATIC_INSTRUMENTS = {i.slug: i for i in (DJG6, DIRECT, CONTACT, WISHES, DEMOGRAPHICS_OPTIONAL)}


def instrument(slug: str, *, ucla_variant: str, municipality: Municipality | None = None) -> Instrument:
    if slug == "ucla3":
        return ucla_instrument(ucla_variant)
    if slug == "demographics":
        if municipality is None:
            return demographics_instrument(DEFAULT_AGE_BANDS, [])
        return demographics_instrument(municipality_age_bands(municipality), survey_areas(municipality))
    try:
        return STATIC_INSTRUMENTS[slug]
    except KeyError:
        raise ValueError(f"unknown instrument {slug!r}; known: {', '.join(INSTRUMENT_SLUGS)}") from None


def build_survey(
    *,
    municipality: Municipality,
    slug: str,
    title: str,
    instruments: Sequence[str] = INSTRUMENT_SLUGS,
    ucla_variant: str = Survey.UclaVariant.THREE_POINT,
    actor: audit.Actor,
    intro: str = "",
) -> Survey:
    """A survey with one question per catalogue item, in catalogue order (the order of ``INSTRUMENT_SLUGS``)."""
    _check_slugs(instruments)
    with transaction.atomic(), scopes_disabled():
        survey = Survey.objects.create(
            municipality=municipality, slug=slug, title=title, intro=intro, ucla_variant=ucla_variant
        )
        audit.record(actor=actor, action="survey.create", obj=survey, changes=audit.snapshot(survey))
        add_instruments(survey=survey, instruments=instruments, actor=actor)
    return survey


def _check_slugs(instruments: Iterable[str]) -> None:
    unknown = set(instruments) - set(INSTRUMENT_SLUGS)
    if unknown:
        raise ValueError(f"unknown instruments: {', '.join(sorted(unknown))}")


def add_instruments(*, survey: Survey, instruments: Sequence[str], actor: audit.Actor) -> list[Question]:
    """Append the items of ``instruments`` (catalogue order) after the survey's last question.

    An instrument whose keys the survey already has is refused: keys are unique per survey.
    """
    _check_slugs(instruments)
    municipality = survey.municipality
    chosen = [
        instrument(s, ucla_variant=survey.ucla_variant, municipality=municipality)
        for s in INSTRUMENT_SLUGS
        if s in instruments
    ]
    with transaction.atomic(), scopes_disabled():
        existing = set(survey.questions.values_list("key", flat=True))
        clash = sorted(existing & {item.key for inst in chosen for item in inst.items})
        if clash:
            raise ValueError(f"survey already has the questions {', '.join(clash)}")
        last = max(survey.questions.values_list("position", flat=True), default=0)
        pairs = [(inst, item) for inst in chosen for item in inst.items]
        questions = Question.objects.bulk_create(
            Question(
                municipality=municipality,
                survey=survey,
                position=last + number * POSITION_STEP,
                key=item.key,
                instrument=inst.slug,
                kind=item.kind,
                text_de=item.de,
                text_en=item.en,
                text_easy=item.easy,
                options=[o.as_json() for o in item.options],
                needs_consent=item.needs_consent,
            )
            for number, (inst, item) in enumerate(pairs, start=1)
        )
        audit.record(
            actor=actor,
            action="survey.add_instruments",
            obj=survey,
            changes={"instruments": [i.slug for i in chosen], "questions": [q.key for q in questions]},
        )
    return questions
