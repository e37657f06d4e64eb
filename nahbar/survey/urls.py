"""Survey addresses under ``/<municipality>/``: the public form and paper questionnaire, and staff data entry.

The public addresses are printed on the paper questionnaire and in QR codes: keep them stable.
"""

from django.urls import URLPattern, path

from nahbar.survey import paper, public_views, staff_views

urlpatterns: list[URLPattern] = [
    path("befragung/<slug:survey_slug>/", public_views.survey_form, name="survey-form"),
    path("befragung/<slug:survey_slug>/danke/", public_views.survey_thanks, name="survey-thanks"),
    path("befragung/<slug:survey_slug>/fragebogen.pdf", paper.questionnaire_pdf, name="survey-paper-pdf"),
    path(
        "intern/befragungen/<slug:survey_slug>/<slug:wave_slug>/erfassen/",
        staff_views.data_entry,
        name="survey-data-entry",
    ),
]
