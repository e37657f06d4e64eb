"""The review workflow's writes. Each takes an explicit actor, writes audit rows and refuses illegal steps.

New offers (never published)::

    draft ──submit──▶ submitted ──publish──▶ published
      ▲                   │
      └── changes_requested ◀──request changes (comment)

Published offers are never changed directly: the provider's edit becomes an ``OfferRevision``
(draft → submitted → published | changes_requested → submitted …); publishing it applies the
proposal to the offer in one transaction, through the directory's own services, which re-index
the search text and the materialised occurrences.

A decision names the version the coordinator saw (``seen``, the ``updated_at`` stamp): if the
provider changed it in between, the decision is refused and nothing changes.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nahbar.directory.models import Offer, Organization, Place, Schedule, Term
from nahbar.directory.search.index import refresh_offer
from nahbar.directory.services import object_update, offer_create, schedule_add
from nahbar.providers import notifications
from nahbar.providers.models import OPEN_STATES, FormToken, OfferRevision, PlaceRevision, ReviewComment, RevisionState
from nahbar.providers.proposal import M2M_FIELDS, TERM_FIELDS, offer_proposal, schedule_model_fields
from nahbar.tenancy import audit

State = Offer.ReviewState


class ReviewError(Exception):
    """A step the workflow does not allow now; the message is translated and meant for the user."""


def stamp(obj: Offer | OfferRevision | PlaceRevision) -> str:
    """The version a reviewer saw, sent back with the decision."""
    return obj.updated_at.isoformat()


def _check_seen(obj: Offer | OfferRevision | PlaceRevision, seen: str | None) -> None:
    if seen is not None and seen != stamp(obj):
        raise ReviewError(_("Das wurde inzwischen noch einmal geändert. Bitte sehen Sie sich die neue Fassung an."))


def _resolved_m2m(municipality_id: int, m2m: dict[str, list[int]]) -> dict[str, list[Any]]:
    """Model instances for the proposal's ids; ids of other municipalities or since deleted drop out."""
    resolved: dict[str, list[Any]] = {}
    places = Place.objects.filter(municipality_id=municipality_id, pk__in=m2m.get("places", []))
    resolved["places"] = list(places)
    for name in TERM_FIELDS:
        terms = Term.objects.filter(pk__in=m2m.get(name, []))
        resolved[name] = [t for t in terms if t.municipality_id in (None, municipality_id)]
    return {name: resolved[name] for name in M2M_FIELDS}


def _schedule_fields(offer: Offer, values: dict[str, Any]) -> dict[str, Any]:
    fields = schedule_model_fields(values)
    place_id = fields.pop("place_id")
    fields["place"] = Place.objects.filter(municipality_id=offer.municipality_id, pk=place_id).first()
    return fields


def _schedule_apply(actor: audit.Actor, offer: Offer, values: dict[str, Any] | None) -> None:
    """Set the schedule the form edits; other schedules (and this one's exceptions) stay."""
    if values is None:
        return
    fields = _schedule_fields(offer, values)
    schedule = Schedule.objects.filter(offer=offer, pk=int(values["id"])).first() if values.get("id") else None
    if schedule is None:
        schedule_add(actor=actor, offer=offer, **fields)
        return
    before = audit.snapshot(schedule)
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.full_clean()
    schedule.save()
    changes = audit.diff(before, audit.snapshot(schedule))
    if changes:
        audit.record(actor=actor, action="schedule.update", obj=schedule, changes=changes)
    refresh_offer(offer)


def _apply(actor: audit.Actor, offer: Offer, proposal: dict[str, Any]) -> Offer:
    m2m = _resolved_m2m(offer.municipality_id, proposal.get("m2m", {}))
    object_update(actor=actor, obj=offer, fields=dict(proposal["fields"]), m2m=m2m)
    _schedule_apply(actor, offer, proposal.get("schedule"))
    return offer


