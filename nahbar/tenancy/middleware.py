"""Open the django-scopes tenant scope for every request.

* ``/<municipality-slug>/…`` (also under ``/en/``): the scope is that municipality;
  an unknown slug is a 404 before any view runs.
* ``/api/…/<municipality-slug>/…``: the same; an unknown slug is a 404 problem+json body (RFC 9457),
  since API clients expect JSON, not the site's HTML error page.
* ``/admin/…``: superusers see everything; other staff see the municipalities
  they hold a role in (an empty list means they see nothing).
* everything else runs without a tenant scope, so a tenant-owned query raises
  ScopeError instead of silently reading across municipalities.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from nahbar.tenancy.models import Municipality
from nahbar.tenancy.roles import municipality_ids


class TenantScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("municipality_slug")
        if slug is not None:
            municipality = _municipality(slug)
            if municipality is None:
                if request.path_info.startswith("/api/"):
                    return _unknown_municipality_problem(request)
                raise Http404("unknown municipality") from None
            request.municipality = municipality  # type: ignore[attr-defined]
            with scope(municipality=municipality):
                return self.get_response(request)
        if match.namespace == "admin":
            return self._admin(request)
        return self.get_response(request)

    def _admin(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_active and user.is_superuser:
            with scopes_disabled():
                return self.get_response(request)
        with scope(municipality=municipality_ids(user)):
            return self.get_response(request)


def _municipality(slug: str) -> Municipality | None:
    """The municipality of a tenant address. A raw statement (with the ORM's type conversions): compiling
    ``objects.get(slug=…)`` cost more than running it, on every public page (docs/performance.md)."""
    table = Municipality._meta.db_table
    found = Municipality.objects.raw(f"SELECT * FROM {table} WHERE slug = %s", [slug])  # noqa: S608 - table name only; the slug is bound
    return next(iter(found), None)


def _unknown_municipality_problem(request: HttpRequest) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": _("Nicht gefunden"),
        "status": 404,
        "detail": _("Diese Kommune gibt es hier nicht."),
        "instance": request.path,
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=404, content_type="application/problem+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
