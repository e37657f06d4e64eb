"""The report's charts as SVG (matplotlib, Agg-free SVG canvas, no pyplot: safe in a threaded server).

Readable in greyscale and without colour vision: one grey with a hatch pattern, black outlines and the value
written at every bar. Each chart comes with a text alternative, and the page shows the same numbers as a
table next to it. Text stays text in the SVG (``svg.fonttype = none``): smaller files, selectable in the PDF.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
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


def bar_chart(labels: Sequence[str], values: Sequence[int], *, axis_label: str, alt: str) -> Chart:
    """Horizontal bars, largest reading order top to bottom, each bar labelled with its value."""
    with matplotlib.rc_context(STYLE):
        height = max(1.6, 0.38 * len(labels) + 0.8)
        figure = Figure(figsize=(6.4, height))
        ax = figure.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.barh(positions, values, color=FILL, edgecolor=EDGE, hatch="///", linewidth=0.8)
        ax.set_yticks(positions, labels=list(labels))
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[str(v) for v in values], padding=3)
        ax.set_xlabel(axis_label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.12)
        figure.tight_layout()
        return Chart(svg=_svg(figure), alt=alt)


def column_chart(labels: Sequence[str], values: Sequence[int], *, axis_label: str, alt: str) -> Chart:
    """Vertical columns (for days, which read left to right), each labelled with its value."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 2.8))
        ax = figure.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.bar(positions, values, color=FILL, edgecolor=EDGE, hatch="\\\\\\", linewidth=0.8)
        ax.set_xticks(positions, labels=list(labels))
        ax.bar_label(bars, labels=[str(v) for v in values], padding=2)
        ax.set_ylabel(axis_label)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.15)
        figure.tight_layout()
        return Chart(svg=_svg(figure), alt=alt)


def place_map(points: Sequence[PlacePoint], areas: Sequence[Area], *, alt: str) -> Chart | None:
    """A plain map for print: district outlines and one circle per place, its size by events held there."""
    if not points:
        return None
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 5.2))
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
        figure.tight_layout()
        return Chart(svg=_svg(figure), alt=alt)


def _outline(ax: Any, geometry: dict[str, Any]) -> None:
    shp = shape(geometry)
    polygons = getattr(shp, "geoms", [shp])
    for polygon in polygons:
        exterior = getattr(polygon, "exterior", None)
        if exterior is not None:
            x, y = exterior.xy
            ax.plot(list(x), list(y), color="#777777", linewidth=0.6)
