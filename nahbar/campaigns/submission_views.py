"""The provider's submission page for a campaign: ``/<slug>/mitmachen/aktionswoche/<campaign>/``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nahbar.campaigns.forms import ExistingOfferForm, NewEventForm
from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.campaigns.submission import flag_existing_offer, submit_new_event, window_is_open
from nahbar.tenancy.access import get_for_municipality
from nahbar.tenancy.roles import organization_ids

NEW, EXISTING = "neu", "vorhanden"


def _submit(form: Any, action: str, request: HttpRequest, campaign: Campaign) -> CampaignEntry | None:
    """Run the service for a valid form; its refusal becomes the form's error (nothing was changed)."""
    if not form.is_valid():
        return None
    try:
        if action == NEW:
            data = form.cleaned_data
            return submit_new_event(
                actor=request.user,
                campaign=campaign,
                organization=data["organization"],
                place=data.get("place"),
                dates=form.event_dates(),
                offer_fields=form.offer_fields(),
                formats=list(data["formats"]),
                target_groups=list(data["target_groups"]),
                answers=form.answers(),
            )
        return flag_existing_offer(
            actor=request.user, campaign=campaign, offer=form.cleaned_data["offer"], answers=form.answers()
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return None


@login_required
def campaign_submit(request: HttpRequest, municipality_slug: str, campaign_slug: str) -> HttpResponse:
    campaign = get_for_municipality(Campaign, request.municipality, slug=campaign_slug)  # type: ignore[attr-defined]
    if not request.user.has_perm("campaigns.submit_to_campaign", campaign):
        raise PermissionDenied
    is_open = window_is_open(campaign)
    action = request.POST.get("aktion") if request.method == "POST" else None
    forms = {
        NEW: NewEventForm(request.POST if action == NEW else None, campaign=campaign, user=request.user, prefix=NEW),
        EXISTING: ExistingOfferForm(
            request.POST if action == EXISTING else None, campaign=campaign, user=request.user, prefix=EXISTING
        ),
    }
    status = 200
    if request.method == "POST":
        if not is_open or action not in forms:
            messages.error(request, _("Die Einreichung ist für diese Aktionswoche gerade nicht möglich."))
            status = 400
        elif (entry := _submit(forms[action], action, request, campaign)) is not None:
            if action == NEW:
                text = _("Danke! „%(title)s“ ist eingereicht und wird jetzt geprüft. Sie erhalten eine E-Mail.")
            else:
                text = _("Danke! „%(title)s“ ist für die Aktionswoche angemeldet. Sie erhalten eine E-Mail.")
            messages.success(request, text % {"title": entry.offer.title})
            # Post/redirect/get: reloading the page does not send the form again.
            return redirect(request.path)
        else:
            status = 400
    own_entries = (
        CampaignEntry.objects.filter(campaign=campaign, offer__organization__in=organization_ids(request.user))
        .select_related("offer")
        .order_by("offer__title")
    )
    context = {
        "campaign": campaign,
        "is_open": is_open,
        "new_form": forms[NEW],
        "existing_form": forms[EXISTING],
        "own_entries": own_entries,
        "has_organizations": forms[NEW].fields["organization"].queryset.exists(),  # type: ignore[attr-defined]
    }
    return render(request, "campaigns/submit.html", context, status=status)
