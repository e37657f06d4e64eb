"""`nahbar demo --offers N --municipalities M`: the benchmark data set, in small."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db.models import Count, F
from django_scopes import scopes_disabled

from nahbar.areas.models import Area, AreaStatistic
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.tenancy.models import Municipality
from nahbar.tenancy.services import municipality_create


def test_bulk_data_set_spreads_offers_over_municipalities(db: Any) -> None:
    real = municipality_create(actor=None, name="Echtstadt", slug="bench-real", ags="14612000", land="SN")
    call_command("demo", offers=2000, municipalities=3, verbosity=0)
    with scopes_disabled():
        bench = Municipality.objects.filter(slug__startswith="bench-", is_demo=True).order_by("slug")
        assert [m.slug for m in bench] == ["bench-01", "bench-02", "bench-03"]
        assert all(m.is_demo for m in bench)
        offers = Offer.objects.filter(municipality__in=bench)
        assert offers.count() == 2000
        per_municipality = sorted(offers.values("municipality").annotate(n=Count("id")).values_list("n", flat=True))
        assert per_municipality == [666, 667, 667]
        # Organizations, places, schedules and vocabulary links in the demo's proportions.
        assert 600 <= Organization.objects.filter(municipality__in=bench).count() <= 680
        places = Place.objects.filter(municipality__in=bench)
        assert 600 <= places.count() <= 720
        assert not places.filter(area=None).exists()
        assert not places.exclude(area__municipality=F("municipality")).exists()
        assert not offers.annotate(n=Count("schedules")).filter(n=0).exists()
        assert Schedule.objects.filter(municipality__in=bench).count() >= 2000
        for field in ("formats", "target_groups", "languages", "delivery_modes"):
            assert (
                Offer._meta.get_field(field)
                .remote_field.through.objects.filter(  # type: ignore[union-attr]
                    offer__municipality__in=bench
                )
                .count()
                >= 2000
            ), field
        assert Offer.places.through.objects.filter(offer__municipality__in=bench).count() >= 1500
        assert Area.objects.filter(municipality__in=bench).count() == 36
        assert AreaStatistic.objects.filter(municipality__in=bench).values("municipality").distinct().count() == 3
        # No demo municipality for the benchmark set; a real municipality with a similar slug is untouched.
        assert not Municipality.objects.filter(slug="demo").exists()
        assert Municipality.objects.get(slug="bench-real") == real


def test_bulk_data_set_is_replaced_on_the_next_run(db: Any) -> None:
    call_command("demo", offers=300, municipalities=3, verbosity=0)
    call_command("demo", offers=200, municipalities=2, verbosity=0)
    with scopes_disabled():
        assert sorted(Municipality.objects.filter(slug__startswith="bench-").values_list("slug", flat=True)) == [
            "bench-01",
            "bench-02",
        ]
        assert Offer.objects.count() == 200
        assert Place.objects.filter(municipality__slug="bench-03").count() == 0
