"""Head counts: validation, the signed reminder link (tampering, expiry, scope), and saving with audit."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from nahbar.campaigns.attendance import CountInput, validate_counts
from nahbar.campaigns.attendance_links import SALT, BadLink, make_token, read_token
from nahbar.campaigns.attendance_rows import build_rows, read_and_save
from nahbar.campaigns.models import Attendance
from nahbar.tenancy.models import AuditEvent
from tests.campaigns.report_setup import DURING, make_campaign, occurrence

pytestmark = pytest.mark.django_db


def _validate(capacity: int | None = None, **raw: str) -> list[str]:
    return validate_counts(CountInput(raw=raw), capacity=capacity).errors


@pytest.mark.parametrize(
    ("raw", "capacity", "message"),
    [
        ({"participants": "-1"}, None, "nicht negativ"),
        ({"participants": "zwölf"}, None, "ganze Zahl"),
        ({"participants": "3.5"}, None, "ganze Zahl"),
        ({"participants": "10001"}, None, "höchstens 10.000"),
        ({"participants": "21"}, 20, "als Plätze am Ort (20)"),
        ({"participants": "5", "first_time": "6"}, None, "zum ersten Mal"),
        ({"participants": "5", "age_under_30": "3", "age_65_plus": "3"}, None, "Altersgruppen"),
        ({"participants": "", "first_time": "2"}, None, "Zahl der Teilnehmenden"),
        ({"participants": "4", "age_30_to_64": "-2"}, None, "nicht negativ"),
    ],
)
def test_bad_counts_are_refused_with_a_clear_message(raw: dict[str, str], capacity: int | None, message: str) -> None:
    errors = _validate(capacity, **raw)
    assert errors
    assert any(message in e for e in errors), errors


def test_plausible_counts_pass() -> None:
    assert _validate(20, participants="20", first_time="20", age_under_30="5", age_30_to_64="5", age_65_plus="10") == []
    assert _validate(None, participants="0") == []
    assert _validate(None, participants=" 10000 ") == []


def _link(cast: Any, made: Any, offer: Any = None, slug: str = "heimstadt") -> str:
    token = make_token(made.campaign, offer or made.a)
    return reverse("attendance-link", kwargs={"municipality_slug": slug, "token": token})


def _snapshot() -> list[tuple[Any, ...]]:
    with scopes_disabled():
        return list(Attendance.objects.order_by("pk").values_list("offer_id", "starts_at", *_FIELDS))


_FIELDS = ("participants", "first_time", "age_under_30", "age_30_to_64", "age_65_plus")


def _key(offer: Any, occ: Any) -> str:
    from nahbar.campaigns.attendance import occurrence_key

    return occurrence_key(offer.pk, occ.start)


def test_link_form_lists_the_offers_past_events_without_login(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    response = client.get(_link(cast, made))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wie viele waren da?" in body
    assert "Montag, 4. Mai 2026, 15:00" in body
    assert "Mittwoch, 6. Mai 2026, 15:00" in body
    assert "Spaziergang" not in body  # another offer of the campaign


def test_link_saves_and_updates_with_audit(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    url = _link(cast, made)
    with scope(municipality=cast.home):
        monday = _key(made.a, occurrence(made.campaign, made.a, 4))
    response = client.post(url, {f"{monday}-participants": "12", f"{monday}-first_time": "3"})
    assert response.status_code == 302
    assert response["Location"].endswith("?gespeichert=1")
    with scopes_disabled():
        count = Attendance.objects.get(offer=made.a)
        assert (count.participants, count.first_time, count.source) == (12, 3, "link")
        assert count.campaign == made.campaign
    # Re-entering updates the same row and logs the change.
    assert client.post(url, {f"{monday}-participants": "14", f"{monday}-first_time": "3"}).status_code == 302
    with scopes_disabled():
        count.refresh_from_db()
        assert count.participants == 14
        assert Attendance.objects.count() == 1
        actions = list(
            AuditEvent.objects.filter(object_type="campaigns.attendance", object_id=str(count.pk))
            .order_by("pk")
            .values_list("action", "changes")
        )
    assert [a for a, _c in actions] == ["attendance.create", "attendance.update"]
    assert actions[1][1]["participants"] == [12, 14]
    # The same numbers again change nothing and log nothing.
    assert client.post(url, {f"{monday}-participants": "14", f"{monday}-first_time": "3"})["Location"].endswith("=0")
    with scopes_disabled():
        assert AuditEvent.objects.filter(object_type="campaigns.attendance").count() == 2


def test_one_bad_row_saves_nothing(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    with scope(municipality=cast.home):
        monday = _key(made.a, occurrence(made.campaign, made.a, 4))
        wednesday = _key(made.a, occurrence(made.campaign, made.a, 6))
    response = client.post(_link(cast, made), {f"{monday}-participants": "12", f"{wednesday}-participants": "-3"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nichts wurde gespeichert" in body
    assert 'value="12"' in body  # what was typed stays
    assert _snapshot() == []


def test_count_above_the_place_capacity_is_refused(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    with scope(municipality=cast.home):
        walk = _key(made.b, occurrence(made.campaign, made.b, 6))
    response = client.post(_link(cast, made, made.b), {f"{walk}-participants": "21"})
    assert response.status_code == 400
    assert "als Plätze am Ort (20)" in response.content.decode()
    assert _snapshot() == []


def test_link_cannot_write_another_offers_event(cast: Any, client: Any) -> None:
    """A provider's link for offer A, with an input for organization B's offer added by hand: refused."""
    made = make_campaign(cast, with_counts=False)
    with scope(municipality=cast.home):
        walk = _key(made.b, occurrence(made.campaign, made.b, 6))
        monday = _key(made.a, occurrence(made.campaign, made.a, 4))
    response = client.post(_link(cast, made), {f"{monday}-participants": "5", f"{walk}-participants": "9"})
    assert response.status_code == 400
    assert "nicht zu diesem Formular" in response.content.decode()
    assert _snapshot() == []


def test_made_up_dates_are_refused(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    response = client.post(_link(cast, made), {f"{made.a.pk}-20260505T1300-participants": "5"})
    assert response.status_code == 400
    assert _snapshot() == []


def test_future_events_cannot_be_counted(cast: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    with scope(municipality=cast.home):
        wed = occurrence(made.campaign, made.a, 6)  # 15:00, after DURING (noon)
        rows = build_rows([wed], {})
        result = read_and_save(
            actor=None,
            campaign=made.campaign,
            rows=rows,
            data={f"{rows[0].key}-participants": "4"},
            source="link",
            now=DURING,
        )
    assert not result.ok
    assert "in der Zukunft" in rows[0].errors[0]
    assert _snapshot() == []


def test_tampered_link_shows_a_clear_page_and_changes_nothing(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    url = _link(cast, made)
    token = url.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    bad = reverse("attendance-link", kwargs={"municipality_slug": "heimstadt", "token": tampered})
    with scope(municipality=cast.home):
        monday = _key(made.a, occurrence(made.campaign, made.a, 4))
    for response in (client.get(bad), client.post(bad, {f"{monday}-participants": "5"})):
        assert response.status_code == 400
        assert "Dieser Link funktioniert nicht" in response.content.decode()
    assert _snapshot() == []
    # A token signed for another purpose (another salt) is no attendance link either.
    other = signing.dumps({"m": cast.home.pk, "c": made.campaign.pk, "o": made.a.pk}, salt="something-else")
    with pytest.raises(BadLink):
        read_token(other)


class _OldSigner(signing.TimestampSigner):
    """Signs as if it were 31 days ago: a genuinely expired link, made the way the site makes links."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)


