"""Planning an HSDS import (new / changed / unchanged / rejected with reasons) and applying it.

Records are keyed by source and HSDS id (``ImportedRecord``): importing the same source again updates
what it created before. Applying is one transaction; with a rejected record nothing is written unless
the caller asks to skip rejected records (scheduled imports of feeds kept by others).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from nahbar.areas.locate import AreaLocator
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.directory.search.index import batches, refresh_offers
from nahbar.opendata.importing import mapping
from nahbar.opendata.importing.bundle import Bundle
from nahbar.opendata.importing.mapping import Mapped, Terms
from nahbar.opendata.importing.schema import unknown_fields
from nahbar.opendata.models import ImportedRecord, ImportSource
from nahbar.tenancy import audit
from nahbar.tenancy.models import AuditEvent, Municipality

NEW, CHANGED, UNCHANGED, REJECTED = "new", "changed", "unchanged", "rejected"
BULK = 1000
ORGANIZATION, LOCATION, SERVICE = "organization", "location", "service"
MODELS: dict[str, type[Any]] = {ORGANIZATION: Organization, LOCATION: Place, SERVICE: Offer}


@dataclass
class RecordPlan:
    hsds_type: str
    hsds_id: str
    name: str
    action: str = NEW
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    mapped: Mapped = field(default_factory=Mapped)
    checksum: str = ""
    object_id: int | None = None


@dataclass
class HsdsImportPlan:
    municipality: Municipality
    source_key: str
    records: list[RecordPlan]
    problems: list[str] = field(default_factory=list)
    publish: bool = False

    def counts(self) -> dict[str, dict[str, int]]:
        counted = Counter((r.hsds_type, r.action) for r in self.records)
        return {
            kind: {action: counted.get((kind, action), 0) for action in (NEW, CHANGED, UNCHANGED, REJECTED)}
            for kind in (ORGANIZATION, LOCATION, SERVICE)
        }

    @property
    def rejected(self) -> list[RecordPlan]:
        return [r for r in self.records if r.action == REJECTED]


def checksum(doc: Any) -> str:
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def plan_import(
    bundle: Bundle, municipality: Municipality, source_key: str, *, publish: bool = False
) -> HsdsImportPlan:
    source = ImportSource.objects.filter(municipality=municipality, key=source_key).first()
    known = _known_records(source) if source else {}
    terms = Terms(municipality)
    plan = HsdsImportPlan(municipality=municipality, source_key=source_key, records=[], problems=list(bundle.problems))
    plan.publish = publish
    usable: dict[str, set[str]] = {ORGANIZATION: set(), LOCATION: set()}
    for hsds_id, doc in bundle.organizations.items():
        record = _record(ORGANIZATION, hsds_id, doc, mapping.organization(doc), known)
        plan.records.append(record)
    usable[ORGANIZATION] = _usable(plan, ORGANIZATION, known)
    for hsds_id, doc in bundle.locations.items():
        record = _record(LOCATION, hsds_id, doc, mapping.location(doc, terms), known)
        organization_id = record.mapped.organization_id
        if organization_id and organization_id not in usable[ORGANIZATION]:
            record.notes.append(
                _("Die Organisation %(id)s des Ortes fehlt; der Ort wird ohne Organisation übernommen.")
                % {"id": organization_id}
            )
            record.mapped.organization_id = None
        plan.records.append(record)
    usable[LOCATION] = _usable(plan, LOCATION, known)
    for hsds_id, doc in bundle.services.items():
        links = bundle.service_locations.get(hsds_id, [])
        location_ids = [location_id for location_id, _link in links]
        doc = _with_location_schedules(doc, links)
        record = _record(
            SERVICE, hsds_id, {**doc, "_locations": location_ids}, mapping.service(doc, terms, location_ids), known
        )
        _check_references(record, usable)
        plan.records.append(record)
    return plan


def _with_location_schedules(doc: dict[str, Any], links: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The service's schedules plus those only its service_at_locations carry (each id once, with its place)."""
    schedules = [s for s in doc.get("schedules") or [] if isinstance(s, dict)]
    seen = {s.get("id") for s in schedules}
    for location_id, link in links:
        for schedule in link.get("schedules") or []:
            if isinstance(schedule, dict) and schedule.get("id") not in seen:
                seen.add(schedule.get("id"))
                schedules.append({"location_id": location_id, **schedule})
    return {**doc, "schedules": schedules} if schedules else doc


def _known_records(source: ImportSource) -> dict[tuple[str, str], tuple[int, str]]:
    rows = ImportedRecord.objects.filter(source=source).values_list("hsds_type", "hsds_id", "object_id", "checksum")
    existing = {
        kind: set(model.objects.filter(municipality=source.municipality).values_list("pk", flat=True))
        for kind, model in MODELS.items()
    }
    return {(kind, hsds_id): (pk, digest) for kind, hsds_id, pk, digest in rows if pk in existing[kind]}


