"""nahbar rows as HSDS 3.0 documents (plain dicts, validated against the HSDS schemas in tests).

See docs/hsds-profile.md for the mapping. Empty values are left out rather than sent as "" so
that ``format: email``/``uri`` fields never carry an invalid empty string.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.utils import timezone

from nahbar.directory.describe import describe
from nahbar.directory.models import Offer, Organization, Place, Schedule
from nahbar.opendata import taxonomy as tx
from nahbar.opendata.ids import Ids, Kind
from nahbar.opendata.loading import OFFER_RELATIONS, PLACE_ACCESSIBILITY, Link, Related
from nahbar.tenancy.lands import LAND_CHOICES
from nahbar.tenancy.models import Municipality

Doc = dict[str, Any]
LANDS = dict(LAND_CHOICES)
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
HSDS_FREQ = {"WEEKLY", "MONTHLY"}
HSDS_RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}

# Attribute sub-kinds of features (offer, place or organization pk as payload).
SUB_THIRD_PLACE = 101
SUB_EASY_LANGUAGE = 102
SUB_FREE = 103
SUB_REGISTRATION = 104
SUB_OCCURRENCES = 105
SUB_PLACE_KIND = 110
SUB_ORGANIZATION_KIND = 111


def _compact(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if v not in ("", None)}


def iso(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


class Context:
    """What every document of one request needs; the catalogue (a query) only when asked for."""

    def __init__(self, municipality: Municipality, base_url: str) -> None:
        self.municipality = municipality
        self.ids = Ids(municipality)
        self.base_url = base_url  # absolute URL of the API root, ending in "/"
        # A schedule appears under its service and its service_at_location, a place under every
        # offer held there: build each once per request (callers get copies of schedules to extend).
        self.memo: dict[tuple[str, int | str], Doc] = {}

    @cached_property
    def catalogue(self) -> tx.Catalogue:
        return tx.catalogue(self.municipality)


# --- taxonomy ------------------------------------------------------------------------------------


def taxonomy_doc(info: tx.TaxonomyInfo, base_url: str) -> Doc:
    return {
        "id": info.id,
        "name": info.name,
        "description": info.description,
        "uri": f"{base_url}taxonomies/{info.id}",
        "version": tx.VERSION,
    }


def term_doc(info: tx.TermInfo, base_url: str, *, detail: bool = True) -> Doc:
    """``detail=False`` inside attributes: the taxonomy is one request away, and repeating it in
    every attribute tripled the size of a full page."""
    return _compact(
        {
            "id": info.id,
            "code": info.code,
            "name": info.name,
            "description": info.description or info.name,  # required by HSDS
            "taxonomy": info.taxonomy.name,
            "taxonomy_id": info.taxonomy.id,
            "taxonomy_detail": taxonomy_doc(info.taxonomy, base_url) if detail else None,
            "language": "de",
            "term_uri": f"{base_url}taxonomy_terms/{info.id}",
        }
    )


def _nested_term(ctx: Context, term: tx.TermInfo) -> Doc:
    key = ("term", term.id)
    if key not in ctx.memo:
        ctx.memo[key] = term_doc(term, ctx.base_url, detail=False)
    return ctx.memo[key]


def _attribute(
    ctx: Context, term: tx.TermInfo, *, sub: int, pk: int, link_id: str, entity: str, value: str = ""
) -> Doc:
    return _compact(
        {
            "id": ctx.ids(Kind.ATTRIBUTE, pk, sub),
            "link_id": link_id,
            "link_type": term.taxonomy.key,
            "link_entity": entity,
            "taxonomy_term_id": term.id,
            "taxonomy_term": _nested_term(ctx, term),
            "value": value,
        }
    )


# --- locations -----------------------------------------------------------------------------------


def _address(ctx: Context, place: Place, location_id: str) -> list[Doc]:
    if not (place.street and place.city and place.postcode):
        return []  # HSDS requires street, city and postcode together
    return [
        {
            "id": ctx.ids(Kind.ADDRESS, place.pk),
            "location_id": location_id,
            "address_1": place.street,
            "city": place.city,
            "state_province": str(LANDS.get(ctx.municipality.land, ctx.municipality.land)),
            "postal_code": place.postcode,
            "country": "DE",
            "address_type": "physical",
        }
    ]


def _opening_hours(ctx: Context, place: Place, location_id: str) -> list[Doc]:
    docs = []
    for index, row in enumerate(place.opening_hours if isinstance(place.opening_hours, list) else []):
        days = [WEEKDAYS[d] for d in row.get("days", []) if isinstance(d, int) and 0 <= d < 7]
        if not days:
            continue
        docs.append(
            _compact(
                {
                    "id": ctx.ids(Kind.SCHEDULE, place.pk, sub=1 + min(index, 254)),
                    "location_id": location_id,
                    "freq": "WEEKLY",
                    "byday": ",".join(days),
                    "opens_at": row.get("opens") or None,
                    "closes_at": row.get("closes") or None,
                    "notes": place.opening_hours_note,
                }
            )
        )
    return docs


def location_doc(ctx: Context, place: Place, accessibility: list[Link]) -> Doc:
    key = ("location", place.pk)
    if key not in ctx.memo:
        ctx.memo[key] = _location_doc(ctx, place, accessibility)
    return ctx.memo[key]


def _location_doc(ctx: Context, place: Place, accessibility: list[Link]) -> Doc:
    location_id = ctx.ids(Kind.LOCATION, place.pk)
    attributes = []
    if place.is_third_place:
        term = ctx.catalogue.feature(tx.THIRD_PLACE)
        attributes.append(
            _attribute(ctx, term, sub=SUB_THIRD_PLACE, pk=place.pk, link_id=location_id, entity="location")
        )
    kind = ctx.catalogue.kind(tx.PLACE_KIND, place.kind)
    if kind:
        attributes.append(
            _attribute(ctx, kind, sub=SUB_PLACE_KIND, pk=place.pk, link_id=location_id, entity="location")
        )
    access_docs = []
    for link in accessibility:
        access_term = ctx.catalogue.by_pk.get(link.target_id)
        if access_term is None:
            continue
        access_docs.append(
            _compact(
                {
                    "id": ctx.ids(Kind.ACCESSIBILITY, link.pk),
                    "location_id": location_id,
                    "description": access_term.name,
                    "details": access_term.description,
                }
            )
        )
        attributes.append(
            _attribute(ctx, access_term, sub=PLACE_ACCESSIBILITY, pk=link.pk, link_id=location_id, entity="location")
        )
    if place.accessibility_note:
        access_docs.append(
            {
                "id": ctx.ids(Kind.ACCESSIBILITY, place.pk, sub=1),
                "location_id": location_id,
                "details": place.accessibility_note,
            }
        )
    return _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": ctx.ids(Kind.ORGANIZATION, place.organization_id) if place.organization_id else None,
            "name": place.name,
            "transportation": place.transit_note,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "addresses": _address(ctx, place, location_id),
            "accessibility": access_docs,
            "schedules": _opening_hours(ctx, place, location_id),
            "attributes": attributes,
        }
    )


# --- schedules -----------------------------------------------------------------------------------


def _rule_parts(rule: str) -> dict[str, str]:
    parts = {}
    for item in rule.split(";"):
        name, _sep, value = item.partition("=")
        if name:
            parts[name.upper()] = value
    return parts


def _clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


def schedule_doc(ctx: Context, schedule: Schedule, service_id: str) -> Doc:
    key = ("schedule", schedule.pk)
    if key not in ctx.memo:
        ctx.memo[key] = _schedule_doc(ctx, schedule, service_id)
    return dict(ctx.memo[key])


def _schedule_doc(ctx: Context, schedule: Schedule, service_id: str) -> Doc:
    """HSDS keeps only WEEKLY/MONTHLY rules without exceptions; the rest goes into the notes."""
    parts = _rule_parts(schedule.rrule) if schedule.rrule else {}
    fits = parts.get("FREQ") in HSDS_FREQ and set(parts) <= HSDS_RULE_PARTS
    closes = None
    if schedule.start_time:
        end = dt.datetime.combine(schedule.dtstart, schedule.start_time) + dt.timedelta(
            minutes=schedule.duration_minutes
        )
        closes = _clock(end.time()) if end.date() == schedule.dtstart else None
    notes = []
    if schedule.rrule and not fits:
        notes.append(f"RRULE:{schedule.rrule}")
    if schedule.rdates:
        notes.append("RDATE:" + ",".join(schedule.rdates))
    if schedule.exdates:
        notes.append("EXDATE:" + ",".join(schedule.exdates))
    doc: Doc = {
        "id": ctx.ids(Kind.SCHEDULE, schedule.pk),
        "service_id": service_id,
        "location_id": ctx.ids(Kind.LOCATION, schedule.place_id) if schedule.place_id else None,
        "dtstart": schedule.dtstart.isoformat(),
        "until": schedule.until.isoformat() if schedule.until else None,
        "opens_at": _clock(schedule.start_time) if schedule.start_time else None,
        "closes_at": closes,
        "description": describe(schedule),
        "notes": "\n".join(notes),
        "attending_type": "in_person",
    }
    if fits:
        doc["freq"] = parts["FREQ"]
        doc["interval"] = int(parts.get("INTERVAL", "1") or 1)
        doc["byday"] = parts.get("BYDAY")
        doc["bymonthday"] = parts.get("BYMONTHDAY")
        doc["count"] = int(parts["COUNT"]) if parts.get("COUNT", "").isdigit() else None
        doc["wkst"] = parts.get("WKST") if parts.get("WKST") in WEEKDAYS else None
    elif not schedule.rrule:
        doc["count"] = 1
    return _compact(doc)


# --- organizations -------------------------------------------------------------------------------


def organization_doc(ctx: Context, organization: Organization, *, full: bool) -> Doc:
    org_id = ctx.ids(Kind.ORGANIZATION, organization.pk)
    doc: Doc = {
        "id": org_id,
        "name": organization.name,
        "description": organization.description,  # required by HSDS, may be empty
        "email": organization.email or None,
        "website": organization.website or None,
    }
    if full:
        doc["phones"] = (
            [
                {
                    "id": ctx.ids(Kind.PHONE, organization.pk, sub=1),
                    "organization_id": org_id,
                    "number": organization.phone,
                }
            ]
            if organization.phone
            else []
        )
        kind = ctx.catalogue.kind(tx.ORGANIZATION_KIND, organization.kind)
        doc["attributes"] = (
            [
                _attribute(
                    ctx, kind, sub=SUB_ORGANIZATION_KIND, pk=organization.pk, link_id=org_id, entity="organization"
                )
            ]
            if kind
            else []
        )
    return {k: v for k, v in doc.items() if v is not None}


# --- services ------------------------------------------------------------------------------------


def _service_attributes(ctx: Context, offer: Offer, related: Related, service_id: str) -> list[Doc]:
    attributes = []
    for relation, sub in OFFER_RELATIONS.items():
        for link in related.terms.get(relation, {}).get(offer.pk, []):
            term = ctx.catalogue.by_pk.get(link.target_id)
            if term is not None:
                attributes.append(_attribute(ctx, term, sub=sub, pk=link.pk, link_id=service_id, entity="service"))
    features = [
        (tx.EASY_LANGUAGE, SUB_EASY_LANGUAGE, offer.easy_language_summary),
        (tx.FREE, SUB_FREE, "true" if offer.is_free else ""),
        (tx.REGISTRATION, SUB_REGISTRATION, "true" if offer.registration_required else ""),
        (tx.OCCURRENCES, SUB_OCCURRENCES, f"{ctx.base_url}services/{service_id}/occurrences"),
    ]
    for code, sub, value in features:
        if value:
            term = ctx.catalogue.feature(code)
            attributes.append(
                _attribute(ctx, term, sub=sub, pk=offer.pk, link_id=service_id, entity="service", value=value)
            )
    return attributes


def _languages(ctx: Context, offer: Offer, related: Related, service_id: str) -> list[Doc]:
    docs = []
    for link in related.terms.get("languages", {}).get(offer.pk, []):
        term = ctx.catalogue.by_pk.get(link.target_id)
        if term is not None:
            docs.append(
                {"id": ctx.ids(Kind.LANGUAGE, link.pk), "service_id": service_id, "name": term.name, "code": term.code}
            )
    return docs


def _contacts(ctx: Context, offer: Offer, service_id: str) -> tuple[list[Doc], list[Doc]]:
    phones = []
    if offer.contact_phone:
        phones.append({"id": ctx.ids(Kind.PHONE, offer.pk), "service_id": service_id, "number": offer.contact_phone})
    contacts = []
    if offer.contact_name or offer.contact_email:
        contacts.append(
            _compact(
                {
                    "id": ctx.ids(Kind.CONTACT, offer.pk),
                    "service_id": service_id,
                    "name": offer.contact_name,
                    "email": offer.contact_email,
                }
            )
        )
    return phones, contacts


def _cost_options(ctx: Context, offer: Offer, service_id: str) -> list[Doc]:
    if not (offer.is_free or offer.cost_note):
        return []
    return [
        _compact(
            {
                "id": ctx.ids(Kind.COST_OPTION, offer.pk),
                "service_id": service_id,
                "option": offer.cost_note or "kostenlos",
                "currency": "EUR" if offer.is_free else None,
                "amount": 0 if offer.is_free else None,
                "amount_description": offer.cost_note,
            }
        )
    ]


def service_at_location_doc(ctx: Context, link: Link, place: Place, related: Related, *, service_id: str) -> Doc:
    sal_id = ctx.ids(Kind.SERVICE_AT_LOCATION, link.pk)
    schedules = [
        schedule_doc(ctx, s, service_id) | {"service_at_location_id": sal_id}
        for s in related.schedules.get(link.owner_id, [])
        if s.place_id == place.pk
    ]
    return _compact(
        {
            "id": sal_id,
            "service_id": service_id,
            "location_id": ctx.ids(Kind.LOCATION, place.pk),
            "schedules": schedules,
            "location": location_doc(ctx, place, related.place_accessibility.get(place.pk, [])),
        }
    )


def service_doc(ctx: Context, offer: Offer, related: Related, *, full: bool) -> Doc:
    service_id = ctx.ids(Kind.SERVICE, offer.pk)
    description = "\n\n".join(p for p in [offer.summary, offer.description] if p)
    doc: Doc = _compact(
        {
            "id": service_id,
            "organization_id": ctx.ids(Kind.ORGANIZATION, offer.organization_id),
            "name": offer.title,
            "description": description,
            "url": offer.contact_url,
            "email": offer.contact_email,
            "status": "active",  # only published, running offers are served
            "application_process": offer.registration_note
            or ("Anmeldung nötig" if offer.registration_required else "ohne Anmeldung"),
            "fees_description": offer.cost_note or ("kostenlos" if offer.is_free else ""),
            "assured_date": offer.assured_at.date().isoformat() if offer.assured_at else None,
            "last_modified": iso(offer.updated_at),
        }
    )
    if not full:
        return doc
    phones, contacts = _contacts(ctx, offer, service_id)
    sals = []
    for link in related.place_links.get(offer.pk, []):
        place = related.places.get(link.target_id)
        if place is not None:
            sals.append(service_at_location_doc(ctx, link, place, related, service_id=service_id))
    schedules = []
    for schedule in related.schedules.get(offer.pk, []):
        item = schedule_doc(ctx, schedule, service_id)
        if offer.valid_from:
            item["valid_from"] = offer.valid_from.isoformat()
        if offer.valid_until:
            item["valid_to"] = offer.valid_until.isoformat()
        schedules.append(item)
    doc |= {
        "phones": phones,
        "contacts": contacts,
        "schedules": schedules,
        "service_at_locations": sals,
        "languages": _languages(ctx, offer, related, service_id),
        "organization": organization_doc(ctx, offer.organization, full=False),
        "cost_options": _cost_options(ctx, offer, service_id),
        "attributes": _service_attributes(ctx, offer, related, service_id),
    }
    return doc


def minimal_service_doc(ctx: Context, offer: Offer) -> Doc:
    return {
        "id": ctx.ids(Kind.SERVICE, offer.pk),
        "name": offer.title,
        "status": "active",
        "last_modified": iso(offer.updated_at),
    }
