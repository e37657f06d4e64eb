"""The whole programme of a campaign as one iCalendar file: one event per date inside the period.

Not the offers' series (as the finder's feed has them): an offer that runs every Tuesday all year takes
part in the campaign only with its Tuesday inside the period. The building blocks are the offer pages'
(nahbar/directory/offer_pages/ical.py), so both files look alike to calendars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils import timezone

from nahbar.directory.offer_pages import ical as offer_ical

if TYPE_CHECKING:
    from nahbar.campaigns.models import Campaign
    from nahbar.directory.models import Offer
    from nahbar.directory.schedules import Occurrence


def programme_calendar(
    campaign: Campaign, found: list[Occurrence], *, offer_url: Callable[[Offer], str], name: str
) -> bytes:
    calendar = offer_ical._calendar()
    calendar.add("x-wr-calname", name)
    municipality = campaign.municipality
    for occ in found:
        stamp = timezone.localtime(occ.start).strftime("%Y%m%dT%H%M")
        uid = offer_ical._uid(municipality, occ.schedule, f"-{stamp}-{campaign.slug}")
        event = offer_ical._base_event(occ.offer, occ.schedule, url=offer_url(occ.offer), uid=uid)
        if occ.slot.all_day:
            first = timezone.localtime(occ.start).date()
            event.add("dtstart", first)
            event.add("dtend", max(timezone.localtime(occ.end).date(), first + dt.timedelta(days=1)))
        else:
            event.add("dtstart", timezone.localtime(occ.start))
            event.add("dtend", timezone.localtime(occ.end))
        event.add("categories", [campaign.name])
        calendar.add_component(event)
    return calendar.to_ical()
