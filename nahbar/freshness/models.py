"""The log of freshness reminders: who was asked when, and what they answered through the link."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.directory.models import Offer
from nahbar.tenancy.models import Municipality


class Reminder(models.Model):
    """One "still running?" e-mail about one offer.

    ``basis`` is the confirmation the reminder is about (``assured_at``, or the creation time): the
    scheduled run sends one reminder per offer and basis, so a cycle never mails anybody twice. A
    coordinator may send another one by hand (``manual``).
    """

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("läuft weiter")
        PAUSED = "paused", _("pausiert")
        ENDED = "ended", _("beendet")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="freshness_reminders")
    basis = models.DateTimeField(_("Stand der Bestätigung"))
    manual = models.BooleanField(_("von Hand erneut gesendet"), default=False)
    recipients = models.JSONField(_("Empfänger"), default=list)
    sent_at = models.DateTimeField(_("gesendet am"), auto_now_add=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answer = models.CharField(_("Antwort"), max_length=10, choices=Answer.choices, blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Aktualitäts-Erinnerung")
        verbose_name_plural = _("Aktualitäts-Erinnerungen")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "basis"], condition=models.Q(manual=False), name="freshness_one_reminder_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} @ {self.sent_at:%Y-%m-%d}"
