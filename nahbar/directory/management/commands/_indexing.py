"""Shared by ``reindex-offers`` and ``refresh-occurrences``."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django_scopes import scopes_disabled
from tqdm import tqdm

from nahbar.directory.search.index import batches, offer_ids, refresh_offers
from nahbar.tenancy.models import Municipality


def add_municipality_argument(parser: CommandParser) -> None:
    parser.add_argument("--municipality", metavar="SLUG", help="only this municipality (default: all)")


def run(options: dict[str, Any], *, occurrences_only: bool, label: str) -> int:
    municipality_ids = None
    if options.get("municipality"):
        with scopes_disabled():
            found = Municipality.objects.filter(slug=options["municipality"]).values_list("pk", flat=True).first()
        if found is None:
            raise CommandError(f"no municipality with slug {options['municipality']!r}")
        municipality_ids = [found]
    ids = offer_ids(municipality_ids)
    done = 0
    with tqdm(
        total=len(ids), desc=label, unit=" offers", file=sys.stderr, disable=options.get("verbosity", 1) < 1
    ) as bar:
        for chunk in batches(ids):
            done += refresh_offers(chunk, occurrences_only=occurrences_only)
            bar.update(len(chunk))
    return done
