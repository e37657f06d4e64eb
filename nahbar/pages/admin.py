from django.contrib import admin

from nahbar.pages.models import BarrierFeedback
from nahbar.tenancy.admin_base import TenantModelAdmin


@admin.register(BarrierFeedback)
class BarrierFeedbackAdmin(TenantModelAdmin):
    list_display = ["created_on", "page", "resolved"]
    list_filter = ["resolved"]
    readonly_fields = ["municipality", "page", "message", "contact", "created_on"]
