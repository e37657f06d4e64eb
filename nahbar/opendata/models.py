"""What HSDS imports remember: which local row came from which record of which source.

Re-importing the same source updates those rows instead of creating duplicates; the checksum of the
record as last imported tells "unchanged" from "changed" without comparing every field.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.tenancy.models import Municipality


class ImportSource(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    key = models.CharField(
        _("Quelle"), max_length=300, help_text=_("Adresse des Feeds oder Name der Datei, wie beim Import angegeben")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_imported_at = models.DateTimeField(_("zuletzt importiert"), null=True, blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Importquelle")
        verbose_name_plural = _("Importquellen")
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="import_source_unique_key")]

    def __str__(self) -> str:
        return self.key


class ImportedRecord(models.Model):
    class Type(models.TextChoices):
        ORGANIZATION = "organization", _("Organisation")
        LOCATION = "location", _("Ort")
        SERVICE = "service", _("Angebot")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="records", verbose_name=_("Quelle"))
    hsds_type = models.CharField(_("HSDS-Typ"), max_length=20, choices=Type.choices)
    hsds_id = models.CharField(_("HSDS-ID"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"))
    checksum = models.CharField(_("Prüfsumme"), max_length=64)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("importierter Datensatz")
        verbose_name_plural = _("importierte Datensätze")
        constraints = [
            models.UniqueConstraint(fields=["source", "hsds_type", "hsds_id"], name="imported_record_unique_id")
        ]

    def __str__(self) -> str:
        return f"{self.hsds_type} {self.hsds_id}"
