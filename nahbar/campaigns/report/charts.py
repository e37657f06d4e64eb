"""The report's charts as SVG (matplotlib, Agg-free SVG canvas, no pyplot: safe in a threaded server).

Readable in greyscale and without colour vision: one grey with a hatch pattern, black outlines and the value
written at every bar. Each chart comes with a text alternative, and the page shows the same numbers as a
table next to it. Text stays text in the SVG (``svg.fonttype = none``): smaller files, selectable in the PDF.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from shapely.geometry import shape

from nahbar.areas.models import Area
from nahbar.campaigns.report.figures import PlacePoint

STYLE: Any = {  # Any: matplotlib types the keys as a Literal of every rc name
    "svg.fonttype": "none",
    "svg.hashsalt": "nahbar-report",  # stable ids: the same report gives the same bytes
    "font.family": "sans-serif",
    "font.sans-serif": ["Fira Sans", "DejaVu Sans"],
    "font.size": 10,
    "hatch.linewidth": 0.6,
}
WIDTH = 6.4  # inches
CHAR_WIDTH = 0.075  # inches per character of a 10 pt label, a little generous
FILL = "#c8c8c8"
EDGE = "#000000"


@dataclass(frozen=True)
class Chart:
    svg: str  # the document, with its XML prolog
    alt: str  # the text alternative

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    FigureCanvasSVG(figure).print_svg(buffer)
    return buffer.getvalue()


# A chart is a pure function of its labels, values and texts, and drawing one costs 50–100 ms of CPU; every
# view of a report draws half a dozen. Memoised per process: the data is the key, so nothing goes stale.
CHART_MEMO = 256


def bar_chart(labels: Sequence[str], values: Sequence[int], *, axis_label: str, alt: str) -> Chart:
    """Horizontal bars, largest reading order top to bottom, each bar labelled with its value."""
    return _bar_chart(tuple(labels), tuple(values), axis_label, alt)


@functools.lru_cache(maxsize=CHART_MEMO)
def _bar_chart(labels: tuple[str, ...], values: tuple[int, ...], axis_label: str, alt: str) -> Chart:
    with matplotlib.rc_context(STYLE):
        height = max(1.6, 0.32 * len(labels) + 0.9)
        figure = Figure(figsize=(WIDTH, height))
        # Margins from the longest label instead of tight_layout, which draws the figure twice more.
        longest = max((len(label) for label in labels), default=1)
        left = min(0.55, (0.2 + CHAR_WIDTH * longest) / WIDTH)
        figure.subplots_adjust(left=left, right=0.93, top=1 - 0.15 / height, bottom=0.65 / height)
        ax = figure.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.barh(positions, values, color=FILL, edgecolor=EDGE, hatch="///", linewidth=0.8)
        ax.set_yticks(positions, labels=list(labels))
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[str(v) for v in values], padding=3)
        ax.set_xlabel(axis_label)
        # Every bar carries its value, so the value axis needs no numbers (and text is what costs WeasyPrint
        # most when it draws the SVG into the PDF).
        ax.set_xticks([])
        ax.spines[["top", "right", "bottom"]].set_visible(False)
        ax.margins(x=0.12)
        return Chart(svg=_svg(figure), alt=alt)


def column_chart(labels: Sequence[str], values: Sequence[int], *, axis_label: str, alt: str) -> Chart:
    """Vertical columns (for days, which read left to right), each labelled with its value."""
    return _column_chart(tuple(labels), tuple(values), axis_label, alt)


@functools.lru_cache(maxsize=CHART_MEMO)
def _column_chart(labels: tuple[str, ...], values: tuple[int, ...], axis_label: str, alt: str) -> Chart:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 2.8))
        figure.subplots_adjust(left=0.1, right=0.98, top=0.94, bottom=0.14)
        ax = figure.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.bar(positions, values, color=FILL, edgecolor=EDGE, hatch="\\\\\\", linewidth=0.8)
        ax.set_xticks(positions, labels=list(labels))
        ax.bar_label(bars, labels=[str(v) for v in values], padding=2)
        ax.set_ylabel(axis_label)
        ax.set_yticks([])  # the values stand on the columns
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.margins(y=0.15)
        return Chart(svg=_svg(figure), alt=alt)


def place_map(points: Sequence[PlacePoint], areas: Sequence[Area], *, alt: str) -> Chart | None:
    """A plain map for print: district outlines and one circle per place, its size by events held there."""
    if not points:
        return None
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, 5.2))
        figure.subplots_adjust(left=0.02, right=0.98, top=0.98, bottom=0.02)
        ax = figure.add_subplot()
        for area in areas:
            if area.geometry and area.parent_id is None:
                _outline(ax, area.geometry)
        xs = [p.place.longitude or 0.0 for p in points]  # PlacePoint holds places with coordinates only
        ys = [p.place.latitude or 0.0 for p in points]
        sizes = [18 + 10 * p.events for p in points]
        ax.scatter(xs, ys, s=sizes, facecolor="white", edgecolor=EDGE, linewidth=0.9, zorder=3)
        ax.set_aspect(1.6)  # roughly true proportions at German latitudes
        ax.set_axis_off()
        return Chart(svg=_svg(figure), alt=alt)


def _outline(ax: Any, geometry: dict[str, Any]) -> None:
    shp = shape(geometry)
    polygons = getattr(shp, "geoms", [shp])
    for polygon in polygons:
        exterior = getattr(polygon, "exterior", None)
        if exterior is not None:
            x, y = exterior.xy
            ax.plot(list(x), list(y), color="#777777", linewidth=0.6)