def _record(
    kind: str, hsds_id: str, doc: dict[str, Any], mapped: Mapped, known: dict[tuple[str, str], tuple[int, str]]
) -> RecordPlan:
    record = RecordPlan(hsds_type=kind, hsds_id=hsds_id, name=str(doc.get("name") or "")[:200], mapped=mapped)
    record.reasons = list(mapped.errors) + unknown_fields(kind, doc)
    record.notes = list(mapped.notes)
    record.checksum = checksum(doc)
    if not record.reasons:
        record.reasons += _validation_errors(kind, mapped)
    previous = known.get((kind, hsds_id))
    if previous:
        record.object_id = previous[0]
    if record.reasons:
        record.action = REJECTED
    elif previous is None:
        record.action = NEW
    else:
        record.action = UNCHANGED if previous[1] == record.checksum else CHANGED
    return record


def _validation_errors(kind: str, mapped: Mapped) -> list[str]:
    """What the model itself would refuse (lengths, e-mail and web addresses, rules)."""
    model = MODELS[kind]
    candidate = model(**{k: v for k, v in mapped.fields.items() if k not in ("organization",)})
    exclude = ["municipality", "organization", "area", *[f.name for f in model._meta.many_to_many]]
    errors = []
    try:
        candidate.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        errors += [f"{name}: {message}" for name, messages in exc.message_dict.items() for message in messages]
    for planned in mapped.schedules:
        schedule = Schedule(**{k: v for k, v in planned.items() if k != "location_id"})
        try:
            schedule.full_clean(exclude=["municipality", "offer", "place"], validate_unique=False)
        except ValidationError as exc:
            errors += [
                _("Termin ab %(date)s: %(message)s") % {"date": planned["dtstart"], "message": message}
                for messages in exc.message_dict.values()
                for message in messages
            ]
    return errors


def _usable(plan: HsdsImportPlan, kind: str, known: dict[tuple[str, str], tuple[int, str]]) -> set[str]:
    in_file = {r.hsds_id for r in plan.records if r.hsds_type == kind and r.action != REJECTED}
    earlier = {hsds_id for (k, hsds_id) in known if k == kind}
    rejected = {r.hsds_id for r in plan.records if r.hsds_type == kind and r.action == REJECTED}
    return in_file | (earlier - rejected)


def _check_references(record: RecordPlan, usable: dict[str, set[str]]) -> None:
    mapped = record.mapped
    missing = []
    if mapped.organization_id and mapped.organization_id not in usable[ORGANIZATION]:
        missing.append(_("Organisation %(id)s") % {"id": mapped.organization_id})
    referenced = list(mapped.location_ids) + [s["location_id"] for s in mapped.schedules if s.get("location_id")]
    for location_id in dict.fromkeys(referenced):
        if location_id not in usable[LOCATION]:
            missing.append(_("Ort %(id)s") % {"id": location_id})
    if missing:
        record.reasons.append(
            _(
                "Verweist auf %(missing)s – weder in dieser Quelle noch früher aus ihr importiert "
                "(oder selbst fehlerhaft)."
            )
            % {"missing": ", ".join(missing)}
        )
        record.action = REJECTED


# --- applying ----------------------------------------------------------------------------------------------


class ImportRejected(Exception):
    pass


@transaction.atomic
def apply_import(
    plan: HsdsImportPlan, *, actor: audit.Actor, skip_rejected: bool = False, progress: bool = False
) -> dict[str, dict[str, int]]:
    """``progress`` shows a progress bar on stderr (for the command on a terminal)."""
    if plan.rejected and not skip_rejected:
        raise ImportRejected
    municipality = plan.municipality
    source, _created = ImportSource.objects.get_or_create(municipality=municipality, key=plan.source_key)
    writer = _Writer(plan, source, actor)
    order = {ORGANIZATION: 0, LOCATION: 1, SERVICE: 2}  # what is referred to first
    todo = sorted((r for r in plan.records if r.action in (NEW, CHANGED)), key=lambda r: order[r.hsds_type])
    bar = tqdm(todo, desc=_("HSDS-Einträge schreiben"), file=sys.stderr, leave=False, disable=not progress)
    for record in bar:
        writer.write(record)
    writer.flush()
    source.last_imported_at = timezone.now()
    source.save(update_fields=["last_imported_at"])
    counts = plan.counts()
    audit.record(
        actor=actor,
        action="hsds.import",
        municipality=municipality,
        object_type="opendata.importsource",
        object_id=str(source.pk),
        object_repr=plan.source_key[:300],
        changes={"counts": counts, "skipped_rejected": skip_rejected and bool(plan.rejected)},
    )
    for chunk in batches(sorted(writer.offer_ids), 500):
        refresh_offers(chunk)
    return counts


