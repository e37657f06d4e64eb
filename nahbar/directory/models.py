"""Organizations, places, offers, their schedules and the shared vocabularies."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from nahbar.areas.models import Area
from nahbar.directory.recurrence import ScheduleSpec
from nahbar.tenancy.models import Municipality


class Vocabulary(models.TextChoices):
    FORMAT = "format", _("Format")
    TARGET_GROUP = "target_group", _("Zielgruppe")
    LOW_THRESHOLD = "low_threshold", _("Niedrigschwelligkeit")
    ACCESSIBILITY = "accessibility", _("Barrierefreiheit")
    DELIVERY_MODE = "delivery_mode", _("Angebotsform")
    LANGUAGE = "language", _("Sprache")


class Term(models.Model):
    """A vocabulary term with a stable code, so exports stay stable when labels change.

    Terms without a municipality are the seeded, shared vocabulary; a
    coordinator may add terms for their own municipality.
    """

    vocabulary = models.CharField(_("Vokabular"), max_length=20, choices=Vocabulary.choices)
    code = models.SlugField(_("Code"), max_length=60)
    label_de = models.CharField(_("Bezeichnung (Deutsch)"), max_length=120)
    label_en = models.CharField(_("Bezeichnung (Englisch)"), max_length=120)
    definition_de = models.CharField(_("Erläuterung (Deutsch)"), max_length=300, blank=True)
    definition_en = models.CharField(_("Erläuterung (Englisch)"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("nur für Kommune"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Begriff")
        verbose_name_plural = _("Begriffe")
        ordering = ["vocabulary", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "code"], condition=models.Q(municipality=None), name="term_unique_global_code"
            ),
            models.UniqueConstraint(fields=["vocabulary", "code", "municipality"], name="term_unique_local_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "de").startswith("en") else self.label_de

    @property
    def definition(self) -> str:
        return self.definition_en if (get_language() or "de").startswith("en") else self.definition_de


def _vocab(vocabulary: Vocabulary) -> dict[str, str]:
    return {"vocabulary": vocabulary.value}


class Organization(models.Model):
    """A provider: club, parish, welfare association, neighbourhood house, initiative."""

    class Kind(models.TextChoices):
        CLUB = "club", _("Verein")
        INITIATIVE = "initiative", _("Initiative")
        WELFARE = "welfare", _("Wohlfahrtsverband")
        PARISH = "parish", _("Kirchgemeinde")
        NEIGHBOURHOOD_HOUSE = "neighbourhood_house", _("Stadtteilhaus / Begegnungsstätte")
        PUBLIC = "public", _("öffentliche Einrichtung")
        OTHER = "other", _("andere")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="organizations", verbose_name=_("Kommune")
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.CLUB)
    description = models.TextField(_("Beschreibung"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Webseite"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A physical location. Third places are listed even without a scheduled offer."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD_HOUSE = "neighbourhood_house", _("Stadtteilhaus / Nachbarschaftstreff")
        MEETING_CENTRE = "meeting_centre", _("Begegnungsstätte")
        LIBRARY = "library", _("Bibliothek")
        CHURCH = "church", _("Gemeindehaus / Kirche")
        CAFE = "cafe", _("Café")
        CLUB_HOUSE = "club_house", _("Vereinsheim")
        OUTDOOR = "outdoor", _("Park / draußen")
        PUBLIC_BUILDING = "public_building", _("öffentliches Gebäude")
        OTHER = "other", _("anderer Ort")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="places", verbose_name=_("Kommune")
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
        verbose_name=_("verantwortliche Organisation"),
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art des Ortes"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    is_third_place = models.BooleanField(
        _("Dritter Ort"),
        default=False,
        help_text=_("Konsumfreier Ort, an dem alle ohne Anmeldung und ohne etwas zu kaufen bleiben dürfen."),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(pgettext_lazy("postal address", "Ort"), max_length=100, blank=True)
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
        verbose_name=_("Gebiet"),
        help_text=_("Wird aus den Koordinaten bestimmt."),
    )
    opening_hours = models.JSONField(
        _("Öffnungszeiten"),
        default=list,
        blank=True,
        help_text=_('Liste wie [{"days": [0, 1], "opens": "10:00", "closes": "16:00"}], 0 = Montag'),
    )
    opening_hours_note = models.CharField(_("Hinweis zu Öffnungszeiten"), max_length=300, blank=True)
    accessibility = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        verbose_name=_("Barrierefreiheit"),
        limit_choices_to=_vocab(Vocabulary.ACCESSIBILITY),
    )
    accessibility_note = models.CharField(_("Hinweis zur Barrierefreiheit"), max_length=300, blank=True)
    transit_note = models.CharField(_("Anfahrt mit Bus und Bahn"), max_length=300, blank=True)
    # Head counts above it are rejected as typos (docs/campaign-report.md); empty = not known.
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Wie viele Menschen passen höchstens hinein? Leer = unbekannt.")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "is_third_place"])]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postcode} {self.city}".strip()] if p)


class Offer(models.Model):
    """Something people can join (HSDS ``service``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("läuft")
        PAUSED = "paused", _("pausiert")
        ENDED = "ended", _("beendet")

    class ReviewState(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("eingereicht")
        CHANGES_REQUESTED = "changes_requested", _("Änderungen erbeten")
        PUBLISHED = "published", _("veröffentlicht")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="offers", verbose_name=_("Kommune")
    )
    # RESTRICT: an organization with offers cannot be deleted on its own, but deleting the whole
    # municipality (which cascades to both) works.
    organization = models.ForeignKey(
        Organization, on_delete=models.RESTRICT, related_name="offers", verbose_name=_("Organisation")
    )
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    easy_language_summary = models.TextField(_("In Leichter Sprache"), blank=True)
    places = models.ManyToManyField(Place, blank=True, related_name="offers", verbose_name=_("Orte"))
    delivery_modes = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        verbose_name=_("Angebotsform"),
        limit_choices_to=_vocab(Vocabulary.DELIVERY_MODE),
    )
    formats = models.ManyToManyField(
        Term, blank=True, related_name="+", verbose_name=_("Format"), limit_choices_to=_vocab(Vocabulary.FORMAT)
    )
    target_groups = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        verbose_name=_("Zielgruppen"),
        limit_choices_to=_vocab(Vocabulary.TARGET_GROUP),
    )
    low_threshold = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        verbose_name=_("niedrigschwellig"),
        limit_choices_to=_vocab(Vocabulary.LOW_THRESHOLD),
    )
    accessibility = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        verbose_name=_("Barrierefreiheit"),
        limit_choices_to=_vocab(Vocabulary.ACCESSIBILITY),
    )
    languages = models.ManyToManyField(
        Term, blank=True, related_name="+", verbose_name=_("Sprachen"), limit_choices_to=_vocab(Vocabulary.LANGUAGE)
    )
    is_free = models.BooleanField(_("kostenlos"), default=True)
    cost_note = models.CharField(
        _("Kosten"), max_length=200, blank=True, help_text=_("z. B. 2 € für Kaffee und Kuchen")
    )
    registration_required = models.BooleanField(_("Anmeldung nötig"), default=False)
    registration_note = models.CharField(_("Hinweis zur Anmeldung"), max_length=300, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_url = models.URLField(_("Webseite"), blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    review_state = models.CharField(
        _("Prüfstatus"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    assured_at = models.DateTimeField(
        _("zuletzt bestätigt"),
        null=True,
        blank=True,
        help_text=_("Wann Anbieter oder Koordinierungsstelle bestätigt haben, dass das Angebot noch läuft."),
    )
    paused_until = models.DateField(
        _("pausiert bis"),
        null=True,
        blank=True,
        help_text=_(
            "Ab diesem Tag läuft ein pausiertes Angebot wieder (die tägliche Aktualitätsprüfung stellt es um)."
        ),
    )
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["title"]
        indexes = [models.Index(fields=["municipality", "review_state", "status"])]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def description_html(self) -> str:
        from nahbar.directory.markup import render_markdown

        return render_markdown(self.description)

    def is_public(self) -> bool:
        return self.review_state == self.ReviewState.PUBLISHED and self.status == self.Status.ACTIVE


class Schedule(models.Model):
    """When an offer happens: an RFC 5545 rule with exceptions, and/or one-off dates."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("Angebot"))
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="schedules", verbose_name=_("Ort")
    )
    dtstart = models.DateField(_("erster Termin"))
    start_time = models.TimeField(_("Beginn"), null=True, blank=True, help_text=_("leer = ganztägig"))
    duration_minutes = models.PositiveIntegerField(_("Dauer in Minuten"), default=120)
    rrule = models.CharField(
        _("Wiederholungsregel (RRULE)"),
        max_length=300,
        blank=True,
        help_text=_("RFC 5545, z. B. FREQ=WEEKLY;BYDAY=TU oder FREQ=MONTHLY;BYDAY=2TU; leer = einmalig"),
    )
    rdates = models.JSONField(
        _("zusätzliche Termine"), default=list, blank=True, help_text=_("Liste von Daten im Format JJJJ-MM-TT")
    )
    exdates = models.JSONField(
        _("Ausfälle"), default=list, blank=True, help_text=_("Liste von Daten im Format JJJJ-MM-TT")
    )
    until = models.DateField(_("bis"), null=True, blank=True)
    runs_on_holidays = models.BooleanField(_("findet auch an Feiertagen statt"), default=False)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Regeltermin")
        verbose_name_plural = _("Regeltermine")
        ordering = ["offer", "dtstart"]

    def __str__(self) -> str:
        return f"{self.offer}: {self.rrule or self.dtstart.isoformat()}"

    @property
    def organization_id(self) -> int:
        # Lets the "acts for organization" permission treat a schedule like its offer.
        return self.offer.organization_id

    def clean(self) -> None:
        from nahbar.directory.schedules import clean_schedule

        clean_schedule(self)

    def spec(self) -> ScheduleSpec:
        return ScheduleSpec(
            dtstart=self.dtstart,
            start_time=self.start_time,
            duration=dt.timedelta(minutes=self.duration_minutes or 1),
            rrule=self.rrule,
            rdates=tuple(dt.date.fromisoformat(d) for d in self.rdates),
            exdates=tuple(dt.date.fromisoformat(d) for d in self.exdates),
            until=self.until,
            runs_on_holidays=self.runs_on_holidays,
        )


class OfferSearchText(models.Model):
    """An offer's search text, folded and stemmed (see docs/search.md).

    The database-specific index lives next to it: on PostgreSQL a ``vector`` tsvector column with a
    GIN index, on SQLite the FTS5 table ``directory_offer_fts``; both are created by migration 0005
    and written by ``nahbar.directory.search.index``, never through the ORM.
    """

    offer = models.OneToOneField(Offer, primary_key=True, on_delete=models.CASCADE, related_name="search_text")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    text_a = models.TextField(blank=True)  # title
    text_b = models.TextField(blank=True)  # summary, easy-language summary
    text_c = models.TextField(blank=True)  # description
    text_d = models.TextField(blank=True)  # organization, vocabulary labels

    objects = ScopedManager(municipality="municipality")

    def __str__(self) -> str:
        return f"search text of offer {self.offer_id}"


class SearchStem(models.Model):
    """The stems indexed in a municipality: the vocabulary for typo tolerance."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    stem = models.CharField(max_length=60)
    length = models.PositiveSmallIntegerField()

    objects = ScopedManager(municipality="municipality")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "stem"], name="searchstem_unique")]
        indexes = [models.Index(fields=["municipality", "length"])]

    def __str__(self) -> str:
        return self.stem


class OccurrenceIndex(models.Model):
    """Occurrences materialised for a horizon, so that date filters and "next date" run in SQL."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(Place, null=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday, local time
    minute_of_day = models.PositiveSmallIntegerField(null=True)  # local; empty = all day

    objects = ScopedManager(municipality="municipality")

    class Meta:
        indexes = [
            models.Index(fields=["offer", "starts_at"]),
            models.Index(fields=["municipality", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"offer {self.offer_id} at {self.starts_at:%Y-%m-%d %H:%M}"
