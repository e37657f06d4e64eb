"""Offers of a given age for the freshness tests. Callers need no scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.directory.models import Offer, Organization
from nahbar.freshness.dates import months_before
from tests.directory.search.builders import offer as search_offer


def aged_offer(
    organization: Organization,
    title: str,
    *,
    months: float | None = None,
    created_months: float | None = None,
    **kw: Any,
) -> Offer:
    """An indexed, published weekly offer, confirmed ``months`` ago (None: never), created
    ``created_months`` ago (default: as confirmed, or now)."""
    created = search_offer(organization, title, **kw)
    now = timezone.now()
    fields: dict[str, Any] = {}
    if months is not None:
        fields["assured_at"] = _ago(now, months)
    if created_months is not None:
        fields["created_at"] = _ago(now, created_months)
    elif months is not None:
        fields["created_at"] = _ago(now, months)
    with scopes_disabled():
        Offer.objects.filter(pk=created.pk).update(**fields)
        created.refresh_from_db()
    return created


def _ago(now: dt.datetime, months: float) -> dt.datetime:
    whole = int(months)
    return months_before(now, whole) - dt.timedelta(days=round((months - whole) * 30))
