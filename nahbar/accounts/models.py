"""Invitations and self-registrations: the two ways a provider account comes into a municipality."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.directory.models import Organization
from nahbar.tenancy.models import Membership, Municipality


class Invitation(models.Model):
    """A coordinator asked someone by e-mail to look after offers of some organizations."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    organizations = models.ManyToManyField(Organization, related_name="+", verbose_name=_("Organisationen"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    created_at = models.DateTimeField(_("eingeladen am"), auto_now_add=True)
    # Set once: a used or withdrawn invitation's link no longer works.
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None


class Registration(models.Model):
    """Someone signed up on their own; a coordinator approves or rejects after the e-mail is confirmed."""

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-Mail noch nicht bestätigt")
        PENDING = "pending", _("wartet auf Freigabe")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("abgelehnt")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("Konto")
    )
    name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("E-Mail-Adresse"))
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    new_organization_name = models.CharField(_("neue Organisation"), max_length=200, blank=True)
    new_organization_kind = models.CharField(
        _("Art der neuen Organisation"), max_length=30, choices=Organization.Kind.choices, blank=True
    )
    note = models.TextField(_("Nachricht an die Koordinierungsstelle"), blank=True)
    state = models.CharField(_("Stand"), max_length=20, choices=State.choices, default=State.UNCONFIRMED)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("E-Mail bestätigt am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    reason = models.TextField(_("Begründung"), blank=True)
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Mitgliedschaft")
    )

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Registrierung")
        verbose_name_plural = _("Registrierungen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def organization_label(self) -> str:
        if self.organization_id:
            return str(self.organization)
        return f"{self.new_organization_name} ({_('neu')})"
