"""Campaign weeks: public programme pages and the providers' submission page.

The public addresses are printed in the programme booklet and in QR codes: keep them stable.
"""

from django.urls import URLPattern, path

from nahbar.campaigns import public_views, submission_views

CAMPAIGN = "aktionswoche/<slug:campaign_slug>/"

urlpatterns: list[URLPattern] = [
    path("aktionswoche/", public_views.campaign_index, name="campaign-index"),
    path(CAMPAIGN, public_views.campaign_programme, name="campaign-programme"),
    path(CAMPAIGN + "programm.ics", public_views.programme_ics, name="campaign-ics"),
    path(CAMPAIGN + "programmheft.pdf", public_views.booklet_pdf, name="campaign-booklet"),
    path("mitmachen/" + CAMPAIGN, submission_views.campaign_submit, name="campaign-submit"),
]
