"""The result cards of the finder, built in Python.

A page shows up to 20 cards with a handful of dates and badges each; through the template engine they
cost more than the whole search (about 340 variable lookups and 50 translation tags per page, see
docs/performance.md). Every value is escaped here; the markup is the same the template produced.
The translated words and the address prefix are looked up once per page (``Cards``), not once per card.
"""

from __future__ import annotations

from html import escape  # Django's escape() is this plus a lazy-string wrapper: ~300 calls per page
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nahbar.directory.offer_pages.links import OfferUrls

ON_SITE = "vor-ort"  # needs no badge: the dates show where


class Cards:
    """Renders the cards of one results page in the language active when it is created."""

    def __init__(self, municipality_slug: str) -> None:
        self.english = (get_language() or "de").startswith("en")
        self.urls = OfferUrls(municipality_slug)
        self.no_dates = escape(_("Keine festen Termine in den nächsten Wochen – bitte nachfragen."))
        self.next_dates = escape(_("Nächste Termine:"))
        self.free = escape(_("kostenlos"))
        self.features = escape(_("Merkmale"))
        self.outdated = escape(_("möglicherweise nicht mehr aktuell"))

    def url(self, offer: Any) -> str:
        return self.urls.url(offer)

    def card(self, hit: Any) -> SafeString:
        offer = hit.offer
        meta = escape(offer.organization_name)
        if hit.distance_km is not None:
            meta += " · " + escape(_("%(km)s km entfernt") % {"km": floatformat(hit.distance_km, 1)})
        html = (
            '<li class="finder-hit">'
            f'<h3 class="kern-heading finder-hit__title"><a href="{escape(hit.url)}">{escape(offer.title)}</a></h3>'
            f"{self._outdated(hit)}"
            f'<p class="kern-body">{escape(offer.summary)}</p>'
            f'<p class="kern-body finder-hit__meta">{meta}</p>'
            f"{self._dates(hit)}{self._badges(offer)}</li>"
        )
        return mark_safe(html)  # noqa: S308 - every value is escaped above

    def _outdated(self, hit: Any) -> str:
        if not getattr(hit, "possibly_outdated", False):
            return ""
        return (
            '<p class="kern-body finder-hit__outdated">'
            f'<span class="kern-badge kern-badge--warning">{self.outdated}</span></p>'
        )

    def _dates(self, hit: Any) -> str:
        if not hit.next_occurrences:
            return f'<p class="kern-body finder-hit__label">{self.no_dates}</p>'
        items = []
        for date in hit.next_occurrences:
            place = f", {escape(date.place_name)}" if date.place_name else ""
            items.append(f'<li><time datetime="{escape(date.iso)}">{escape(date.label)}</time>{place}</li>')
        return (
            f'<p class="kern-body finder-hit__label">{self.next_dates}</p>'
            f'<ul class="finder-hit__dates">{"".join(items)}</ul>'
        )

    def _label(self, term: Any) -> str:
        return str(term.label_en if self.english else term.label_de)

    def _badges(self, offer: Any) -> str:
        badges = [self.free] if offer.is_free else []
        badges += [escape(self._label(term)) for term in offer.accessibility]
        badges += [escape(self._label(term)) for term in offer.delivery_modes if term.code != ON_SITE]
        items = "".join(f'<li class="finder-badge">{label}</li>' for label in badges)
        return f'<ul class="finder-badges" aria-label="{self.features}">{items}</ul>'
