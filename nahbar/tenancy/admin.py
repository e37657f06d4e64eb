from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nahbar.tenancy.admin_base import TenantModelAdmin
from nahbar.tenancy.forms import LoginForm
from nahbar.tenancy.models import AuditEvent, Membership, Municipality

admin.site.site_header = _("nahbar – Verwaltung")
admin.site.site_title = _("nahbar")
admin.site.index_title = _("Übersicht")
admin.site.login_form = LoginForm


@admin.register(Municipality)
class MunicipalityAdmin(TenantModelAdmin):
    list_display = ["name", "slug", "ags", "land", "is_demo"]
    search_fields = ["name", "slug", "ags"]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        from nahbar.tenancy.roles import municipality_ids

        return queryset.filter(pk__in=municipality_ids(request.user))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The slug is printed on paper and in QR codes: only superusers may change it.
        return [] if request.user.is_superuser else ["slug", "ags", "land"]


@admin.register(Membership)
class MembershipAdmin(TenantModelAdmin):
    list_display = ["user", "municipality", "role"]
    list_filter = ["role"]
    # A raw id, not a list: coordinators must not browse the accounts of other municipalities.
    raw_id_fields = ["user"]
    filter_horizontal = ["organizations"]


@admin.register(AuditEvent)
class AuditEventAdmin(TenantModelAdmin):
    list_display = ["created_at", "actor_label", "action", "object_repr", "municipality"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_label", "action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    date_hierarchy = "created_at"
