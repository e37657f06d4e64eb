"""The LimeSurvey import screen (included under ``/<municipality_slug>/`` in nahbar/urls.py)."""

from django.urls import URLPattern, path

from nahbar.survey.limesurvey import views

urlpatterns: list[URLPattern] = [
    path("intern/befragungen/import/", views.upload, name="limesurvey-import"),
    path("intern/befragungen/import/zuordnung/", views.mapping, name="limesurvey-import-mapping"),
]
