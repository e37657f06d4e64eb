"""The provider area under /<slug>/mitmachen/: dashboard, offer and place forms, submit for review."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nahbar.directory.models import Offer, Organization, Place
from nahbar.directory.offer_pages.selectors import public_places
from nahbar.providers import services
from nahbar.providers.forms import OfferForm, PlaceForm, initial_from_proposal, style
from nahbar.providers.models import OfferRevision, RevisionState
from nahbar.providers.place_proposal import place_proposal
from nahbar.providers.proposal import offer_proposal
from nahbar.providers.repetition import Repeat, from_rrule
from nahbar.providers.selectors import (
    dashboard_offers,
    dashboard_places,
    offer_for_form,
    organization_places,
    provider_organizations,
)
from nahbar.tenancy.access import get_permitted
from nahbar.tenancy.models import Municipality

State = Offer.ReviewState
CHANGE_SUBMITTED = gettext_lazy(
    "Danke! Ihre Änderung ist eingereicht. Bis zur Prüfung bleibt die bisherige Fassung sichtbar."
)


def _area(request: HttpRequest) -> tuple[Municipality, list[Organization]]:
    """The municipality and the user's organizations there; 403 without the provider role."""
    municipality: Municipality = request.municipality  # type: ignore[attr-defined]
    if not request.user.has_perm("providers.use_area", municipality):
        raise PermissionDenied
    return municipality, provider_organizations(request.user, municipality)


def _dashboard_url(municipality: Municipality) -> str:
    return reverse("provider-dashboard", kwargs={"municipality_slug": municipality.slug})


def _status(offer: Offer) -> dict[str, Any]:
    """What the dashboard says about an offer: its state, a pending change, the last request."""
    revision: OfferRevision | None = offer.open_revisions[0] if offer.open_revisions else None  # type: ignore[attr-defined]
    comments = offer.comments_newest_first  # type: ignore[attr-defined]
    if revision is not None:
        state, label = revision.state, _("Änderung: %(state)s") % {"state": revision.get_state_display()}
        comment = next((c.text for c in comments if c.revision_id == revision.pk), "")
    else:
        state, label = offer.review_state, offer.get_review_state_display()
        comment = next((c.text for c in comments if c.revision_id is None), "")
    return {
        "offer": offer,
        "state": state,
        "label": label,
        "revision": revision,
        "comment": comment if state == State.CHANGES_REQUESTED else "",
        "can_submit": state in (State.DRAFT, State.CHANGES_REQUESTED),
    }


def _place_status(place: Place) -> dict[str, Any]:
    revisions: list[Any] = place.open_revisions  # type: ignore[attr-defined]
    revision = revisions[0] if revisions else None
    comments = revision.comments_newest_first if revision else []
    return {
        "place": place,
        "revision": revision,
        "label": _("Änderung: %(state)s") % {"state": revision.get_state_display()} if revision else "",
        "comment": comments[0].text if revision and comments and revision.state == State.CHANGES_REQUESTED else "",
    }


