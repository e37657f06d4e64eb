"""Public pages of campaign weeks: the index, the programme (list, filters, map), its iCal feed and booklet."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nahbar.campaigns.ical import programme_calendar
from nahbar.campaigns.models import Campaign
from nahbar.campaigns.programme import Programme, campaign_lists, parse_filters, place_area_name, programme
from nahbar.directory.offer_pages.links import offer_url
from nahbar.directory.schedules import Occurrence
from nahbar.directory.start.printing import qr_svg, render_pdf, short_url
from nahbar.tenancy.access import get_for_municipality

BOOKLET_FORMATS = {"a5": "A5", "a4": "A4"}
BOOKLET_CACHE_SECONDS = 24 * 3600


def _campaign(request: HttpRequest, campaign_slug: str) -> Campaign:
    return get_for_municipality(Campaign, request.municipality, slug=campaign_slug)  # type: ignore[attr-defined]


def campaign_index(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    lists = campaign_lists(request.municipality)  # type: ignore[attr-defined]
    return render(request, "campaigns/index.html", {"lists": lists})


def _markers(found: list[Occurrence], municipality_slug: str) -> list[dict[str, Any]]:
    """One marker per place with coordinates, saying how many dates of the (filtered) programme are there."""
    counts: dict[int, int] = defaultdict(int)
    places = {}
    for occ in found:
        place = occ.place or next(iter(occ.offer.places.all()), None)
        if place is not None and place.latitude is not None and place.longitude is not None:
            counts[place.pk] += 1
            places[place.pk] = place
    return [
        {
            "name": place.name,
            "lat": place.latitude,
            "lon": place.longitude,
            "label": ngettext("%(count)s Termin", "%(count)s Termine", counts[pk]) % {"count": counts[pk]},
            "url": reverse("place-detail", kwargs={"municipality_slug": municipality_slug, "place_id": pk}),
        }
        for pk, place in sorted(places.items(), key=lambda item: item[1].name)
    ]


def campaign_programme(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, campaign_slug)
    filters = parse_filters(request.municipality, request.GET)  # type: ignore[attr-defined]
    found = programme(campaign, filters)
    links = {offer.pk: offer_url(offer, municipality_slug) for offer in found.offers}
    context = {
        "campaign": campaign,
        "filters": filters,
        "days": [(day, [(occ, links[occ.offer.pk]) for occ in items]) for day, items in found.days],
        "count": len(found.occurrences),
        "markers": _markers(found.occurrences, municipality_slug),
        "tile_attribution": settings.NAHBAR_TILE_ATTRIBUTION,
        "today": timezone.localdate(),
    }
    return render(request, "campaigns/programme.html", context, status=400 if filters.errors else 200)


def programme_ics(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, campaign_slug)
    found = programme(campaign)
    content = programme_calendar(
        campaign,
        found.occurrences,
        offer_url=lambda offer: request.build_absolute_uri(offer_url(offer, municipality_slug)),
        name=_("%(campaign)s – Programm") % {"campaign": campaign.name},
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{campaign.slug}-{municipality_slug}.ics"'
    return response


def _booklet_days(
    found: Programme, links: dict[int, dict[str, str]]
) -> list[tuple[Any, list[tuple[Occurrence, dict[str, str], bool, str]]]]:
    """Each date with its offer's link, whether it is the offer's first date (QR code there only), an anchor."""
    seen: set[int] = set()
    days = []
    for day, items in found.days:
        rows = []
        for occ in items:
            anchor = f"t-{occ.offer.pk}-{timezone.localtime(occ.start):%Y%m%d%H%M}"
            rows.append((occ, links[occ.offer.pk], occ.offer.pk not in seen, anchor))
            seen.add(occ.offer.pk)
        days.append((day, rows))
    return days


def _district_index(days: list[Any]) -> list[tuple[str, list[tuple[Occurrence, str]]]]:
    """District name → its dates (with anchors); phone, online and unplaced dates under one heading at the end."""
    index: dict[str, list[tuple[Occurrence, str]]] = defaultdict(list)
    for _day, rows in days:
        for occ, _link, _first, anchor in rows:
            index[place_area_name(occ)].append((occ, anchor))
    named = sorted((name, rows) for name, rows in index.items() if name)
    if "" in index:
        named.append((_("ohne Stadtteil (am Telefon, im Internet oder ohne Ortsangabe)"), index[""]))
    return named


def booklet_html(request: HttpRequest, municipality_slug: str, campaign: Campaign, paper: str) -> str:
    found = programme(campaign)

    def absolute(path: str) -> dict[str, str]:
        url = request.build_absolute_uri(path)
        return {"url": url, "short": short_url(url), "qr": qr_svg(url)}

    links = {offer.pk: absolute(offer_url(offer, municipality_slug)) for offer in found.offers}
    days = _booklet_days(found, links)
    programme_path = reverse(
        "campaign-programme", kwargs={"municipality_slug": municipality_slug, "campaign_slug": campaign.slug}
    )
    context = {
        "campaign": campaign,
        "paper": paper,
        "days": days,
        "index": _district_index(days),
        "count": len(found.occurrences),
        "programme_link": absolute(programme_path),
        "printed_at": timezone.localtime(),
    }
    return render_to_string("campaigns/booklet.html", context, request=request)


def _cached_pdf(html: str) -> bytes:
    """Layout takes seconds for a full week (about 50 ms per date); the same document is laid out once.

    Keyed by the document itself, so any change to the programme (or the language, or the host in the QR
    codes) gives a new PDF, and a stale one is never served.
    """
    key = "campaign-booklet:" + hashlib.sha256(html.encode()).hexdigest()
    pdf: bytes | None = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, timeout=BOOKLET_CACHE_SECONDS)
    return pdf


def booklet_pdf(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, campaign_slug)
    paper = BOOKLET_FORMATS.get(request.GET.get("format", "a5").lower())
    if paper is None:
        message = _("Das Programmheft gibt es als A5 oder A4: ?format=a5 oder ?format=a4")
        return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")
    pdf = _cached_pdf(booklet_html(request, municipality_slug, campaign, paper))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"programmheft-{campaign.slug}-{paper.lower()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
