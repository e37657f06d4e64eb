"""A place's provider-editable values as a proposal, and its readable diff (as proposal.py for offers).

``{"fields": {"name": …, "kind": …, "opening_hours": [{"days": [0], "opens": "10:00", "closes": "16:00"}], …},
"m2m": {"accessibility": [ids]}}``. Whether a place is a third place is the coordinators' decision (it
makes the place public on its own), so it is not among them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from nahbar.directory.models import Place, Term
from nahbar.directory.offer_pages.places import opening_hours_by_day
from nahbar.providers.proposal import DiffRow

PLACE_FIELDS = (
    "name",
    "kind",
    "street",
    "postcode",
    "city",
    "accessibility_note",
    "transit_note",
    "opening_hours",
    "opening_hours_note",
)


def place_proposal(place: Place) -> dict[str, Any]:
    return {
        "fields": {name: getattr(place, name) for name in PLACE_FIELDS},
        "m2m": {"accessibility": sorted(t.pk for t in place.accessibility.all())},
    }


def _label(name: str) -> str:
    return str(getattr(Place._meta.get_field(name), "verbose_name", name))


def _readable(name: str, value: Any) -> str:
    if name == "kind":
        return str(Place.Kind(value).label) if value in Place.Kind.values else str(value)
    if name == "opening_hours":
        rows = opening_hours_by_day(value)
        return "\n".join(f"{day}: {text}" for day, text in rows) if rows else _("keine")
    return str(value or "")


def readable_place_diff(old: dict[str, Any], new: dict[str, Any]) -> list[DiffRow]:
    ids = set(old["m2m"].get("accessibility", [])) | set(new["m2m"].get("accessibility", []))
    names = {t.pk: t.label for t in Term.objects.filter(pk__in=ids)} if ids else {}

    def terms(proposal: dict[str, Any]) -> str:
        return ", ".join(sorted(names.get(i, _("(gelöscht)")) for i in proposal["m2m"].get("accessibility", [])))

    rows = [
        DiffRow(_label(name), _readable(name, old["fields"].get(name)), _readable(name, new["fields"].get(name)))
        for name in PLACE_FIELDS
    ]
    rows.insert(5, DiffRow(_label("accessibility"), terms(old), terms(new)))
    return rows
