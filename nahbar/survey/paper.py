"""The printable questionnaire (PDF): large print, a box and the answer code beside every option.

The codes are the ones the data-entry screen expects, so typing in a returned form is digits and Tab.
Rendered like the weekly plan (nahbar.directory.start.printing): self-contained HTML, no network.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods
from django_scopes import scopes_disabled

from nahbar.directory.start.printing import qr_svg, render_pdf, short_url
from nahbar.survey.models import Survey
from nahbar.survey.sections import option_text, question_text, sections, variant
from nahbar.tenancy.access import get_for_municipality


def questionnaire_context(request: HttpRequest, survey: Survey) -> dict[str, object]:
    chosen = variant(translation.get_language() or "de", request.GET.get("sprache") == "leicht")
    with scopes_disabled():
        questions = list(survey.questions.all())
    numbered = []
    number = 0
    for section in sections(questions, consent=True):
        rows = []
        for question in section.questions:
            number += 1
            rows.append(
                {
                    "number": number,
                    "question": question,
                    "text": question_text(question, chosen),
                    "options": [{"code": o["code"], "text": option_text(o, chosen)} for o in question.options],
                }
            )
        if rows:
            numbered.append({"section": section, "rows": rows})
    form_url = request.build_absolute_uri(
        reverse("survey-form", kwargs={"municipality_slug": survey.municipality.slug, "survey_slug": survey.slug})
    )
    return {
        "survey": survey,
        "sections": numbered,
        "qr": qr_svg(form_url),
        "form_url": short_url(form_url),
        "variant": chosen,
    }


#: Rendering takes seconds of CPU (bench/survey_collection.py) on a public address: keep the result.
PDF_CACHE_SECONDS = 24 * 3600


def cached_pdf(html: str) -> bytes:
    """The PDF of ``html``, rendered once per distinct document (any change to a text makes a new key)."""
    key = "survey-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return bytes(pdf)


@require_http_methods(["GET"])
def questionnaire_pdf(request: HttpRequest, municipality_slug: str, survey_slug: str) -> HttpResponse:
    survey = get_for_municipality(Survey, request.municipality, slug=survey_slug)  # type: ignore[attr-defined]
    html = render_to_string("survey/paper.html", questionnaire_context(request, survey), request=request)
    response = HttpResponse(cached_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fragebogen-{municipality_slug}-{survey.slug}.pdf"'
    return response
