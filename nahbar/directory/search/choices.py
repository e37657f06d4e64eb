"""The finder's slowly changing data, cached per municipality: form options and geography.

Vocabulary terms (per language), places with coordinates and areas change rarely but cost a share of
every results page. They are kept in Django's cache under a key holding the municipality's id and a
version token. Saving or deleting a Term, Place, Area or Municipality replaces the token (signals
below; shared terms without a municipality replace a global token); the area import, which writes in
bulk without signals, calls ``bump`` itself. The next page then rebuilds the data. The cache is per
process (LocMemCache by default), so entries also expire after TTL seconds: an edit made in another
worker process shows up there within that time at the latest.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from nahbar.areas.models import Area
from nahbar.directory.models import Place, Term
from nahbar.directory.search.geo import Points
from nahbar.tenancy.models import Municipality

TTL = 120  # seconds; bounds how long another process may show an edit's old options
_PREFIX = "finder-choices"
_GLOBAL = "global"
# key -> (expiry, value): saves unpickling ~30 KB from the cache twice per page; the key holds the
# version tokens, so a save (which replaces a token) is seen here as soon as in the cache.
_memo: dict[str, tuple[float, dict[str, Any]]] = {}
_MEMO_SIZE = 256


def _version_key(scope: int | str) -> str:
    return f"{_PREFIX}:version:{scope}"


def _version(scope: int | str) -> str:
    key = _version_key(scope)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key) or uuid.uuid4().hex  # a cache that keeps nothing: never a hit
    return str(token)


def bump(scope: int | str) -> None:
    """New options for one municipality (its id) or, with "global", for every municipality."""
    cache.set(_version_key(scope), uuid.uuid4().hex, timeout=None)


def choices_version(municipality: Municipality) -> str:
    """Changes whenever the options of ``municipality``'s form change (for caches built on them)."""
    return f"{_version(_GLOBAL)}:{_version(municipality.pk)}"


def form_choices(municipality: Municipality) -> dict[str, Any]:
    """{"terms": {vocabulary: [(code, label, pk), …]}, "term_objects": {pk: Term}} in the active language.

    Terms in the model's order (vocabulary, position, code), the shared ones and the municipality's own.
    Place saves still replace the token: the place field's suggestions (search/places.py) use it too.
    """
    language = get_language() or "de"
    key = f"{_PREFIX}:{municipality.pk}:{language}:{_version(_GLOBAL)}:{_version(municipality.pk)}"

    def build() -> dict[str, Any]:
        terms: dict[str, list[tuple[str, str, int]]] = {}
        term_objects: dict[int, Term] = {}
        for term in Term.objects.filter(Q(municipality=None) | Q(municipality=municipality)):
            terms.setdefault(term.vocabulary, []).append((term.code, term.label, term.pk))
            term_objects[term.pk] = term
        return {
            "terms": terms,
            "term_objects": term_objects,  # for the hits' badges (search.hits); read-only
        }

    return _cached(key, build)


@dataclass(frozen=True)
class Geography:
    """What the finder's point and area fields need of a municipality, read once and cached."""

    points: Points  # places with coordinates, for "near a point"
    places: dict[int, tuple[str, str]]  # place id -> (name, street), for the chosen place's label
    areas: tuple[tuple[int, str], ...]  # (id, name) in the form's order (level, then name)


def geography(municipality: Municipality) -> Geography:
    """The municipality's places with coordinates and its areas.

    The finder measures the radius around the places in Python before it asks the database for the
    offers there, and takes the chosen place and the area list from here: a results page reads no
    place or area rows (docs/search.md, "Near a point"). Saving or deleting a Place or an Area, and an
    area import (``areas.services``, which writes in bulk), replace the version token.
    """
    key = f"{_PREFIX}:geography:{municipality.pk}:{_version(municipality.pk)}"

    def build() -> dict[str, Any]:
        rows = Place.objects.filter(
            municipality=municipality, latitude__isnull=False, longitude__isnull=False
        ).values_list("pk", "latitude", "longitude", "name", "street")
        points, places = [], {}
        for pk, lat, lon, name, street in rows:
            if lat is not None and lon is not None:
                points.append((lat, lon, pk))
                places[pk] = (name, street)
        areas = Area.objects.filter(municipality=municipality).order_by("level_rank", "name").values_list("pk", "name")
        return {"geography": Geography(Points(points), places, tuple(areas))}

    return _cached(key, build)["geography"]


def _cached(key: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The value under ``key``: from this process's memo, Django's cache, or ``build()`` (then stored in both)."""
    now = time.monotonic()
    memo = _memo.get(key)
    if memo is not None and memo[0] > now:
        return memo[1]
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=TTL)
    _remember(key, found, now)
    return found


def _remember(key: str, value: dict[str, Any], now: float) -> None:
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[key] = (now + TTL, value)


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Municipality):
        bump(instance.pk)  # also a new municipality that reuses an id
    elif instance.municipality_id is None:
        bump(_GLOBAL)
    else:
        bump(instance.municipality_id)


for _model in (Term, Place, Area, Municipality):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"finder-choices-{_model.__name__}-save")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"finder-choices-{_model.__name__}-delete")
