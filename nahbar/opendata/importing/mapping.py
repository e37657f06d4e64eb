"""HSDS records as nahbar field values: the inverse of ``nahbar.opendata.documents``.

What nahbar cannot hold is dropped with a note in the report (e.g. a rule part like BYWEEKNO, a language
outside the vocabulary, another taxonomy's attribute); what makes a record unusable is an error.
See docs/hsds-profile.md ("Import").
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from nahbar.directory.models import Offer, Organization, Place, Term
from nahbar.directory.recurrence import BERLIN
from nahbar.opendata import taxonomy as tx
from nahbar.tenancy.models import Municipality

Doc = dict[str, Any]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
OFFER_VOCABULARIES = {
    "nahbar-format": "formats",
    "nahbar-target_group": "target_groups",
    "nahbar-low_threshold": "low_threshold",
    "nahbar-accessibility": "accessibility",
    "nahbar-delivery_mode": "delivery_modes",
    "nahbar-language": "languages",
}
GENERATED_APPLICATION = {"Anmeldung nötig", "ohne Anmeldung"}  # what the export writes when no note exists
STATUS = {
    "active": Offer.Status.ACTIVE,
    "inactive": Offer.Status.PAUSED,
    "temporarily closed": Offer.Status.PAUSED,
    "defunct": Offer.Status.ENDED,
}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass
class Mapped:
    fields: dict[str, Any] = field(default_factory=dict)
    m2m: dict[str, list[Term]] = field(default_factory=dict)
    schedules: list[dict[str, Any]] = field(default_factory=list)  # Schedule fields, place as "location_id"
    location_ids: list[str] = field(default_factory=list)
    organization_id: str | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Terms:
    """The municipality's vocabulary terms by taxonomy key and code."""

    def __init__(self, municipality: Municipality) -> None:
        self.by_key: dict[tuple[str, str], Term] = {}
        for term in Term.objects.filter(Q(municipality=None) | Q(municipality=municipality)).order_by(
            "municipality_id"
        ):
            self.by_key[(f"nahbar-{term.vocabulary}", term.code)] = term

    def get(self, taxonomy_key: str, code: str) -> Term | None:
        return self.by_key.get((taxonomy_key, code))


def _text(doc: Doc, key: str) -> str:
    value = doc.get(key)
    return value.strip() if isinstance(value, str) else ""


def _list(doc: Doc, key: str) -> list[Doc]:
    value = doc.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _date(value: Any) -> dt.date | None:
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _clock(value: Any) -> dt.time | None:
    match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return dt.time(int(match.group(1)), int(match.group(2)))


def _fit(value: str, limit: int, label: str, notes: list[str]) -> str:
    if len(value) <= limit:
        return value
    notes.append(_("„%(field)s“ auf %(limit)d Zeichen gekürzt.") % {"field": label, "limit": limit})
    return textwrap.shorten(value, width=limit, placeholder="…")


def _attribute_key_and_code(attribute: Doc) -> tuple[str, str]:
    nested = attribute.get("taxonomy_term")
    term: Doc = nested if isinstance(nested, dict) else {}
    key = _text(attribute, "link_type") or _text(term, "taxonomy")
    return key, _text(term, "code")


def _foreign_attribute_note(attribute: Doc) -> str:
    key, code = _attribute_key_and_code(attribute)
    return _("Merkmal „%(code)s“ (Taxonomie „%(key)s“) nicht übernommen.") % {"code": code or "?", "key": key or "?"}


# --- organizations ---------------------------------------------------------------------------------------------


def organization(doc: Doc) -> Mapped:
    mapped = Mapped()
    name = _text(doc, "name")
    if not name:
        mapped.errors.append(_("Der Name fehlt."))
    phones = [_text(p, "number") for p in _list(doc, "phones") if _text(p, "number")]
    kind = Organization.Kind.OTHER.value
    for attribute in _list(doc, "attributes"):
        key, code = _attribute_key_and_code(attribute)
        if key == tx.ORGANIZATION_KIND and code in Organization.Kind.values:
            kind = code
        else:
            mapped.notes.append(_foreign_attribute_note(attribute))
    mapped.fields = {
        "name": _fit(name, 200, "name", mapped.notes),
        "kind": kind,
        "description": _text(doc, "description"),
        "email": _text(doc, "email"),
        "website": _text(doc, "website"),
        "phone": _fit(phones[0], 40, "phones", mapped.notes) if phones else "",
    }
    return mapped


