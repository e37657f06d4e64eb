"""The public, anonymous online questionnaire: a few pages, plain GET and POST, no JavaScript needed.

Partial answers wait in the Django session (the session cookie is the form's only cookie; CSRF tokens
live in the session too), so a questionnaire can be resumed on the same device and nowhere else. On
submit, one Response is stored (see :mod:`nahbar.survey.collection`) and the partial answers are deleted.
Bot protection without tracking: a honeypot field, a minimum time from the first page to submitting
(the start time lives only in the session), and an in-memory rate limit per hashed address.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_scopes import scopes_disabled

from nahbar.survey import ratelimit
from nahbar.survey.answers import as_form_values, clean_answers
from nahbar.survey.collection import open_wave, response_record
from nahbar.survey.models import Question, Response, Survey, Wave
from nahbar.survey.sections import Section, option_text, question_text, sections, variant
from nahbar.tenancy.access import get_for_municipality

HONEYPOT_FIELD = "website"
CONSENT_FIELD = "einwilligung"


def min_seconds() -> int:
    """Fastest plausible time from the first page to submitting; quicker submissions are refused."""
    return int(getattr(settings, "NAHBAR_SURVEY_MIN_SECONDS", 20))


def session_key(survey: Survey) -> str:
    return f"nahbar.survey.{survey.pk}"


def _state(request: HttpRequest, survey: Survey, wave: Wave) -> dict[str, Any]:
    """This device's partial questionnaire; a fresh one if none or if it belonged to an earlier wave."""
    state = request.session.get(session_key(survey))
    if not isinstance(state, dict) or state.get("wave") != wave.pk:
        # Wall-clock seconds, kept only in the session, to check the time to complete on submit.
        state = {"wave": wave.pk, "started": time.time(), "answers": {}, "consent": False, "easy": False, "step": 1}
    return state


def _save(request: HttpRequest, survey: Survey, state: dict[str, Any]) -> None:
    request.session[session_key(survey)] = state
    request.session.modified = True


def _step(raw: Any, count: int, default: int = 1) -> int:
    try:
        step = int(raw)
    except (TypeError, ValueError):
        step = default
    return min(max(step, 1), count)


def _form_url(request: HttpRequest, survey: Survey, **params: Any) -> str:
    url = reverse("survey-form", kwargs={"municipality_slug": request.municipality.slug, "survey_slug": survey.slug})  # type: ignore[attr-defined]
    return f"{url}?{urlencode(params)}" if params else url


def _question_view(question: Question, chosen: str, values: list[str], error: str | None) -> dict[str, Any]:
    field_id = "q-" + question.key.replace(".", "-").replace("_", "-")
    return {
        "question": question,
        "id": field_id,
        "text": question_text(question, chosen),
        "options": [
            {"code": o["code"], "text": option_text(o, chosen), "checked": str(o["code"]) in values}
            for o in question.options
        ],
        "value": values[0] if values and question.kind in ("text", "number") else "",
        "error": error,
    }


def _language_links(request: HttpRequest, survey: Survey, step: int) -> list[dict[str, str]]:
    """German, English and Leichte Sprache: the UI language by address, the Leichte-Sprache texts by choice."""
    german = translate_url(_form_url(request, survey), "de")
    english = translate_url(_form_url(request, survey), "en")
    links = [("standard", "de", "Deutsch", german), ("en", "en", "English", english)]
    links.append(("leicht", "de", "Leichte Sprache", german))
    return [
        {
            "code": code,
            "lang": lang,
            "label": label,
            "url": f"{base}?{urlencode({'sprache': 'leicht' if code == 'leicht' else 'standard', 'schritt': step})}",
        }
        for code, lang, label, base in links
    ]


