"""Coordinators set up campaign weeks in the Django admin (scoped and audited like every tenant model)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.campaigns.periods import validate_period
from nahbar.campaigns.questions import QuestionsField
from nahbar.tenancy.admin_base import SameMunicipalityFormMixin, TenantInline, TenantModelAdmin


class CampaignAdminForm(SameMunicipalityFormMixin):
    questions = QuestionsField(
        label=Campaign._meta.get_field("questions").verbose_name,
        required=False,
        help_text=Campaign._meta.get_field("questions").help_text,
    )

    class Meta:
        model = Campaign
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            validate_period(
                starts_on=cleaned.get("starts_on"),
                ends_on=cleaned.get("ends_on"),
                opens_on=cleaned.get("submissions_open_on"),
                closes_on=cleaned.get("submissions_close_on"),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned


class CampaignEntryInline(TenantInline):
    model = CampaignEntry
    fields = ("offer", "answers", "submitted_by", "created_at")
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Entries come from the providers' submission form (or the demo), with their answers.
        return False


@admin.register(Campaign)
class CampaignAdmin(TenantModelAdmin):
    form = CampaignAdminForm
    list_display = ["name", "starts_on", "ends_on", "submissions_open_on", "submissions_close_on", "municipality"]
    search_fields = ["name", "theme"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CampaignEntryInline]
    fields = [
        "municipality",
        "name",
        "slug",
        "theme",
        "description",
        ("starts_on", "ends_on"),
        ("submissions_open_on", "submissions_close_on"),
        "questions",
        "report_released_at",
    ]
