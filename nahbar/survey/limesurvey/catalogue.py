"""Reference wordings and answer labels of the instrument items, for suggesting a mapping.

TEMPORARY: the collection helper's instrument catalogue (``nahbar/survey/instruments.py``) is the
authority for item keys, wordings and answer codes; switch :data:`ITEMS` to it once both are merged.
Codes follow the IntEnums in :mod:`nahbar.survey.scoring`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nahbar.survey.scoring import DirectLonely, DjgAnswer, UclaFivePoint, UclaThreePoint


@dataclass(frozen=True)
class Item:
    key: str
    kind: str  # as Question.Kind: single, multiple, text, number, area
    de: tuple[str, ...]
    en: tuple[str, ...]
    pattern: str = ""  # regular expression on LimeSurvey question codes
    options: tuple[tuple[int | str, str, str], ...] = field(default=())  # (code, German, English)


UCLA3_OPTIONS = (
    (UclaThreePoint.HARDLY_EVER.value, "fast nie", "hardly ever"),
    (UclaThreePoint.SOME_OF_THE_TIME.value, "manchmal", "some of the time"),
    (UclaThreePoint.OFTEN.value, "oft", "often"),
)
UCLA5_OPTIONS = (
    (UclaFivePoint.NEVER.value, "nie", "never"),
    (UclaFivePoint.RARELY.value, "selten", "rarely"),
    (UclaFivePoint.SOMETIMES.value, "manchmal", "sometimes"),
    (UclaFivePoint.OFTEN.value, "oft", "often"),
    (UclaFivePoint.VERY_OFTEN.value, "sehr oft", "very often"),
)
DJG_OPTIONS = (
    (DjgAnswer.YES.value, "ja", "yes"),
    (DjgAnswer.MORE_OR_LESS.value, "mehr oder weniger", "more or less"),
    (DjgAnswer.NO.value, "nein", "no"),
)
DIRECT_OPTIONS = (
    (DirectLonely.NEVER.value, "nie", "never"),
    (DirectLonely.HARDLY_EVER.value, "fast nie", "hardly ever"),
    (DirectLonely.OCCASIONALLY.value, "gelegentlich", "occasionally"),
    (DirectLonely.SOME_OF_THE_TIME.value, "manchmal", "some of the time"),
    (DirectLonely.OFTEN_OR_ALWAYS.value, "oft oder immer", "often or always"),
)
SEX_OPTIONS = (("f", "weiblich", "female"), ("m", "männlich", "male"), ("d", "divers", "diverse"))
YES_NO_OPTIONS = ((1, "ja", "yes"), (0, "nein", "no"))

_UCLA = "wie oft haben sie das gefühl"
ITEMS: tuple[Item, ...] = (
    Item(
        "ucla.companionship",
        "single",
        (f"{_UCLA}, dass ihnen die gesellschaft anderer fehlt?", "dass ihnen die gesellschaft anderer fehlt"),
        ("How often do you feel that you lack companionship?", "lack companionship"),
        r"ucla_?1$|companion|gesellschaft",
        UCLA3_OPTIONS,
    ),
    Item(
        "ucla.left_out",
        "single",
        (f"{_UCLA}, außen vor zu sein?", "außen vor"),
        ("How often do you feel left out?", "left out"),
        r"ucla_?2$|left_?out|aussen",
        UCLA3_OPTIONS,
    ),
    Item(
        "ucla.isolated",
        "single",
        (f"{_UCLA}, sozial isoliert zu sein?", "sozial isoliert"),
        ("How often do you feel isolated from others?", "isolated from others"),
        r"ucla_?3$|isol",
        UCLA3_OPTIONS,
    ),
    Item(
        "djg.emptiness",
        "single",
        ("Ich empfinde eine allgemeine Leere.",),
        ("I experience a general sense of emptiness.",),
        r"djg_?1$|leere|empt",
        DJG_OPTIONS,
    ),
    Item(
        "djg.miss_people",
        "single",
        ("Ich vermisse Menschen um mich herum.",),
        ("I miss having people around.",),
        r"djg_?2$|vermiss|miss",
        DJG_OPTIONS,
    ),
    Item(
        "djg.rejected",
        "single",
        ("Ich fühle mich oft im Stich gelassen.", "Ich fühle mich oft abgelehnt."),
        ("I often feel rejected.",),
        r"djg_?3$|reject|stich",
        DJG_OPTIONS,
    ),
    Item(
        "djg.lean_on",
        "single",
        ("Es gibt genug Menschen, auf die ich mich bei Problemen verlassen kann.",),
        ("There are plenty of people I can lean on when I have problems.",),
        r"djg_?4$|lean|verlass",
        DJG_OPTIONS,
    ),
    Item(
        "djg.trust",
        "single",
        ("Es gibt viele Menschen, denen ich voll und ganz vertrauen kann.",),
        ("There are many people I can trust completely.",),
        r"djg_?5$|trust|vertrau",
        DJG_OPTIONS,
    ),
    Item(
        "djg.close_to",
        "single",
        ("Es gibt genug Menschen, mit denen ich mich eng verbunden fühle.",),
        ("There are enough people I feel close to.",),
        r"djg_?6$|close|verbunden",
        DJG_OPTIONS,
    ),
    Item(
        "direct.lonely",
        "single",
        ("Wie oft fühlen Sie sich einsam?",),
        ("How often do you feel lonely?",),
        r"einsam|lonel",
        DIRECT_OPTIONS,
    ),
    Item(
        "contact.frequency",
        "single",
        ("Wie oft haben Sie Kontakt zu Familie, Freunden oder Nachbarn?",),
        ("How often are you in contact with family, friends or neighbours?",),
        r"kontakt|contact",
    ),
    Item(
        "wishes.choices",
        "multiple",
        ("Welche Angebote wünschen Sie sich in Ihrer Nähe?",),
        ("Which offers would you like near you?",),
        r"wuensch|wünsch|wish",
    ),
    Item(
        "wishes.text",
        "text",
        ("Was wünschen Sie sich sonst?",),
        ("What else would you like?",),
        r"wunsch_?text|wish_?text",
    ),
    Item(
        "demo.age_band",
        "single",
        ("Wie alt sind Sie?", "Altersgruppe"),
        ("How old are you?", "age group"),
        r"^(alter|age)|altersgr|age_?band",
    ),
    Item(
        "demo.sex",
        "single",
        ("Geschlecht", "Welches Geschlecht haben Sie?"),
        ("What is your sex?", "gender"),
        r"geschl|^sex$|gender",
        SEX_OPTIONS,
    ),
    Item(
        "demo.household_size",
        "number",
        ("Wie viele Personen leben in Ihrem Haushalt?",),
        ("How many people live in your household?",),
        r"haushalt|household",
    ),
    Item(
        "demo.lives_alone",
        "single",
        ("Leben Sie allein?", "Wohnen Sie allein?"),
        ("Do you live alone?",),
        r"allein|alone",
        YES_NO_OPTIONS,
    ),
    Item(
        "demo.area",
        "area",
        ("In welchem Ortsteil wohnen Sie?", "Wohngebiet", "Stadtteil"),
        ("Which part of town do you live in?", "area"),
        r"ortsteil|stadtteil|wohngebiet|^area|bezirk",
    ),
)
BY_KEY = {item.key: item for item in ITEMS}
# The response columns the estimator rakes on: these items go to columns, not into ``answers``.
COLUMN_ITEMS = {"demo.area": "area", "demo.age_band": "age_band", "demo.sex": "sex", "demo.lives_alone": "lives_alone"}
