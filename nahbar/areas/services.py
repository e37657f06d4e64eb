"""Writes on areas and their statistics: the file imports.

Both imports read and check the whole file first and then write everything in one
transaction, so a bad file changes nothing; errors are :class:`AreaImportError` with a
German message naming the feature or row and the field.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _
from tqdm import tqdm

from nahbar.areas.importers import (
    AreaImportError,
    AreaRecord,
    StatCell,
    find_parents,
    parse_addresses,
    parse_statistics,
    prepare_features,
    read_features,
    read_table,
)
from nahbar.areas.locate import AreaLocator
from nahbar.areas.models import Address, Area, AreaStatistic
from nahbar.directory.models import Place
from nahbar.directory.search import choices as finder_choices
from nahbar.directory.services import place_locate_area
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

LEVEL_MAX = Area._meta.get_field("level").max_length or 60
_AREA_FIELDS = ("name", "geometry", "centroid_lat", "centroid_lon", "bbox", "repair_note", "level_rank", "parent_id")
_T = TypeVar("_T")


@dataclass
class AreaImportReport:
    level: str
    level_rank: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: list[tuple[int, str, str]] = field(default_factory=list)  # (feature number, code, note)
    without_parent: list[str] = field(default_factory=list)  # codes; only with a parent level
    not_in_file: int = 0  # areas of this level that the file no longer has; kept, not deleted
    places_relocated: int = 0


@dataclass
class StatsImportReport:
    layout: str  # "long" or "wide"
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _progress(items: Iterable[_T], *, enabled: bool, description: str, total: int | None = None) -> Iterable[_T]:
    if not enabled:
        return items
    return tqdm(items, desc=description, total=total, file=sys.stderr, leave=False)


def _areas(municipality: Municipality) -> QuerySet[Area]:
    return Area.objects.with_scopes_disabled().filter(municipality=municipality)


# --- areas -------------------------------------------------------------------------------------------------------


def areas_import(
    *,
    actor: audit.Actor,
    municipality: Municipality,
    path: Path,
    level: str,
    code_field: str,
    name_field: str,
    level_rank: int | None = None,
    parent_level: str | None = None,
    progress: bool = False,
) -> AreaImportReport:
    """Create or update the areas of one level from a GeoJSON or KML file (upsert by level and code).

    ``level_rank`` defaults to the level's current rank, or one finer than the finest level so far.
    With ``parent_level`` every imported area gets the area of that level containing it as parent.
    Afterwards every place of the municipality is assigned to its area again.
    """
    level = _check_level(level)
    parent_level = _check_level(parent_level) if parent_level is not None else None
    if parent_level == level:
        raise AreaImportError(_("Die übergeordnete Ebene muss eine andere als „%(level)s“ sein.") % {"level": level})
    features = read_features(Path(path))
    records = prepare_features(
        _progress(features, enabled=progress, description=_("Gebiete prüfen")),
        code_field=code_field,
        name_field=name_field,
    )
    with transaction.atomic():
        report = _store_areas(
            municipality, records, level=level, level_rank=level_rank, parent_level=parent_level, progress=progress
        )
        report.places_relocated = _relocate_places(municipality)
        audit.record(
            actor=actor,
            action="area.import",
            municipality=municipality,
            changes={
                "file": Path(path).name,
                "level": level,
                "level_rank": report.level_rank,
                "parent_level": parent_level,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "repaired": [code for _number, code, _note in report.repaired],
                "places_relocated": report.places_relocated,
            },
        )
    # The finder caches areas and places (bulk writes send no signals). Now, and once more when an
    # enclosing transaction commits: a page rendered before that would cache the old areas again.
    finder_choices.bump(municipality.pk)
    transaction.on_commit(lambda: finder_choices.bump(municipality.pk))
    return report


def _check_level(level: str) -> str:
    level = level.strip()
    if not level or len(level) > LEVEL_MAX:
        raise AreaImportError(
            _("Die Ebene muss angegeben sein und darf höchstens %(max)d Zeichen haben.") % {"max": LEVEL_MAX}
        )
    return level


def _store_areas(
    municipality: Municipality,
    records: Sequence[AreaRecord],
    *,
    level: str,
    level_rank: int | None,
    parent_level: str | None,
    progress: bool,
) -> AreaImportReport:
    existing = {area.code: area for area in _areas(municipality).filter(level=level)}
    rank = _resolve_rank(municipality, level, level_rank)
    report = AreaImportReport(level=level, level_rank=rank)
    parents = _parents(municipality, records, parent_level, rank) if parent_level else {}
    new_areas, changed_areas = [], []
    for record in _progress(records, enabled=progress, description=_("Gebiete speichern")):
        values = _area_values(record, rank)
        if parent_level:
            parent = parents[record.code]
            values["parent_id"] = parent.pk if parent else None
            if parent is None:
                report.without_parent.append(record.code)
        if record.prepared.repair_note:
            report.repaired.append((record.number, record.code, record.prepared.repair_note))
        area = existing.get(record.code)
        if area is None:
            new_areas.append(Area(municipality=municipality, level=level, code=record.code, **values))
        elif any(getattr(area, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(area, name, value)
            changed_areas.append(area)
        else:
            report.unchanged += 1
    manager = Area.objects.with_scopes_disabled()
    manager.bulk_create(new_areas, batch_size=200)
    manager.bulk_update(changed_areas, list(_AREA_FIELDS), batch_size=200)
    report.created, report.updated = len(new_areas), len(changed_areas)
    # Areas of this level missing from the file keep their data but must share the level's rank.
    _areas(municipality).filter(level=level).exclude(level_rank=rank).update(level_rank=rank)
    report.not_in_file = len(set(existing) - {record.code for record in records})
    return report


def _area_values(record: AreaRecord, rank: int) -> dict[str, Any]:
    prepared = record.prepared
    return {
        "name": record.name,
        "geometry": prepared.geometry,
        "centroid_lat": prepared.centroid_lat,
        "centroid_lon": prepared.centroid_lon,
        "bbox": prepared.bbox,
        "repair_note": prepared.repair_note,
        "level_rank": rank,
    }


def _resolve_rank(municipality: Municipality, level: str, level_rank: int | None) -> int:
    if level_rank is not None:
        if not 1 <= level_rank <= 99:
            raise AreaImportError(_("Der Rang der Ebene muss zwischen 1 (gröbste Ebene) und 99 liegen."))
        return level_rank
    areas = _areas(municipality)
    current = areas.filter(level=level).values_list("level_rank", flat=True).first()
    if current is not None:
        return current
    finest = areas.aggregate(finest=Max("level_rank"))["finest"]
    return (finest or 0) + 1


def _parents(
    municipality: Municipality, records: Sequence[AreaRecord], parent_level: str, rank: int
) -> dict[str, Area | None]:
    candidates = list(_areas(municipality).filter(level=parent_level))
    if not candidates:
        raise AreaImportError(
            _(
                "Für die übergeordnete Ebene „%(level)s“ gibt es in %(municipality)s noch keine Gebiete; "
                "bitte sie zuerst importieren."
            )
            % {"level": parent_level, "municipality": municipality.name}
        )
    if candidates[0].level_rank >= rank:
        raise AreaImportError(
            _(
                "Die übergeordnete Ebene „%(parent)s“ (Rang %(parent_rank)d) muss gröber sein als die importierte "
                "Ebene (Rang %(rank)d)."
            )
            % {"parent": parent_level, "parent_rank": candidates[0].level_rank, "rank": rank}
        )
    return find_parents(records, candidates)


def _relocate_places(municipality: Municipality) -> int:
    """Assign every place of the municipality to the finest area containing it; returns how many changed."""
    locator = AreaLocator.for_municipality(municipality.pk)
    places = Place.objects.with_scopes_disabled().filter(municipality=municipality)
    changed = []
    for place in places.only("pk", "municipality_id", "latitude", "longitude", "area_id"):
        before = place.area_id
        place_locate_area(place, locator)
        if place.area_id != before:
            changed.append(place)
    Place.objects.with_scopes_disabled().bulk_update(changed, ["area"], batch_size=500)
    return len(changed)


# --- statistics ----------------------------------------------------------------------------------------------


def area_statistics_import(
    *,
    actor: audit.Actor,
    municipality: Municipality,
    path: Path,
    source: str = "",
    year: int | None = None,
    level: str | None = None,
    progress: bool = False,
) -> StatsImportReport:
    """Create or update area statistics from a CSV or XLSX table in long or wide format.

    ``year`` is for wide tables without a year column; ``level`` picks the area level where the same
    code exists on several levels and the table has no level column; ``source`` is the default for
    rows without a source of their own.
    """
    if len(source) > (AreaStatistic._meta.get_field("source").max_length or 300):
        raise AreaImportError(_("Die Quellenangabe ist zu lang."))
    parsed = parse_statistics(read_table(Path(path)), year=year, source=source.strip())
    with transaction.atomic():
        report = StatsImportReport(layout=parsed.layout)
        area_ids = _resolve_areas(municipality, parsed.cells, level)
        _store_statistics(municipality, parsed.cells, area_ids, report, progress=progress)
        audit.record(
            actor=actor,
            action="area_statistic.import",
            municipality=municipality,
            changes={
                "file": Path(path).name,
                "layout": report.layout,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
    return report


def _resolve_areas(municipality: Municipality, cells: Sequence[StatCell], level: str | None) -> list[int]:
    """The area id of every cell, in order; an unknown or ambiguous code names the row and column."""
    by_code: dict[str, list[tuple[str, int]]] = {}
    for area_id, area_level, code in _areas(municipality).values_list("pk", "level", "code"):
        by_code.setdefault(code, []).append((area_level, area_id))
    ids = []
    for cell in cells:
        wanted = cell.level or level
        matches = [(lvl, pk) for lvl, pk in by_code.get(cell.code, []) if wanted is None or lvl == wanted]
        if len(matches) != 1:
            raise AreaImportError(_area_problem(municipality, cell, wanted, matches))
        ids.append(matches[0][1])
    return ids


def _area_problem(municipality: Municipality, cell: StatCell, level: str | None, matches: list[tuple[str, int]]) -> str:
    values = {
        "row": cell.row,
        "column": cell.code_column,
        "code": cell.code,
        "level": level,
        "municipality": municipality.name,
        "levels": ", ".join(sorted(lvl for lvl, _pk in matches)),
    }
    if matches:
        return (
            _(
                "Zeile %(row)d, Spalte %(column)s: Die Kennziffer „%(code)s“ gibt es auf mehreren Ebenen "
                "(%(levels)s); bitte eine Spalte „Ebene“ ergänzen oder die Ebene angeben (Option --level)."
            )
            % values
        )
    if level:
        return (
            _(
                "Zeile %(row)d, Spalte %(column)s: Ein Gebiet mit der Kennziffer „%(code)s“ auf der Ebene "
                "„%(level)s“ gibt es in %(municipality)s nicht."
            )
            % values
        )
    return (
        _(
            "Zeile %(row)d, Spalte %(column)s: Ein Gebiet mit der Kennziffer „%(code)s“ gibt es in "
            "%(municipality)s nicht."
        )
        % values
    )


def _store_statistics(
    municipality: Municipality,
    cells: Sequence[StatCell],
    area_ids: Sequence[int],
    report: StatsImportReport,
    *,
    progress: bool,
) -> None:
    manager = AreaStatistic.objects.with_scopes_disabled()
    existing = {
        (s.area_id, s.indicator, s.year, s.age_band, s.sex): s
        for s in manager.filter(
            municipality=municipality,
            area_id__in=set(area_ids),
            indicator__in={c.indicator for c in cells},
            year__in={c.year for c in cells},
        )
    }
    new, changed = [], []
    for cell, area_id in _progress(
        zip(cells, area_ids, strict=True), enabled=progress, description=_("Werte speichern"), total=len(cells)
    ):
        statistic = existing.get((area_id, cell.indicator, cell.year, cell.age_band, cell.sex))
        if statistic is None:
            new.append(
                AreaStatistic(
                    municipality=municipality,
                    area_id=area_id,
                    indicator=cell.indicator,
                    year=cell.year,
                    age_band=cell.age_band,
                    sex=cell.sex,
                    value=cell.value,
                    source=cell.source,
                )
            )
        elif (statistic.value, statistic.source) != (cell.value, cell.source):
            statistic.value, statistic.source = cell.value, cell.source
            changed.append(statistic)
        else:
            report.unchanged += 1
    manager.bulk_create(new, batch_size=500)
    manager.bulk_update(changed, ["value", "source"], batch_size=500)
    report.created, report.updated = len(new), len(changed)


# --- addresses (the finder's offline gazetteer) ---------------------------------------------------------------


@dataclass
class AddressImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # only with replace=True
    not_in_file: int = 0  # kept (without replace=True)
    without_area: int = 0  # points outside every area of the municipality
    ignored_columns: list[str] = field(default_factory=list)


_ADDRESS_FIELDS = ("street", "house_number", "locality", "latitude", "longitude", "area_id")


def addresses_import(
    *, actor: audit.Actor, municipality: Municipality, path: Path, replace: bool = False, progress: bool = False
) -> AddressImportReport:
    """Create or update the municipality's address list from a CSV or XLSX table.

    Addresses are matched by folded street, house number and postcode; ``replace`` removes the
    addresses the file no longer has. The whole file is checked first; a bad file changes nothing.
    """
    parsed = parse_addresses(read_table(Path(path)))
    locator = AreaLocator.for_municipality(municipality.pk)
    report = AddressImportReport(ignored_columns=parsed.ignored_columns)
    manager = Address.objects.with_scopes_disabled()
    with transaction.atomic():
        existing = {(a.street_key, a.number_key, a.postcode): a for a in manager.filter(municipality=municipality)}
        new, changed = [], []
        for record in _progress(parsed.records, enabled=progress, description=_("Adressen speichern")):
            area = locator.locate(record.latitude, record.longitude)
            report.without_area += area is None
            values = {
                "street": record.street,
                "house_number": record.house_number,
                "locality": record.locality,
                "latitude": record.latitude,
                "longitude": record.longitude,
                "area_id": area.pk if area else None,
            }
            address = existing.pop(record.key, None)
            if address is None:
                key_street, key_number, postcode = record.key
                new.append(
                    Address(
                        municipality=municipality,
                        postcode=postcode,
                        street_key=key_street,
                        number_key=key_number,
                        **values,
                    )
                )
            elif any(getattr(address, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(address, name, value)
                changed.append(address)
            else:
                report.unchanged += 1
        if replace and existing:
            report.removed = manager.filter(pk__in=[a.pk for a in existing.values()]).delete()[0]
        else:
            report.not_in_file = len(existing)
        manager.bulk_create(new, batch_size=500)
        manager.bulk_update(changed, list(_ADDRESS_FIELDS), batch_size=500)
        report.created, report.updated = len(new), len(changed)
        audit.record(
            actor=actor,
            action="address.import",
            municipality=municipality,
            changes={
                "file": Path(path).name,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "removed": report.removed,
            },
        )
    return report