# --- locations -----------------------------------------------------------------------------------------------


def location(doc: Doc, terms: Terms) -> Mapped:
    mapped = Mapped(organization_id=doc.get("organization_id") if isinstance(doc.get("organization_id"), str) else None)
    name = _text(doc, "name")
    if not name:
        mapped.errors.append(_("Der Name fehlt."))
    if _text(doc, "location_type") == "virtual":
        mapped.errors.append(_("Ein virtueller Ort (location_type „virtual“) ist kein Ort in nahbar."))
    fields: dict[str, Any] = {
        "name": _fit(name, 200, "name", mapped.notes),
        "transit_note": _fit(_text(doc, "transportation"), 300, "transportation", mapped.notes),
        "is_third_place": False,
        "kind": Place.Kind.OTHER.value,
        "latitude": _coordinate(doc.get("latitude"), 90, "latitude", mapped),
        "longitude": _coordinate(doc.get("longitude"), 180, "longitude", mapped),
    }
    fields |= _address(doc, mapped)
    accessibility, note = _accessibility(doc, terms, mapped)
    fields["accessibility_note"] = _fit(note, 300, "accessibility", mapped.notes)
    fields["opening_hours"], hours_note = _opening_hours(doc, mapped)
    fields["opening_hours_note"] = _fit(hours_note, 300, "schedules.notes", mapped.notes)
    for attribute in _list(doc, "attributes"):
        key, code = _attribute_key_and_code(attribute)
        if key == tx.FEATURES and code == tx.THIRD_PLACE:
            fields["is_third_place"] = True
        elif key == tx.PLACE_KIND and code in Place.Kind.values:
            fields["kind"] = code
        elif key == "nahbar-accessibility" and terms.get(key, code):
            term = terms.get(key, code)
            if term is not None and term not in accessibility:
                accessibility.append(term)
        else:
            mapped.notes.append(_foreign_attribute_note(attribute))
    mapped.fields = fields
    mapped.m2m = {"accessibility": accessibility}
    return mapped


def _coordinate(value: Any, limit: float, name: str, mapped: Mapped) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not -limit <= value <= limit:
        mapped.errors.append(_("„%(field)s“ ist keine gültige Koordinate: %(value)s") % {"field": name, "value": value})
        return None
    return float(value)


def _address(doc: Doc, mapped: Mapped) -> dict[str, str]:
    addresses = _list(doc, "addresses")
    physical = [a for a in addresses if _text(a, "address_type") in ("", "physical")] or addresses
    if not physical:
        return {"street": "", "postcode": "", "city": ""}
    address = physical[0]
    street = " ".join(p for p in (_text(address, "address_1"), _text(address, "address_2")) if p)
    postcode = _text(address, "postal_code")
    if postcode and not (len(postcode) == 5 and postcode.isdigit()):
        mapped.notes.append(
            _("Postleitzahl „%(code)s“ ist keine deutsche und wurde nicht übernommen.") % {"code": postcode}
        )
        postcode = ""
    return {
        "street": _fit(street, 200, "address_1", mapped.notes),
        "postcode": postcode,
        "city": _fit(_text(address, "city"), 100, "city", mapped.notes),
    }


def _accessibility(doc: Doc, terms: Terms, mapped: Mapped) -> tuple[list[Term], str]:
    """Terms come from the attributes; accessibility records add only what is not a term (the note)."""
    labels = {term.label_de for (key, _code), term in terms.by_key.items() if key == "nahbar-accessibility"}
    notes = []
    for item in _list(doc, "accessibility"):
        description, details = _text(item, "description"), _text(item, "details")
        if description in labels:
            continue
        notes.append(": ".join(p for p in (description, details) if p))
    return [], "\n".join(n for n in notes if n)


def _opening_hours(doc: Doc, mapped: Mapped) -> tuple[list[dict[str, Any]], str]:
    rows, notes = [], []
    for schedule in _list(doc, "schedules"):
        days = [WEEKDAYS.index(d) for d in _text(schedule, "byday").split(",") if d in WEEKDAYS]
        opens, closes = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
        if _text(schedule, "freq") in ("", "WEEKLY") and days and opens and closes:
            rows.append({"days": days, "opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")})
        else:
            mapped.notes.append(_("Öffnungszeit ohne Wochentage und Uhrzeiten nicht übernommen."))
        note = _text(schedule, "notes")
        if note and note not in notes:
            notes.append(note)
    return rows, "\n".join(notes)


