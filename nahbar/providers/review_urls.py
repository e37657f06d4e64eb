"""The coordinators' review queue: /<slug>/intern/pruefen/… (login and the coordinator role required)."""

from django.urls import URLPattern, path

from nahbar.providers import review_views

urlpatterns: list[URLPattern] = [
    path("intern/pruefen/", review_views.queue, name="review-queue"),
    path("intern/pruefen/angebote/<int:offer_id>/", review_views.review_offer, name="review-offer"),
    path("intern/pruefen/aenderungen/<int:revision_id>/", review_views.review_revision, name="review-revision"),
    path("intern/pruefen/orte/<int:revision_id>/", review_views.review_place, name="review-place"),
]
