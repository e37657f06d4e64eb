"""A municipality's whole directory as one HSDS JSON document, written in chunks (constant memory).

The document is ``{"organizations": [...], "services": [...]}`` with full documents, exactly as the API
serves them page by page, so ``nahbar import-hsds`` reads it back. Offers are read by primary key in
chunks; each chunk gets a fresh document context, whose memo would otherwise grow with the export.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from tqdm import tqdm

from nahbar.opendata import documents as docs
from nahbar.opendata import selectors as sel
from nahbar.opendata.loading import load_related
from nahbar.tenancy.models import Municipality

CHUNK = 500


def _chunks(queryset: QuerySet[Any], size: int) -> Iterator[list[Any]]:
    """Rows by ascending primary key, ``size`` at a time, without holding more than one chunk."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def write_directory(
    out: IO[str], municipality: Municipality, base_url: str, *, chunk: int = CHUNK, progress: bool = False
) -> dict[str, int]:
    """Write the document to ``out``; returns how many organizations and services it holds.
    ``progress`` shows a progress bar of the services on stderr (for the command on a terminal)."""
    counts = {"organizations": 0, "services": 0}
    out.write('{"organizations": [')
    for rows in _chunks(sel.visible_organizations(municipality), chunk):
        ctx = docs.Context(municipality, base_url)
        for organization in rows:
            _item(out, docs.organization_doc(ctx, organization, full=True), first=counts["organizations"] == 0)
            counts["organizations"] += 1
    out.write('],\n"services": [')
    offers = sel.visible_offers(municipality).select_related("organization")
    bar = tqdm(
        total=offers.count() if progress else None,
        desc=_("Angebote schreiben"),
        file=sys.stderr,
        leave=False,
        disable=not progress,
    )
    for rows in _chunks(offers, chunk):
        bar.update(len(rows))
        ctx = docs.Context(municipality, base_url)
        related = load_related(rows, full=True)
        for offer in rows:
            _item(out, docs.service_doc(ctx, offer, related, full=True), first=counts["services"] == 0)
            counts["services"] += 1
    bar.close()
    out.write("]}\n")
    return counts


def _item(out: IO[str], doc: dict[str, Any], *, first: bool) -> None:
    if not first:
        out.write(",\n")
    out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
