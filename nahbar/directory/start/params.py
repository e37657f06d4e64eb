"""Query parameters of the start page and the weekly plan: ``ab`` (first day) and ``gebiet`` (district)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.areas.models import Area
from nahbar.tenancy.models import Municipality

MAX_WEEKS_AHEAD = 104


def week_start(raw: str) -> tuple[dt.date, str]:
    """The first day shown: ``?ab=JJJJ-MM-TT`` or today; a bad value falls back to today with a message."""
    today = timezone.localdate()
    if not raw:
        return today, ""
    try:
        chosen = dt.date.fromisoformat(raw)
    except ValueError:
        return today, _("„%(value)s“ ist kein Datum im Format JJJJ-MM-TT. Gezeigt wird die Woche ab heute.") % {
            "value": raw[:20]
        }
    if abs((chosen - today).days) > MAX_WEEKS_AHEAD * 7:
        return today, _("Dieses Datum liegt zu weit entfernt. Gezeigt wird die Woche ab heute.")
    return chosen, ""


@dataclass(frozen=True)
class AreaOption:
    pk: int
    name: str
    level: str
    depth: int

    @property
    def label(self) -> str:
        """Sub-areas indented with dashes, since a select cannot nest deeper than one optgroup."""
        return "– " * self.depth + self.name


@dataclass
class District:
    """The chosen district (or none), its area ids including all sub-areas, and the options of the form."""

    area: AreaOption | None = None
    area_ids: frozenset[int] = frozenset()
    options: list[AreaOption] = field(default_factory=list)
    error: str = ""
    not_found: bool = False  # a well-formed id that is not an area of this municipality


def district(municipality: Municipality, raw: str) -> District:
    """Resolve ``?gebiet=<id>`` with one query; another municipality's area counts as unknown."""
    rows = list(
        Area.objects.filter(municipality=municipality)
        .order_by("level_rank", "name", "pk")
        .values_list("pk", "parent_id", "name", "level")
    )
    children: dict[int | None, list[int]] = {}
    for pk, parent, _name, _level in rows:
        children.setdefault(parent, []).append(pk)
    by_pk = {pk: (parent, name, level) for pk, parent, name, level in rows}

    def depth(pk: int) -> int:
        steps, parent = 0, by_pk[pk][0]
        while parent is not None and parent in by_pk and steps < 20:
            steps, parent = steps + 1, by_pk[parent][0]
        return steps

    options = [AreaOption(pk, name, level, depth(pk)) for pk, _parent, name, level in rows]
    result = District(options=options)
    if not raw:
        return result
    wanted = int(raw) if raw.isdigit() and len(raw) < 12 else None
    if wanted is None or wanted not in by_pk:
        result.not_found = wanted is not None
        result.error = _("Dieses Gebiet gibt es hier nicht. Gezeigt werden alle Gebiete.")
        return result
    found, todo = set(), [wanted]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    result.area = next(option for option in options if option.pk == wanted)
    result.area_ids = frozenset(found)
    return result
