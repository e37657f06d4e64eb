"""The coordinators' review queue under /<slug>/intern/pruefen/: list, detail with diff, decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nahbar.campaigns.models import CampaignEntry
from nahbar.directory.models import Offer
from nahbar.providers import services
from nahbar.providers.forms import style
from nahbar.providers.models import OfferRevision, PlaceRevision, RevisionState
from nahbar.providers.place_proposal import place_proposal, readable_place_diff
from nahbar.providers.proposal import DiffRow, offer_proposal, readable_diff
from nahbar.providers.selectors import offer_for_form, review_queue
from nahbar.tenancy.access import get_permitted
from nahbar.tenancy.models import Municipality

PUBLISH = "veroeffentlichen"
REQUEST_CHANGES = "aenderungen"


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Was soll geändert werden?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Nur für „Änderungen erbitten“. Der Text geht per E-Mail an den Anbieter."),
    )
    seen = forms.CharField(widget=forms.HiddenInput)


def _reviewer(request: HttpRequest) -> Municipality:
    municipality: Municipality = request.municipality  # type: ignore[attr-defined]
    if not request.user.has_perm("providers.review", municipality):
        raise PermissionDenied
    return municipality


def _queue_url(municipality: Municipality) -> str:
    return reverse("review-queue", kwargs={"municipality_slug": municipality.slug})


@login_required
def queue(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = _reviewer(request)
    return render(request, "providers/review_queue.html", {"items": review_queue(municipality)})


def _campaigns(offer: Offer) -> list[str]:
    return [entry.campaign.name for entry in offer.campaign_entries.all()]


def _offers() -> Any:
    entries = Prefetch("campaign_entries", queryset=CampaignEntry.objects.select_related("campaign"))
    return offer_for_form(Offer.objects.all()).prefetch_related(entries)


def _decide(request: HttpRequest, *, publish: Any, request_changes: Any, form: DecisionForm) -> bool:
    """Run the chosen decision; False (with a message or a form error) when nothing changed."""
    action = request.POST.get("aktion")
    seen = form.cleaned_data["seen"]
    try:
        if action == PUBLISH:
            publish(seen=seen)
            messages.success(request, _("Veröffentlicht. Der Anbieter bekommt eine E-Mail."))
        elif action == REQUEST_CHANGES:
            if not form.cleaned_data["comment"].strip():
                form.add_error("comment", _("Bitte schreiben Sie dazu, was geändert werden soll."))
                return False
            request_changes(comment=form.cleaned_data["comment"], seen=seen)
            messages.success(request, _("Die Bitte um Änderungen ist verschickt."))
        else:
            messages.error(request, _("Bitte wählen Sie „Veröffentlichen“ oder „Änderungen erbitten“."))
            return False
    except services.ReviewError as exc:
        messages.error(request, str(exc))
        return False
    return True


@login_required
def review_offer(request: HttpRequest, municipality_slug: str, offer_id: int) -> HttpResponse:
    """A submitted new offer: every field is new."""
    municipality = _reviewer(request)
    offer: Offer = get_permitted(
        _offers(), user=request.user, perm="providers.review", municipality=municipality, pk=offer_id
    )
    waiting = offer.review_state == Offer.ReviewState.SUBMITTED
    form = style(DecisionForm(request.POST or None, initial={"seen": services.stamp(offer)}))
    if request.method == "POST" and form.is_valid():
        decided = _decide(
            request,
            form=form,
            publish=lambda seen: services.offer_publish(actor=request.user, offer=offer, seen=seen),
            request_changes=lambda comment, seen: services.offer_request_changes(
                actor=request.user, offer=offer, comment=comment, seen=seen
            ),
        )
        if decided:
            return redirect(_queue_url(municipality))
        if not form.errors:
            return redirect(request.path)
    context = {
        "place": None,
        "organization": offer.organization,
        "offer": offer,
        "revision": None,
        "waiting": waiting,
        "state_label": offer.get_review_state_display(),
        "rows": readable_diff(None, offer_proposal(offer)),
        "campaigns": _campaigns(offer),
        "form": form,
    }
    return render(request, "providers/review_detail.html", context)


@login_required
def review_revision(request: HttpRequest, municipality_slug: str, revision_id: int) -> HttpResponse:
    """A submitted change of a published offer: old and new side by side, changed rows first."""
    municipality = _reviewer(request)
    revision: OfferRevision = get_permitted(
        OfferRevision.objects.select_related("author"),
        user=request.user,
        perm="providers.review",
        municipality=municipality,
        pk=revision_id,
    )
    offer = _offers().get(pk=revision.offer_id)
    waiting = revision.state == RevisionState.SUBMITTED
    form, answer = _revision_decision(
        request,
        municipality,
        revision,
        publish=services.revision_publish,
        request_changes=services.revision_request_changes,
    )
    if answer is not None:
        return answer
    rows = readable_diff(offer_proposal(offer), revision.data)
    context = {
        "place": None,
        "organization": offer.organization,
        "offer": offer,
        "revision": revision,
        "waiting": waiting,
        "state_label": revision.get_state_display(),
        **_changed_first(rows),
        "campaigns": _campaigns(offer),
        "form": form,
    }
    return render(request, "providers/review_detail.html", context)


def _revision_decision(
    request: HttpRequest, municipality: Any, revision: Any, *, publish: Any, request_changes: Any
) -> tuple[Any, HttpResponse | None]:
    """The decision form of an offer or place revision; a redirect once a POST has been handled."""
    form = style(DecisionForm(request.POST or None, initial={"seen": services.stamp(revision)}))
    if request.method != "POST" or not form.is_valid():
        return form, None
    decided = _decide(
        request,
        form=form,
        publish=lambda seen: publish(actor=request.user, revision=revision, seen=seen),
        request_changes=lambda comment, seen: request_changes(
            actor=request.user, revision=revision, comment=comment, seen=seen
        ),
    )
    if decided:
        return form, redirect(_queue_url(municipality))
    return form, None if form.errors else redirect(request.path)


def _changed_first(rows: list[DiffRow]) -> dict[str, Any]:
    return {
        "rows": [r for r in rows if r.changed] + [r for r in rows if not r.changed],
        "changed_count": sum(1 for r in rows if r.changed),
    }


@login_required
def review_place(request: HttpRequest, municipality_slug: str, revision_id: int) -> HttpResponse:
    """A submitted change of a public place."""
    municipality = _reviewer(request)
    revision: PlaceRevision = get_permitted(
        PlaceRevision.objects.select_related("place__organization"),
        user=request.user,
        perm="providers.review",
        municipality=municipality,
        pk=revision_id,
    )
    waiting = revision.state == RevisionState.SUBMITTED
    form, answer = _revision_decision(
        request,
        municipality,
        revision,
        publish=services.place_revision_publish,
        request_changes=services.place_revision_request_changes,
    )
    if answer is not None:
        return answer
    rows = readable_place_diff(place_proposal(revision.place), revision.data)
    context = {
        "place": revision.place,
        "offer": None,
        "organization": revision.place.organization,
        "revision": revision,
        "waiting": waiting,
        "state_label": revision.get_state_display(),
        **_changed_first(rows),
        "campaigns": [],
        "form": form,
    }
    return render(request, "providers/review_detail.html", context)
