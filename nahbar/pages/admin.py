from django.contrib import admin

from nahbar.pages.models import BarrierFeedback, OfferFeedback
from nahbar.tenancy.admin_base import TenantModelAdmin


@admin.register(BarrierFeedback)
class BarrierFeedbackAdmin(TenantModelAdmin):
    list_display = ["created_on", "page", "resolved"]
    list_filter = ["resolved"]
    readonly_fields = ["municipality", "page", "message", "contact", "created_on"]


@admin.register(OfferFeedback)
class OfferFeedbackAdmin(TenantModelAdmin):
    list_display = ["created_on", "offer", "resolved"]
    list_filter = ["resolved"]
    list_select_related = ["offer"]
    readonly_fields = ["municipality", "offer", "message", "contact", "created_on"]
