"""finder_occurrences (week calendar) and finder_places (map) follow the same filters."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope

from nahbar.directory.search import finder_occurrences, finder_places
from tests.directory.search.builders import offer, parse, place


@pytest.mark.django_db
def test_occurrences_follow_filters(cast: Any) -> None:
    offer(cast.home_org, "Kaffee montags", byday="MO", start_time=dt.time(10, 0))
    offer(cast.home_org, "Kaffee mittwochs", byday="WE", start_time=dt.time(18, 0))
    offer(cast.home_org, "Chor", byday="MO")
    start = timezone.localdate()
    query, _errors = parse(cast.home, "q=Kaffee")
    with scope(municipality=cast.home):
        found = finder_occurrences(cast.home, query, start=start, days=7)
    assert sorted(occ.offer.title for occ in found) == ["Kaffee mittwochs", "Kaffee montags"]
    query, _errors = parse(cast.home, "q=Kaffee&tageszeit=abend")
    with scope(municipality=cast.home):
        found = finder_occurrences(cast.home, query, start=start, days=14)
    assert [occ.offer.title for occ in found] == ["Kaffee mittwochs", "Kaffee mittwochs"]
    assert all(occ.start <= later.start for occ, later in itertools.pairwise(found))


@pytest.mark.django_db
def test_places_with_counts(cast: Any) -> None:
    a = place(cast.home_org, "A-Platz", 52.0, 13.0)
    b = place(cast.home_org, "B-Haus", 52.01, 13.0)
    offer(cast.home_org, "Kaffee 1", places=[a, b])
    offer(cast.home_org, "Kaffee 2", places=[a])
    offer(cast.home_org, "Chor", places=[b])
    query, _errors = parse(cast.home, "q=Kaffee")
    with scope(municipality=cast.home):
        found = [(p.name, n) for p, n in finder_places(cast.home, query)]
    assert found == [("A-Platz", 2), ("B-Haus", 1)]
