"""The finder. The address is printed on paper and in QR codes: keep it stable."""

from django.urls import URLPattern, path

from nahbar.directory.finder import views

urlpatterns: list[URLPattern] = [
    path("angebote/", views.finder, name="finder"),
    path("angebote/ort-vorschlaege/", views.location_suggestions, name="finder-location-suggestions"),
]