def _locked_offer(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().get(pk=offer.pk)


def _locked_revision(revision: OfferRevision) -> OfferRevision:
    return OfferRevision.objects.select_for_update().select_related("offer").get(pk=revision.pk)


def _record_state(
    actor: audit.Actor, obj: Offer | OfferRevision | PlaceRevision, action: str, old: str, new: str, **extra: Any
) -> None:
    field = "review_state" if isinstance(obj, Offer) else "state"
    audit.record(actor=actor, action=action, obj=obj, changes={field: [old, new], **extra})


# --- provider: new offers -------------------------------------------------------------------------


class AlreadySaved(ReviewError):
    """The same new-offer form was sent twice; the first one created the offer."""


@transaction.atomic
def offer_draft_create(
    *,
    actor: audit.Actor,
    organization: Organization,
    proposal: dict[str, Any],
    submit: bool = False,
    token: str | None = None,
) -> Offer:
    """A new offer in state draft (or submitted right away).

    ``token`` (the form's one-time token) makes a repeated request fail with AlreadySaved instead of
    creating a second offer; the unique index decides even when both requests run at the same time.
    """
    if token is not None:
        try:
            with transaction.atomic():
                FormToken.objects.create(token=token[:64])
        except IntegrityError:
            raise AlreadySaved(_("Dieses Angebot ist schon gespeichert.")) from None
    m2m = _resolved_m2m(organization.municipality_id, proposal.get("m2m", {}))
    offer = offer_create(actor=actor, organization=organization, review_state=State.DRAFT, **proposal["fields"], **m2m)
    if proposal.get("schedule"):
        schedule_add(actor=actor, offer=offer, **_schedule_fields(offer, proposal["schedule"]))
    if submit:
        offer = offer_submit(actor=actor, offer=offer)
    return offer


@transaction.atomic
def offer_draft_update(*, actor: audit.Actor, offer: Offer, proposal: dict[str, Any], submit: bool = False) -> Offer:
    """Change an offer that was never published; it keeps its state (submit is a separate step)."""
    offer = _locked_offer(offer)
    if offer.review_state == State.PUBLISHED:
        raise ReviewError(_("Dieses Angebot ist veröffentlicht: Änderungen gehen erst zur Prüfung."))
    _apply(actor, offer, proposal)
    if submit and offer.review_state != State.SUBMITTED:
        offer = offer_submit(actor=actor, offer=offer)
    return offer


@transaction.atomic
def offer_submit(*, actor: audit.Actor, offer: Offer) -> Offer:
    offer = _locked_offer(offer)
    if offer.review_state == State.SUBMITTED:
        raise ReviewError(_("Dieses Angebot ist schon eingereicht und wartet auf die Prüfung."))
    if offer.review_state not in (State.DRAFT, State.CHANGES_REQUESTED):
        raise ReviewError(_("Dieses Angebot ist schon veröffentlicht."))
    old = offer.review_state
    offer.review_state = State.SUBMITTED
    offer.save(update_fields=["review_state", "updated_at"])
    _record_state(actor, offer, "offer.submit", old, offer.review_state)
    transaction.on_commit(partial(notifications.notify_submitted, offer))
    return offer


# --- provider: changes to published offers -----------------------------------------------------------


def open_revision(offer: Offer) -> OfferRevision | None:
    return OfferRevision.objects.filter(offer=offer, state__in=OPEN_STATES).first()


@transaction.atomic
def revision_save(*, actor: audit.Actor, offer: Offer, proposal: dict[str, Any], submit: bool = False) -> OfferRevision:
    """Store the provider's edit of a published offer as its open revision (one per offer)."""
    offer = _locked_offer(offer)
    if offer.review_state != State.PUBLISHED:
        raise ReviewError(_("Dieses Angebot ist noch nicht veröffentlicht: Sie können es direkt ändern."))
    revision = OfferRevision.objects.select_for_update().filter(offer=offer, state__in=OPEN_STATES).first()
    if revision is None:
        if proposal == offer_proposal(offer):
            raise ReviewError(_("Sie haben nichts geändert."))
        revision = OfferRevision(
            municipality_id=offer.municipality_id, offer=offer, state=RevisionState.DRAFT, data=proposal
        )
        action = "offerrevision.create"
        before: dict[str, Any] = {}
    else:
        action = "offerrevision.update"
        before = revision.data
    revision.data = proposal
    revision.author = _user(actor)
    revision.save()
    audit.record(actor=actor, action=action, obj=revision, changes=audit.diff(_flat(before), _flat(proposal)))
    if submit and revision.state != RevisionState.SUBMITTED:
        revision = revision_submit(actor=actor, revision=revision)
    return revision


def _flat(proposal: dict[str, Any]) -> dict[str, Any]:
    if not proposal:
        return {}
    return {**proposal.get("fields", {}), **proposal.get("m2m", {}), "schedule": proposal.get("schedule")}


@transaction.atomic
def revision_submit(*, actor: audit.Actor, revision: OfferRevision) -> OfferRevision:
    revision = _locked_revision(revision)
    if revision.state == RevisionState.SUBMITTED:
        raise ReviewError(_("Diese Änderung ist schon eingereicht und wartet auf die Prüfung."))
    if revision.state not in (RevisionState.DRAFT, RevisionState.CHANGES_REQUESTED):
        raise ReviewError(_("Diese Änderung ist schon veröffentlicht."))
    old = revision.state
    revision.state = RevisionState.SUBMITTED
    revision.submitted_at = timezone.now()
    revision.save(update_fields=["state", "submitted_at", "updated_at"])
    _record_state(actor, revision, "offerrevision.submit", old, revision.state)
    transaction.on_commit(partial(notifications.notify_submitted, revision.offer, revision_id=revision.pk))
    return revision


# --- coordinator: decisions ---------------------------------------------------------------------------


def _clean_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ReviewError(_("Bitte schreiben Sie dazu, was geändert werden soll."))
    return comment


def _not_waiting() -> ReviewError:
    return ReviewError(_("Darüber ist schon entschieden worden (oder es wurde noch nicht eingereicht)."))


@transaction.atomic
def offer_publish(*, actor: audit.Actor, offer: Offer, seen: str | None = None) -> Offer:
    offer = _locked_offer(offer)
    if offer.review_state != State.SUBMITTED:
        raise _not_waiting()
    _check_seen(offer, seen)
    offer.review_state = State.PUBLISHED
    offer.assured_at = timezone.now()
    offer.save(update_fields=["review_state", "assured_at", "updated_at"])
    _record_state(actor, offer, "offer.publish", State.SUBMITTED, State.PUBLISHED)
    refresh_offer(offer)
    transaction.on_commit(partial(notifications.notify_published, offer, was_change=False))
    return offer


@transaction.atomic
def offer_request_changes(*, actor: audit.Actor, offer: Offer, comment: str, seen: str | None = None) -> Offer:
    comment = _clean_comment(comment)
    offer = _locked_offer(offer)
    if offer.review_state != State.SUBMITTED:
        raise _not_waiting()
    _check_seen(offer, seen)
    offer.review_state = State.CHANGES_REQUESTED
    offer.save(update_fields=["review_state", "updated_at"])
    ReviewComment.objects.create(municipality_id=offer.municipality_id, offer=offer, author=_user(actor), text=comment)
    _record_state(actor, offer, "offer.request_changes", State.SUBMITTED, offer.review_state, comment=comment)
    transaction.on_commit(partial(notifications.notify_changes_requested, offer, comment=comment))
    return offer


@transaction.atomic
def revision_publish(*, actor: audit.Actor, revision: OfferRevision, seen: str | None = None) -> OfferRevision:
    """Apply the revision to the published offer, atomically, and close it."""
    revision = _locked_revision(revision)
    _check_waiting(revision, seen)
    offer = _locked_offer(revision.offer)
    _apply(actor, offer, revision.data)
    offer.assured_at = timezone.now()
    offer.save(update_fields=["assured_at", "updated_at"])
    _decide(actor, revision, RevisionState.PUBLISHED)
    _record_state(actor, revision, "offerrevision.publish", RevisionState.SUBMITTED, revision.state)
    transaction.on_commit(partial(notifications.notify_published, offer, was_change=True))
    return revision


@transaction.atomic
def revision_request_changes(
    *, actor: audit.Actor, revision: OfferRevision, comment: str, seen: str | None = None
) -> OfferRevision:
    comment = _clean_comment(comment)
    revision = _locked_revision(revision)
    _check_waiting(revision, seen)
    _decide(actor, revision, RevisionState.CHANGES_REQUESTED)
    ReviewComment.objects.create(
        municipality_id=revision.municipality_id,
        offer=revision.offer,
        revision=revision,
        author=_user(actor),
        text=comment,
    )
    _record_state(
        actor, revision, "offerrevision.request_changes", RevisionState.SUBMITTED, revision.state, comment=comment
    )
    transaction.on_commit(partial(notifications.notify_changes_requested, revision.offer, comment=comment))
    return revision


def _check_waiting(revision: OfferRevision | PlaceRevision, seen: str | None) -> None:
    """Only a submitted revision can be decided, and only in the version the coordinator saw."""
    if revision.state != RevisionState.SUBMITTED:
        raise _not_waiting()
    _check_seen(revision, seen)


def _decide(actor: audit.Actor, revision: OfferRevision | PlaceRevision, state: RevisionState) -> None:
    revision.state = state
    revision.decided_by = _user(actor)
    revision.decided_at = timezone.now()
    revision.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])


