"""The trend chart (an inline SVG made with matplotlib) and the map classes.

The chart shows published overall estimates only, each with its 95 % interval; a wave whose estimate is
suppressed has no point (the table beside the chart says why). Text stays text in the SVG (``svg.fonttype
= none``) so screen readers and the PDF get real words; the figure has a title and a description.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Sequential classes, light to dark: distinguishable in greyscale by lightness alone (≥ 3:1 steps apart
#: where it matters: the lightest against the darkest), and every area also carries its value as text.
CLASS_COLOURS = ("#eff3ff", "#9ecae1", "#4a8fc4", "#08306b")
SUPPRESSED_COLOUR = "#bdbdbd"


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the wave's name
    estimate: float | None  # None when not published
    ci_low: float | None = None
    ci_high: float | None = None


def cached_trend_svg(points: list[TrendPoint], *, title: str, share: bool, description: str) -> SafeString:
    """As :func:`trend_svg`, cached by its inputs (matplotlib takes a few hundred milliseconds a chart)."""
    digest = hashlib.sha256(repr((points, title, share, description)).encode()).hexdigest()
    key = f"nahbar:survey-trend:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = str(trend_svg(points, title=title, share=share, description=description))
        cache.set(key, svg, 7 * 24 * 3600)
    return mark_safe(svg)  # noqa: S308 - made by trend_svg, see there


def trend_svg(points: list[TrendPoint], *, title: str, share: bool, description: str) -> SafeString:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    scale = 100 if share else 1
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "sans-serif", "svg.hashsalt": "nahbar"}):
        figure, axes = plt.subplots(figsize=(6.4, 3.2), dpi=100)
        xs = list(range(len(points)))
        shown = [(x, p) for x, p in zip(xs, points, strict=True) if p.estimate is not None]
        if shown:
            values = [p.estimate * scale for _, p in shown]  # type: ignore[operator]
            lows = [v - (p.ci_low or 0) * scale for v, (_, p) in zip(values, shown, strict=True)]
            highs = [(p.ci_high or 0) * scale - v for v, (_, p) in zip(values, shown, strict=True)]
            axes.errorbar(
                [x for x, _ in shown], values, yerr=[lows, highs], fmt="-o", color="#08306b", capsize=4, linewidth=2
            )
        axes.set_xticks(xs, [p.label for p in points])
        axes.set_xlim(-0.5, len(points) - 0.5)
        axes.set_ylabel("%" if share else "")
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#dddddd")
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    return _accessible(buffer.getvalue(), title=title, description=description)


def _accessible(svg: str, *, title: str, description: str, prefix: str = "trend") -> SafeString:
    svg = svg[svg.index("<svg") :]
    # matplotlib numbers its ids per figure: prefix them so two charts in one document do not collide.
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = svg.replace("url(#", f"url(#{prefix}-").replace('href="#', f'href="#{prefix}-')
    ids = f"{prefix}-titel {prefix}-beschreibung"
    svg = re.sub(r"<svg ", f'<svg role="img" aria-labelledby="{ids}" ', svg, count=1)
    head = (
        f'<title id="{prefix}-titel">{escape(title)}</title>'
        f'<desc id="{prefix}-beschreibung">{escape(description)}</desc>'
    )
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + head, svg, count=1)
    return mark_safe(svg)  # noqa: S308 - matplotlib's own SVG; our two strings are escaped above


def class_breaks(values: list[float], classes: int = len(CLASS_COLOURS)) -> list[float]:
    """Upper bounds of equal-count classes (quantiles) of the published values; fewer if values repeat."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds: list[float] = []
    for i in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, round(i * len(ordered) / classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def class_of(value: float, breaks: list[float]) -> int:
    return next((i for i, bound in enumerate(breaks) if value <= bound), len(breaks) - 1)


@dataclass(frozen=True)
class MapShape:
    geometry: dict  # GeoJSON Polygon or MultiPolygon (WGS84)
    colour_class: int | None  # None: not shown (hatched)
    label: str  # the value as text, "–" when not shown


def choropleth_svg(shapes: list[MapShape], *, title: str, description: str) -> SafeString:
    """A static map of the areas for the PDF: classes as fills, values as labels, suppressed areas hatched."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Polygon as Patch
    from shapely.geometry import shape

    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "sans-serif", "svg.hashsalt": "nahbar"}):
        figure, axes = plt.subplots(figsize=(6.4, 5.2), dpi=100)
        latitudes = []
        for item in shapes:
            geometry = shape(item.geometry).simplify(0.0005, preserve_topology=True)
            polygons = list(getattr(geometry, "geoms", [geometry]))
            hidden = item.colour_class is None
            for polygon in polygons:
                axes.add_patch(
                    Patch(
                        list(polygon.exterior.coords),
                        closed=True,
                        facecolor=SUPPRESSED_COLOUR if hidden else CLASS_COLOURS[item.colour_class],  # type: ignore[index]
                        edgecolor="#333333",
                        linewidth=0.6,
                        hatch="///" if hidden else None,
                    )
                )
            point = geometry.representative_point()
            latitudes.append(point.y)
            axes.annotate(item.label, (point.x, point.y), ha="center", va="center", fontsize=7, fontweight="bold",
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "#333333",
                                "linewidth": 0.4})  # fmt: skip
        axes.autoscale_view()
        if latitudes:
            axes.set_aspect(1 / math.cos(math.radians(sum(latitudes) / len(latitudes))))
        axes.set_axis_off()
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    return _accessible(buffer.getvalue(), title=title, description=description, prefix="karte")