@login_required
def dashboard(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    _municipality, organizations = _area(request)
    offers = dashboard_offers(organizations)
    context = {
        "organizations": organizations,
        "rows": [_status(offer) for offer in offers],
        "places": [_place_status(place) for place in dashboard_places(organizations)],
    }
    return render(request, "providers/dashboard.html", context)


def _form_places(organizations: list[Organization], offer: Offer | None = None) -> list[Place]:
    places = organization_places(organizations)
    if offer is not None:
        # Places of other organizations the offer already uses stay selectable.
        known = {p.pk for p in places}
        places += [p for p in offer.places.all() if p.pk not in known]
    return places


def _wants_submit(request: HttpRequest) -> bool:
    return request.POST.get("aktion") == "einreichen"


@login_required
def offer_new(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality, organizations = _area(request)
    if not organizations:
        raise PermissionDenied
    form = style(
        OfferForm(
            request.POST or None,
            initial={"token": secrets.token_urlsafe(24)},
            organizations=organizations,
            places=_form_places(organizations),
            municipality_id=municipality.pk,
            new=True,
        )
    )
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data.get("organization") or organizations[0]
        submit = _wants_submit(request)
        try:
            services.offer_draft_create(
                actor=request.user,
                organization=organization,
                proposal=form.proposal(),
                submit=submit,
                token=form.cleaned_data["token"] or None,
            )
        except services.AlreadySaved as exc:
            messages.info(request, str(exc))
            return redirect(_dashboard_url(municipality))
        if submit:
            messages.success(request, _("Danke! Ihr Angebot ist eingereicht. Wir melden uns per E-Mail."))
        else:
            messages.success(request, _("Gespeichert. Reichen Sie das Angebot ein, wenn es fertig ist."))
        return redirect(_dashboard_url(municipality))
    return render(request, "providers/offer_form.html", {"form": form, "offer": None})


def _edit_start(offer: Offer) -> tuple[dict[str, Any], OfferRevision | None]:
    """What the form starts from: the pending change if there is one, else the offer itself."""
    revision = services.open_revision(offer) if offer.review_state == State.PUBLISHED else None
    return (revision.data if revision else offer_proposal(offer)), revision


@login_required
def offer_edit(request: HttpRequest, municipality_slug: str, offer_id: int) -> HttpResponse:
    municipality, organizations = _area(request)
    offer: Offer = get_permitted(
        offer_for_form(Offer.objects.all()),
        user=request.user,
        perm="providers.edit_offer",
        municipality=municipality,
        pk=offer_id,
    )
    start, revision = _edit_start(offer)
    schedule = start.get("schedule") or {}
    rule = schedule.get("rrule", "")
    form = style(
        OfferForm(
            request.POST or None,
            initial=initial_from_proposal(start),
            organizations=organizations,
            places=_form_places([offer.organization], offer),
            municipality_id=municipality.pk,
            keep_rrule=rule if from_rrule(rule)[0] == Repeat.KEEP else "",
            schedule_id=schedule.get("id"),
            new=False,
        )
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_offer(request, offer, form.proposal())
        except services.ReviewError as exc:
            messages.error(request, str(exc))
        else:
            return redirect(_dashboard_url(municipality))
    comment = offer.review_comments.first() if _state_of(offer, revision) == State.CHANGES_REQUESTED else None
    return render(
        request, "providers/offer_form.html", {"form": form, "offer": offer, "revision": revision, "comment": comment}
    )


def _state_of(offer: Offer, revision: OfferRevision | None) -> str:
    return revision.state if revision else offer.review_state


def _save_offer(request: HttpRequest, offer: Offer, proposal: dict[str, Any]) -> None:
    submit = _wants_submit(request)
    if offer.review_state == State.PUBLISHED:
        revision = services.revision_save(actor=request.user, offer=offer, proposal=proposal, submit=submit)
        if revision.state == RevisionState.SUBMITTED:
            messages.success(
                request,
                _("Danke! Ihre Änderung ist eingereicht. Bis zur Prüfung bleibt die bisherige Fassung sichtbar."),
            )
        else:
            messages.success(request, _("Änderung gespeichert, aber noch nicht eingereicht."))
        return
    services.offer_draft_update(actor=request.user, offer=offer, proposal=proposal, submit=submit)
    if submit:
        messages.success(request, _("Danke! Ihr Angebot ist eingereicht. Wir melden uns per E-Mail."))
    else:
        messages.success(request, _("Gespeichert. Reichen Sie das Angebot ein, wenn es fertig ist."))


@login_required
@require_POST
def offer_submit(request: HttpRequest, municipality_slug: str, offer_id: int) -> HttpResponse:
    municipality, _organizations = _area(request)
    offer: Offer = get_permitted(
        Offer.objects.all(), user=request.user, perm="providers.edit_offer", municipality=municipality, pk=offer_id
    )
    try:
        if offer.review_state == State.PUBLISHED:
            revision = services.open_revision(offer)
            if revision is None:
                raise services.ReviewError(_("Es gibt keine Änderung, die eingereicht werden kann."))
            services.revision_submit(actor=request.user, revision=revision)
        else:
            services.offer_submit(actor=request.user, offer=offer)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Danke! „%(title)s“ ist eingereicht.") % {"title": offer.title})
    return redirect(_dashboard_url(municipality))


@login_required
def place_new(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality, organizations = _area(request)
    if not organizations:
        raise PermissionDenied
    form = style(PlaceForm(request.POST or None, organizations=organizations))
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data.get("organization") or organizations[0]
        services.place_create_for(
            actor=request.user,
            organization=organization,
            fields=form.place_fields(),
            accessibility=list(form.cleaned_data["accessibility"]),
        )
        messages.success(request, _("Der Ort ist gespeichert."))
        return redirect(_dashboard_url(municipality))
    return render(request, "providers/place_form.html", {"form": form, "place": None})


def _place_form_instance(place: Place, revision: Any) -> tuple[Place, list[int]]:
    """The place as the form shows it: with the pending change's values, if there is one."""
    if revision is None:
        return place, [t.pk for t in place.accessibility.all()]
    shown = Place.objects.get(pk=place.pk)
    for name, value in revision.data["fields"].items():
        setattr(shown, name, value)
    return shown, list(revision.data["m2m"].get("accessibility", []))


@login_required
def place_edit(request: HttpRequest, municipality_slug: str, place_id: int) -> HttpResponse:
    """A place nobody sees yet is changed directly; a public place's change goes to review first."""
    municipality, _organizations = _area(request)
    place: Place = get_permitted(
        Place.objects.prefetch_related("accessibility"),
        user=request.user,
        perm="providers.edit_place",
        municipality=municipality,
        pk=place_id,
    )
    is_public = public_places(municipality).filter(pk=place.pk).exists()
    revision = services.open_place_revision(place) if is_public else None
    shown, accessibility = _place_form_instance(place, revision)
    form = style(
        PlaceForm(request.POST or None, instance=shown, initial={"accessibility": accessibility}, organizations=[])
    )
    if request.method == "POST" and form.is_valid():
        # The form has written its values into ``shown``; the services compare with the stored row.
        stored = Place.objects.prefetch_related("accessibility").get(pk=place.pk)
        terms = list(form.cleaned_data["accessibility"])
        if not is_public:
            services.place_update_for(actor=request.user, place=stored, fields=form.place_fields(), accessibility=terms)
            messages.success(request, _("Der Ort ist gespeichert."))
            return redirect(_dashboard_url(municipality))
        proposal = place_proposal(stored)
        proposal["fields"].update(form.place_fields())
        proposal["m2m"] = {"accessibility": sorted(t.pk for t in terms)}
        try:
            services.place_revision_save(actor=request.user, place=stored, proposal=proposal)
        except services.ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Danke! Ihre Änderung ist eingereicht. Bis zur Prüfung bleibt die bisherige Fassung sichtbar."),
            )
            return redirect(_dashboard_url(municipality))
    comment = revision.comments.first() if revision and revision.state == State.CHANGES_REQUESTED else None
    context = {"form": form, "place": place, "is_public": is_public, "revision": revision, "comment": comment}
    return render(request, "providers/place_form.html", context)
