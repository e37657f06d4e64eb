"""Head-count screens: the provider's form behind a signed reminder link, the coordinator's tally entry and sheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from nahbar.campaigns import report_rules  # noqa: F401 - registers the permissions used here
from nahbar.campaigns.attendance import attendances_by_key, campaign_occurrences, campaign_offers, field_labels
from nahbar.campaigns.attendance_links import BadLink, LinkClaim, read_token
from nahbar.campaigns.attendance_rows import CountRow, build_rows, read_and_save
from nahbar.campaigns.models import Attendance, Campaign
from nahbar.directory.models import Offer
from nahbar.directory.start.printing import render_pdf
from nahbar.tenancy.access import get_for_municipality

TALLY_PAGE_SIZE = 150  # rows per screen: 5 inputs each stays below Django's 1,000 form fields


def _bad_link(request: HttpRequest, *, expired: bool) -> HttpResponse:
    context = {"expired": expired}
    return render(request, "campaigns/attendance/bad_link.html", context, status=410 if expired else 400)


def _claimed(request: HttpRequest, claim: LinkClaim) -> tuple[Campaign, Offer] | None:
    municipality = request.municipality  # type: ignore[attr-defined]
    if claim.municipality_id != municipality.pk:
        return None
    campaign = Campaign.objects.filter(municipality=municipality, pk=claim.campaign_id).first()
    if campaign is None:
        return None
    offer = campaign_offers(campaign).filter(pk=claim.offer_id).first()
    return (campaign, offer) if offer is not None else None


@require_http_methods(["GET", "POST"])
def attendance_link(request: HttpRequest, municipality_slug: str, token: str) -> HttpResponse:
    try:
        claim = read_token(token)
    except BadLink as bad:
        return _bad_link(request, expired=bad.expired)
    found = _claimed(request, claim)
    if found is None:
        return _bad_link(request, expired=False)
    campaign, offer = found
    now = timezone.now()
    past = [o for o in campaign_occurrences(campaign, [offer]) if o.start <= now]
    rows = build_rows(past, attendances_by_key(campaign, [offer.pk]))
    errors: list[str] = []
    if request.method == "POST":
        result = read_and_save(
            actor=None, campaign=campaign, rows=rows, data=request.POST, source=Attendance.Source.PROVIDER_LINK, now=now
        )
        if result.ok:
            return redirect(f"{request.path}?gespeichert={result.saved}")
        errors = result.errors
    context = {
        "campaign": campaign,
        "offer": offer,
        "rows": rows,
        "errors": errors,
        "labels": field_labels(),
        "saved": _saved_count(request),
    }
    return render(request, "campaigns/attendance/link_form.html", context, status=400 if errors else 200)


def _saved_count(request: HttpRequest) -> int | None:
    """The number of saved rows from the redirect after a save (``?gespeichert=N``)."""
    try:
        return max(0, int(request.GET["gespeichert"]))
    except (KeyError, ValueError):
        return None


def _coordinator_campaign(request: HttpRequest, campaign_slug: str) -> Campaign:
    campaign = get_for_municipality(Campaign, request.municipality, slug=campaign_slug)  # type: ignore[attr-defined]
    if not request.user.has_perm("campaigns.enter_tally_counts", campaign):
        raise PermissionDenied
    return campaign


def _days(campaign: Campaign) -> list[dt.date]:
    count = (campaign.ends_on - campaign.starts_on).days + 1
    return [campaign.starts_on + dt.timedelta(days=i) for i in range(count)]


def _chosen_day(request: HttpRequest, days: list[dt.date]) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("tag", ""))
    except ValueError:
        day = None
    if day in days:
        return day
    today = timezone.localdate()
    return today if today in days else days[0]


def _page(request: HttpRequest, count: int) -> int:
    pages = max(1, -(-count // TALLY_PAGE_SIZE))
    try:
        number = int(request.GET.get("seite", "1"))
    except ValueError:
        number = 1
    return min(max(1, number), pages)


@login_required
@require_http_methods(["GET", "POST"])
def tally(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _coordinator_campaign(request, campaign_slug)
    days = _days(campaign)
    day = _chosen_day(request, days)
    offers = list(campaign_offers(campaign))
    on_day = [o for o in campaign_occurrences(campaign, offers) if o.start.date() == day]
    page = _page(request, len(on_day))
    shown = on_day[(page - 1) * TALLY_PAGE_SIZE : page * TALLY_PAGE_SIZE]
    rows = build_rows(shown, attendances_by_key(campaign, {o.offer.pk for o in shown}))
    now = timezone.now()
    errors: list[str] = []
    if request.method == "POST":
        result = read_and_save(
            actor=request.user,
            campaign=campaign,
            rows=[r for r in rows if r.occurrence.start <= now],
            data=request.POST,
            source=Attendance.Source.COORDINATOR,
            now=now,
        )
        if result.ok:
            return redirect(f"{request.path}?tag={day.isoformat()}&seite={page}&gespeichert={result.saved}")
        errors = result.errors
    context = _tally_context(campaign, days, day, rows, now) | {
        "errors": errors,
        "saved": _saved_count(request),
        "page": page,
        "pages": max(1, -(-len(on_day) // TALLY_PAGE_SIZE)),
    }
    return render(request, "campaigns/attendance/tally.html", context, status=400 if errors else 200)


def _tally_context(
    campaign: Campaign, days: list[dt.date], day: dt.date, rows: list[CountRow], now: dt.datetime
) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "days": days,
        "day": day,
        "rows": rows,
        "now": now,
        "labels": field_labels(),
        "counted": sum(1 for r in rows if r.attendance is not None),
    }


@login_required
def tally_sheet_pdf(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _coordinator_campaign(request, campaign_slug)
    occurrences = campaign_occurrences(campaign, campaign_offers(campaign))
    html = render_to_string(
        "campaigns/attendance/tally_sheet.html",
        {"campaign": campaign, "occurrences": occurrences, "labels": field_labels()},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    filename = f"strichliste-{campaign.slug}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
