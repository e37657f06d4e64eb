from django.urls import path

from nahbar.freshness import views

urlpatterns = [
    path("mitmachen/noch-aktuell/<str:token>/", views.reminder_link, name="freshness-link"),
    path("intern/aktualitaet/", views.dashboard, name="freshness-dashboard"),
]
