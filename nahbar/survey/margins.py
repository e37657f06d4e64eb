"""Population margins for raking: built from cell counts, read from a long CSV, checked against the data."""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl
from django.utils.translation import gettext as _

from nahbar.survey.estimator import Margins

#: Margins describe one population; their totals may differ only by rounding.
TOTALS_RELATIVE_TOLERANCE = 1e-9


class MarginsError(ValueError):
    """Margins that cannot be used for raking; the message is German and names the variable and level."""


def margins_from_cells(cells: pl.DataFrame, variables: Sequence[str], count: str) -> dict[str, dict[str, float]]:
    """One margin per variable from a table of population counts per cell (e.g. area × age band × sex)."""
    return {
        variable: {
            str(level): float(total)
            for level, total in cells.group_by(variable).agg(pl.col(count).sum()).sort(variable).iter_rows()
        }
        for variable in variables
    }


def check_margins(frame: pl.DataFrame, margins: Margins) -> None:
    """Raise MarginsError unless every margin matches the levels in ``frame`` and the totals agree."""
    totals = {}
    for variable, levels in margins.items():
        if variable not in frame.columns:
            raise MarginsError(
                _("Die Randverteilung nennt die Variable „%(variable)s“, die es in den Antworten nicht gibt.")
                % {"variable": variable}
            )
        _check_levels(frame, variable, levels)
        totals[variable] = sum(levels.values())
    if totals:
        low, high = min(totals.values()), max(totals.values())
        if (high - low) > TOTALS_RELATIVE_TOLERANCE * high:
            listed = ", ".join(f"{variable} = {total:g}" for variable, total in totals.items())
            raise MarginsError(
                _("Die Randverteilungen beschreiben nicht dieselbe Bevölkerung, ihre Summen weichen ab: %(totals)s.")
                % {"totals": listed}
            )


def _check_levels(frame: pl.DataFrame, variable: str, levels: dict[str, float] | object) -> None:
    assert isinstance(levels, dict)  # noqa: S101 - Margins values are mappings
    column = frame[variable]
    if column.null_count():
        raise MarginsError(
            _("Die Spalte „%(variable)s“ hat %(count)d leere Werte; zum Gewichten braucht jede Antwort einen Wert.")
            % {"variable": variable, "count": column.null_count()}
        )
    present = {str(value) for value in column.cast(pl.String).unique().to_list()}
    for level in sorted(present - set(levels)):
        raise MarginsError(
            _("Die Stufe „%(level)s“ der Variable „%(variable)s“ kommt in den Antworten vor, fehlt aber in der "
              "Randverteilung.") % {"level": level, "variable": variable}
        )  # fmt: skip
    for level, total in levels.items():
        if level not in present:
            raise MarginsError(
                _("Die Stufe „%(level)s“ der Variable „%(variable)s“ steht in der Randverteilung, kommt in den "
                  "Antworten aber nicht vor.") % {"level": level, "variable": variable}
            )  # fmt: skip
        if not (math.isfinite(total) and total > 0):
            raise MarginsError(
                _("Die Randverteilung für „%(variable)s“ = „%(level)s“ ist keine positive Zahl.")
                % {"variable": variable, "level": level}
            )
