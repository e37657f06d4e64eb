"""Reading numbers as German and English spreadsheets write them: 1.234,5 and 1234.5 (and 1,234.5)."""

from __future__ import annotations

import math
import re
from typing import Any

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")  # spaces, no-break and thin spaces, Swiss apostrophes
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_GROUPED_COMMAS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


def parse_number(value: Any, *, decimal_comma: bool) -> float:
    """A finite float from a cell; raises ValueError for anything else.

    Where both marks occur, the last one is the decimal mark. A lone mark followed by exact
    groups of three digits is ambiguous ("1.234"); ``decimal_comma`` (the file's convention,
    e.g. a semicolon-separated CSV from German Excel) decides it then.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        number = float(_normalise(str(value), decimal_comma=decimal_comma))
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _normalise(text: str, *, decimal_comma: bool) -> str:
    text = _SPACES.sub("", text).replace("\u2212", "-")  # the typographic minus sign
    if "." in text and "," in text:
        thousands, decimal = (".", ",") if text.rfind(",") > text.rfind(".") else (",", ".")
        text = text.replace(thousands, "").replace(decimal, ".")
    elif _GROUPED_DOTS.match(text) and (decimal_comma or text.count(".") > 1):
        text = text.replace(".", "")
    elif _GROUPED_COMMAS.match(text) and (not decimal_comma or text.count(",") > 1):
        text = text.replace(",", "")
    if not _PLAIN.match(text):
        raise ValueError(text)
    return text.replace(",", ".")


def parse_year(value: Any) -> int:
    """A calendar year between 1900 and 2100; spreadsheets sometimes hand it over as 2024.0."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 1900 <= value <= 2100:
        raise ValueError(value)
    return value
