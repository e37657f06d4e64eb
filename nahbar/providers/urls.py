"""The provider area: /<slug>/mitmachen/… (login and the provider role required)."""

from django.urls import URLPattern, path

from nahbar.providers import views

urlpatterns: list[URLPattern] = [
    path("mitmachen/", views.dashboard, name="provider-dashboard"),
    path("mitmachen/angebote/neu/", views.offer_new, name="provider-offer-new"),
    path("mitmachen/angebote/<int:offer_id>/", views.offer_edit, name="provider-offer-edit"),
    path("mitmachen/angebote/<int:offer_id>/einreichen/", views.offer_submit, name="provider-offer-submit"),
    path("mitmachen/orte/neu/", views.place_new, name="provider-place-new"),
    path("mitmachen/orte/<int:place_id>/", views.place_edit, name="provider-place-edit"),
]
