from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.directory.search.index import refresh_offer
from nahbar.directory.services import place_locate_area
from nahbar.directory.spreadsheets.admin import SpreadsheetAdminMixin
from nahbar.tenancy.admin_base import TenantInline, TenantModelAdmin
from nahbar.tenancy.roles import municipality_ids, organization_ids


@admin.register(Term)
class TermAdmin(TenantModelAdmin):
    list_display = ["label_de", "label_en", "code", "vocabulary", "municipality"]
    list_filter = ["vocabulary"]
    search_fields = ["label_de", "label_en", "code"]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = Term.objects.all()
        if request.user.is_superuser:
            return queryset
        return queryset.filter(Q(municipality=None) | Q(municipality__in=municipality_ids(request.user)))


class ProviderLimitedMixin:
    """Providers pick only organizations they act for."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organization" and not request.user.is_superuser:
            coordinator_of = municipality_ids(request.user, "coordinator")
            kwargs["queryset"] = Organization.objects.filter(
                Q(municipality__in=coordinator_of) | Q(pk__in=organization_ids(request.user))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Organization)
class OrganizationAdmin(SpreadsheetAdminMixin, TenantModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Place)
class PlaceAdmin(SpreadsheetAdminMixin, ProviderLimitedMixin, TenantModelAdmin):
    list_display = ["name", "kind", "is_third_place", "area", "municipality"]
    list_filter = ["is_third_place", "kind"]
    search_fields = ["name", "street"]
    readonly_fields = ["area"]
    filter_horizontal = ["accessibility"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        place_locate_area(obj)
        super().save_model(request, obj, form, change)


class ScheduleInline(TenantInline):
    model = Schedule
    fields = [
        "dtstart",
        "start_time",
        "duration_minutes",
        "rrule",
        "rdates",
        "exdates",
        "until",
        "runs_on_holidays",
        "place",
    ]


@admin.register(Offer)
class OfferAdmin(SpreadsheetAdminMixin, ProviderLimitedMixin, TenantModelAdmin):
    list_display = ["title", "organization", "status", "review_state", "assured_at"]
    list_filter = ["status", "review_state"]
    search_fields = ["title", "summary"]
    inlines = [ScheduleInline]
    filter_horizontal = [
        "places",
        "delivery_modes",
        "formats",
        "target_groups",
        "low_threshold",
        "accessibility",
        "languages",
    ]
    list_select_related = ["organization"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # After the many-to-many rows and the schedule inline are saved: the index sees them all.
        refresh_offer(form.instance)