# --- services --------------------------------------------------------------------------------------------------


def service(doc: Doc, terms: Terms, location_ids: list[str]) -> Mapped:
    mapped = Mapped(location_ids=list(location_ids))
    organization_id = doc.get("organization_id")
    mapped.organization_id = organization_id if isinstance(organization_id, str) and organization_id else None
    if mapped.organization_id is None:
        mapped.errors.append(_("Das Angebot nennt keine Organisation (organization_id)."))
    name = _text(doc, "name")
    if not name:
        mapped.errors.append(_("Der Name fehlt."))
    summary, description = _split_description(_text(doc, "description"), name, mapped)
    fields: dict[str, Any] = {
        "title": _fit(name, 200, "name", mapped.notes),
        "summary": summary,
        "description": description,
        "contact_url": _text(doc, "url"),
        "contact_email": _text(doc, "email"),
        "status": STATUS.get(_text(doc, "status"), Offer.Status.ACTIVE),
        "is_free": False,
        "registration_required": False,
        "easy_language_summary": "",
        "assured_at": _assured(doc),
    }
    application = _text(doc, "application_process")
    fields["registration_note"] = (
        "" if application in GENERATED_APPLICATION else _fit(application, 300, "application_process", mapped.notes)
    )
    fees = _text(doc, "fees_description")
    fields["cost_note"] = "" if fees == "kostenlos" else _fit(fees, 200, "fees_description", mapped.notes)
    fields |= _contacts(doc, mapped)
    if any(option.get("amount") == 0 for option in _list(doc, "cost_options")):
        fields["is_free"] = True
    mapped.m2m = {relation: [] for relation in OFFER_VOCABULARIES.values()}
    _service_attributes(doc, terms, fields, mapped)
    _languages(doc, terms, mapped)
    _schedules(doc, fields, mapped)
    mapped.fields = fields
    return mapped


def _split_description(text: str, name: str, mapped: Mapped) -> tuple[str, str]:
    """The export writes summary, a blank line, then the description: split there when the first part fits."""
    head, _sep, rest = text.partition("\n\n")
    head = head.strip()
    if head and len(head) <= 300:
        return head, rest.strip()
    if not text:
        mapped.notes.append(_("Keine Beschreibung: der Name dient als Kurzbeschreibung."))
        return textwrap.shorten(name, width=300, placeholder="…") if name else "", ""
    mapped.notes.append(_("Kurzbeschreibung aus dem Anfang der Beschreibung gebildet."))
    return textwrap.shorten(head, width=300, placeholder="…"), text


def _assured(doc: Doc) -> dt.datetime | None:
    day = _date(doc.get("assured_date"))
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=BERLIN) if day else None


def _contacts(doc: Doc, mapped: Mapped) -> dict[str, str]:
    phones = [_text(p, "number") for p in _list(doc, "phones") if _text(p, "number")]
    contacts = _list(doc, "contacts")
    contact = contacts[0] if contacts else {}
    return {
        "contact_phone": _fit(phones[0], 40, "phones", mapped.notes) if phones else "",
        "contact_name": _fit(_text(contact, "name"), 120, "contacts.name", mapped.notes),
        "contact_email": _text(doc, "email") or _text(contact, "email"),
    }


def _service_attributes(doc: Doc, terms: Terms, fields: dict[str, Any], mapped: Mapped) -> None:
    for attribute in _list(doc, "attributes"):
        key, code = _attribute_key_and_code(attribute)
        if key in OFFER_VOCABULARIES:
            term = terms.get(key, code)
            if term is None:
                mapped.notes.append(_foreign_attribute_note(attribute))
            elif term not in mapped.m2m[OFFER_VOCABULARIES[key]]:
                mapped.m2m[OFFER_VOCABULARIES[key]].append(term)
        elif key == tx.FEATURES and code == tx.EASY_LANGUAGE:
            fields["easy_language_summary"] = _text(attribute, "value")
        elif key == tx.FEATURES and code == tx.FREE:
            fields["is_free"] = True
        elif key == tx.FEATURES and code == tx.REGISTRATION:
            fields["registration_required"] = True
        elif key == tx.FEATURES and code == tx.OCCURRENCES:
            continue  # a link back to the source's own occurrences: nahbar computes its own
        else:
            mapped.notes.append(_foreign_attribute_note(attribute))