def _render_step(
    request: HttpRequest,
    survey: Survey,
    wave: Wave,
    state: dict[str, Any],
    all_sections: list[Section],
    step: int,
    *,
    errors: dict[str, str] | None = None,
    posted: dict[str, list[str]] | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    errors = errors or {}
    chosen = variant(translation.get_language() or "de", bool(state.get("easy")))
    section = all_sections[step - 1]
    answers = state.get("answers", {})
    items = []
    for question in section.questions:
        values = posted.get(question.key, []) if posted is not None else as_form_values(answers.get(question.key))
        items.append(_question_view(question, chosen, values, errors.get(question.key)))
    context = {
        "survey": survey,
        "wave": wave,
        "section": section,
        "items": items,
        "step": step,
        "steps": len(all_sections),
        "is_last": step == len(all_sections) and not section.asks_consent,
        "errors": errors,
        "notice": notice,
        "consent": bool(state.get("consent")),
        "variant": chosen,
        "resumed": step == 1 and bool(answers),
        "language_links": _language_links(request, survey, step),
        "current_variant": "leicht" if chosen == "easy" else ("en" if chosen == "en" else "standard"),
        "honeypot": HONEYPOT_FIELD,
        "consent_field": CONSENT_FIELD,
        "action": _form_url(request, survey),
    }
    return render(request, "survey/form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_form(request: HttpRequest, municipality_slug: str, survey_slug: str) -> HttpResponse:
    survey = get_for_municipality(Survey, request.municipality, slug=survey_slug)  # type: ignore[attr-defined]
    wave = open_wave(survey)
    if wave is None:
        return _not_open(request, survey)
    with scopes_disabled():
        questions = list(survey.questions.all())
    state = _state(request, survey, wave)
    if "sprache" in request.GET:
        state["easy"] = request.GET["sprache"] == "leicht"
    all_sections = sections(questions, consent=bool(state["consent"]))
    if not all_sections:
        return _not_open(request, survey)
    if request.method == "GET":
        step = _step(request.GET.get("schritt"), len(all_sections), default=int(state.get("step", 1)))
        state["step"] = step
        _save(request, survey, state)
        return _render_step(request, survey, wave, state, all_sections, step)
    return _post(request, survey, wave, state, questions, all_sections)


def _post(
    request: HttpRequest,
    survey: Survey,
    wave: Wave,
    state: dict[str, Any],
    questions: list[Question],
    all_sections: list[Section],
) -> HttpResponse:
    action = request.POST.get("aktion", "weiter")
    if action == "verwerfen":
        request.session.pop(session_key(survey), None)
        return HttpResponseRedirect(_form_url(request, survey))
    step = _step(request.POST.get("schritt"), len(all_sections))
    section = all_sections[step - 1]
    if section.asks_consent:
        # "Send without these answers" withdraws consent; "continue" needs the box ticked.
        state["consent"] = action != "absenden" and request.POST.get(CONSENT_FIELD) == "ja"
        # Giving or withdrawing consent adds or removes the page of questions that need it.
        all_sections = sections(questions, consent=state["consent"])
        if action == "weiter" and not state["consent"]:
            _save(request, survey, state)
            notice = translation.gettext(
                "Bitte kreuzen Sie die Einwilligung an, oder senden Sie den Bogen ohne diese Angaben ab."
            )
            return _render_step(request, survey, wave, state, all_sections, step, notice=notice)
    posted = {q.key: request.POST.getlist(q.key) for q in section.questions}
    cleaned = clean_answers(section.questions, posted, consent=state["consent"])
    answers = {k: v for k, v in state["answers"].items() if k not in posted}
    answers.update(cleaned.answers)
    state["answers"] = answers
    if action == "zurueck":
        state["step"] = max(step - 1, 1)
        _save(request, survey, state)
        return HttpResponseRedirect(_form_url(request, survey, schritt=state["step"]))
    state["step"] = step
    _save(request, survey, state)
    if not cleaned.ok:
        return _render_step(request, survey, wave, state, all_sections, step, errors=cleaned.errors, posted=posted)
    if step < len(all_sections):
        state["step"] = step + 1
        _save(request, survey, state)
        return HttpResponseRedirect(_form_url(request, survey, schritt=step + 1))
    return _submit(request, survey, wave, state, questions, all_sections)


def _submit(
    request: HttpRequest,
    survey: Survey,
    wave: Wave,
    state: dict[str, Any],
    questions: list[Question],
    all_sections: list[Section],
) -> HttpResponse:
    last = len(all_sections)
    if request.POST.get(HONEYPOT_FIELD):
        # A bot filled the invisible field: it gets the thank-you page, nothing is stored.
        request.session.pop(session_key(survey), None)
        return HttpResponseRedirect(_thanks_url(request, survey))
    stored = {key: as_form_values(value) for key, value in state["answers"].items()}
    full = clean_answers(questions, stored, consent=state["consent"])
    if not full.ok:
        first = next(i for i, s in enumerate(all_sections, start=1) if any(q.key in full.errors for q in s.questions))
        return _render_step(request, survey, wave, state, all_sections, first, errors=full.errors)
    if time.time() - float(state.get("started", 0)) < min_seconds():
        notice = translation.gettext(
            "Das ging sehr schnell. Bitte prüfen Sie Ihre Antworten und senden Sie den Bogen dann noch einmal ab."
        )
        return _render_step(request, survey, wave, state, all_sections, last, notice=notice, status=429)
    if not ratelimit.submissions.hit(ratelimit.client_address(request)):
        notice = translation.gettext(
            "Von diesem Internetanschluss kamen gerade sehr viele Antworten. Ihre Antworten bleiben auf diesem "
            "Gerät gespeichert: Bitte senden Sie den Bogen in einer Stunde noch einmal ab."
        )
        return _render_step(request, survey, wave, state, all_sections, last, notice=notice, status=429)
    response_record(wave=wave, answers=full.answers, channel=Response.Channel.ONLINE)
    request.session.pop(session_key(survey), None)
    return HttpResponseRedirect(_thanks_url(request, survey))


def _thanks_url(request: HttpRequest, survey: Survey) -> str:
    return reverse("survey-thanks", kwargs={"municipality_slug": request.municipality.slug, "survey_slug": survey.slug})  # type: ignore[attr-defined]


def _not_open(request: HttpRequest, survey: Survey) -> HttpResponse:
    today = timezone.localdate()
    with scopes_disabled():
        upcoming = survey.waves.filter(opens_on__gt=today).order_by("opens_on").first()
        past = survey.waves.filter(closes_on__lt=today).order_by("-closes_on").first()
    return render(request, "survey/not_open.html", {"survey": survey, "upcoming": upcoming, "past": past})


@require_http_methods(["GET"])
def survey_thanks(request: HttpRequest, municipality_slug: str, survey_slug: str) -> HttpResponse:
    survey = get_for_municipality(Survey, request.municipality, slug=survey_slug)  # type: ignore[attr-defined]
    home = reverse("municipality-home", kwargs={"municipality_slug": municipality_slug})
    return render(request, "survey/thanks.html", {"survey": survey, "results_url": f"{home}ergebnisse/"})