def test_expired_link_shows_a_clear_page_and_changes_nothing(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    payload = {"m": cast.home.pk, "c": made.campaign.pk, "o": made.a.pk}
    token = _OldSigner(salt=SALT).sign_object(payload, compress=True)
    url = reverse("attendance-link", kwargs={"municipality_slug": "heimstadt", "token": token})
    with scope(municipality=cast.home):
        monday = _key(made.a, occurrence(made.campaign, made.a, 4))
    for response in (client.get(url), client.post(url, {f"{monday}-participants": "5"})):
        assert response.status_code == 410
        assert "Dieser Link ist abgelaufen" in response.content.decode()
    assert _snapshot() == []


def test_link_of_one_municipality_does_not_work_under_another(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    response = client.get(_link(cast, made, slug="anderswo"))
    assert response.status_code == 400


def test_link_for_an_offer_that_left_the_campaign_is_refused(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    assert client.get(_link(cast, made, made.outside)).status_code == 400
    assert client.get(_link(cast, made, made.draft)).status_code == 400


def test_audit_names_the_link_as_source(cast: Any, client: Any) -> None:
    made = make_campaign(cast, with_counts=False)
    with scope(municipality=cast.home):
        monday = _key(made.a, occurrence(made.campaign, made.a, 4))
    client.post(_link(cast, made), {f"{monday}-participants": "7"})
    with scopes_disabled():
        event = AuditEvent.objects.get(action="attendance.create")
    assert event.actor is None
    assert event.changes["source"] == "link"
    assert event.municipality_id == cast.home.pk
    assert event.created_at <= timezone.now()
