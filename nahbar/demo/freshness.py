"""The freshness loop in the demo: some offers due for a reminder (some already reminded), a few out of
the finder, and paused offers with the date they come back (docs/freshness.md)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from nahbar.directory.models import Offer
from nahbar.directory.services import object_update
from nahbar.freshness.dates import State, confirmed_at, state_of
from nahbar.freshness.models import Reminder
from nahbar.freshness.recipients import recipients_of
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

WITHDRAWN = 4  # offers moved out of the finder (not confirmed for more than N + 3 months)


def demo_freshness(*, actor: audit.Actor, municipality: Municipality, offers: list[Offer], seed: int) -> dict[str, int]:
    """Deterministic for a seed; writes through the services (audited) and logs reminders without mailing."""
    rng = random.Random(seed + 5)
    now = timezone.now()
    today = timezone.localdate(now)
    public = [o for o in offers if o.is_public()]
    for offer in [o for o in offers if o.status == Offer.Status.PAUSED]:
        object_update(actor=actor, obj=offer, fields={"paused_until": today + dt.timedelta(days=rng.randint(10, 120))})
    fresh = [o for o in public if state_of(o, municipality, now) is State.FRESH]
    for offer in rng.sample(fresh, min(WITHDRAWN, len(fresh))):
        object_update(actor=actor, obj=offer, fields={"assured_at": now - dt.timedelta(days=rng.randint(285, 400))})
    due = [o for o in public if state_of(o, municipality, now) is State.DUE]
    reminded = 0
    for offer in due[::2]:  # half of them were already asked, a few days to weeks ago
        recipients = recipients_of(offer)
        if not recipients:
            continue
        reminder = Reminder.objects.create(
            municipality=municipality, offer=offer, basis=confirmed_at(offer), recipients=recipients
        )
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=now - dt.timedelta(days=rng.randint(3, 40)))
        reminded += 1
    return {"withdrawn": min(WITHDRAWN, len(fresh)), "due": len(due), "reminded": reminded}
