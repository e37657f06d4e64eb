"""Barrier feedback from the public pages (BITV 2.0 § 7: a feedback mechanism is mandatory)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.tenancy.models import Municipality


class BarrierFeedback(models.Model):
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    page = models.CharField(_("betroffene Seite"), max_length=300, blank=True)
    message = models.TextField(_("Beschreibung der Barriere"))
    contact = models.CharField(_("Kontakt für Rückfragen (freiwillig)"), max_length=200, blank=True)
    created_on = models.DateField(_("eingegangen am"), auto_now_add=True)
    resolved = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        verbose_name = _("Barriere-Meldung")
        verbose_name_plural = _("Barriere-Meldungen")
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        return f"{self.created_on:%d.%m.%Y}: {self.message[:60]}"


class OfferFeedback(models.Model):
    """ "Angaben veraltet?": a visitor's hint that an offer's details are wrong, for the coordinator."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("Angebot")
    )
    message = models.TextField(_("Was stimmt nicht?"))
    contact = models.CharField(_("Kontakt für Rückfragen (freiwillig)"), max_length=200, blank=True)
    # A date only: no exact timestamp that could help identify the sender.
    created_on = models.DateField(_("eingegangen am"), auto_now_add=True)
    resolved = models.BooleanField(_("erledigt"), default=False)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Hinweis zu einem Angebot")
        verbose_name_plural = _("Hinweise zu Angeboten")
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        return f"{self.created_on:%d.%m.%Y}: {self.message[:60]}"
