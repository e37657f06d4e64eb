"""Suggesting which instrument item each LimeSurvey column feeds, and how its answer codes translate.

Items: by the reference wordings (German and English, stemmed word overlap and character similarity,
on the whole question text and on the subquestion text alone) plus a bonus when the LimeSurvey question
code looks like the item (``ucla1``, ``einsam``, ``geschlecht`` …). Each item is proposed for at most one
column, except multiple-choice items, which collect one column per ticked option.

Answer codes: by answer text (so "sehr oft … nie" in LimeSurvey lands on our codes whatever its order:
that is where the reversal of the SOEP-style scale happens), then by equal numeric codes, then — only if
the numbers of options agree — by position. A suggestion is only a proposal: the screen and the command
show it for checking.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

import snowballstemmer

from nahbar.survey.limesurvey.structure import Field, Option
from nahbar.survey.limesurvey.targets import Target

ITEM_THRESHOLD = 0.55
OPTION_THRESHOLD = 0.75
PATTERN_BONUS = 0.3
NEAR_IDENTICAL = 0.85
OPTION_BONUS = 0.2
_WORD = re.compile(r"[a-zäöüß0-9]+")
_STOP = {
    "sie",
    "ihnen",
    "ihr",
    "ich",
    "du",
    "dir",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "und",
    "oder",
    "zu",
    "sich",
    "wie",
    "oft",
    "haben",
    "sind",
    "ist",
    "a",
    "an",
    "the",
    "you",
    "do",
    "how",
    "often",
    "of",
    "to",
    "that",
    "are",
    "i",
    "es",
    "gibt",
    "mit",
    "in",
    "ein",
    "eine",
}
_GERMAN = snowballstemmer.stemmer("german")
_ENGLISH = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return frozenset(_GERMAN.stemWord(w) for w in words) | frozenset(_ENGLISH.stemWord(w) for w in words)


def similarity(a: str, b: str) -> float:
    """0–1: stemmed-word overlap (Dice); character similarity counts only when the texts are nearly the same
    (a typo, another spelling) — on its own it rates unrelated long sentences around 0.5."""
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    stems_a, stems_b = _stems(a), _stems(b)
    dice = 2 * len(stems_a & stems_b) / (len(stems_a) + len(stems_b)) if stems_a and stems_b else 0.0
    matcher = SequenceMatcher(None, left, right)
    if dice >= NEAR_IDENTICAL or matcher.real_quick_ratio() < NEAR_IDENTICAL or matcher.quick_ratio() < NEAR_IDENTICAL:
        return dice  # the upper bounds rule out "nearly the same" cheaply
    ratio = matcher.ratio()
    return max(dice, ratio) if ratio >= NEAR_IDENTICAL else dice


def _field_texts(found: Field) -> list[str]:
    texts = list(found.texts.values())
    # For subquestions the part after the dash is the item itself ("Wie oft …? – außen vor zu sein").
    texts += [text.split(" – ", 1)[1] for text in found.texts.values() if " – " in text]
    return texts or [found.key]


def _sub_texts(found: Field) -> list[str]:
    return [text.split(" – ", 1)[-1] for text in found.texts.values()] or [found.sub or found.key]


def item_score(found: Field, target: Target) -> float:
    references = [text for texts in target.texts.values() for text in texts if text]
    score = max((similarity(a, b) for a in _field_texts(found) for b in references), default=0.0)
    if target.kind == "multiple" and _best_option(_sub_texts(found), target) is not None:
        score += OPTION_BONUS  # the ticked box names one of the item's options
    code = (found.question or found.key).lower()
    if target.pattern and (re.search(target.pattern, code) or re.search(target.pattern, found.key.lower())):
        score += PATTERN_BONUS
    return score


def suggest_items(fields: list[Field], targets: list[Target]) -> dict[str, str]:
    """``{field key: item key}`` for the columns with a convincing match; the rest stay unmapped."""
    pairs = sorted(
        ((item_score(f, t), index, f.key, t) for index, f in enumerate(fields) for t in targets),
        key=lambda pair: (-pair[0], pair[1]),
    )
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for score, _index, key, target in pairs:
        if score < ITEM_THRESHOLD:
            break
        if key in chosen or (target.key in taken and target.kind != "multiple"):
            continue
        chosen[key] = target.key
        taken.add(target.key)
    return chosen


def _best_option(texts: list[str], target: Target) -> int | str | None:
    best, best_score = None, OPTION_THRESHOLD
    for option in target.options:
        score = max((similarity(t, ref) for t in texts for ref in option.texts.values()), default=0.0)
        if score > best_score:
            best, best_score = option.code, score
    return best


def suggest_codes(found: Field, target: Target, observed: list[str]) -> dict[str, int | str]:
    """``{LimeSurvey answer code: our code}`` for single-choice targets; for multiple choice the ticked
    value ("Y") maps to the option the subquestion names. Text and number targets need no recoding."""
    if target.kind in ("text", "number") or not target.options:
        return {}
    if target.kind == "multiple":
        code = _best_option(_sub_texts(found), target)
        return {"Y": code} if code is not None else {}
    options = found.options or [Option(value, {"": value}) for value in observed]
    mapping: dict[str, int | str] = {}
    for option in options:
        code = _best_option([*option.texts.values(), option.code], target)
        if code is None:
            code = target.code_for(option.code)
        if code is not None:
            mapping[option.code] = code
    return _complete_by_order(options, target, mapping)


def _complete_by_order(options: list[Option], target: Target, mapping: dict[str, int | str]) -> dict[str, int | str]:
    """Pair the answers left over by position, in the direction the matched ones show (a scale in reverse
    order stays reversed); only when as many answers as item options are left, and never against a mixed
    direction. With nothing matched, the same order is assumed — the screen shows it for checking."""
    left = [option for option in options if option.code not in mapping]
    used = set(mapping.values())
    free = [option.code for option in target.options if option.code not in used]
    if not left or len(left) != len(free):
        return mapping
    target_index = {option.code: i for i, option in enumerate(target.options)}
    pairs = [(i, target_index[mapping[o.code]]) for i, o in enumerate(options) if o.code in mapping]
    steps = {(b[1] > a[1]) for a, b in pairwise(pairs)}
    if len(steps) > 1:
        return mapping
    ordered = list(reversed(free)) if steps == {False} else free
    return {**mapping, **{option.code: code for option, code in zip(left, ordered, strict=True)}}
