"""Surveys, their questions and waves, and the anonymous responses.

A response stores no IP address, user agent, token or time of day: only the day it arrived and the
answers. ``answers`` maps an item key to the answer code (int), a list of codes (multiple choice) or a
text (open questions). Item keys of the instrument catalogue are dotted, e.g. ``ucla.companionship``,
``djg.emptiness``, ``direct.lonely``; the coordinator's own questions use ``own.<slug>``. The
demographics that weighting needs (area, age band, sex, living alone) are also columns, so the
estimator can rake without unpacking JSON.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.areas.models import Area
from nahbar.tenancy.models import Municipality


class Survey(models.Model):
    """A questionnaire of one municipality, asked in one or more waves."""

    class UclaVariant(models.TextChoices):
        THREE_POINT = "ucla3", _("UCLA-3, drei Antwortstufen")
        FIVE_POINT = "ucla3_soep5", _("UCLA-3, fünf Antwortstufen (wie im SOEP)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("Kommune")
    )
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=60)
    title = models.CharField(_("Titel"), max_length=200)
    intro = models.TextField(_("Einleitung"), blank=True)
    ucla_variant = models.CharField(
        _("Variante der UCLA-Skala"), max_length=12, choices=UclaVariant.choices, default=UclaVariant.THREE_POINT
    )

    class CiMethod(models.TextChoices):
        LOGIT = "logit", _("Logit-Intervall")
        BETA = "beta", _("Korn–Graubard")

    # Result settings (docs/survey-results.md): shown with every result.
    ucla_cutoff = models.PositiveSmallIntegerField(
        _("Grenzwert UCLA-3"),
        default=6,
        validators=[MinValueValidator(3), MaxValueValidator(9)],
        help_text=_("Summenwert ab dem jemand als einsam gilt (3–9; üblich: 6)"),
    )
    ci_method = models.CharField(
        _("Vertrauensbereich für Anteile"), max_length=5, choices=CiMethod.choices, default=CiMethod.LOGIT
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Befragung")
        verbose_name_plural = _("Befragungen")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="survey_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(ucla_cutoff__gte=3, ucla_cutoff__lte=9), name="survey_ucla_cutoff_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One item of a survey, taken from the instrument catalogue or written by the coordinator."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("eine Antwort")
        MULTIPLE = "multiple", _("mehrere Antworten")
        TEXT = "text", _("freier Text")
        NUMBER = "number", _("Zahl")
        AREA = "area", _("Wohngebiet")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("Befragung"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    key = models.CharField(_("Schlüssel"), max_length=60, help_text=_("z. B. ucla.companionship oder own.wuensche"))
    instrument = models.CharField(_("Instrument"), max_length=40, blank=True, help_text=_("leer bei eigenen Fragen"))
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    text_de = models.TextField(_("Frage (Deutsch)"))
    text_en = models.TextField(_("Frage (Englisch)"), blank=True)
    text_easy = models.TextField(_("Frage (Leichte Sprache)"), blank=True)
    # [{"code": 1, "de": "…", "en": "…", "easy": "…"}, …] for single and multiple choice.
    options = models.JSONField(_("Antwortmöglichkeiten"), default=list, blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=False)
    needs_consent = models.BooleanField(
        _("nur mit ausdrücklicher Einwilligung"), default=False, help_text=_("für optionale, sensible Angaben")
    )

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="question_unique_key")]

    def __str__(self) -> str:
        return self.key


class Wave(models.Model):
    """One round of a survey with its collection period."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves", verbose_name=_("Befragung"))
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=60)
    name = models.CharField(_("Name"), max_length=200)
    opens_on = models.DateField(_("beginnt am"))
    closes_on = models.DateField(_("endet am"))
    results_published = models.BooleanField(_("Ergebnisse veröffentlicht"), default=False)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Welle")
        verbose_name_plural = _("Wellen")
        ordering = ["survey", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "slug"], name="wave_unique_slug"),
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="wave_period_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """One anonymous questionnaire: the answers and the day, nothing that identifies the person."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("Papier")
        IMPORT = "import", _("Import")

    class Sex(models.TextChoices):
        FEMALE = "f", _("weiblich")
        MALE = "m", _("männlich")
        DIVERSE = "d", _("divers")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses", verbose_name=_("Welle"))
    received_on = models.DateField(_("eingegangen am"))  # the day only, never the time
    channel = models.CharField(_("Weg"), max_length=10, choices=Channel.choices)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Wohngebiet")
    )
    age_band = models.CharField(_("Altersgruppe"), max_length=20, blank=True, help_text=_("wie in den Gebietsdaten"))
    sex = models.CharField(_("Geschlecht"), max_length=1, blank=True, choices=Sex.choices)
    lives_alone = models.BooleanField(_("lebt allein"), null=True, blank=True)
    answers = models.JSONField(_("Antworten"), default=dict)
    # Which import produced the row (so an import can be reported on and undone); empty for form entries.
    import_label = models.CharField(_("Import"), max_length=120, blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Antwortbogen")
        verbose_name_plural = _("Antwortbögen")
        indexes = [models.Index(fields=["wave", "area"])]

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"
