"""Demo head counts for the finished demo campaign, and its released report.

Runs after the demo campaigns exist (the finished one has the slug ``aktionswoche-2026``); without that
campaign it does nothing. Counts are invented but plausible: about 800 participants over the campaign's
past events (the Dresden shape: ~80 offers, ~800 participants, 7 days), a few events without counts,
first-time visitors and age groups for some. Seeded, so the same demo gives the same report.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from nahbar.campaigns.attendance import attendance_save, campaign_occurrences, campaign_offers, place_capacity
from nahbar.campaigns.models import Attendance, Campaign
from nahbar.campaigns.report.services import report_release
from nahbar.directory.schedules import Occurrence
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

FINISHED_CAMPAIGN = "aktionswoche-2026"
TARGET_PARTICIPANTS = 800
UNCOUNTED_SHARE = 0.07  # events whose providers never answered


def _weights(rng: random.Random, n: int) -> list[float]:
    # Most meetings are small, a few (a festival, a concert) are big.
    return [rng.choice((4, 6, 8, 10, 12, 15, 20)) * rng.uniform(0.7, 1.3) for _ in range(n)]


def _numbers(rng: random.Random, participants: int) -> dict[str, int | None]:
    values: dict[str, int | None] = {"participants": participants}
    values["first_time"] = round(participants * rng.uniform(0.05, 0.4)) if rng.random() < 0.75 else None
    if rng.random() < 0.6:
        young = round(participants * rng.uniform(0.0, 0.25))
        middle = round((participants - young) * rng.uniform(0.2, 0.5))
        values |= {"age_under_30": young, "age_30_to_64": middle, "age_65_plus": participants - young - middle}
    return values


def _plan(rng: random.Random, past: list[Occurrence], target: int) -> list[tuple[Occurrence, dict[str, int | None]]]:
    uncounted = max(1, round(len(past) * UNCOUNTED_SHARE)) if len(past) > 1 else 0
    counted = sorted(rng.sample(range(len(past)), len(past) - uncounted))
    weights = _weights(rng, len(counted))
    scale = target / sum(weights) if weights else 0
    plan = []
    for index, weight in zip(counted, weights, strict=True):
        occurrence = past[index]
        participants = max(1, round(weight * scale))
        capacity = place_capacity(occurrence)
        if capacity is not None:
            participants = min(participants, capacity)
        plan.append((occurrence, _numbers(rng, participants)))
    return plan


def demo_attendance(
    *, actor: audit.Actor, municipality: Municipality, seed: int, now: dt.datetime | None = None
) -> int:
    """Enter the demo counts and release the report; returns the number of events counted (0 = no campaign)."""
    campaign = Campaign.objects.filter(municipality=municipality, slug=FINISHED_CAMPAIGN).first()
    if campaign is None:
        return 0
    campaign.municipality = municipality
    now = now or timezone.now()
    past = [o for o in campaign_occurrences(campaign, campaign_offers(campaign)) if o.start <= now]
    past.sort(key=lambda o: (o.start, o.offer.title, o.offer.pk))
    rng = random.Random(f"attendance-{seed}")
    plan = _plan(rng, past, TARGET_PARTICIPANTS)
    sources = (Attendance.Source.PROVIDER_LINK, Attendance.Source.COORDINATOR)
    for number, (occurrence, values) in enumerate(plan):
        source = sources[1] if number % 5 == 0 else sources[0]  # every fifth from a paper tally sheet
        attendance_save(actor=actor, campaign=campaign, occurrence=occurrence, values=values, source=source)
    report_release(actor=actor, campaign=campaign)
    return len(plan)
