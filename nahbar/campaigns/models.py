"""Campaign weeks ("Aktionswoche"), the offers taking part, and the head counts afterwards.

A campaign event is an ordinary ``Offer`` (with its schedules inside the campaign period) linked to the
campaign by a ``CampaignEntry``; it goes through the same review workflow as every offer. Existing
offers are flagged for a campaign the same way. Head counts are anonymous numbers per occurrence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.directory.models import Offer
from nahbar.tenancy.models import Municipality


class Campaign(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("Kommune")
    )
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=60)
    name = models.CharField(_("Name"), max_length=200)
    theme = models.CharField(_("Motto"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    starts_on = models.DateField(_("erster Tag"))
    ends_on = models.DateField(_("letzter Tag"))
    submissions_open_on = models.DateField(_("Einreichung ab"))
    submissions_close_on = models.DateField(_("Einreichung bis"))
    # The coordinator's own questions to providers: [{"key": "…", "label": "…", "required": bool}, …]
    questions = models.JSONField(_("eigene Fragen"), default=list, blank=True)
    report_released_at = models.DateTimeField(
        _("Bericht freigegeben am"), null=True, blank=True, help_text=_("leer = Bericht noch nicht öffentlich")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Aktionswoche")
        verbose_name_plural = _("Aktionswochen")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="campaign_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_period_order"
            ),
            models.CheckConstraint(
                condition=models.Q(submissions_close_on__gte=models.F("submissions_open_on")),
                name="campaign_submission_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignEntry(models.Model):
    """An offer taking part in a campaign, with the provider's answers to the campaign's own questions."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="entries", verbose_name=_("Aktionswoche")
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="campaign_entries", verbose_name=_("Angebot")
    )
    answers = models.JSONField(_("Antworten auf eigene Fragen"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Teilnahme an einer Aktionswoche")
        verbose_name_plural = _("Teilnahmen an Aktionswochen")
        constraints = [models.UniqueConstraint(fields=["campaign", "offer"], name="campaign_entry_unique_offer")]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.offer}"


class Attendance(models.Model):
    """An anonymous head count for one occurrence of an offer (no names, no list of people)."""

    class Source(models.TextChoices):
        PROVIDER_LINK = "link", _("Anbieter über Erinnerungslink")
        PROVIDER = "provider", _("Anbieter angemeldet")
        COORDINATOR = "coordinator", _("Koordinierungsstelle (Strichliste)")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="attendances")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Angebot"))
    starts_at = models.DateTimeField(_("Termin"))
    participants = models.PositiveIntegerField(_("Teilnehmende"))
    first_time = models.PositiveIntegerField(_("davon zum ersten Mal da"), null=True, blank=True)
    age_under_30 = models.PositiveIntegerField(_("unter 30 Jahre"), null=True, blank=True)
    age_30_to_64 = models.PositiveIntegerField(_("30 bis 64 Jahre"), null=True, blank=True)
    age_65_plus = models.PositiveIntegerField(_("65 Jahre und älter"), null=True, blank=True)
    source = models.CharField(_("erfasst von"), max_length=12, choices=Source.choices)
    entered_at = models.DateTimeField(_("erfasst am"), auto_now=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Teilnehmendenzahl")
        verbose_name_plural = _("Teilnehmendenzahlen")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "starts_at"], name="attendance_unique_occurrence"),
            models.CheckConstraint(
                condition=models.Q(participants__lte=10_000), name="attendance_participants_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.starts_at:%Y-%m-%d %H:%M}: {self.participants}"
