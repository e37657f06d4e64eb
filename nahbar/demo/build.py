"""The demo municipality: Berlin's real district boundaries, everything else invented.

Written through the service functions, like any coordinator's data, so the audit log and the
derived fields (a place's area) come out as in real use.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from tqdm import tqdm

from nahbar.areas.locate import AreaLocator
from nahbar.areas.models import Area
from nahbar.areas.services import area_statistics_import, areas_import
from nahbar.demo import berlin
from nahbar.demo.addresses import import_demo_addresses
from nahbar.demo.attendance import demo_attendance
from nahbar.demo.campaigns import build_demo_campaigns
from nahbar.demo.freshness import demo_freshness
from nahbar.demo.geo import PolygonSampler
from nahbar.demo.plan import OFFER_M2M, OFFER_M2M_VOCABULARY, DirectoryPlan, Planner, Region
from nahbar.demo.reset import demo_municipalities, demo_users_remove, municipality_purge
from nahbar.demo.review import build_review_demo
from nahbar.demo.survey import build_demo_survey
from nahbar.demo.survey_responses import create_demo_responses
from nahbar.directory.models import Offer, Organization, Place, Term
from nahbar.directory.services import offer_create, organization_create, place_create, schedule_add
from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality, Role
from nahbar.tenancy.services import membership_grant, municipality_create, user_create

DEMO_SLUG = "demo"
DEMO_NAME = "Demostadt (fiktiv)"
DEMO_AGS = "11000000"  # Berlin, whose districts the demo borrows
DEMO_LAND = "BE"
DEFAULT_PASSWORD = "nahbar-demo-2026"  # noqa: S105 - printed on purpose, demo accounts only
DEFAULT_SEED = 2026
DEMO_COUNTS = {"organizations": 80, "third_places": 40, "other_places": 45, "offers": 250}

ADMIN_USERNAME = "demo-admin"
ROLE_USERNAMES: dict[str, str] = {
    Role.COORDINATOR: "demo-koordination",
    Role.PLANNER: "demo-planung",
    Role.OUTREACH: "demo-lotse",
    Role.PROVIDER: "demo-anbieter",
    Role.VIEWER: "demo-lesezugriff",
}
DEMO_USERNAMES = (ADMIN_USERNAME, *ROLE_USERNAMES.values())


@dataclass
class DemoLogin:
    username: str
    role: str  # label
    note: str = ""


@dataclass
class DemoReport:
    municipality: Municipality
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def vocabulary_terms() -> dict[tuple[str, str], Term]:
    return {(t.vocabulary, t.code): t for t in Term.objects.filter(municipality=None)}


def regions_for(municipality: Municipality) -> list[Region]:
    """The imported districts as sampling regions (sampling the stored, validated geometry)."""
    with scopes_disabled():
        areas = list(Area.objects.filter(municipality=municipality, level=berlin.AREA_LEVEL).order_by("code"))
    return [
        Region(
            code=a.code,
            name=a.name,
            weight=berlin.BEZIRK_BY_CODE[a.code].population,
            sampler=PolygonSampler(a.geometry or {}),
            postcodes=berlin.BEZIRK_BY_CODE[a.code].postcodes,
        )
        for a in areas
    ]


def import_districts(*, actor: audit.Actor, municipality: Municipality, rng: random.Random) -> None:
    """Berlin's 12 Bezirke through the area import, then invented statistics through the statistics import."""
    with tempfile.TemporaryDirectory(prefix="nahbar-demo-") as tmp:
        geojson = berlin.write_coded_geojson(Path(tmp) / "berlin_bezirke.geojson")
        areas_import(
            actor=actor,
            municipality=municipality,
            path=geojson,
            level=berlin.AREA_LEVEL,
            code_field="code",
            name_field="name",
            level_rank=1,
        )
        table = Path(tmp) / "demo_strukturdaten.csv"
        with table.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["area_code", "indicator", "year", "age_band", "sex", "value", "source"])
            for row in berlin.statistic_rows(rng):
                writer.writerow(
                    [
                        row.area_code,
                        row.indicator,
                        berlin.STATISTICS_YEAR,
                        row.age_band,
                        row.sex,
                        f"{row.value:g}",
                        berlin.STATISTICS_SOURCE,
                    ]
                )
        area_statistics_import(actor=actor, municipality=municipality, path=table, level=berlin.AREA_LEVEL)


