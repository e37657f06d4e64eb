"""Offer search for the public finder: German full text on both databases, filters, distance.

See docs/search.md.
"""

from nahbar.directory.search.choices import form_choices  # also connects its invalidation signals
from nahbar.directory.search.engine import (
    Hit,
    NextDate,
    SearchPage,
    finder_occurrences,
    finder_places,
    search_offers,
)
from nahbar.directory.search.geo import haversine_km
from nahbar.directory.search.query import FinderQuery, parse_finder_query

__all__ = [
    "FinderQuery",
    "Hit",
    "NextDate",
    "SearchPage",
    "finder_occurrences",
    "finder_places",
    "form_choices",
    "haversine_km",
    "parse_finder_query",
    "search_offers",
]
