from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.directory.selectors import week_occurrences

MAX_WEEKS_AHEAD = 104


def _week_start(request: HttpRequest) -> tuple[dt.date, str]:
    """The first day shown: ``?ab=JJJJ-MM-TT`` or today; a bad value falls back to today with a message."""
    today = timezone.localdate()
    raw = request.GET.get("ab", "")
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


def municipality_week(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    start, error = _week_start(request)
    found = week_occurrences(municipality, start=start)
    days = [(day, list(items)) for day, items in groupby(found, key=lambda occ: timezone.localtime(occ.start).date())]
    context = {
        "start": start,
        "end": start + dt.timedelta(days=6),
        "previous_week": start - dt.timedelta(days=7),
        "next_week": start + dt.timedelta(days=7),
        "days": days,
        "count": len(found),
        "date_error": error,
    }
    return render(request, "directory/week.html", context, status=400 if error else 200)
