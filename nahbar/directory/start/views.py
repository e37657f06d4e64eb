"""The public start page of a municipality, its Leichte-Sprache version, and the printed weekly plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from nahbar.directory.schedules import Occurrence
from nahbar.directory.start.links import finder_url, need_links
from nahbar.directory.start.params import District, district, week_start
from nahbar.directory.start.printing import qr_svg, render_pdf, short_url
from nahbar.directory.start.selectors import Week, week


def _week_links(start: dt.date, chosen: District) -> dict[str, str]:
    def query(day: dt.date) -> str:
        params = [("ab", day.isoformat())]
        if chosen.area:
            params.append(("gebiet", str(chosen.area.pk)))
        return "?" + urlencode(params)

    return {"previous_week": query(start - dt.timedelta(days=7)), "next_week": query(start + dt.timedelta(days=7))}


def start_page(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    start, date_error = week_start(request.GET.get("ab", ""))
    chosen = district(municipality, request.GET.get("gebiet", ""))
    found = week(municipality, start=start, area_ids=chosen.area_ids)
    context = {
        "start": start,
        "end": found.end,
        "today": timezone.localdate(),
        "days": found.days,
        "count": len(found.occurrences),
        "date_error": date_error,
        "district": chosen,
        "needs": need_links(municipality_slug),
        "finder_url": finder_url(municipality_slug),
        **_week_links(start, chosen),
    }
    status = 400 if date_error or chosen.error else 200
    return render(request, "directory/start/start.html", context, status=status)


def easy_language(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    found = week(municipality, start=timezone.localdate())
    context = {
        "offers": [(offer, occ) for offer, occ in found.offers_with_dates if offer.easy_language_summary.strip()],
        "needs": need_links(municipality_slug),
        "finder_url": finder_url(municipality_slug),
    }
    return render(request, "directory/start/easy_language.html", context)


def _absolute(request: HttpRequest, path: str) -> dict[str, str]:
    url = request.build_absolute_uri(path)
    return {"url": url, "short": short_url(url), "qr": qr_svg(url)}


# A sheet for a notice board, not a directory: beyond this the plan says how many it left out. Also keeps
# WeasyPrint's layout time (roughly 50 ms per entry on a busy 2-core machine) within a request.
MAX_PRINTED_OCCURRENCES = 80


def _with_first_flags(
    found: Week, offer_links: dict[int, dict[str, str]]
) -> list[tuple[dt.date, list[tuple[Occurrence, dict[str, str], bool]]]]:
    """The QR code is printed at an offer's first date of the week only, so a daily offer fills no page."""
    seen: set[int] = set()
    days = []
    for day, items in found.days:
        rows = []
        for occ in items:
            rows.append((occ, offer_links[occ.offer.pk], occ.offer.pk not in seen))
            seen.add(occ.offer.pk)
        days.append((day, rows))
    return days


def _plan_context(request: HttpRequest, municipality_slug: str) -> tuple[dict[str, Any], int]:
    """Everything the weekly plan shows; an unknown area id (also another municipality's) is a 404."""
    municipality = request.municipality  # type: ignore[attr-defined]
    start, date_error = week_start(request.GET.get("ab", ""))
    chosen = district(municipality, request.GET.get("gebiet", ""))
    if chosen.not_found:
        raise Http404(chosen.error)
    found: Week = week(municipality, start=start, area_ids=chosen.area_ids)
    total = len(found.occurrences)
    found.occurrences = found.occurrences[:MAX_PRINTED_OCCURRENCES]
    offer_links = {
        offer.pk: _absolute(
            request, reverse("offer-detail", kwargs={"municipality_slug": municipality_slug, "offer_id": offer.pk})
        )
        for offer in [*{occ.offer for occ in found.occurrences}, *found.remote_offers]
    }
    finder_params = [("gebiet", str(chosen.area.pk))] if chosen.area else None
    stand = max((offer.updated_at for offer in found.offers), default=None)
    context = {
        "start": start,
        "end": found.end,
        "days": _with_first_flags(found, offer_links),
        "remote_offers": [(offer, offer_links[offer.pk]) for offer in found.remote_offers],
        "district": chosen,
        "date_error": date_error,
        "finder_link": _absolute(request, finder_url(municipality_slug, finder_params)),
        "printed_at": timezone.localtime(),
        "stand": stand,
        "query": request.GET.urlencode(),
        "truncated": total > len(found.occurrences),
        "shown": len(found.occurrences),
        "total": total,
    }
    return context, 400 if date_error or chosen.error else 200


def weekly_plan(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    context, status = _plan_context(request, municipality_slug)
    return render(request, "directory/start/weekly_plan.html", {**context, "pdf": False}, status=status)


def weekly_plan_pdf(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    context, status = _plan_context(request, municipality_slug)
    if status != 200:
        # A clear message in the browser instead of a PDF of the wrong week.
        return render(request, "directory/start/weekly_plan.html", {**context, "pdf": False}, status=status)
    html = render_to_string("directory/start/weekly_plan.html", {**context, "pdf": True}, request=request)
    name = f"wochenplan-{municipality_slug}-{context['start'].isoformat()}.pdf"
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
