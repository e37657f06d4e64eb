"""The tenant (Municipality), role memberships and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.tenancy.lands import LAND_CHOICES

# Path segments the site itself uses; a municipality with such a slug could never be reached.
# The sign-in and account pages (nahbar.accounts) sit at the top level, too.
RESERVED_SLUGS = frozenset(
    {"admin", "api", "en", "de", "static", "media", "barrierefreiheit", "i18n", "anmelden", "abmelden", "konto"}
    | {"einladung"}
)


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("„%(slug)s“ ist für die Seite selbst reserviert.") % {"slug": value})


ags_validator = RegexValidator(r"^\d{8}$", _("Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern."))


class Municipality(models.Model):
    """One administration (city, district, state office): the tenant of every other record."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(
        _("Kurzname in Adressen"),
        max_length=60,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_(
            "Erscheint in jeder Adresse, z. B. /dresden/. Später nicht mehr ändern: Adressen stehen auf Papier."
        ),
    )
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel (AGS)"), max_length=8, validators=[ags_validator])
    land = models.CharField(_("Bundesland"), max_length=2, choices=LAND_CHOICES)
    is_demo = models.BooleanField(
        _("Demo-Kommune"), default=False, help_text=_("Alle Daten sind erfunden; die Seiten zeigen einen Hinweis.")
    )
    data_attribution = models.TextField(
        _("Quellenangabe der Gebietsdaten"), blank=True, help_text=_("Wird auf den öffentlichen Seiten angezeigt.")
    )
    freshness_months = models.PositiveSmallIntegerField(
        _("Monate bis zur Nachfrage „Läuft Ihr Angebot noch?“"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "Nach so vielen Monaten ohne Bestätigung bekommen Anbieter eine Erinnerung und das Angebot gilt als "
            "„möglicherweise nicht mehr aktuell“; drei Monate später verschwindet es aus der Suche."
        ),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> Municipality:
        # Lets permission predicates treat a municipality like any tenant-owned object.
        return self


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinierungsstelle")
    PLANNER = "planner", _("Sozialplanung")
    OUTREACH = "outreach", _("Lotsin/Lotse")
    PROVIDER = "provider", _("Anbieter")
    VIEWER = "viewer", _("Lesezugriff")


class Membership(models.Model):
    """A user's role in one municipality. Providers are bound to the organizations they act for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Konto")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Kommune")
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    organizations = models.ManyToManyField(
        "directory.Organization",
        blank=True,
        related_name="memberships",
        verbose_name=_("Organisationen"),
        help_text=_("Nur für Anbieter: für welche Organisationen dieses Konto Angebote pflegt."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"


class AuditEvent(models.Model):
    """Who changed what, when. Written by service functions, never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handelnde Person"),
    )
    # Kept as text so the log still says who acted after an account is deleted.
    actor_label = models.CharField(_("handelnd"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    action = models.CharField(_("Aktion"), max_length=60)
    object_type = models.CharField(_("Objekttyp"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("Objekt"), max_length=300, blank=True)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_repr}"
