"""Admin: the HSDS import sources of a municipality, and the screen to import from a file or a feed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from nahbar.opendata.import_admin import HsdsImportView
from nahbar.opendata.models import ImportSource
from nahbar.tenancy.admin_base import TenantModelAdmin


@admin.register(ImportSource)
class ImportSourceAdmin(TenantModelAdmin):
    list_display = ["key", "municipality", "record_count", "created_at", "last_imported_at"]
    list_filter = ["municipality"]
    search_fields = ["key"]
    readonly_fields = ["municipality", "key", "created_at", "last_imported_at"]
    change_list_template = "admin/opendata/importsource_change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).annotate(record_total=Count("records"))

    @admin.display(description=_("Datensätze"), ordering="record_total")
    def record_count(self, obj: Any) -> int:
        return int(obj.record_total)

    def get_urls(self) -> list[URLPattern]:
        view = HsdsImportView(self)
        return [
            path("hsds-import/", self.admin_site.admin_view(view.dispatch), name="opendata_importsource_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        context = {"hsds_import_url": reverse("admin:opendata_importsource_import") if _can_import(request) else ""}
        return super().changelist_view(request, {**context, **(extra_context or {})})


def _can_import(request: HttpRequest) -> bool:
    return bool(HsdsImportView.municipalities(request))
