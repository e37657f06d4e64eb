"""Checks on a campaign's period and submission window, shared by the admin form and the services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A campaign week, or a fortnight or month at most: the booklet and the programme page show every day.
MAX_PERIOD_DAYS = 31


def validate_period(
    *, starts_on: dt.date | None, ends_on: dt.date | None, opens_on: dt.date | None, closes_on: dt.date | None
) -> None:
    """Raise ValidationError keyed by field; dates left empty are reported by the form itself."""
    errors: dict[str, str] = {}
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = _("Der letzte Tag liegt vor dem ersten Tag der Aktionswoche.")
        elif (ends_on - starts_on).days + 1 > MAX_PERIOD_DAYS:
            errors["ends_on"] = _("Eine Aktionswoche dauert höchstens %(days)s Tage.") % {"days": MAX_PERIOD_DAYS}
    if opens_on and closes_on and closes_on < opens_on:
        errors["submissions_close_on"] = _("Die Einreichung endet, bevor sie beginnt.")
    elif closes_on and ends_on and closes_on > ends_on:
        errors["submissions_close_on"] = _("Die Einreichung muss spätestens am letzten Tag der Aktionswoche enden.")
    if opens_on and starts_on and opens_on > starts_on and "submissions_close_on" not in errors:
        errors["submissions_open_on"] = _("Die Einreichung muss spätestens am ersten Tag der Aktionswoche beginnen.")
    if errors:
        raise ValidationError(errors)
