"""Public result pages of published waves, their PDF, CSV and map data, and the planner's microdata download."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from nahbar.directory.start.printing import render_pdf
from nahbar.survey.models import Survey, Wave
from nahbar.survey.results import services
from nahbar.survey.results.chart import MapShape, choropleth_svg
from nahbar.survey.results.context import MapArea, area_codes, results_context
from nahbar.survey.results.display import GroupLabels
from nahbar.survey.results.exports import aggregate_rows, aggregates_csv, aggregates_json
from nahbar.survey.results.selectors import wave_results
from nahbar.tenancy.access import get_for_municipality
from nahbar.tenancy.predicates import is_planner

OUTCOME_PARAM = "merkmal"


def _published_wave(request: HttpRequest, survey_slug: str, wave_slug: str) -> Wave:
    municipality = request.municipality  # type: ignore[attr-defined]
    waves = Wave.objects.select_related("survey", "municipality").filter(results_published=True)
    return get_for_municipality(waves, municipality, survey__slug=survey_slug, slug=wave_slug)


def results_index(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    waves = (
        Wave.objects.filter(municipality=municipality, results_published=True)
        .select_related("survey")
        .order_by("survey__title", "-opens_on")
    )
    surveys: dict[int, dict[str, Any]] = {}
    for wave in waves:
        surveys.setdefault(wave.survey_id, {"survey": wave.survey, "waves": []})["waves"].append(wave)
    return render(request, "survey/results/index.html", {"surveys": list(surveys.values())})


def _context(request: HttpRequest, survey_slug: str, wave_slug: str) -> dict[str, Any]:
    wave = _published_wave(request, survey_slug, wave_slug)
    results = wave_results(wave)
    return results_context(wave.survey, wave, results, request.GET.get(OUTCOME_PARAM))


def wave_page(request: HttpRequest, municipality_slug: str, survey_slug: str, wave_slug: str) -> HttpResponse:
    context = _context(request, survey_slug, wave_slug)
    wave = context["wave"]
    query = f"?{OUTCOME_PARAM}={context['outcome'].key}" if context.get("outcome") else ""
    context["map_url"] = (
        reverse(
            "survey-results-map",
            kwargs={"municipality_slug": municipality_slug, "survey_slug": wave.survey.slug, "wave_slug": wave.slug},
        )
        + query
    )
    context["tile_attribution"] = settings.NAHBAR_TILE_ATTRIBUTION
    return render(request, "survey/results/wave.html", context)


def wave_pdf(request: HttpRequest, municipality_slug: str, survey_slug: str, wave_slug: str) -> HttpResponse:
    context = _context(request, survey_slug, wave_slug)
    if context.get("areas"):
        context["map_svg"] = _static_map(request.municipality, context)  # type: ignore[attr-defined]
    html = render_to_string("survey/results/report.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ergebnisse-{survey_slug}-{wave_slug}.pdf"'
    return response


def wave_csv(request: HttpRequest, municipality_slug: str, survey_slug: str, wave_slug: str) -> HttpResponse:
    wave = _published_wave(request, survey_slug, wave_slug)
    results = wave_results(wave)
    labels = GroupLabels(wave.survey, area_codes(results))
    rows = aggregate_rows(wave, results, labels)
    response = HttpResponse(aggregates_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ergebnisse-{survey_slug}-{wave_slug}.csv"'
    return response


def wave_json(request: HttpRequest, municipality_slug: str, survey_slug: str, wave_slug: str) -> HttpResponse:
    """The aggregates as JSON: the same rows as the CSV, ``null`` where a value is not published."""
    wave = _published_wave(request, survey_slug, wave_slug)
    results = wave_results(wave)
    rows = aggregate_rows(wave, results, GroupLabels(wave.survey, area_codes(results)))
    response = JsonResponse(aggregates_json(wave, results, rows), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public aggregates, for other sites' dashboards
    return response


def wave_map(request: HttpRequest, municipality_slug: str, survey_slug: str, wave_slug: str) -> HttpResponse:
    """The areas' shapes with the published value and colour class of the page's outcome (GeoJSON)."""
    context = _context(request, survey_slug, wave_slug)
    features = _map_features(context.get("areas", []))
    geometries = services.area_geometries(request.municipality, [f["code"] for f in features])  # type: ignore[attr-defined]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": geometries[f["code"]], "properties": f}
            for f in features
            if geometries.get(f["code"])
        ],
    }
    return JsonResponse(collection, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})


def _static_map(municipality: Any, context: dict[str, Any]) -> Any:
    """The choropleth as an SVG for the PDF (the page's map needs JavaScript and tiles)."""
    areas: list[MapArea] = context["areas"]
    geometries = services.area_geometries(municipality, [area.code for area in areas])
    shapes = [
        MapShape(geometries[area.code], area.colour_class, area.cell.text if area.colour_class is not None and area.cell
                 else "–")
        for area in areas
        if geometries.get(area.code)
    ]  # fmt: skip
    if not shapes:
        return None
    return choropleth_svg(
        shapes,
        title=_("Karte: %(outcome)s nach Gebiet") % {"outcome": context["outcome"].label()},
        description=_("Die Tabelle daneben nennt dieselben Werte; schraffierte Gebiete sind nicht ausgewiesen."),
    )


def _map_features(areas: list[MapArea]) -> list[dict[str, Any]]:
    return [
        {
            "code": area.code,
            "name": area.name,
            "value": area.cell.text if area.cell and area.cell.published else "",
            "ci": area.cell.ci_text if area.cell and area.cell.published else "",
            "class": area.colour_class,
            "note": "" if area.colour_class is not None else area.reason,
        }
        for area in areas
    ]


def microdata(request: HttpRequest, municipality_slug: str, survey_slug: str, wave_slug: str) -> HttpResponse:
    """The raw responses of a wave, for the planner role only; every download is in the audit log."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipality = request.municipality  # type: ignore[attr-defined]
    survey = get_for_municipality(Survey, municipality, slug=survey_slug)
    wave: Wave = get_for_municipality(
        Wave.objects.select_related("survey"), municipality, survey=survey, slug=wave_slug
    )
    # The rule itself, not user.has_perm: a superuser account gets microdata only with a planner membership.
    if not is_planner(request.user, wave):
        raise PermissionDenied(_("Nur die Rolle Planung darf Mikrodaten herunterladen."))
    content = services.microdata_download(actor=request.user, wave=wave)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mikrodaten-{survey_slug}-{wave_slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