def _languages(doc: Doc, terms: Terms, mapped: Mapped) -> None:
    for language in _list(doc, "languages"):
        code = _text(language, "code").lower()
        term = terms.get("nahbar-language", code)
        if term is None:
            mapped.notes.append(
                _("Sprache „%(name)s“ (%(code)s) steht nicht in der Sprachliste und wurde nicht übernommen.")
                % {"name": _text(language, "name") or "?", "code": code or "?"}
            )
        elif term not in mapped.m2m["languages"]:
            mapped.m2m["languages"].append(term)


def _schedules(doc: Doc, fields: dict[str, Any], mapped: Mapped) -> None:
    for schedule in _list(doc, "schedules"):
        valid_from, valid_to = _date(schedule.get("valid_from")), _date(schedule.get("valid_to"))
        if valid_from:
            fields["valid_from"] = valid_from
        if valid_to:
            fields["valid_until"] = valid_to
        planned = schedule_fields(schedule, mapped)
        if planned is not None:
            mapped.schedules.append(planned)


def schedule_fields(doc: Doc, mapped: Mapped) -> dict[str, Any] | None:
    notes = _schedule_notes(_text(doc, "notes"))
    dtstart = _date(doc.get("dtstart")) or _date(doc.get("valid_from"))
    if dtstart is None:
        mapped.notes.append(_("Termin ohne Beginn (dtstart) nicht übernommen."))
        return None
    start, end = _clock(doc.get("opens_at")), _clock(doc.get("closes_at"))
    duration = 120
    if start and end:
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        duration = minutes if minutes > 0 else minutes + 24 * 60
    return {
        "dtstart": dtstart,
        "start_time": start,
        "duration_minutes": duration,
        "rrule": notes.get("RRULE") or _rule(doc, mapped),
        "rdates": _dates(notes.get("RDATE", "")),
        "exdates": _dates(notes.get("EXDATE", "")),
        "until": _date(doc.get("until")),
        "location_id": doc.get("location_id") if isinstance(doc.get("location_id"), str) else None,
    }


def _schedule_notes(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name in ("RRULE", "RDATE", "EXDATE"):
            found[name] = value.strip()
    return found


def _dates(text: str) -> list[str]:
    return [day.isoformat() for day in (_date(part.strip()) for part in text.split(",")) if day]


def _rule(doc: Doc, mapped: Mapped) -> str:
    """An RFC 5545 rule from HSDS's rule fields, leaving out what RFC 5545 forbids with the frequency."""
    freq = _text(doc, "freq").upper()
    if not freq:
        return ""
    if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        mapped.notes.append(_("Wiederholung „%(freq)s“ unbekannt; als einzelner Termin übernommen.") % {"freq": freq})
        return ""
    parts = [f"FREQ={freq}"]
    interval = doc.get("interval")
    if isinstance(interval, int) and interval > 1:
        parts.append(f"INTERVAL={interval}")
    byday = [d for d in _text(doc, "byday").upper().replace(" ", "").split(",") if d]
    if byday and all(_BYDAY.match(d) for d in byday):
        parts.append("BYDAY=" + ",".join(byday))
    elif byday:
        mapped.notes.append(_("Wochentage „%(days)s“ nicht lesbar; weggelassen.") % {"days": _text(doc, "byday")})
    dropped = []
    if _text(doc, "bymonthday"):
        if freq in ("MONTHLY", "YEARLY"):
            parts.append("BYMONTHDAY=" + _text(doc, "bymonthday").replace(" ", ""))
        else:
            dropped.append("BYMONTHDAY")
    for name in ("byweekno", "byyearday"):
        if _text(doc, name):
            dropped.append(name.upper())
    count = doc.get("count")
    if isinstance(count, int) and count > 0:
        if _date(doc.get("until")):
            dropped.append("COUNT")  # RFC 5545 forbids COUNT with UNTIL; the end date is kept
        else:
            parts.append(f"COUNT={count}")
    wkst = _text(doc, "wkst").upper()
    if wkst in WEEKDAYS and wkst != "MO":
        parts.append(f"WKST={wkst}")
    if dropped:
        mapped.notes.append(
            _("Teile der Regel nicht übernommen (mit %(freq)s nicht erlaubt): %(parts)s.")
            % {"freq": freq, "parts": ", ".join(dropped)}
        )
    return ";".join(parts)
