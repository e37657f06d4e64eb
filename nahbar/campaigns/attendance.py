"""Head counts of a campaign's events: which occurrences there are, what a plausible count is, and saving one.

An occurrence is identified by (offer, start instant); it is computed from the offer's schedules inside the
campaign period (not read from OccurrenceIndex, whose horizon does not reach back to past campaigns).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.campaigns.models import Attendance, Campaign, CampaignEntry
from nahbar.directory.models import Offer, Schedule
from nahbar.directory.schedules import Occurrence, occurrences
from nahbar.tenancy import audit

LINK_DAYS = 30  # a reminder link works this long
MAX_COUNT = 10_000  # also a database constraint on Attendance.participants
COUNT_FIELDS = ("participants", "first_time", "age_under_30", "age_30_to_64", "age_65_plus")
AGE_FIELDS = ("age_under_30", "age_30_to_64", "age_65_plus")


def campaign_offers(campaign: Campaign) -> QuerySet[Offer]:
    """The published offers taking part, with what occurrences, the report and the forms need prefetched."""
    entries = CampaignEntry.objects.filter(campaign=campaign).values("offer_id")
    return (
        Offer.objects.filter(municipality_id=campaign.municipality_id, pk__in=entries)
        .filter(review_state=Offer.ReviewState.PUBLISHED)
        .select_related("organization")
        .prefetch_related(
            Prefetch("schedules", queryset=Schedule.objects.select_related("place").order_by("dtstart", "pk")),
            "formats",
            "target_groups",
        )
        .order_by("title", "pk")
    )


def campaign_occurrences(campaign: Campaign, offers: Iterable[Offer]) -> list[Occurrence]:
    """The occurrences of ``offers`` (schedules prefetched) whose local start date lies in the campaign period."""
    land = campaign.municipality.land
    return occurrences(offers, start=campaign.starts_on, end=campaign.ends_on, land=land)


def is_past(occurrence: Occurrence, now: dt.datetime | None = None) -> bool:
    # A count makes sense once the event has begun; people fill it in during the closing round, too.
    return occurrence.start <= (now or timezone.now())


def stamp(starts_at: dt.datetime) -> str:
    """A form-safe key of an occurrence's start: UTC, to the minute (``20260504T1300``)."""
    return starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M")


def occurrence_key(offer_id: int, starts_at: dt.datetime) -> str:
    return f"{offer_id}-{stamp(starts_at)}"


@dataclass
class CountInput:
    """One occurrence's numbers as typed; ``errors`` filled by :func:`validate_counts`."""

    raw: dict[str, str]
    values: dict[str, int | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not any(v.strip() for v in self.raw.values())


def _parse(raw: str, label: str, errors: list[str]) -> int | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        errors.append(_("%(field)s: bitte eine ganze Zahl eingeben.") % {"field": label})
        return None
    if value < 0:
        errors.append(_("%(field)s: die Zahl darf nicht negativ sein.") % {"field": label})
        return None
    if value > MAX_COUNT:
        errors.append(_("%(field)s: höchstens %(max)s.") % {"field": label, "max": f"{MAX_COUNT:,}".replace(",", ".")})
        return None
    return value


def field_labels() -> dict[str, str]:
    return {name: str(Attendance._meta.get_field(name).verbose_name) for name in COUNT_FIELDS}  # type: ignore[union-attr]


def validate_counts(entry: CountInput, *, capacity: int | None) -> CountInput:
    """Check one occurrence's numbers: whole, ≥ 0, ≤ 10,000, ≤ the place's capacity, parts ≤ the total."""
    labels = field_labels()
    entry.values = {name: _parse(entry.raw.get(name, ""), labels[name], entry.errors) for name in COUNT_FIELDS}
    if entry.errors:
        return entry
    total = entry.values["participants"]
    if total is None:
        entry.errors.append(_("Bitte die Zahl der Teilnehmenden eingeben (0, wenn niemand kam)."))
        return entry
    if capacity is not None and total > capacity:
        entry.errors.append(
            _("Mehr Teilnehmende (%(count)s) als Plätze am Ort (%(capacity)s)? Bitte prüfen.")
            % {"count": total, "capacity": capacity}
        )
    first = entry.values["first_time"]
    if first is not None and first > total:
        entry.errors.append(_("Es können nicht mehr Menschen zum ersten Mal da sein, als insgesamt da waren."))
    ages = [entry.values[name] for name in AGE_FIELDS if entry.values[name] is not None]
    if sum(v for v in ages if v is not None) > total:
        entry.errors.append(_("Die Altersgruppen zusammen ergeben mehr als die Zahl der Teilnehmenden."))
    return entry


@transaction.atomic
def attendance_save(
    *,
    actor: audit.Actor,
    campaign: Campaign,
    occurrence: Occurrence,
    values: Mapping[str, int | None],
    source: str,
) -> Attendance | None:
    """Create or update the head count of one (validated, past) occurrence; returns None if nothing changed."""
    offer = occurrence.offer
    current = Attendance.objects.select_for_update().filter(offer=offer, starts_at=occurrence.start).first()
    wanted = {name: values.get(name) for name in COUNT_FIELDS}
    if current is None:
        created = Attendance.objects.create(
            municipality_id=campaign.municipality_id,
            campaign=campaign,
            offer=offer,
            starts_at=occurrence.start,
            source=source,
            **wanted,
        )
        audit.record(actor=actor, action="attendance.create", obj=created, changes={"source": source, **wanted})
        return created
    before = audit.snapshot(current, COUNT_FIELDS)
    changes = audit.diff(before, wanted)
    if not changes:
        return None
    for name, value in wanted.items():
        setattr(current, name, value)
    current.source = source
    current.campaign = campaign
    current.save()
    audit.record(actor=actor, action="attendance.update", obj=current, changes={**changes, "source": source})
    return current


def attendances_by_key(campaign: Campaign, offer_ids: Iterable[int] | None = None) -> dict[str, Attendance]:
    """The campaign's counts keyed by :func:`occurrence_key` (one query)."""
    rows = Attendance.objects.filter(municipality_id=campaign.municipality_id, campaign=campaign)
    if offer_ids is not None:
        rows = rows.filter(offer_id__in=list(offer_ids))
    return {occurrence_key(a.offer_id, a.starts_at): a for a in rows}


def place_capacity(occurrence: Occurrence) -> int | None:
    return occurrence.place.capacity if occurrence.place is not None else None
