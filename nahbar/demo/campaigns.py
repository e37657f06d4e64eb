"""Two campaign weeks for the demo: one finished (about 80 entries over seven days), one open for submissions.

Slugs are fixed, so other parts of the demo (the campaign report's head counts) can find them:
``aktionswoche-2026`` (finished, ten weeks before the build day) and ``aktionswoche-2027`` (a year later,
submissions open now). Deterministic: a seeded random generator, offers taken in primary-key order.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from nahbar.campaigns.models import Campaign, CampaignEntry
from nahbar.campaigns.submission import entry_create, has_date_in_period
from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.directory.services import offer_create, schedule_add
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality

FINISHED_SLUG = "aktionswoche-2026"
UPCOMING_SLUG = "aktionswoche-2027"
NEW_EVENTS = 15  # special events created for the week; the rest are regular offers taking part
FLAGGED_OFFERS = 65
QUESTIONS = [
    {"key": "partner", "label": "Mit wem arbeiten Sie für diese Veranstaltung zusammen?", "required": False},
    {"key": "erstmals", "label": "Machen Sie zum ersten Mal bei der Aktionswoche mit?", "required": True},
]
# (title, format code, target group code, duration in minutes)
EVENTS = [
    ("Nachbarschaftsfrühstück", "essen", "alle", 120),
    ("Erzählcafé: Wie wir hier angekommen sind", "erzaehlcafe", "aeltere", 90),
    ("Offenes Singen im Hof", "musik", "alle", 60),
    ("Spaziergang: Unbekannte Ecken im Kiez", "bewegung", "alle", 90),
    ("Spielenachmittag für Jung und Alt", "spiele", "familien", 150),
    ("Tanztee mit Live-Musik", "musik", "aeltere", 120),
    ("Handy-Sprechstunde: Fragen erlaubt", "digital", "aeltere", 90),
    ("Kochen für alle: Suppe aus aller Welt", "essen", "migration", 150),
    ("Lesung: Geschichten vom Alleinsein", "kultur", "alle", 75),
    ("Repair-Café", "offener-treff", "alle", 180),
    ("Kinoabend im Gemeindehaus", "kultur", "alle", 120),
    ("Gartenrundgang mit Kaffee", "natur", "alleinlebende", 90),
    ("Schreibwerkstatt: Briefe an die Nachbarschaft", "kreativ", "alle", 120),
    ("Sitzgymnastik zum Mitmachen", "bewegung", "hochaltrige", 45),
    ("Trauercafé: Reden hilft", "gespraech", "trauernde", 90),
]
TIMES = [dt.time(9, 30), dt.time(10), dt.time(11), dt.time(14), dt.time(15), dt.time(16), dt.time(18)]


@dataclass
class DemoCampaigns:
    finished: Campaign
    upcoming: Campaign
    entries: int
    new_events: int


def _week_starting(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _campaign(municipality: Municipality, actor: audit.Actor, **fields: Any) -> Campaign:
    campaign = Campaign(municipality=municipality, questions=QUESTIONS, **fields)
    campaign.full_clean()
    campaign.save()
    audit.record(actor=actor, action="campaign.create", obj=campaign, changes=audit.snapshot(campaign))
    return campaign


def _new_events(
    campaign: Campaign,
    *,
    actor: audit.Actor,
    rng: random.Random,
    organizations: list[Organization],
    places: list[Place],
) -> list[Offer]:
    terms = {(t.vocabulary, t.code): t for t in Term.objects.filter(municipality=None)}
    located = [p for p in places if p.area_id is not None]
    offers = []
    for title, fmt, group, minutes in EVENTS[:NEW_EVENTS]:
        place = rng.choice(located)
        organization = place.organization or rng.choice(organizations)
        offer = offer_create(
            actor=actor,
            organization=organization,
            title=title,
            summary=f"Zur {campaign.name}: {title} – alle sind willkommen, auch wer allein kommt.",
            description="Eine Veranstaltung zur Aktionswoche (fiktiv, nur für die Demo).",
            is_free=rng.random() < 0.85,
            review_state=Offer.ReviewState.PUBLISHED,
            places=[place],
            formats=[terms["format", fmt]],
            target_groups=[terms["target_group", group]],
            languages=[terms["language", "de"]],
            delivery_modes=[terms["delivery_mode", "vor-ort"]],
        )
        first = campaign.starts_on + dt.timedelta(days=rng.randrange(7))
        daily = rng.random() < 0.2  # a few run on several days of the week
        schedule_add(
            actor=actor,
            offer=offer,
            place=place,
            dtstart=first,
            start_time=rng.choice(TIMES),
            duration_minutes=minutes,
            rrule="FREQ=DAILY" if daily else "",
            # The demo writes one-off dates as RDATEs, like the rest of its plan.
            rdates=[] if daily else [first.isoformat()],
            until=min(first + dt.timedelta(days=2), campaign.ends_on) if daily else None,
            runs_on_holidays=True,
        )
        offers.append(offer)
    return offers


def _regular_offers(campaign: Campaign, municipality: Municipality, rng: random.Random) -> list[Offer]:
    """Published offers with one or two dates in the week (a daily offer would fill the booklet)."""
    from nahbar.directory.recurrence import expand

    candidates = (
        Offer.objects.filter(
            municipality=municipality, review_state=Offer.ReviewState.PUBLISHED, status=Offer.Status.ACTIVE
        )
        .prefetch_related(Prefetch("schedules", queryset=Schedule.objects.order_by("pk")))
        .order_by("pk")
    )
    fitting = [
        offer
        for offer in candidates
        if has_date_in_period(offer, campaign, municipality.land)
        and sum(
            len(expand(s.spec(), start=campaign.starts_on, end=campaign.ends_on, land=municipality.land))
            for s in offer.schedules.all()
        )
        <= 2
    ]
    return sorted(rng.sample(fitting, min(FLAGGED_OFFERS, len(fitting))), key=lambda o: o.pk)


def build_demo_campaigns(
    *,
    actor: audit.Actor,
    municipality: Municipality,
    organizations: list[Organization],
    places: list[Place],
    today: dt.date,
    seed: int = 2026,
) -> DemoCampaigns:
    rng = random.Random(seed)
    start = _week_starting(today) - dt.timedelta(weeks=10)
    finished = _campaign(
        municipality,
        actor,
        slug=FINISHED_SLUG,
        name="Aktionswoche gegen Einsamkeit",
        theme="Gemeinsam statt einsam",
        description="Eine Woche lang laden Vereine, Kirchgemeinden und Nachbarschaftshäuser zu Begegnungen ein.",
        starts_on=start,
        ends_on=start + dt.timedelta(days=6),
        submissions_open_on=start - dt.timedelta(weeks=14),
        submissions_close_on=start - dt.timedelta(weeks=3),
    )
    upcoming_start = start + dt.timedelta(weeks=52)
    upcoming = _campaign(
        municipality,
        actor,
        slug=UPCOMING_SLUG,
        name="Aktionswoche gegen Einsamkeit (nächstes Jahr)",
        theme="Nachbarschaft verbindet",
        description="Jetzt mitmachen: Reichen Sie bis zum Einsendeschluss Ihre Veranstaltung ein.",
        starts_on=upcoming_start,
        ends_on=upcoming_start + dt.timedelta(days=6),
        submissions_open_on=today - dt.timedelta(days=14),
        submissions_close_on=upcoming_start - dt.timedelta(weeks=4),
    )
    # Regular offers first: the new events would otherwise count among them.
    regular = _regular_offers(finished, municipality, rng)
    new = _new_events(finished, actor=actor, rng=rng, organizations=organizations, places=places)
    for offer in [*new, *regular]:
        answers = {"partner": "", "erstmals": rng.choice(["ja", "nein"])}
        entry_create(actor=actor, campaign=finished, offer=offer, answers=answers)
    return DemoCampaigns(
        finished=finished,
        upcoming=upcoming,
        entries=CampaignEntry.objects.filter(campaign=finished).count(),
        new_events=len(new),
    )
