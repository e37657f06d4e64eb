"""The result cards of the finder, built in Python.

A page shows up to 20 cards with a handful of dates and badges each; through the template engine they
cost more than the whole search (about 340 variable lookups and 50 translation tags per page, see
docs/performance.md). Every value is escaped here; the markup is the same the template produced.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

ON_SITE = "vor-ort"  # needs no badge: the dates show where


def _dates(hit: Any) -> str:
    if not hit.next_occurrences:
        label = escape(_("Keine festen Termine in den nächsten Wochen – bitte nachfragen."))
        return f'<p class="kern-body finder-hit__label">{label}</p>'
    items = []
    for date in hit.next_occurrences:
        place = f", {escape(date.place.name)}" if date.place else ""
        items.append(f'<li><time datetime="{escape(date.iso)}">{escape(date.label)}</time>{place}</li>')
    label = escape(_("Nächste Termine:"))
    return f'<p class="kern-body finder-hit__label">{label}</p><ul class="finder-hit__dates">{"".join(items)}</ul>'


def _badges(hit: Any) -> str:
    offer = hit.offer
    badges = [_("kostenlos")] if offer.is_free else []
    badges += [term.label for term in offer.accessibility.all()]
    badges += [term.label for term in offer.delivery_modes.all() if term.code != ON_SITE]
    items = "".join(f'<li class="finder-badge">{escape(label)}</li>' for label in badges)
    return f'<ul class="finder-badges" aria-label="{escape(_("Merkmale"))}">{items}</ul>'


def _outdated(hit: Any) -> str:
    if not getattr(hit, "possibly_outdated", False):
        return ""
    label = escape(_("möglicherweise nicht mehr aktuell"))
    return f'<p class="kern-body finder-hit__outdated"><span class="kern-badge kern-badge--warning">{label}</span></p>'


def card(hit: Any) -> SafeString:
    offer = hit.offer
    meta = str(escape(offer.organization.name))
    if hit.distance_km is not None:
        meta += " · " + escape(_("%(km)s km entfernt") % {"km": floatformat(hit.distance_km, 1)})
    html = (
        '<li class="finder-hit">'
        f'<h3 class="kern-heading finder-hit__title"><a href="{escape(hit.url)}">{escape(offer.title)}</a></h3>'
        f"{_outdated(hit)}"
        f'<p class="kern-body">{escape(offer.summary)}</p>'
        f'<p class="kern-body finder-hit__meta">{meta}</p>'
        f"{_dates(hit)}{_badges(hit)}</li>"
    )
    return mark_safe(html)  # noqa: S308 - every value is escaped above