class _Writer:
    """Writes record by record, but new rows' relations, schedules, bookkeeping and audit rows are collected
    and inserted in bulk at the end (an import of 10,000 services is mostly such rows)."""

    def __init__(self, plan: HsdsImportPlan, source: ImportSource, actor: audit.Actor) -> None:
        self.plan, self.source, self.actor = plan, source, actor
        self.municipality = plan.municipality
        self.ids: dict[tuple[str, str], int] = {
            (kind, hsds_id): pk
            for kind, hsds_id, pk in ImportedRecord.objects.filter(source=source).values_list(
                "hsds_type", "hsds_id", "object_id"
            )
        }
        self.locator = AreaLocator.for_municipality(self.municipality.pk)
        self.offer_ids: set[int] = set()
        self.links: dict[tuple[type[Any], str], list[tuple[int, int]]] = defaultdict(list)
        self.schedules: list[Schedule] = []
        self.records: list[ImportedRecord] = []
        self.events: list[Any] = []

    def write(self, record: RecordPlan) -> None:
        """Fields were validated while planning (the same values), so they are saved as they are."""
        model = MODELS[record.hsds_type]
        existing = (
            model.objects.filter(municipality=self.municipality, pk=record.object_id).first()
            if record.object_id
            else None
        )
        before = audit.snapshot(existing) if existing else {}
        obj = existing or model(municipality=self.municipality)
        for name, value in record.mapped.fields.items():
            setattr(obj, name, value)
        self._relations(record, obj)
        obj.save()
        m2m: dict[str, list[Any]] = dict(record.mapped.m2m)
        if record.hsds_type == SERVICE:
            m2m["places"] = [self.ids[(LOCATION, location_id)] for location_id in record.mapped.location_ids]
            self._schedules(record, obj, replace=existing is not None)
            self.offer_ids.add(obj.pk)
        for name, values in m2m.items():
            targets = [v if isinstance(v, int) else v.pk for v in values]
            if existing:
                getattr(obj, name).set(targets)
            else:
                self.links[(model, name)] += [(obj.pk, target) for target in dict.fromkeys(targets)]
        self._bookkeeping(record, obj)
        changes = audit.diff(before, audit.snapshot(obj)) if existing else audit.snapshot(obj)
        changes.pop("updated_at", None)
        action = f"{obj._meta.model_name}.{'update' if existing else 'create'}"
        self.events.append(
            audit.build(actor=self.actor, action=action, obj=obj, changes={**changes, "hsds_id": record.hsds_id})
        )

    def _relations(self, record: RecordPlan, obj: Any) -> None:
        organization_id = record.mapped.organization_id
        if record.hsds_type == LOCATION:
            obj.organization_id = self.ids.get((ORGANIZATION, organization_id)) if organization_id else None
            obj.area = self.locator.locate(obj.latitude, obj.longitude)
        elif record.hsds_type == SERVICE:
            obj.organization_id = self.ids[(ORGANIZATION, organization_id or "")]
            if obj.pk is None:
                obj.review_state = Offer.ReviewState.PUBLISHED if self.plan.publish else Offer.ReviewState.DRAFT

    def _schedules(self, record: RecordPlan, offer: Offer, *, replace: bool) -> None:
        if replace:
            offer.schedules.all().delete()  # the source owns the offer's dates: take them as they are now
        for planned in record.mapped.schedules:
            fields = {k: v for k, v in planned.items() if k != "location_id"}
            place_id = self.ids.get((LOCATION, planned["location_id"])) if planned.get("location_id") else None
            self.schedules.append(Schedule(municipality=self.municipality, offer=offer, place_id=place_id, **fields))

    def _bookkeeping(self, record: RecordPlan, obj: Any) -> None:
        key = (record.hsds_type, record.hsds_id)
        if key in self.ids and record.object_id == obj.pk:
            ImportedRecord.objects.filter(source=self.source, hsds_type=key[0], hsds_id=key[1]).update(
                object_id=obj.pk, checksum=record.checksum
            )
        else:
            if key in self.ids:  # remembered, but its row is gone: remember the new one instead
                ImportedRecord.objects.filter(source=self.source, hsds_type=key[0], hsds_id=key[1]).delete()
            self.records.append(
                ImportedRecord(
                    municipality=self.municipality,
                    source=self.source,
                    hsds_type=key[0],
                    hsds_id=key[1],
                    object_id=obj.pk,
                    checksum=record.checksum,
                )
            )
        self.ids[key] = obj.pk

    def flush(self) -> None:
        for (model, name), pairs in self.links.items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            through.objects.bulk_create([through(**{source: a, target: b}) for a, b in pairs], batch_size=BULK)
        Schedule.objects.bulk_create(self.schedules, batch_size=BULK)
        ImportedRecord.objects.bulk_create(self.records, batch_size=BULK)
        AuditEvent.objects.with_scopes_disabled().bulk_create(self.events, batch_size=BULK)
