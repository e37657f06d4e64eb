"""Pending changes to published offers, and the coordinators' comments in the review workflow.

A published offer is never changed by its provider directly: the edit waits here as an
``OfferRevision`` (the proposed values as JSON) while the finder keeps showing the published
version; publishing the revision applies it in one transaction (see services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.directory.models import Offer, Place
from nahbar.tenancy.models import Municipality


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    CHANGES_REQUESTED = "changes_requested", _("Änderungen erbeten")
    PUBLISHED = "published", _("veröffentlicht")


# A revision in one of these states is still open: at most one per offer.
OPEN_STATES = (RevisionState.DRAFT, RevisionState.SUBMITTED, RevisionState.CHANGES_REQUESTED)


class RevisionBase(models.Model):
    """What offer and place revisions share: the proposal, its state, who proposed and who decided."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(_("vorgeschlagene Angaben"), default=dict)
    state = models.CharField(_("Prüfstatus"), max_length=20, choices=RevisionState.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("von")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("geprüft von")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class OfferRevision(RevisionBase):
    """A provider's proposed new version of a published offer.

    ``data``: {"fields": {...}, "m2m": {"formats": [ids], ...}, "schedule": {...} | null}; see proposal.py
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("Angebot"))

    class Meta:
        verbose_name = _("Änderung an einem Angebot")
        verbose_name_plural = _("Änderungen an Angeboten")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer"],
                condition=models.Q(state__in=[s.value for s in OPEN_STATES]),
                name="offerrevision_one_open_per_offer",
            )
        ]
        indexes = [models.Index(fields=["municipality", "state", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.offer}: {self.get_state_display()}"


class PlaceRevision(RevisionBase):
    """A provider's proposed new version of a public place (a third place, or one hosting public offers).

    ``data``: {"fields": {"name": …, "street": …, "opening_hours": [...], …}, "m2m": {"accessibility": [ids]}}
    """

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("Ort"))

    class Meta:
        verbose_name = _("Änderung an einem Ort")
        verbose_name_plural = _("Änderungen an Orten")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                condition=models.Q(state__in=[s.value for s in OPEN_STATES]),
                name="placerevision_one_open_per_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.place}: {self.get_state_display()}"


class ReviewComment(models.Model):
    """What a coordinator asked to change, kept as history (for new offers and for revisions)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="review_comments")
    revision = models.ForeignKey(
        OfferRevision, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    place_revision = models.ForeignKey(
        PlaceRevision, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Prüfkommentar")
        verbose_name_plural = _("Prüfkommentare")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.offer or self.place_revision}: {self.text[:40]}"


class FormToken(models.Model):
    """A new-offer form's one-time token: a double click or a resent form creates the offer only once."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.token
