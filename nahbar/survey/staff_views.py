"""Typing in paper questionnaires: one compact form per questionnaire, answer codes as digits.

Coordinators and planners of the survey's municipality only. Each saved questionnaire becomes one
Response with channel "paper"; the counter shows how many this wave got today (from the audit log, since
responses themselves carry no time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_scopes import scopes_disabled

from nahbar.survey.answers import clean_answers
from nahbar.survey.collection import response_record
from nahbar.survey.models import Question, Response, Survey, Wave
from nahbar.survey.sections import option_text, sections
from nahbar.tenancy.access import get_for_municipality
from nahbar.tenancy.models import AuditEvent

CONSENT_FIELD = "einwilligung"
DATE_FIELD = "eingegangen"


def _codes_hint(question: Question) -> str:
    prefix = _("mehrere Nummern mit Leerzeichen") + ": " if question.kind == Question.Kind.MULTIPLE else ""
    return prefix + " · ".join(f"{o['code']} = {option_text(o, 'de')}" for o in question.options)


def _entered_today(wave: Wave, user: Any) -> tuple[int, int]:
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    with scopes_disabled():
        events = AuditEvent.objects.filter(
            action="response.paper_entry",
            municipality_id=wave.municipality_id,
            changes__wave=wave.pk,
            created_at__gte=start,
        )
        return events.count(), events.filter(actor=user).count()


def _received_on(raw: str) -> tuple[dt.date | None, str | None]:
    today = timezone.localdate()
    if not raw.strip():
        return today, None
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None, _("Bitte geben Sie das Datum als JJJJ-MM-TT an, zum Beispiel %(day)s.") % {
            "day": today.isoformat()
        }
    if day > today:
        return None, _("Das Eingangsdatum liegt in der Zukunft.")
    return day, None


@login_required
@require_http_methods(["GET", "POST"])
def data_entry(request: HttpRequest, municipality_slug: str, survey_slug: str, wave_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    survey = get_for_municipality(Survey, municipality, slug=survey_slug)
    if not request.user.has_perm("survey.enter_responses", survey):
        raise PermissionDenied
    wave = get_for_municipality(Wave, municipality, survey=survey, slug=wave_slug)
    with scopes_disabled():
        # The paper questionnaire's order and numbering (see paper.py): section by section.
        questions = [q for s in sections(list(survey.questions.all()), consent=True) for q in s.questions]
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    received_raw, consent = "", False
    if request.method == "POST":
        values = {q.key: request.POST.get(q.key, "") for q in questions}
        consent = request.POST.get(CONSENT_FIELD) == "ja"
        received_raw = request.POST.get(DATE_FIELD, "")
        received, date_error = _received_on(received_raw)
        # Paper respondents may skip any question, so nothing is required here; wrong codes are errors.
        cleaned = clean_answers(questions, {k: [v] for k, v in values.items()}, consent=consent, check_required=False)
        errors = dict(cleaned.errors)
        if date_error:
            errors[DATE_FIELD] = date_error
        if not errors and received is not None:
            response_record(
                wave=wave,
                answers=cleaned.answers,
                channel=Response.Channel.PAPER,
                actor=request.user,
                received_on=received,
            )
            # Keep the chosen date for the next form of the same pile.
            query = f"?{DATE_FIELD}={received.isoformat()}&gespeichert=1"
            return HttpResponseRedirect(request.path + query)
    else:
        received_raw = request.GET.get(DATE_FIELD, "")
    today_all, today_mine = _entered_today(wave, request.user)
    rows = [
        {
            "question": q,
            "number": number,
            "id": "e-" + q.key.replace(".", "-").replace("_", "-"),
            "hint": _codes_hint(q) if q.options else "",
            "value": values.get(q.key, ""),
            "error": errors.get(q.key),
        }
        for number, q in enumerate(questions, start=1)
    ]
    context = {
        "survey": survey,
        "wave": wave,
        "rows": rows,
        "errors": errors,
        "error_rows": [r for r in rows if r["error"]],
        "date_error": errors.get(DATE_FIELD),
        "received": received_raw or timezone.localdate().isoformat(),
        "consent": consent,
        "saved": request.method == "GET" and request.GET.get("gespeichert") == "1",
        "today_all": today_all,
        "today_mine": today_mine,
        "paper_total": Response.objects.filter(wave=wave, channel=Response.Channel.PAPER).count(),
        "date_field": DATE_FIELD,
        "consent_field": CONSENT_FIELD,
    }
    return render(request, "survey/data_entry.html", context, status=400 if errors else 200)
