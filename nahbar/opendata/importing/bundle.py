"""Reading HSDS records from JSON documents, the tabular CSV package or an HSDS API, into one bundle.

Nested documents (a full service with its organization, locations and schedules; an organization with
its services) are flattened into records per type, so the planner sees each organization, location and
service once, whatever the shape of the source.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000  # of an API feed: 100,000 services at 50 per page
FETCH_TIMEOUT = 30

Doc = dict[str, Any]


class HsdsSourceError(ValueError):
    """A source that cannot be read at all; the message (German) says what and where."""


@dataclass
class Bundle:
    organizations: dict[str, Doc] = field(default_factory=dict)
    locations: dict[str, Doc] = field(default_factory=dict)
    services: dict[str, Doc] = field(default_factory=dict)
    # service id -> [(location id, service_at_location doc)], in the order of the source
    service_locations: dict[str, list[tuple[str, Doc]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # records that could not be placed at all

    def add_organization(self, doc: Doc) -> None:
        doc = dict(doc)
        for service in doc.pop("services", None) or []:
            if isinstance(service, dict):
                self.add_service({"organization_id": doc.get("id"), **service})
        for location in doc.pop("locations", None) or []:
            if isinstance(location, dict):
                self.add_location({"organization_id": doc.get("id"), **location})
        _merge(self.organizations, doc)

    def add_location(self, doc: Doc) -> None:
        _merge(self.locations, doc)

    def add_service(self, doc: Doc) -> None:
        doc = dict(doc)
        organization = doc.pop("organization", None)
        if isinstance(organization, dict):
            self.add_organization(organization)
            doc.setdefault("organization_id", organization.get("id"))
        for link in doc.pop("service_at_locations", None) or []:
            if isinstance(link, dict):
                self.add_service_at_location({"service_id": doc.get("id"), **link})
        _merge(self.services, doc)

    def add_service_at_location(self, doc: Doc) -> None:
        doc = dict(doc)
        location = doc.pop("location", None)
        if isinstance(location, dict):
            self.add_location(location)
            doc.setdefault("location_id", location.get("id"))
        service = doc.pop("service", None)
        if isinstance(service, dict):
            self.add_service(service)
            doc.setdefault("service_id", service.get("id"))
        service_id, location_id = doc.get("service_id"), doc.get("location_id")
        if not isinstance(service_id, str) or not isinstance(location_id, str):
            self.problems.append(
                _("Ein service_at_location-Eintrag (%(id)s) nennt kein Angebot oder keinen Ort.")
                % {"id": doc.get("id", "?")}
            )
            return
        links = self.service_locations.setdefault(service_id, [])
        if all(existing != location_id for existing, _doc in links):
            links.append((location_id, doc))

    def add_document(self, doc: Any) -> None:
        """One document of any HSDS shape (detected from its fields), a page, a list, or a bundle object."""
        if isinstance(doc, list):
            for item in doc:
                self.add_document(item)
            return
        if not isinstance(doc, dict):
            raise HsdsSourceError(_("Ein Eintrag der Datei ist kein JSON-Objekt."))
        if isinstance(doc.get("contents"), list):  # an HSDS page
            self.add_document(doc["contents"])
            return
        bundled = [key for key in ("organizations", "locations", "services") if isinstance(doc.get(key), list)]
        if bundled and "id" not in doc:
            for key in bundled:
                self.add_document(doc[key])
            return
        self._add_by_shape(doc)

    def _add_by_shape(self, doc: Doc) -> None:
        if ("service_id" in doc and "location_id" in doc) or ("service" in doc and "location" in doc):
            self.add_service_at_location(doc)
        elif "location_type" in doc:
            self.add_location(doc)
        elif "organization_id" in doc or "service_at_locations" in doc or "organization" in doc or "status" in doc:
            self.add_service(doc)
        elif "name" in doc and "id" in doc:
            self.add_organization(doc)
        else:
            raise HsdsSourceError(
                _("Ein Eintrag (%(id)s) ist weder Angebot noch Organisation noch Ort.") % {"id": doc.get("id", "?")}
            )


def _merge(records: dict[str, Doc], doc: Doc) -> None:
    """Keep the fullest version of a record the source shows several times (e.g. nested and top-level)."""
    key = doc.get("id")
    if not isinstance(key, str) or not key:
        raise HsdsSourceError(
            _("Ein Eintrag hat keine id: %(doc)s") % {"doc": json.dumps(doc, ensure_ascii=False)[:200]}
        )
    known = records.get(key)
    records[key] = {**known, **doc} if known else doc


# --- JSON files --------------------------------------------------------------------------------------------


def read_json(data: bytes, *, name: str) -> Bundle:
    _check_size(len(data), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HsdsSourceError(
            _("„%(name)s“ ist nicht UTF-8-kodiert (Byte %(byte)d).") % {"name": name, "byte": exc.start}
        ) from None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HsdsSourceError(
            _("„%(name)s“ ist kein gültiges JSON: %(error)s (Zeile %(line)d, Spalte %(column)d).")
            % {"name": name, "error": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from None
    bundle = Bundle()
    bundle.add_document(parsed)
    return bundle


def _check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise HsdsSourceError(
            _("„%(name)s“ ist größer als %(limit)d MB.") % {"name": name, "limit": MAX_BYTES // (1024 * 1024)}
        )


# --- the tabular package -----------------------------------------------------------------------------------

# HSDS 3.0 table names (as in its datapackage.json); a few exporters use singular names.
TABLES = {
    "organizations": ("organizations", "organization"),
    "locations": ("locations", "location"),
    "services": ("services", "service"),
    "service_at_locations": ("service_at_locations", "service_at_location"),
    "addresses": ("addresses", "address"),
    "phones": ("phones", "phone"),
    "contacts": ("contacts", "contact"),
    "schedules": ("schedules", "schedule"),
    "languages": ("languages", "language"),
    "cost_options": ("cost_options", "cost_option"),
    "accessibility": ("accessibility",),
    "attributes": ("attributes", "attribute"),
    "taxonomy_terms": ("taxonomy_terms", "taxonomy_term"),
}
INTEGER_FIELDS = {"interval", "count", "minimum_age", "maximum_age", "extension", "amount"}
NUMBER_FIELDS = {"latitude", "longitude"}


def read_package(directory: Path) -> Bundle:
    """The HSDS tabular package: one CSV per table, named as in the package descriptor."""
    tables = {name: _table(directory, files) for name, files in TABLES.items()}
    if not any(tables[name] for name in ("services", "organizations", "locations")):
        raise HsdsSourceError(
            _("In „%(dir)s“ liegen weder services.csv noch organizations.csv noch locations.csv.")
            % {"dir": directory.name}
        )
    by_owner = _children(tables)
    bundle = Bundle()
    for row in tables["organizations"]:
        bundle.add_organization(_with_children(row, by_owner, "organization_id"))
    for row in tables["locations"]:
        bundle.add_location(_with_children(row, by_owner, "location_id"))
    for row in tables["services"]:
        bundle.add_service(_with_children(row, by_owner, "service_id"))
    for row in tables["service_at_locations"]:
        bundle.add_service_at_location(row)
    return bundle


def _table(directory: Path, names: Iterable[str]) -> list[Doc]:
    for name in names:
        path = directory / f"{name}.csv"
        if path.is_file():
            _check_size(path.stat().st_size, path.name)
            return _read_csv(path)
    return []


def _read_csv(path: Path) -> list[Doc]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HsdsSourceError(
            _("„%(name)s“ ist nicht UTF-8-kodiert (Byte %(byte)d).") % {"name": path.name, "byte": exc.start}
        ) from None
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise HsdsSourceError(
            _("„%(name)s“ ist keine gültige CSV-Datei: %(error)s") % {"name": path.name, "error": exc}
        ) from None
    return [_typed(row, path.name, number) for number, row in enumerate(rows, start=2)]


def _typed(row: dict[str, Any], name: str, number: int) -> Doc:
    if None in row:
        raise HsdsSourceError(_("„%(name)s“, Zeile %(row)d: mehr Werte als Spalten.") % {"name": name, "row": number})
    doc: Doc = {}
    for key, value in row.items():
        if value in ("", None):
            continue
        try:
            if key in INTEGER_FIELDS:
                value = int(value)
            elif key in NUMBER_FIELDS:
                value = float(value)
        except ValueError:
            raise HsdsSourceError(
                _("„%(name)s“, Zeile %(row)d, Spalte „%(column)s“: „%(value)s“ ist keine Zahl.")
                % {"name": name, "row": number, "column": key, "value": value}
            ) from None
        doc[key] = value
    return doc


def _children(tables: dict[str, list[Doc]]) -> dict[tuple[str, str], dict[str, list[Doc]]]:
    """(owner field, owner id) -> {table: rows}; attributes point at their owner through link_id."""
    grouped: dict[tuple[str, str], dict[str, list[Doc]]] = {}
    for table in ("addresses", "phones", "contacts", "schedules", "languages", "cost_options", "accessibility"):
        for row in tables[table]:
            for owner in ("service_id", "location_id", "organization_id"):
                if owner in row:
                    grouped.setdefault((owner, row[owner]), {}).setdefault(table, []).append(row)
                    break
    terms = {row["id"]: row for row in tables["taxonomy_terms"] if "id" in row}
    for row in tables["attributes"]:
        owner = {"service": "service_id", "location": "location_id", "organization": "organization_id"}.get(
            row.get("link_entity", ""), "service_id"
        )
        attribute = dict(row)
        if row.get("taxonomy_term_id") in terms:
            attribute["taxonomy_term"] = terms[row["taxonomy_term_id"]]
        grouped.setdefault((owner, row.get("link_id", "")), {}).setdefault("attributes", []).append(attribute)
    return grouped


def _with_children(row: Doc, by_owner: dict[tuple[str, str], dict[str, list[Doc]]], owner: str) -> Doc:
    return {**row, **by_owner.get((owner, row.get("id", "")), {})}


# --- an HSDS API -----------------------------------------------------------------------------------------------


def fetch_api(base_url: str, *, opener: Any = None) -> Bundle:
    """All services of an HSDS API (``/services?full=true``, page by page), with their organizations."""
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HsdsSourceError(_("„%(url)s“ ist keine http(s)-Adresse.") % {"url": base_url})
    root = base_url if base_url.endswith("/") else base_url + "/"
    bundle = Bundle()
    for contents in _pages(f"{root}services?full=true&per_page=50", opener):
        bundle.add_document(contents)
    wanted = set(bundle.organizations)
    for contents in _pages(f"{root}organizations?full=true&per_page=100", opener):
        for organization in contents:
            if isinstance(organization, dict) and organization.get("id") in wanted:
                bundle.add_organization(organization)
    return bundle


def _pages(url: str, opener: Any) -> Iterable[list[Any]]:
    for page in range(1, MAX_PAGES + 1):
        data = _fetch_json(f"{url}&page={page}", opener)
        if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
            raise HsdsSourceError(_("%(url)s liefert keine HSDS-Seite (contents fehlt).") % {"url": url})
        yield data["contents"]
        if data.get("last_page") or not data["contents"] or page >= int(data.get("total_pages") or 0):
            return
    raise HsdsSourceError(_("%(url)s hat mehr als %(pages)d Seiten.") % {"url": url, "pages": MAX_PAGES})


def _fetch_json(url: str, opener: Any) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "nahbar-hsds-import"})  # noqa: S310 - scheme checked above
    try:
        with (opener or urllib.request.urlopen)(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except OSError as exc:
        raise HsdsSourceError(_("%(url)s ist nicht erreichbar: %(error)s") % {"url": url, "error": exc}) from None
    return read_json_value(data, name=url)


def read_json_value(data: bytes, *, name: str) -> Any:
    _check_size(len(data), name)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HsdsSourceError(
            _("„%(name)s“ ist kein gültiges JSON: %(error)s") % {"name": name, "error": exc}
        ) from None
