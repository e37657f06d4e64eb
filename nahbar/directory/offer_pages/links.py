"""Canonical addresses of offer pages (printed on paper and in QR codes: keep them stable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.text import slugify

if TYPE_CHECKING:
    from nahbar.directory.models import Offer

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
MAX_SLUG = 60


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