def _user(actor: audit.Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


# --- provider: places ------------------------------------------------------------------------------
# A place that is not public yet (no public offer there, not a third place) is changed directly; the
# offer review shows it by name. A public place's change waits as a PlaceRevision like an offer's.


def place_create_for(
    *, actor: audit.Actor, organization: Organization, fields: dict[str, Any], accessibility: list[Term]
) -> Place:
    from nahbar.directory.services import place_create

    return place_create(
        actor=actor,
        municipality=organization.municipality,
        organization=organization,
        accessibility=accessibility,
        **fields,
    )


def place_update_for(*, actor: audit.Actor, place: Place, fields: dict[str, Any], accessibility: list[Term]) -> Place:
    return object_update(actor=actor, obj=place, fields=fields, m2m={"accessibility": accessibility})


def open_place_revision(place: Place) -> PlaceRevision | None:
    return PlaceRevision.objects.filter(place=place, state__in=OPEN_STATES).first()


@transaction.atomic
def place_revision_save(*, actor: audit.Actor, place: Place, proposal: dict[str, Any]) -> PlaceRevision:
    """Store and submit the provider's change of a public place (one open revision per place)."""
    from nahbar.providers.place_proposal import place_proposal

    place = Place.objects.select_for_update().get(pk=place.pk)
    revision = PlaceRevision.objects.select_for_update().filter(place=place, state__in=OPEN_STATES).first()
    if revision is None:
        if proposal == place_proposal(place):
            raise ReviewError(_("Sie haben nichts geändert."))
        revision = PlaceRevision(municipality_id=place.municipality_id, place=place, state=RevisionState.DRAFT)
        action, before = "placerevision.create", {}
    else:
        action, before = "placerevision.update", revision.data
    revision.data = proposal
    revision.author = _user(actor)
    old_state = revision.state
    revision.state = RevisionState.SUBMITTED
    revision.submitted_at = timezone.now()
    revision.save()
    audit.record(actor=actor, action=action, obj=revision, changes=audit.diff(_flat(before), _flat(proposal)))
    if old_state != RevisionState.SUBMITTED:
        _record_state(actor, revision, "placerevision.submit", old_state, revision.state)
        transaction.on_commit(partial(notifications.notify_place_submitted, revision))
    return revision


def _locked_place_revision(revision: PlaceRevision) -> PlaceRevision:
    return PlaceRevision.objects.select_for_update().select_related("place").get(pk=revision.pk)


@transaction.atomic
def place_revision_publish(*, actor: audit.Actor, revision: PlaceRevision, seen: str | None = None) -> PlaceRevision:
    revision = _locked_place_revision(revision)
    _check_waiting(revision, seen)
    place = Place.objects.select_for_update().get(pk=revision.place_id)
    accessibility = [
        t
        for t in Term.objects.filter(pk__in=revision.data.get("m2m", {}).get("accessibility", []))
        if t.municipality_id in (None, place.municipality_id)
    ]
    object_update(actor=actor, obj=place, fields=dict(revision.data["fields"]), m2m={"accessibility": accessibility})
    _decide(actor, revision, RevisionState.PUBLISHED)
    _record_state(actor, revision, "placerevision.publish", RevisionState.SUBMITTED, revision.state)
    transaction.on_commit(partial(notifications.notify_place_decided, revision, comment=""))
    return revision


@transaction.atomic
def place_revision_request_changes(
    *, actor: audit.Actor, revision: PlaceRevision, comment: str, seen: str | None = None
) -> PlaceRevision:
    comment = _clean_comment(comment)
    revision = _locked_place_revision(revision)
    _check_waiting(revision, seen)
    _decide(actor, revision, RevisionState.CHANGES_REQUESTED)
    ReviewComment.objects.create(
        municipality_id=revision.municipality_id, place_revision=revision, author=_user(actor), text=comment
    )
    _record_state(
        actor, revision, "placerevision.request_changes", RevisionState.SUBMITTED, revision.state, comment=comment
    )
    transaction.on_commit(partial(notifications.notify_place_decided, revision, comment=comment))
    return revision
