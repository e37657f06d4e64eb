"""Reading an analyst's CSV files for ``nahbar stats estimate``, with German errors naming column and line.

Everything is read as text first and converted column by column, so a bad value is reported with its
line number (the header is line 1) instead of surfacing as a parser exception.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_SHARE = re.compile(r"^\s*(?P<column>.+?)\s*(?P<op>==|!=|>=|<=|>|<)\s*(?P<value>.*?)\s*$")
_LINE = "_nahbar_line"


class InputError(ValueError):
    """A file or option the estimator cannot use; the message is German and says where."""


@dataclass(frozen=True)
class ShareCondition:
    column: str
    op: str
    value: str

    def __str__(self) -> str:
        return f"{self.column} {self.op} {self.value}"


def parse_share(text: str) -> ShareCondition:
    match = _SHARE.match(text)
    if match is None or re.search(r"[=!<>]", match["column"]) or re.search(r"[=!<>]", match["value"]):
        raise InputError(
            _("„%(text)s“ ist keine gültige Bedingung: erwartet wird „SPALTE OPERATOR WERT“ mit einem der "
              "Operatoren %(ops)s.")
            % {"text": text, "ops": " ".join(OPERATORS)}
        )  # fmt: skip
    value = match["value"].strip("'\"")
    if not value:
        raise InputError(_("In der Bedingung „%(text)s“ fehlt der Wert.") % {"text": text})
    return ShareCondition(match["column"], match["op"], value)


def read_table(path: Path) -> pl.DataFrame:
    """All columns as text (empty → null), plus the CSV line number of each row."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            _("Die Datei „%(path)s“ lässt sich nicht lesen: %(error)s") % {"path": path, "error": exc.strerror}
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            _("Die Datei „%(path)s“ ist nicht in UTF-8 kodiert (Byte %(position)d).")
            % {"path": path, "position": exc.start}
        ) from None
    if not text.strip():
        raise InputError(_("Die Datei „%(path)s“ ist leer.") % {"path": path})
    separator = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    try:
        frame = pl.read_csv(raw, separator=separator, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise InputError(
            _("Die Datei „%(path)s“ ist keine lesbare CSV-Datei: %(error)s") % {"path": path, "error": exc}
        ) from None
    if frame.height == 0:
        raise InputError(_("Die Datei „%(path)s“ enthält keine Datenzeilen, nur die Kopfzeile.") % {"path": path})
    frame = frame.with_columns(pl.col(pl.String).str.strip_chars().replace("", None))
    return frame.with_row_index(_LINE, offset=2)


def require_columns(frame: pl.DataFrame, columns: list[str], path: Path) -> None:
    available = [column for column in frame.columns if column != _LINE]
    for column in columns:
        if column not in available:
            raise InputError(
                _("Die Spalte „%(column)s“ fehlt in „%(path)s“. Vorhanden sind: %(available)s.")
                % {"column": column, "path": path, "available": ", ".join(available)}
            )


def numeric(frame: pl.DataFrame, column: str, *, required: bool = False, positive: bool = False) -> pl.DataFrame:
    """Convert ``column`` to numbers (decimal comma allowed); name the first bad line."""
    values = frame[column].str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    bad = frame.filter(frame[column].is_not_null() & (values.is_null() | ~values.is_finite()))
    if bad.height:
        raise InputError(
            _("Spalte „%(column)s“, Zeile %(line)d: „%(value)s“ ist keine Zahl.")
            % {"column": column, "line": bad[_LINE][0], "value": bad[column][0]}
        )
    if required and frame[column].null_count():
        line = frame.filter(frame[column].is_null())[_LINE][0]
        raise InputError(_("Spalte „%(column)s“, Zeile %(line)d: der Wert fehlt.") % {"column": column, "line": line})
    if positive and (values <= 0).any():
        line = frame.filter(values <= 0)[_LINE][0]
        raise InputError(
            _("Spalte „%(column)s“, Zeile %(line)d: der Wert muss größer als 0 sein.")
            % {"column": column, "line": line}
        )
    return frame.with_columns(values.alias(column))


def no_missing(frame: pl.DataFrame, column: str) -> None:
    if frame[column].null_count():
        line = frame.filter(frame[column].is_null())[_LINE][0]
        raise InputError(_("Spalte „%(column)s“, Zeile %(line)d: der Wert fehlt.") % {"column": column, "line": line})


def share_indicator(frame: pl.DataFrame, condition: ShareCondition, target: str) -> pl.DataFrame:
    """0/1 column ``target`` for the condition; null where the column is empty (the row is left out)."""
    column, compare = condition.column, OPERATORS[condition.op]
    as_number = frame[column].str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    is_numeric = bool(as_number.null_count() == frame[column].null_count())
    if is_numeric:
        value = _number(condition.value)
        if value is None:
            raise InputError(
                _("Die Spalte „%(column)s“ enthält Zahlen, „%(value)s“ in der Bedingung ist aber keine.")
                % {"column": column, "value": condition.value}
            )
        indicator = compare(as_number, value)
    elif condition.op in ("==", "!="):
        indicator = compare(frame[column], condition.value)
    else:
        raise InputError(
            _("Der Operator %(op)s braucht Zahlen, die Spalte „%(column)s“ enthält aber Text.")
            % {"op": condition.op, "column": column}
        )
    return frame.with_columns(indicator.cast(pl.Int8).alias(target))


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_margins(path: Path) -> dict[str, dict[str, float]]:
    """A long table ``variable,level,total``; several variables in one file."""
    frame = read_table(path)
    require_columns(frame, ["variable", "level", "total"], path)
    for column in ("variable", "level"):
        no_missing(frame, column)
    frame = numeric(frame, "total", required=True, positive=True)
    margins: dict[str, dict[str, float]] = {}
    for variable, level, total, line in frame.select("variable", "level", "total", _LINE).iter_rows():
        levels = margins.setdefault(variable, {})
        if level in levels:
            raise InputError(
                _("Zeile %(line)d in „%(path)s“: die Stufe „%(level)s“ der Variable „%(variable)s“ steht doppelt.")
                % {"line": line, "path": path, "level": level, "variable": variable}
            )
        levels[level] = total
    return margins


def check_fpc(frame: pl.DataFrame, fpc: str, strata: str | None) -> None:
    """The population size must be one number per stratum and at least the stratum's sample size."""
    keys = [strata] if strata else []
    per_stratum = frame.group_by(keys or pl.lit(1).alias("_all")).agg(
        pl.col(fpc).n_unique().alias("values"), pl.col(fpc).min().alias("size"), pl.len().alias("n")
    )
    varying = per_stratum.filter(pl.col("values") > 1)
    if varying.height:
        where = _("in Schicht „%(stratum)s“") % {"stratum": varying[strata][0]} if strata else _("ohne Schichtung")
        raise InputError(
            _("Spalte „%(column)s“ (Bevölkerungsgröße der Schicht) hat %(where)s verschiedene Werte.")
            % {"column": fpc, "where": where}
        )
    small = per_stratum.filter(pl.col("size") < pl.col("n"))
    if small.height:
        raise InputError(
            _("Spalte „%(column)s“: die Bevölkerungsgröße %(size)g ist kleiner als die %(n)d Antworten der Schicht.")
            % {"column": fpc, "size": small["size"][0], "n": small["n"][0]}
        )
