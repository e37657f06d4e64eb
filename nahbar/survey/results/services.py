"""Writes and lookups with side effects: the audited microdata download, area shapes for the map."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from nahbar.areas.models import Area
from nahbar.survey.models import Wave
from nahbar.survey.results.exports import microdata_csv
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

MICRODATA_ACTION = "survey.microdata_download"


def microdata_download(*, actor: audit.Actor, wave: Wave) -> str:
    """The wave's microdata as CSV; the audit log records who, when, which wave and how many rows."""
    with transaction.atomic():
        content, rows = microdata_csv(wave)
        audit.record(
            actor=actor,
            action=MICRODATA_ACTION,
            obj=wave,
            municipality=wave.municipality,
            changes={"survey": wave.survey.slug, "wave": wave.slug, "rows": rows},
        )
    return content


def area_geometries(municipality: Municipality, codes: list[str]) -> dict[str, Any]:
    return dict(Area.objects.filter(municipality=municipality, code__in=codes).values_list("code", "geometry"))
