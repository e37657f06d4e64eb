"""Sign-in, account, invitation and registration pages, and the coordinators' account screen.

Included once, before the municipality pages, so /anmelden/ etc. are not read as municipality slugs
(those names are reserved: nahbar.tenancy.models.RESERVED_SLUGS).
"""

from django.urls import URLPattern, path

from nahbar.accounts import views_account, views_auth, views_intern, views_public

urlpatterns: list[URLPattern] = [
    path("anmelden/", views_auth.login_view, name="accounts-login"),
    path("anmelden/code/", views_auth.login_code, name="accounts-login-code"),
    path("abmelden/", views_auth.logout_view, name="accounts-logout"),
    path("konto/", views_account.profile, name="accounts-profile"),
    path("konto/bereiche/", views_auth.start, name="accounts-start"),
    path("einladung/<str:token>/", views_public.invitation, name="accounts-invitation"),
    path("<slug:municipality_slug>/mitmachen/registrieren/", views_public.register, name="accounts-register"),
    path(
        "<slug:municipality_slug>/mitmachen/registrieren/bestaetigen/<str:token>/",
        views_public.register_confirm,
        name="accounts-register-confirm",
    ),
    path("<slug:municipality_slug>/intern/konten/", views_intern.manage, name="accounts-manage"),
    path("<slug:municipality_slug>/intern/konten/einladen/", views_intern.invite, name="accounts-invite"),
    path(
        "<slug:municipality_slug>/intern/konten/anfragen/<int:registration_id>/",
        views_intern.decide,
        name="accounts-decide",
    ),
    path(
        "<slug:municipality_slug>/intern/konten/einladungen/<int:invitation_id>/zurueckziehen/",
        views_intern.withdraw,
        name="accounts-withdraw",
    ),
]
