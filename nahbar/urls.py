from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from nahbar.directory.start import views as start_views
from nahbar.opendata.api import api as hsds_api
from nahbar.pages import views as page_views

# Public addresses are printed on paper and in QR codes: keep them stable.
urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    path("", page_views.home, name="home"),
    path("barrierefreiheit/", page_views.accessibility, name="accessibility"),
    path("", include("nahbar.accounts.urls")),
    path("<slug:municipality_slug>/", start_views.start_page, name="municipality-home"),
    path("<slug:municipality_slug>/", include("nahbar.directory.start.urls")),
    path("<slug:municipality_slug>/", include("nahbar.directory.finder.urls")),
    path("<slug:municipality_slug>/", include("nahbar.directory.offer_pages.urls")),
    path("<slug:municipality_slug>/", include("nahbar.directory.feeds.urls")),
    path("<slug:municipality_slug>/", include("nahbar.campaigns.report_urls")),
    path("<slug:municipality_slug>/", include("nahbar.freshness.urls")),
    path("<slug:municipality_slug>/", include("nahbar.survey.urls")),
    path("<slug:municipality_slug>/", include("nahbar.survey.limesurvey.urls")),
    path("<slug:municipality_slug>/", include("nahbar.providers.urls")),
    path("<slug:municipality_slug>/", include("nahbar.providers.review_urls")),
    path("<slug:municipality_slug>/", include("nahbar.campaigns.urls")),
    path("<slug:municipality_slug>/", include("nahbar.survey.results.urls")),
    prefix_default_language=False,
)
# Machine-readable: outside i18n_patterns, so the address never carries a language prefix.
urlpatterns += [path("api/hsds/<slug:municipality_slug>/", hsds_api.urls)]
