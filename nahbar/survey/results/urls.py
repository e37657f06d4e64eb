"""Survey results (public) and the planner's microdata download. Public addresses end up in print: keep them."""

from django.urls import URLPattern, path

from nahbar.survey.results import views

WAVE = "ergebnisse/<slug:survey_slug>/<slug:wave_slug>/"

urlpatterns: list[URLPattern] = [
    path("ergebnisse/", views.results_index, name="survey-results-index"),
    path(WAVE, views.wave_page, name="survey-results"),
    path(WAVE + "bericht.pdf", views.wave_pdf, name="survey-results-pdf"),
    path(WAVE + "ergebnisse.csv", views.wave_csv, name="survey-results-csv"),
    path(WAVE + "ergebnisse.json", views.wave_json, name="survey-results-json"),
    path(WAVE + "karte.geojson", views.wave_map, name="survey-results-map"),
    path(
        "intern/befragungen/<slug:survey_slug>/<slug:wave_slug>/mikrodaten.csv",
        views.microdata,
        name="survey-microdata",
    ),
]
