"""Finding the parent of each imported area among the areas of a coarser level."""

from __future__ import annotations

from collections.abc import Sequence

from shapely.geometry import shape

from nahbar.areas.importers.areas import AreaRecord
from nahbar.areas.locate import AreaLocator
from nahbar.areas.models import Area


def find_parents(records: Sequence[AreaRecord], candidates: Sequence[Area]) -> dict[str, Area | None]:
    """Code → parent area, or None where no candidate overlaps.

    The parent is the candidate containing the child's label point (which lies inside the child).
    Where borders of two levels were digitised separately that point can fall just outside every
    candidate; then the candidate sharing the largest area with the child wins.
    """
    locator = AreaLocator(candidates)
    parents: dict[str, Area | None] = {}
    for record in records:
        parent = locator.locate(record.prepared.centroid_lat, record.prepared.centroid_lon)
        parents[record.code] = parent or _largest_overlap(record, candidates)
    return parents


def _largest_overlap(record: AreaRecord, candidates: Sequence[Area]) -> Area | None:
    child = record.prepared.shape()
    best: tuple[float, Area] | None = None
    for candidate in candidates:
        if not candidate.geometry:
            continue
        overlap = child.intersection(shape(candidate.geometry)).area
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, candidate)
    return best[1] if best else None
