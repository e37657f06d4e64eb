"""Offer page, its calendar files, print view and feedback form; the place page."""

from __future__ import annotations

from typing import Any

import segno
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.directory.describe import describe
from nahbar.directory.models import Offer, Place
from nahbar.directory.offer_pages import ical, jsonld, links
from nahbar.directory.offer_pages.dates import find_occurrence, next_dates
from nahbar.directory.offer_pages.forms import OfferFeedbackForm
from nahbar.directory.offer_pages.links import offer_url
from nahbar.directory.offer_pages.places import opening_hours_by_day
from nahbar.directory.offer_pages.selectors import offer_for_page, offer_places, offers_at_place, place_for_page
from nahbar.directory.offer_pages.services import offer_feedback_submit
from nahbar.freshness.dates import state_of


def _place_url(request: HttpRequest, place: Place) -> str:
    return request.build_absolute_uri(
        reverse("place-detail", kwargs={"municipality_slug": request.municipality.slug, "place_id": place.pk})  # type: ignore[attr-defined]
    )


def _tel_href(number: str) -> str:
    """ "0351 / 12 34-5" -> "035112345"; a leading + stays."""
    digits = "".join(c for c in number if c.isdigit())
    return f"+{digits}" if number.strip().startswith("+") else digits


def _contact(offer: Offer) -> dict[str, str]:
    """The offer's own contact details, else the organization's."""
    organization = offer.organization
    phone = offer.contact_phone or organization.phone
    return {
        "phone": phone,
        "phone_href": _tel_href(phone),
        "email": offer.contact_email or organization.email,
        "website": offer.contact_url or organization.website,
    }


def _offer_context(request: HttpRequest, offer: Offer) -> dict[str, Any]:
    municipality = request.municipality  # type: ignore[attr-defined]
    path = offer_url(offer, municipality.slug)
    url = request.build_absolute_uri(path)
    dates = next_dates(offer, land=municipality.land)
    places = offer_places(offer)
    # "vor Ort" needs no words when the places are listed; phone, online and outreach do.
    modes = [m for m in offer.delivery_modes.all() if m.code != "vor-ort" or not places]
    return {
        "offer": offer,
        "canonical_path": path,
        "canonical_url": url,
        "dates": dates,
        "rules": [describe(s) for s in offer.schedules.all()],
        "places": places,
        "delivery_notes": modes,
        "events_json": jsonld.script_tag(
            jsonld.offer_events(offer, dates, url=url, place_url=lambda p: _place_url(request, p))
        ),
        **_contact(offer),
        "freshness": state_of(offer, municipality, timezone.now()).value,
        "share_subject": offer.title,
        "share_body": f"{offer.title}\n{offer.summary}\n\n{url}",
    }


def _offer(request: HttpRequest, offer_id: int) -> Offer:
    return offer_for_page(request.municipality, offer_id)  # type: ignore[attr-defined]


def offer_detail(
    request: HttpRequest, municipality_slug: str, offer_id: int, readable_slug: str | None = None
) -> HttpResponse:
    offer = _offer(request, offer_id)
    if (readable_slug or "") != links.readable_slug(offer.title):
        return HttpResponsePermanentRedirect(offer_url(offer, municipality_slug))
    return render(request, "directory/offer/detail.html", _offer_context(request, offer))


def offer_print(request: HttpRequest, municipality_slug: str, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    context = _offer_context(request, offer)
    qr = segno.make(context["canonical_url"], error="m")
    context["qr_svg"] = qr.svg_inline(scale=5, border=2, title=_("QR-Code: Adresse dieses Angebots"))
    return render(request, "directory/offer/print.html", context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def offer_ics(request: HttpRequest, municipality_slug: str, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    url = request.build_absolute_uri(offer_url(offer, municipality_slug))
    content = ical.series_calendar(offer, request.municipality, url=url)  # type: ignore[attr-defined]
    return _ics_response(content, f"angebot-{offer.pk}.ics")


def occurrence_ics(request: HttpRequest, municipality_slug: str, offer_id: int, start: str) -> HttpResponse:
    offer = _offer(request, offer_id)
    municipality = request.municipality  # type: ignore[attr-defined]
    entry = find_occurrence(offer, land=municipality.land, stamp=start)
    if entry is None:
        raise Http404("no such date")
    url = request.build_absolute_uri(offer_url(offer, municipality_slug))
    content = ical.single_calendar(offer, municipality, entry, url=url)
    return _ics_response(content, f"angebot-{offer.pk}-{start}.ics")


def offer_feedback(request: HttpRequest, municipality_slug: str, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    sent = request.GET.get("gesendet") == "1"
    form = OfferFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A filled honeypot gets the same thank-you, so bots learn nothing.
        if not form.is_spam():
            offer_feedback_submit(
                actor=request.user,
                offer=offer,
                message=form.cleaned_data["message"],
                contact=form.cleaned_data["contact"],
            )
        return redirect(f"{request.path}?gesendet=1")
    context = {
        "offer": offer,
        "form": form,
        "sent": sent,
        "canonical_path": offer_url(offer, municipality_slug),
    }
    return render(request, "directory/offer/feedback.html", context, status=400 if form.errors else 200)


def place_detail(request: HttpRequest, municipality_slug: str, place_id: int) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    place = place_for_page(municipality, place_id)
    offers = offers_at_place(municipality, place)
    held = []
    for offer in offers:
        dates = [e for e in next_dates(offer, land=municipality.land, count=3) if not e.cancelled]
        held.append((offer, offer_url(offer, municipality_slug), dates, [describe(s) for s in offer.schedules.all()]))
    url = request.build_absolute_uri(request.path)
    context = {
        "place": place,
        "offers": held,
        "hours": opening_hours_by_day(place.opening_hours),
        "place_json": jsonld.script_tag(jsonld.place_page_data(place, url=url)),
    }
    return render(request, "directory/place/detail.html", context)
