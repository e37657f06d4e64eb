"""The campaign report: HTML page, PDF and CSV; public once released, before that coordinators only."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from nahbar.campaigns import report_rules  # noqa: F401 - registers the permissions used here
from nahbar.campaigns.models import Campaign
from nahbar.campaigns.report.figures import CampaignFigures, campaign_figures
from nahbar.campaigns.report.page import markers, print_map, report_context, report_csv
from nahbar.campaigns.report.services import report_release, report_withdraw
from nahbar.directory.start.printing import render_pdf
from nahbar.tenancy.access import get_for_municipality


def _campaign(request: HttpRequest, campaign_slug: str) -> Campaign:
    """The campaign if this person may see its report; unreleased looks like missing to everyone else."""
    municipality = request.municipality  # type: ignore[attr-defined]
    campaign = get_for_municipality(Campaign, municipality, slug=campaign_slug)
    if not request.user.has_perm("campaigns.view_campaign_report", campaign):
        raise Http404("report not released")
    campaign.municipality = municipality  # saves a query: the municipality is the request's
    return campaign


def _figures(request: HttpRequest, campaign: Campaign) -> CampaignFigures:
    return campaign_figures(campaign, land=request.municipality.land)  # type: ignore[attr-defined]


def report(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, campaign_slug)
    figures = _figures(request, campaign)
    context = report_context(figures) | {
        "campaign": campaign,
        "details": request.user.has_perm("campaigns.view_report_details", campaign),
        "markers": markers(figures, municipality_slug),
        "tile_attribution": settings.NAHBAR_TILE_ATTRIBUTION,
    }
    return render(request, "campaigns/report/report.html", context)


def report_pdf(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, campaign_slug)
    figures = _figures(request, campaign)
    context = report_context(figures) | {"campaign": campaign, "map": print_map(figures)}
    html = render_to_string("campaigns/report/report_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bericht-{campaign.slug}.pdf"'
    return response


def report_csv_download(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = _campaign(request, campaign_slug)
    response = HttpResponse(report_csv(_figures(request, campaign)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bericht-{campaign.slug}.csv"'
    return response


@login_required
@require_POST
def report_release_action(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = get_for_municipality(Campaign, request.municipality, slug=campaign_slug)  # type: ignore[attr-defined]
    if not request.user.has_perm("campaigns.release_campaign_report", campaign):
        raise PermissionDenied
    if request.POST.get("aktion") == "zurueckziehen":
        report_withdraw(actor=request.user, campaign=campaign)
    else:
        report_release(actor=request.user, campaign=campaign)
    return redirect("campaign-report", municipality_slug=municipality_slug, campaign_slug=campaign.slug)
