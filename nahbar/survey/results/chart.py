"""The trend chart (an inline SVG made with matplotlib) and the map classes.

The chart shows published overall estimates only, each with its 95 % interval; a wave whose estimate is
suppressed has no point (the table beside the chart says why). Text stays text in the SVG (``svg.fonttype
= none``) so screen readers and the PDF get real words; the figure has a title and a description.
"""

from __future__ import annotations

import hashlib
import io
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


def _accessible(svg: str, *, title: str, description: str) -> SafeString:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<svg ", '<svg role="img" aria-labelledby="trend-titel trend-beschreibung" ', svg, count=1)
    head = f'<title id="trend-titel">{escape(title)}</title><desc id="trend-beschreibung">{escape(description)}</desc>'
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
