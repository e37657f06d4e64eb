"""Districts of a municipality (a tree by level) and their structural statistics."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.tenancy.models import Municipality

# A district's GeoJSON outline can be hundreds of kilobytes: pages that only show an area's name defer these
# (loading and JSON-decoding them per place made a campaign programme cost 0.7 s of CPU).
HEAVY_FIELDS = ("geometry", "bbox")


class Area(models.Model):
    """A district at some level, e.g. Stadtbezirk → Stadtteil → statistischer Bezirk.

    The geometry is GeoJSON (RFC 7946, WGS84) as stored after validation and
    repair; ``repair_note`` says what was repaired on import.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="areas", verbose_name=_("Kommune")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("übergeordnetes Gebiet"),
    )
    level = models.CharField(
        _("Ebene"), max_length=60, help_text=_("z. B. Stadtbezirk, Stadtteil, statistischer Bezirk")
    )
    level_rank = models.PositiveSmallIntegerField(
        _("Rang der Ebene"), default=1, help_text=_("1 = gröbste Ebene; feinere Ebenen haben höhere Zahlen.")
    )
    code = models.CharField(_("Kennziffer"), max_length=40)
    name = models.CharField(_("Name"), max_length=200)
    geometry = models.JSONField(_("Geometrie (GeoJSON)"), null=True, blank=True)
    centroid_lat = models.FloatField(_("Mittelpunkt Breite"), null=True, blank=True)
    centroid_lon = models.FloatField(_("Mittelpunkt Länge"), null=True, blank=True)
    bbox = models.JSONField(
        _("Umgebendes Rechteck"), null=True, blank=True, help_text=_("[west, süd, ost, nord] in WGS84")
    )
    repair_note = models.TextField(_("Hinweis zur Reparatur der Geometrie"), blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")
        ordering = ["level_rank", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "level", "code"], name="area_unique_code_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.level})"


class AreaStatistic(models.Model):
    """One figure for one area and year, e.g. population aged 65–79, female, 2024.

    ``age_band`` and ``sex`` are empty for totals and for indicators without
    these breakdowns (e.g. the share of single-person households).
    """

    class Sex(models.TextChoices):
        TOTAL = "", _("insgesamt")
        FEMALE = "f", _("weiblich")
        MALE = "m", _("männlich")
        DIVERSE = "d", _("divers")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statistics", verbose_name=_("Gebiet"))
    indicator = models.CharField(
        _("Indikator"), max_length=80, help_text=_("z. B. population, single_households_share")
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    age_band = models.CharField(_("Altersgruppe"), max_length=20, blank=True, help_text=_("z. B. 65-79 oder 80+"))
    sex = models.CharField(_("Geschlecht"), max_length=1, blank=True, choices=Sex.choices)
    value = models.FloatField(_("Wert"))
    source = models.CharField(_("Quelle"), max_length=300, blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Strukturdaten-Wert")
        verbose_name_plural = _("Strukturdaten")
        ordering = ["area", "indicator", "year", "age_band", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "indicator", "year", "age_band", "sex"], name="areastatistic_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        parts = [self.indicator, str(self.year), self.age_band, self.sex]
        return f"{self.area.name}: {' '.join(p for p in parts if p)} = {self.value:g}"


class Address(models.Model):
    """One entry of the municipality's offline address list (gazetteer): street, house number, point.

    Used to turn "Hauptstraße 5" typed into the finder into a point without any external geocoder.
    ``street_key`` and ``number_key`` are the folded forms that typed text is compared with
    (see :mod:`nahbar.areas.addresses`); they are set on import.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Gebiet")
    )
    street = models.CharField(_("Straße"), max_length=200)
    house_number = models.CharField(_("Hausnummer"), max_length=20)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    locality = models.CharField(_("Ort oder Ortsteil"), max_length=100, blank=True)
    latitude = models.FloatField(_("Breitengrad"))
    longitude = models.FloatField(_("Längengrad"))
    street_key = models.CharField(_("Suchschlüssel der Straße"), max_length=200, editable=False)
    number_key = models.CharField(_("Suchschlüssel der Hausnummer"), max_length=20, editable=False)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Adresse")
        verbose_name_plural = _("Adressen")
        ordering = ["street_key", "number_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "street_key", "number_key", "postcode"], name="address_unique_per_municipality"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "street_key", "number_key"], name="address_lookup")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Hauptstraße 5, 12345 Heimstadt" — also what the finder's field resolves back to this address."""
        place = " ".join(p for p in (self.postcode, self.locality) if p)
        return f"{self.street} {self.house_number}" + (f", {place}" if place else "")
