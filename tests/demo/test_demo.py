"""`nahbar demo`: the demo municipality on Berlin's districts, its data and its log-ins.

The demo is built once for this module (inside a transaction that is rolled back at the end);
each test runs in a savepoint on top of it. One test builds it a second time.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from nahbar.areas.models import Area, AreaStatistic
from nahbar.demo import berlin
from nahbar.demo.build import ADMIN_USERNAME, DEMO_USERNAMES, ROLE_USERNAMES
from nahbar.demo.geo import PolygonSampler
from nahbar.demo.plan import Planner, Region
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.directory.selectors import week_occurrences
from nahbar.tenancy.models import AuditEvent, Membership, Municipality, Role
from tests.demo.conftest import FAST_HASHERS

PASSWORD = "demo-test-password-2026"


@pytest.fixture(scope="module")
def demo_build(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        call_command("demo", password=PASSWORD, verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_build: None, db: Any) -> Iterator[Municipality]:
    with scopes_disabled():
        yield Municipality.objects.get(slug="demo")


def test_demo_municipality_is_marked_fictional_and_credits_the_boundaries(demo: Municipality) -> None:
    assert demo.is_demo
    assert demo.land == "BE"
    assert demo.ags == "11000000"
    assert "fiktiv" in demo.name
    assert "CC BY 3.0 DE" in demo.data_attribution
    assert "Amt für Statistik Berlin-Brandenburg / Berliner Morgenpost" in demo.data_attribution


def test_builds_the_promised_amounts(demo: Municipality) -> None:
    assert 70 <= Organization.objects.filter(municipality=demo).count() <= 90
    assert 230 <= Offer.objects.filter(municipality=demo).count() <= 270
    assert 35 <= Place.objects.filter(municipality=demo, is_third_place=True).count() <= 45
    areas = Area.objects.filter(municipality=demo)
    assert areas.count() == 12
    assert set(areas.values_list("code", flat=True)) == {f"{i:02d}" for i in range(1, 13)}
    assert set(areas.values_list("name", flat=True)) == set(berlin.BEZIRK_BY_NAME)


def test_population_statistics_by_age_band_and_sex(demo: Municipality) -> None:
    stats = AreaStatistic.objects.filter(municipality=demo)
    population = stats.filter(indicator="population", year=2024)
    assert population.count() == 12 * len(berlin.AGE_BANDS) * 2
    assert set(population.values_list("age_band", flat=True)) == set(berlin.AGE_BANDS)
    assert set(population.values_list("sex", flat=True)) == {"f", "m"}
    assert set(stats.values_list("source", flat=True)) == {"fiktive Demo-Daten"}
    for area in Area.objects.filter(municipality=demo):
        total = sum(population.filter(area=area).values_list("value", flat=True))
        assert 230_000 < total < 440_000, area.name
    assert stats.filter(indicator="single_households_share").count() == 12
    assert stats.filter(indicator="sgb2_quota").count() == 12

    # Older districts really are older in the demo figures.
    def share_65_plus(name: str) -> float:
        rows = population.filter(area__name=name)
        old = sum(r.value for r in rows if r.age_band in ("65-79", "80+"))
        return old / sum(r.value for r in rows)

    assert share_65_plus("Steglitz-Zehlendorf") > share_65_plus("Friedrichshain-Kreuzberg") + 0.08


def test_every_place_lies_in_a_district(demo: Municipality) -> None:
    places = Place.objects.filter(municipality=demo)
    assert places.count() >= 80
    assert not places.filter(area=None).exists()
    assert not places.exclude(area__municipality=demo).exists()
    assert places.values("area").distinct().count() == 12
    third = places.filter(is_third_place=True)
    assert all(p.opening_hours for p in third.exclude(kind="outdoor"))


def test_everything_is_marked_fictional(demo: Municipality) -> None:
    assert all(
        "(fiktiv)" in name for name in Organization.objects.filter(municipality=demo).values_list("name", flat=True)
    )
    assert all("fiktiv" in d for d in Offer.objects.filter(municipality=demo).values_list("description", flat=True))
    emails = Organization.objects.filter(municipality=demo).values_list("email", flat=True)
    assert all(e.endswith(".example.org") for e in emails)


def test_every_published_offer_has_a_schedule(demo: Municipality) -> None:
    published = Offer.objects.filter(municipality=demo, review_state=Offer.ReviewState.PUBLISHED)
    assert published.count() > 200
    assert not published.annotate(n=Count("schedules")).filter(n=0).exists()


def test_offers_are_mostly_public_with_some_stale_paused_and_draft(demo: Municipality) -> None:
    offers = Offer.objects.filter(municipality=demo)
    public = offers.filter(review_state=Offer.ReviewState.PUBLISHED, status=Offer.Status.ACTIVE)
    assert public.count() / offers.count() > 0.85
    half_year_ago = timezone.now() - dt.timedelta(days=183)
    assert public.filter(assured_at__lt=half_year_ago).exists()
    assert offers.filter(status=Offer.Status.PAUSED).exists()
    assert offers.exclude(review_state=Offer.ReviewState.PUBLISHED).exists()
    assert offers.exclude(easy_language_summary="").count() >= 15
    # Vocabulary terms are assigned plausibly: every offer has a format, a target group and a language.
    for field in ("formats", "target_groups", "languages", "delivery_modes"):
        assert not offers.annotate(n=Count(field)).filter(n=0).exists(), field


def test_the_week_page_always_has_something(demo: Municipality, client: Any) -> None:
    found = week_occurrences(demo, start=timezone.localdate())
    assert len(found) > 20
    response = client.get("/demo/")
    assert response.status_code == 200
    assert "Berliner Morgenpost" in response.content.decode()


def test_schedules_show_the_whole_range_of_rhythms(demo: Municipality) -> None:
    schedules = Schedule.objects.filter(municipality=demo)
    rules = set(schedules.values_list("rrule", flat=True))
    assert any(r.startswith("FREQ=WEEKLY;BYDAY=") and "," in r for r in rules)  # e.g. TU,TH
    assert any("INTERVAL=2" in r for r in rules)
    assert any(r.startswith("FREQ=MONTHLY;BYDAY=-1") for r in rules)  # last Friday
    assert any(r.startswith("FREQ=MONTHLY;BYDAY=2") for r in rules)  # second Tuesday
    one_offs = schedules.filter(rrule="")
    assert one_offs.count() >= 5
    assert all(s.rdates for s in one_offs)
    assert schedules.exclude(exdates=[]).exists()
    assert schedules.filter(runs_on_holidays=True).exists()
    assert schedules.filter(offer__title__contains="Warme Stube", runs_on_holidays=True).exists()
    today = timezone.localdate().isoformat()
    assert any(d >= today for s in one_offs for d in s.rdates)


def test_phone_and_online_offers_have_no_place(demo: Municipality) -> None:
    for mode in ("telefonisch", "online"):
        offers = Offer.objects.filter(municipality=demo, delivery_modes__code=mode).exclude(
            delivery_modes__code="vor-ort"
        )
        assert offers.count() >= 3, mode
        assert not offers.filter(places__isnull=False).exists()
        assert not Schedule.objects.filter(offer__in=offers, place__isnull=False).exists()


def test_one_login_per_role_that_can_log_in(demo: Municipality) -> None:
    sign_in = RequestFactory().post("/anmelden/")  # django-axes needs the request to count failures
    for role in Role.values:
        membership = Membership.objects.get(municipality=demo, role=role)
        assert membership.user.username == ROLE_USERNAMES[role]
        assert authenticate(sign_in, username=membership.user.username, password=PASSWORD) == membership.user
        assert membership.user.is_staff
    provider = Membership.objects.get(municipality=demo, role=Role.PROVIDER)
    orgs = provider.organizations.all()
    assert len(orgs) == 2
    assert all(o.municipality_id == demo.pk for o in orgs)
    admin = authenticate(sign_in, username=ADMIN_USERNAME, password=PASSWORD)
    assert admin is not None and admin.is_superuser
    assert authenticate(sign_in, username=ADMIN_USERNAME, password="wrong-password") is None


def test_written_through_the_services_with_audit_rows(demo: Municipality) -> None:
    actions = set(AuditEvent.objects.filter(municipality=demo).values_list("action", flat=True))
    assert {
        "municipality.create",
        "area.import",
        "organization.create",
        "place.create",
        "offer.create",
        "schedule.create",
        "membership.grant",
    } <= actions


def test_running_again_replaces_the_demo_and_leaves_others_alone(demo: Municipality, cast: Any) -> None:
    with scopes_disabled():
        home_before = (cast.home.name, Organization.objects.filter(municipality=cast.home).count())
    out = io.StringIO()
    call_command("demo", password=PASSWORD, seed=7, no_progress=True, stdout=out)
    with scopes_disabled():
        assert Municipality.objects.filter(slug="demo").count() == 1
        rebuilt = Municipality.objects.get(slug="demo")
        assert rebuilt.pk != demo.pk
        assert not Offer.objects.filter(municipality_id=demo.pk).exists()
        assert Municipality.objects.filter(pk=cast.home.pk).exists()
        home = Municipality.objects.get(pk=cast.home.pk)
        assert (home.name, Organization.objects.filter(municipality=home).count()) == home_before
        assert Membership.objects.filter(user=cast.users["coordinator"], municipality=home).exists()
        assert Membership.objects.filter(user__username__in=DEMO_USERNAMES).count() == len(ROLE_USERNAMES)
    printed = out.getvalue()
    for username in DEMO_USERNAMES:
        assert username in printed
    assert PASSWORD in printed
    assert "http://127.0.0.1:8000/demo/" in printed
    assert "http://127.0.0.1:8000/admin/" in printed


def test_refuses_to_replace_a_real_municipality_called_demo(demo: Municipality) -> None:
    Municipality.objects.filter(pk=demo.pk).update(is_demo=False)
    with pytest.raises(CommandError, match="not a demo municipality"):
        call_command("demo", password=PASSWORD, verbosity=0)
    with scopes_disabled():
        assert Offer.objects.filter(municipality=demo).count() >= 230


def test_refuses_the_published_default_password_without_debug(demo: Municipality, settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--password"):
        call_command("demo", verbosity=0)


def _regions() -> list[Region]:
    features = json.loads(berlin.BEZIRKE_GEOJSON.read_text(encoding="utf-8"))["features"]
    return [
        Region(
            code=b.code, name=b.name, weight=b.population, sampler=PolygonSampler(f["geometry"]), postcodes=b.postcodes
        )
        for f in features
        for b in [berlin.BEZIRK_BY_NAME[f["properties"]["name"]]]
    ]


def test_the_plan_is_deterministic_for_a_seed() -> None:
    regions = _regions()
    now = timezone.now()
    today = timezone.localdate()

    def plan(seed: int) -> list[Any]:
        planner = Planner(rng=random.Random(seed), now=now, today=today, regions=regions)
        result = planner.plan(organizations=20, third_places=8, other_places=8, offers=60)
        return [(o.title, o.terms, [s.rrule for s in o.schedules]) for o in result.offers] + [
            (p.name, p.latitude, p.longitude) for p in result.places
        ]

    assert plan(1) == plan(1)
    assert plan(1) != plan(2)


def test_the_district_file_gets_official_codes(tmp_path: Any) -> None:
    path = berlin.write_coded_geojson(tmp_path / "bezirke.geojson")
    props = [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    assert {(p["code"], p["name"]) for p in props} == {(b.code, b.name) for b in berlin.BEZIRKE}


def test_every_place_street_is_in_the_address_list_at_the_place(demo: Municipality, client: Any) -> None:
    from nahbar.areas.addresses import number_key, street_key
    from nahbar.areas.models import Address

    places = [p for p in Place.objects.filter(municipality=demo) if p.street]
    addresses = {(a.street_key, a.number_key, a.postcode): a for a in Address.objects.filter(municipality=demo)}
    assert len(addresses) > 20 * len(places) // 2
    assert AuditEvent.objects.filter(municipality=demo, action="address.import").count() == 1
    for place in places:
        street, number = place.street.rsplit(" ", 1)
        found = addresses[(street_key(street), number_key(number), place.postcode)]
        assert (found.latitude, found.longitude) == pytest.approx((place.latitude, place.longitude), abs=1e-6)
        assert found.area_id == place.area_id
    third = next(p for p in places if p.is_third_place)
    html = client.get("/demo/angebote/", {"adresse": f"{third.street}, {third.postcode}"}).content.decode()
    assert "Entfernung von " + third.street in html


def test_the_address_list_is_deterministic_for_a_seed() -> None:
    import random

    from nahbar.demo.addresses import address_rows

    spot = Place(street="Lindenstraße 12", postcode="10115", city="Demostadt", latitude=52.5, longitude=13.4)
    first = list(address_rows([spot], random.Random("2026-addresses")))
    assert first == list(address_rows([spot], random.Random("2026-addresses")))
    assert [row[1] for row in first] == [str(n) for n in range(1, 32)]
    assert first[11][4:] == ["52.500000", "13.400000"]  # number 12 is the place itself
