"""Feeds. Any finder address has a twin with the same query parameters: ``angebote/?…`` → ``angebote.ics?…``.

These addresses end up in calendar subscriptions and other sites' maps: keep them stable.
"""

from django.urls import URLPattern, path

from nahbar.directory.feeds import views

urlpatterns: list[URLPattern] = [
    path("angebote.ics", views.finder_ics, name="finder-ics"),
    path("angebote.geojson", views.finder_geojson, name="finder-geojson"),
    path("orte.geojson", views.places_geojson, name="places-geojson"),
]
