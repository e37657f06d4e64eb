"""An offer's editable values as one JSON-friendly dict ("proposal"), and its readable diff.

The same shape is read from an offer, produced by the provider form, stored in
``OfferRevision.data`` and applied by the services::

    {"fields": {"title": "…", "is_free": true, …},
     "m2m": {"formats": [3, 7], "places": [12], …},
     "schedule": {"id": 5, "dtstart": "2026-01-06", "start_time": "15:00", "duration_minutes": 120,
                  "rrule": "FREQ=WEEKLY;BYDAY=TU", "place_id": 12, "until": null} | null}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nahbar.directory.describe import describe_schedule
from nahbar.directory.models import Offer, Place, Schedule, Term

TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "cost_note",
    "registration_note",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_url",
)
BOOL_FIELDS = ("is_free", "registration_required")
FIELDS = TEXT_FIELDS[:3] + BOOL_FIELDS[:1] + TEXT_FIELDS[3:4] + BOOL_FIELDS[1:] + TEXT_FIELDS[4:]
TERM_FIELDS = ("delivery_modes", "formats", "target_groups", "low_threshold", "accessibility", "languages")
M2M_FIELDS = ("places", *TERM_FIELDS)


def first_schedule(offer: Offer) -> Schedule | None:
    """The schedule the provider form edits (the others stay as they are)."""
    schedules = sorted(offer.schedules.all(), key=lambda s: (s.dtstart, s.pk))
    return schedules[0] if schedules else None


def schedule_values(schedule: Schedule | None) -> dict[str, Any] | None:
    if schedule is None:
        return None
    return {
        "id": schedule.pk,
        "dtstart": schedule.dtstart.isoformat(),
        "start_time": schedule.start_time.strftime("%H:%M") if schedule.start_time else None,
        "duration_minutes": schedule.duration_minutes,
        "rrule": schedule.rrule,
        "place_id": schedule.place_id,
        "until": schedule.until.isoformat() if schedule.until else None,
    }


def offer_proposal(offer: Offer) -> dict[str, Any]:
    """The offer's current values (m2m and schedules ideally prefetched)."""
    return {
        "fields": {name: getattr(offer, name) for name in FIELDS},
        "m2m": {name: sorted(obj.pk for obj in getattr(offer, name).all()) for name in M2M_FIELDS},
        "schedule": schedule_values(first_schedule(offer)),
    }


def schedule_model_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Schedule model field values for a proposal's schedule."""
    start = values.get("start_time")
    until = values.get("until")
    return {
        "dtstart": dt.date.fromisoformat(values["dtstart"]),
        "start_time": dt.time.fromisoformat(start) if start else None,
        "duration_minutes": int(values.get("duration_minutes") or 120),
        "rrule": values.get("rrule") or "",
        "place_id": values.get("place_id"),
        "until": dt.date.fromisoformat(until) if until else None,
    }


def field_label(name: str) -> str:
    return str(getattr(Offer._meta.get_field(name), "verbose_name", name))


@dataclass(frozen=True)
class DiffRow:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


class _Names:
    """Term and place names for the ids in two proposals, read with two queries."""

    def __init__(self, *proposals: dict[str, Any] | None) -> None:
        term_ids: set[int] = set()
        place_ids: set[int] = set()
        for proposal in proposals:
            if not proposal:
                continue
            for name in TERM_FIELDS:
                term_ids.update(proposal["m2m"].get(name, []))
            place_ids.update(proposal["m2m"].get("places", []))
            if proposal.get("schedule") and proposal["schedule"].get("place_id"):
                place_ids.add(proposal["schedule"]["place_id"])
        self.terms = {t.pk: t.label for t in Term.objects.filter(pk__in=term_ids)} if term_ids else {}
        self.places = {p.pk: p.name for p in Place.objects.filter(pk__in=place_ids)} if place_ids else {}

    def join(self, names: dict[int, str], ids: list[int]) -> str:
        return ", ".join(sorted(names.get(i, _("(gelöscht)")) for i in ids))


def _readable_field(name: str, value: Any) -> str:
    if name in BOOL_FIELDS:
        return _("ja") if value else _("nein")
    return str(value or "")


def _readable_schedule(values: dict[str, Any] | None, names: _Names) -> str:
    if not values:
        return _("keine Termine")
    fields = schedule_model_fields(values)
    text = describe_schedule(
        dtstart=fields["dtstart"],
        start_time=fields["start_time"],
        duration_minutes=fields["duration_minutes"],
        rrule=fields["rrule"],
        until=fields["until"],
    )
    if fields["rrule"]:
        from nahbar.directory.describe import long_date

        text += ", " + _("ab %(date)s") % {"date": long_date(fields["dtstart"])}
    if fields["place_id"]:
        text += " – " + names.places.get(fields["place_id"], _("(gelöscht)"))
    return text


def readable_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[DiffRow]:
    """Field by field, with labels, term and place names and the schedule in words.

    ``old`` is None for an offer that was never published: every row is then new.
    """
    names = _Names(old, new)
    rows = []
    empty = "—"
    for name in FIELDS:
        label = field_label(name)
        old_text = _readable_field(name, old["fields"].get(name)) if old else empty
        rows.append(DiffRow(label, old_text, _readable_field(name, new["fields"].get(name))))
    for name in M2M_FIELDS:
        table = names.places if name == "places" else names.terms
        label = field_label(name)
        old_text = names.join(table, old["m2m"].get(name, [])) if old else empty
        rows.append(DiffRow(label, old_text, names.join(table, new["m2m"].get(name, []))))
    old_schedule = _readable_schedule(old.get("schedule"), names) if old else empty
    rows.append(DiffRow(_("Termine"), old_schedule, _readable_schedule(new.get("schedule"), names)))
    return rows
