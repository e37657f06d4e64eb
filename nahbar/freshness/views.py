"""The reminder links (no login: the signed token is the key) and the coordinators' overview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from nahbar.directory.models import Offer
from nahbar.freshness import links
from nahbar.freshness.forms import PauseForm
from nahbar.freshness.models import Reminder
from nahbar.freshness.selectors import overview
from nahbar.freshness.services import link_answer, offer_confirm_via, reminder_send
from nahbar.tenancy.access import get_permitted

PROBLEM_STATUS = {links.Problem.INVALID: 400, links.Problem.EXPIRED: 410, links.Problem.USED: 409}


def _problem(request: HttpRequest, problem: links.Problem, reminder: Reminder | None = None) -> HttpResponse:
    context = {"problem": problem.value, "reminder": reminder}
    return render(request, "freshness/link_problem.html", context, status=PROBLEM_STATUS[problem])


def _reminder(request: HttpRequest, data: links.LinkData) -> Reminder | None:
    municipality = request.municipality  # type: ignore[attr-defined]
    return (
        Reminder.objects.filter(pk=data.reminder_id, municipality=municipality)
        .select_related("offer__organization")
        .first()
    )


# No CSRF check: the credential is the signed token in the address, not a cookie, so a forged cross-site
# request would need the token itself. (The pages also send no referrer, which makes browsers send
# "Origin: null", which Django's CSRF check refuses; and some mail readers' browsers block cookies.)
@csrf_exempt
@require_http_methods(["GET", "POST"])
def reminder_link(request: HttpRequest, municipality_slug: str, token: str) -> HttpResponse:
    """GET only shows what the click will do (mail scanners fetch links); the POST acts."""
    data = links.read_token(token)
    if isinstance(data, links.Problem):
        return _problem(request, data)
    reminder = _reminder(request, data)
    if reminder is None:
        return _problem(request, links.Problem.INVALID)
    if reminder.answered_at is not None:
        return _problem(request, links.Problem.USED, reminder)
    form = PauseForm(request.POST or None) if data.action == "pause" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        until = form.cleaned_data["until"] if form is not None else None
        offer = link_answer(reminder=reminder, action=data.action, until=until)
        return render(request, "freshness/link_done.html", {"action": data.action, "offer": offer, "until": until})
    first, last = PauseForm.bounds()
    context = {"action": data.action, "offer": reminder.offer, "form": form, "first": first, "last": last}
    return render(request, "freshness/link.html", context, status=400 if form is not None and form.errors else 200)


def _require_coordinator(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("freshness.view_dashboard", request.municipality):  # type: ignore[attr-defined]
        raise PermissionDenied
    return None


def dashboard(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    refused = _require_coordinator(request)
    if refused is not None:
        return refused
    municipality = request.municipality  # type: ignore[attr-defined]
    if request.method == "POST":
        return _dashboard_action(request, municipality_slug)
    stale = overview(municipality, timezone.now())
    groups = [
        ("faellig", _("Erinnerung fällig"), stale.due),
        ("erinnert", _("Erinnert, noch keine Antwort"), stale.reminded),
        ("ausgeblendet", _("Aus dem Finder genommen"), stale.withdrawn),
    ]
    context: dict[str, Any] = {"overview": stale, "groups": groups}
    return render(request, "freshness/dashboard.html", context)


def _dashboard_action(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    offer: Offer = get_permitted(
        Offer.objects.select_related("organization", "municipality"),
        user=request.user,
        perm="freshness.act_on_offer",
        municipality=request.municipality,  # type: ignore[attr-defined]
        pk=request.POST.get("offer", ""),
    )
    action = request.POST.get("action")
    if action == "confirm":
        offer_confirm_via(actor=request.user, offer=offer, via={"via": "coordinator-dashboard"})
        messages.success(request, _("„%(title)s“ ist als laufend bestätigt.") % {"title": offer.title})
    elif action == "remind":
        if reminder_send(actor=request.user, offer=offer, manual=True) is None:
            messages.error(request, _("Für „%(title)s“ ist keine E-Mail-Adresse bekannt.") % {"title": offer.title})
        else:
            messages.success(request, _("Die Erinnerung zu „%(title)s“ ist verschickt.") % {"title": offer.title})
    else:
        messages.error(request, _("Unbekannte Aktion – nichts geändert."))
    return redirect(reverse("freshness-dashboard", kwargs={"municipality_slug": municipality_slug}))
