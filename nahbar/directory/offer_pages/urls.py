"""Offer and place pages. These addresses are printed on paper and in QR codes: keep them stable."""

from django.urls import URLPattern, path, re_path

from nahbar.directory.offer_pages import views

OFFER = r"^angebote/(?P<offer_id>[0-9]+)"

urlpatterns: list[URLPattern] = [
    # One name for both forms: reverse() with readable_slug gives the canonical address.
    re_path(
        OFFER + r"(?:-(?P<readable_slug>[^/]*))?/$",
        views.offer_detail,
        name="offer-detail",
    ),
    path("angebote/<int:offer_id>/kalender.ics", views.offer_ics, name="offer-ics"),
    re_path(
        OFFER + r"/termin/(?P<start>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{4})\.ics$",
        views.occurrence_ics,
        name="offer-occurrence-ics",
    ),
    path("angebote/<int:offer_id>/drucken/", views.offer_print, name="offer-print"),
    path("angebote/<int:offer_id>/hinweis/", views.offer_feedback, name="offer-feedback"),
    path("orte/<int:place_id>/", views.place_detail, name="place-detail"),
]
