"""Canonical addresses of offer pages (printed on paper and in QR codes: keep them stable)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.text import slugify

if TYPE_CHECKING:
    from nahbar.directory.models import Offer

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
MAX_SLUG = 60


@functools.lru_cache(maxsize=8192)
def readable_slug(title: str) -> str:
    """ "Erzählcafé am Markt" -> "erzaehlcafe-am-markt" (German transliteration, then ASCII)."""
    slug = slugify(title.translate(_GERMAN))
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


def offer_url(offer: Offer, municipality_slug: str) -> str:
    """The canonical path: /<slug>/angebote/<id>-<readable-slug>/."""
    kwargs: dict[str, object] = {"municipality_slug": municipality_slug, "offer_id": offer.pk}
    slug = readable_slug(offer.title)
    if slug:
        kwargs["readable_slug"] = slug
    return reverse("offer-detail", kwargs=kwargs)


class OfferUrls:
    """``offer_url`` for many offers of one municipality: one ``reverse()`` per page instead of per offer.

    The pattern is resolved once with a marker id; each offer's address is that text with its id and slug,
    identical to what ``reverse`` returns (tested).
    """

    _MARKER = 987654321

    def __init__(self, municipality_slug: str) -> None:
        path = reverse("offer-detail", kwargs={"municipality_slug": municipality_slug, "offer_id": self._MARKER})
        self.prefix, self.suffix = path.split(str(self._MARKER), 1)

    def url(self, offer: Offer) -> str:
        slug = readable_slug(offer.title)
        return f"{self.prefix}{offer.pk}-{slug}{self.suffix}" if slug else f"{self.prefix}{offer.pk}{self.suffix}"
