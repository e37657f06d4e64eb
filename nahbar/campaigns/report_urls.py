"""Addresses of head counts and the campaign report (included once in nahbar/urls.py under /<slug>/)."""

from django.urls import URLPattern, path

from nahbar.campaigns import attendance_views
from nahbar.campaigns.report import views as report_views

REPORT = "aktionswoche/<slug:campaign_slug>/bericht"
INTERN = "intern/aktionswochen/<slug:campaign_slug>/zahlen/"

urlpatterns: list[URLPattern] = [
    path("mitmachen/teilnahme/<str:token>/", attendance_views.attendance_link, name="attendance-link"),
    path(INTERN, attendance_views.tally, name="campaign-tally"),
    path(INTERN + "strichliste.pdf", attendance_views.tally_sheet_pdf, name="campaign-tally-sheet"),
    path(REPORT + "/", report_views.report, name="campaign-report"),
    path(REPORT + ".pdf", report_views.report_pdf, name="campaign-report-pdf"),
    path(REPORT + ".csv", report_views.report_csv_download, name="campaign-report-csv"),
    path(REPORT + "/freigeben/", report_views.report_release_action, name="campaign-report-release"),
]
