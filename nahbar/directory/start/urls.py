"""Start page extras and the finder's calendar and map views.

These addresses are printed on paper and in QR codes: keep them stable. The start page itself is
``municipality-home`` in ``nahbar/urls.py``.
"""

from django.urls import URLPattern, path

from nahbar.directory.start import finder_views, views

urlpatterns: list[URLPattern] = [
    path("leichte-sprache/", views.easy_language, name="easy-language-home"),
    path("wochenplan/", views.weekly_plan, name="weekly-plan"),
    path("wochenplan.pdf", views.weekly_plan_pdf, name="weekly-plan-pdf"),
    path("angebote/kalender/", finder_views.finder_calendar, name="finder-calendar"),
    path("angebote/karte/", finder_views.finder_map, name="finder-map"),
]
