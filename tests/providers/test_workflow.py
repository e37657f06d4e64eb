"""Every transition of the review workflow, the illegal ones refused, audit rows and e-mails."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from nahbar.directory.models import OccurrenceIndex, Offer, OfferSearchText
from nahbar.providers import services
from nahbar.providers.models import OfferRevision, ReviewComment, RevisionState
from nahbar.tenancy.models import AuditEvent
from tests.providers.conftest import NEW_SUMMARY, OLD_SUMMARY, new_proposal, proposal_of

pytestmark = pytest.mark.django_db


def _actions(obj: Any) -> list[str]:
    with scopes_disabled():
        return list(
            AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
            .order_by("created_at", "pk")
            .values_list("action", flat=True)
        )


def test_new_offer_draft_submit_changes_requested_resubmit_publish(
    setting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cast = setting.cast
    provider, coordinator = cast.users["provider"], cast.users["coordinator"]
    with scope(municipality=cast.home):
        offer = services.offer_draft_create(actor=provider, organization=cast.home_org, proposal=new_proposal())
        assert offer.review_state == Offer.ReviewState.DRAFT
        assert not offer.is_public()
        assert offer.schedules.get().rrule == "FREQ=MONTHLY;BYDAY=1WE"

        with django_capture_on_commit_callbacks(execute=True):
            services.offer_submit(actor=provider, offer=offer)
        assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
        assert mail.outbox[0].subject == "Zu prüfen: neues Angebot „Spaziergang am Fluss“"
        assert "/heimstadt/intern/pruefen/angebote/" in mail.outbox[0].body

        with pytest.raises(services.ReviewError, match="schon eingereicht"):
            services.offer_submit(actor=provider, offer=offer)
        with pytest.raises(services.ReviewError, match="Bitte schreiben Sie"):
            services.offer_request_changes(actor=coordinator, offer=offer, comment="  ")

        with django_capture_on_commit_callbacks(execute=True):
            services.offer_request_changes(actor=coordinator, offer=offer, comment="Bitte den Treffpunkt nennen.")
        offer.refresh_from_db()
        assert offer.review_state == Offer.ReviewState.CHANGES_REQUESTED
        assert ReviewComment.objects.get(offer=offer).text == "Bitte den Treffpunkt nennen."
        request_mail = mail.outbox[-1]
        assert request_mail.to == ["provider@example.org"]
        assert "Bitte den Treffpunkt nennen." in request_mail.body
        assert f"/heimstadt/mitmachen/angebote/{offer.pk}/" in request_mail.body

        # A decision on something that is not waiting is refused; nothing changes.
        with pytest.raises(services.ReviewError, match="schon entschieden"):
            services.offer_publish(actor=coordinator, offer=offer)

        services.offer_draft_update(
            actor=provider, offer=offer, proposal=new_proposal(summary="Treffpunkt: Brücke am Markt."), submit=True
        )
        offer.refresh_from_db()
        assert offer.review_state == Offer.ReviewState.SUBMITTED
        with pytest.raises(services.ReviewError, match="inzwischen"):
            services.offer_publish(actor=coordinator, offer=offer, seen="2000-01-01T00:00:00+00:00")

        with django_capture_on_commit_callbacks(execute=True):
            services.offer_publish(actor=coordinator, offer=offer, seen=services.stamp(offer))
        offer.refresh_from_db()
        assert offer.is_public() and offer.assured_at is not None
        assert mail.outbox[-1].subject == "Veröffentlicht: „Spaziergang am Fluss“"
        assert mail.outbox[-1].to == ["provider@example.org"]
        with pytest.raises(services.ReviewError):
            services.offer_publish(actor=coordinator, offer=offer)
        with pytest.raises(services.ReviewError, match="schon veröffentlicht"):
            services.offer_submit(actor=provider, offer=offer)
        with pytest.raises(services.ReviewError, match="Prüfung"):
            services.offer_draft_update(actor=provider, offer=offer, proposal=new_proposal())
    assert _actions(offer) == [
        "offer.create",
        "offer.submit",
        "offer.request_changes",
        "offer.update",
        "offer.submit",
        "offer.publish",
    ]


def test_published_offer_changes_wait_as_revision_and_stay_invisible(
    setting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cast = setting.cast
    provider, coordinator = cast.users["provider"], cast.users["coordinator"]
    offer = setting.published
    with scope(municipality=cast.home):
        with django_capture_on_commit_callbacks(execute=True):
            revision = services.revision_save(
                actor=provider, offer=offer, proposal=proposal_of(offer, summary=NEW_SUMMARY), submit=True
            )
        assert revision.state == RevisionState.SUBMITTED
        assert mail.outbox[-1].subject == "Zu prüfen: Änderung an „Erzählcafé“"
        offer.refresh_from_db()
        assert offer.summary == OLD_SUMMARY and offer.is_public()
    # The finder and the offer page still show the published text.
    page = Client().get(
        reverse("offer-detail", kwargs={"municipality_slug": "heimstadt", "offer_id": offer.pk}), follow=True
    )
    assert OLD_SUMMARY in page.content.decode() and NEW_SUMMARY not in page.content.decode()
    finder = Client().get(reverse("finder", args=["heimstadt"]), {"q": "Erzählcafé"}).content.decode()
    assert OLD_SUMMARY in finder and NEW_SUMMARY not in finder

    with scope(municipality=cast.home):
        with django_capture_on_commit_callbacks(execute=True):
            services.revision_request_changes(actor=coordinator, revision=revision, comment="Bitte ohne Zeitung.")
        revision.refresh_from_db()
        assert revision.state == RevisionState.CHANGES_REQUESTED
        assert "Bitte ohne Zeitung." in mail.outbox[-1].body
        with pytest.raises(services.ReviewError):
            services.revision_publish(actor=coordinator, revision=revision)

        # Editing again reuses the one open revision; submitting it puts it back in the queue.
        proposal = proposal_of(offer, summary="Jetzt auch mit Vorlesen.")
        proposal["schedule"]["rrule"] = "FREQ=WEEKLY;BYDAY=TH"
        proposal["schedule"]["start_time"] = "16:00"
        again = services.revision_save(actor=provider, offer=offer, proposal=proposal)
        assert again.pk == revision.pk and again.state == RevisionState.CHANGES_REQUESTED
        services.revision_submit(actor=provider, revision=again)
        with pytest.raises(services.ReviewError, match="schon eingereicht"):
            services.revision_submit(actor=provider, revision=again)
        again.refresh_from_db()

        with django_capture_on_commit_callbacks(execute=True):
            services.revision_publish(actor=coordinator, revision=again, seen=services.stamp(again))
        offer.refresh_from_db()
        assert offer.summary == "Jetzt auch mit Vorlesen." and offer.is_public()
        schedule = offer.schedules.get()
        assert schedule.rrule == "FREQ=WEEKLY;BYDAY=TH" and schedule.start_time.hour == 16
        # The search text and the occurrence index follow the published version.
        assert "vorles" in OfferSearchText.objects.get(offer=offer).text_b
        starts = OccurrenceIndex.objects.filter(offer=offer).values_list("weekday", flat=True)
        assert set(starts) == {3}
        assert mail.outbox[-1].subject == "Veröffentlicht: „Erzählcafé“"
        assert not OfferRevision.objects.filter(offer=offer, state__in=["draft", "submitted", "changes_requested"])
        with pytest.raises(services.ReviewError):
            services.revision_publish(actor=coordinator, revision=again)
    assert _actions(revision) == [
        "offerrevision.create",
        "offerrevision.submit",
        "offerrevision.request_changes",
        "offerrevision.update",
        "offerrevision.submit",
        "offerrevision.publish",
    ]
    with scope(municipality=cast.home):
        schedule_actions = _actions(offer.schedules.get())
    assert _actions(offer)[-1] == "offer.update" and schedule_actions[-1] == "schedule.update"


def test_unchanged_edit_and_wrong_direction_are_refused(setting: Any) -> None:
    cast = setting.cast
    provider = cast.users["provider"]
    with scope(municipality=cast.home):
        with pytest.raises(services.ReviewError, match="nichts geändert"):
            services.revision_save(actor=provider, offer=setting.published, proposal=proposal_of(setting.published))
        draft = services.offer_draft_create(actor=provider, organization=cast.home_org, proposal=new_proposal())
        with pytest.raises(services.ReviewError, match="direkt ändern"):
            services.revision_save(actor=provider, offer=draft, proposal=new_proposal())
        with pytest.raises(services.ReviewError):
            services.offer_request_changes(actor=cast.users["coordinator"], offer=draft, comment="x")
    with scopes_disabled():
        assert not OfferRevision.objects.filter(offer__in=[setting.published, draft]).exists()


def test_revision_with_foreign_ids_applies_only_own_municipality_values(setting: Any) -> None:
    cast = setting.cast
    with scopes_disabled():
        from tests import factories

        foreign_place = factories.place(cast.other_org)
    proposal = proposal_of(setting.published, title="Erzählcafé am Dienstag")
    proposal["m2m"]["places"] = [setting.place.pk, foreign_place.pk]
    with scope(municipality=cast.home):
        revision = services.revision_save(
            actor=cast.users["provider"], offer=setting.published, proposal=proposal, submit=True
        )
        services.revision_publish(actor=cast.users["coordinator"], revision=revision)
        offer = Offer.objects.get(pk=setting.published.pk)
        assert offer.title == "Erzählcafé am Dienstag"
        assert list(offer.places.values_list("pk", flat=True)) == [setting.place.pk]


def test_no_mail_when_the_decision_rolls_back(setting: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast = setting.cast
    with scope(municipality=cast.home):
        offer = services.offer_draft_create(
            actor=cast.users["provider"], organization=cast.home_org, proposal=new_proposal()
        )
        with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(services.ReviewError):
            services.offer_publish(actor=cast.users["coordinator"], offer=offer)
    assert callbacks == [] and mail.outbox == []