def write_plan(
    plan: DirectoryPlan, *, actor: audit.Actor, municipality: Municipality, progress: bool = False
) -> tuple[list[Organization], list[Place], list[Offer], int]:
    terms = vocabulary_terms()
    locator = AreaLocator.for_municipality(municipality.pk)
    organizations = [
        organization_create(
            actor=actor,
            municipality=municipality,
            **o.model_fields(),
        )
        for o in plan.organizations
    ]
    places = [
        place_create(
            actor=actor,
            municipality=municipality,
            locator=locator,
            accessibility=[terms["accessibility", code] for code in p.accessibility],
            organization=organizations[p.organization_key] if p.organization_key is not None else None,
            **p.model_fields(),
        )
        for p in plan.places
    ]
    offers = []
    schedules = 0
    for o in _progress(plan.offers, enabled=progress):
        # Empty lists are left out: each list costs the service a query even when there is nothing to set.
        related: dict[str, Any] = {
            name: [terms[OFFER_M2M_VOCABULARY[name], c] for c in o.terms[name]] for name in OFFER_M2M if o.terms[name]
        }
        if o.place_keys:
            related["places"] = [places[k] for k in o.place_keys]
        offer = offer_create(
            actor=actor,
            organization=organizations[o.organization_key],
            **o.model_fields(),
            **related,
        )
        for s in o.schedules:
            schedule_add(
                actor=actor,
                offer=offer,
                place=places[s.place_key] if s.place_key is not None else None,
                **s.model_fields(),
            )
            schedules += 1
        offers.append(offer)
    return organizations, places, offers, schedules


def _progress(items: list[Any], *, enabled: bool) -> Iterable[Any]:
    if not enabled:
        return items
    return tqdm(items, desc="Angebote", unit=" Angebote", file=sys.stderr, leave=False)


def demo_build(
    *, seed: int = DEFAULT_SEED, password: str = DEFAULT_PASSWORD, today: dt.date | None = None, progress: bool = False
) -> DemoReport:
    """(Re)build the demo municipality and its log-ins; replaces an earlier demo, nothing else."""
    started = time.monotonic()
    rng = random.Random(seed)
    today = today or timezone.localdate()
    with scopes_disabled(), transaction.atomic():
        for old in demo_municipalities([DEMO_SLUG]):
            municipality_purge(old)
        demo_users_remove(DEMO_USERNAMES)
        password_hash = make_password(password)
        admin = _with_password(user_create(actor=None, username=ADMIN_USERNAME, is_superuser=True), password_hash)
        municipality = municipality_create(
            actor=admin,
            name=DEMO_NAME,
            slug=DEMO_SLUG,
            ags=DEMO_AGS,
            land=DEMO_LAND,
            is_demo=True,
            data_attribution=berlin.ATTRIBUTION,
        )
        import_districts(actor=admin, municipality=municipality, rng=rng)
        planner = Planner(rng=rng, now=timezone.now(), today=today, regions=regions_for(municipality))
        plan = planner.plan(**DEMO_COUNTS)
        organizations, places, offers, schedules = write_plan(
            plan, actor=admin, municipality=municipality, progress=progress
        )
        demo_freshness(actor=admin, municipality=municipality, offers=offers, seed=seed)
        addresses = import_demo_addresses(actor=admin, municipality=municipality, places=places, seed=seed)
        build_demo_survey(actor=admin, municipality=municipality, today=today)
        build_demo_campaigns(
            actor=admin, municipality=municipality, organizations=organizations, places=places, today=today
        )
        create_demo_responses(municipality=municipality, seed=seed, today=today)
        logins = _grant_logins(
            admin=admin,
            municipality=municipality,
            password_hash=password_hash,
            organizations=_busiest(organizations, offers, 2),
        )
        demo_attendance(actor=admin, municipality=municipality, seed=seed)  # after the demo campaigns
        build_review_demo(municipality=municipality, provider_username=ROLE_USERNAMES[Role.PROVIDER], rng=rng)
    return DemoReport(
        municipality=municipality,
        seconds=time.monotonic() - started,
        counts={
            "areas": len(planner.regions),
            "organizations": len(organizations),
            "places": len(places),
            "third_places": sum(p.is_third_place for p in places),
            "offers": len(offers),
            "published": sum(o.is_public() for o in offers),
            "phone": sum("telefonisch" in o.terms["delivery_modes"] for o in plan.offers),
            "online": sum("online" in o.terms["delivery_modes"] for o in plan.offers),
            "schedules": schedules,
            "addresses": addresses.created,
        },
        logins=logins,
    )


def _busiest(organizations: list[Organization], offers: list[Offer], n: int) -> list[Organization]:
    counts: dict[int, int] = {}
    for offer in offers:
        counts[offer.organization_id] = counts.get(offer.organization_id, 0) + 1
    return sorted(organizations, key=lambda o: (-counts.get(o.pk, 0), o.name))[:n]


def _with_password(user: Any, password_hash: str) -> Any:
    # All demo accounts share one password, so they share one hash: Argon2 deliberately takes about
    # half a second per hash, which would be most of the demo's build time.
    user.password = password_hash
    user.save(update_fields=["password"])
    return user


def _grant_logins(
    *, admin: Any, municipality: Municipality, password_hash: str, organizations: list[Organization]
) -> list[DemoLogin]:
    logins = [DemoLogin(ADMIN_USERNAME, "Superuser (Admin)", "alle Kommunen, Django-Admin")]
    for role, username in ROLE_USERNAMES.items():
        user = _with_password(user_create(actor=admin, username=username), password_hash)
        orgs = organizations if role == Role.PROVIDER else []
        membership_grant(actor=admin, user=user, municipality=municipality, role=role, organizations=orgs)
        note = "für " + " und ".join(o.name for o in orgs) if orgs else ""
        logins.append(DemoLogin(username, str(Role(role).label), note))
    return logins
