"""The HSDS 3.0 read API of one municipality, at /api/hsds/<slug>/ (see docs/hsds-profile.md).

One NinjaAPI serves every municipality: the slug is part of the URL prefix, the tenant middleware
resolves it and opens the scope (404 problem for an unknown slug), and ninja renders the OpenAPI
document per municipality with that prefix filled in.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict

from nahbar.directory.models import Offer, Organization
from nahbar.directory.schedules import occurrences
from nahbar.directory.selectors import public_offers
from nahbar.opendata import documents as docs
from nahbar.opendata import selectors as sel
from nahbar.opendata.http import document, problem
from nahbar.opendata.ids import Kind, is_uuid
from nahbar.opendata.loading import Link, load_for_links, load_related
from nahbar.opendata.schema import patch_openapi
from nahbar.tenancy.models import Municipality

HSDS_VERSION = "3.0"
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
MAX_PROXIMITY_M = 100_000
MAX_OCCURRENCE_DAYS = 366
DEFAULT_OCCURRENCE_DAYS = 56
# Dates outside this range cannot be meant, and near the ends of datetime's range converting to UTC overflows.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


class HsdsApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return patch_openapi(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = HsdsApi(
    title="nahbar – HSDS 3.0",
    version=HSDS_VERSION,
    description=(
        "Angebote gegen Einsamkeit einer Kommune als Open Referral HSDS 3.0. "
        "Profil, Merkmale und Erweiterung für Termine: docs/hsds-profile.md."
    ),
    urls_namespace="hsds",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class ApiProblem(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


def bad_request(detail: str) -> ApiProblem:
    return ApiProblem(400, _("Ungültige Anfrage"), detail)


def not_found(detail: str) -> ApiProblem:
    return ApiProblem(404, _("Nicht gefunden"), detail)


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem(request, exc.status, exc.title, exc.detail)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"parameter": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
    return problem(request, 400, _("Ungültige Anfrage"), detail, errors=errors)


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, _("Nicht gefunden"), _("Diese Adresse gibt es in der API nicht."))


# --- response schemas (for the OpenAPI document; HSDS objects are bundled from the spec) -----------


class _Hsds(Schema):
    model_config = ConfigDict(extra="allow")


class HsdsService(_Hsds):
    pass


class HsdsOrganization(_Hsds):
    pass


class HsdsServiceAtLocation(_Hsds):
    pass


class HsdsTaxonomy(_Hsds):
    pass


class HsdsTaxonomyTerm(_Hsds):
    pass


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str


class ApiInfo(Schema):
    version: str
    profile: str
    openapi_url: str


class Page(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(Page):
    contents: list[HsdsService]


class OrganizationPage(Page):
    contents: list[HsdsOrganization]


class ServiceAtLocationPage(Page):
    contents: list[HsdsServiceAtLocation]


class TaxonomyPage(Page):
    contents: list[HsdsTaxonomy]


class TaxonomyTermPage(Page):
    contents: list[HsdsTaxonomyTerm]


class Occurrence(Schema):
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    schedule_id: str
    location_id: str | None


class Occurrences(Schema):
    service_id: str
    start_date: dt.date
    end_date: dt.date
    contents: list[Occurrence]


ERRORS: dict[int, Any] = {304: None, 400: Problem, 404: Problem}


def responses(ok: Any) -> dict[int, Any]:
    return {200: ok, **ERRORS}


# --- shared request handling -------------------------------------------------------------------------


def _context(request: HttpRequest) -> docs.Context:
    municipality: Municipality = request.municipality  # type: ignore[attr-defined]
    base = request.build_absolute_uri(reverse("hsds:api-root", kwargs={"municipality_slug": municipality.slug}))
    return docs.Context(municipality, base)


def _window(page: int, per_page: int) -> tuple[int, int]:
    start = (page - 1) * per_page
    return start, start + per_page


def _page(total: int, page: int, per_page: int, contents: list[Any]) -> dict[str, Any]:
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _check_format(value: str) -> None:
    if value != "json":
        raise bad_request(_("Nur das Format „json“ wird unterstützt."))


def _datetime(value: str, name: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(
            _("%(name)s: „%(value)s“ ist kein Datum nach ISO 8601.") % {"name": name, "value": value}
        ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if not EARLIEST.year <= parsed.year <= LATEST.year:
        raise bad_request(
            _("%(name)s: „%(value)s“ liegt außerhalb des möglichen Zeitraums.") % {"name": name, "value": value}
        )
    return parsed


def _date(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise bad_request(
            _("%(name)s: „%(value)s“ ist kein Datum im Format JJJJ-MM-TT.") % {"name": name, "value": value}
        ) from None
    if not EARLIEST <= parsed <= LATEST:
        raise bad_request(
            _("%(name)s: „%(value)s“ liegt außerhalb des möglichen Zeitraums.") % {"name": name, "value": value}
        )
    return parsed


def _text(value: str, name: str) -> str:
    """Text that reaches SQL: PostgreSQL refuses NUL characters, so they are a 400, not a 500."""
    if "\x00" in value:
        raise bad_request(_("%(name)s: Steuerzeichen sind nicht erlaubt.") % {"name": name})
    return value


def _uuid(value: str, name: str) -> str:
    if not is_uuid(value):
        raise bad_request(_("%(name)s: „%(value)s“ ist keine UUID.") % {"name": name, "value": value})
    return value.lower()


def _offer_filters(
    ctx: docs.Context,
    *,
    search: str,
    taxonomy_term_id: str,
    taxonomy_id: str,
    organization_id: str,
    modified_after: str,
) -> sel.OfferFilters:
    conditions = []
    impossible = False
    if taxonomy_term_id:
        term = ctx.catalogue.by_id.get(_uuid(taxonomy_term_id, "taxonomy_term_id"))
        if term is None:
            impossible = True
        else:
            conditions.append(sel.term_condition(term))
    if taxonomy_id:
        taxonomy = ctx.catalogue.taxonomy_by_id.get(_uuid(taxonomy_id, "taxonomy_id"))
        if taxonomy is None:
            impossible = True
        else:
            conditions.append(sel.taxonomy_condition(taxonomy))
    organization_pk = None
    if organization_id:
        organization_pk = ctx.ids.pk_of(_uuid(organization_id, "organization_id"), Kind.ORGANIZATION)
        impossible = impossible or organization_pk is None
    return sel.OfferFilters(
        search=_text(search, "search"),
        conditions=tuple(conditions),
        organization_pk=organization_pk,
        modified_after=_datetime(modified_after, "modified_after"),
        impossible=impossible,
    )


def _pk(ctx: docs.Context, value: str, kind: Kind) -> int:
    pk = ctx.ids.pk_of(_uuid(value, "id"), kind)
    if pk is None:
        raise not_found(_("Kein Eintrag mit dieser Kennung."))
    return pk


def _newest(values: list[dt.datetime]) -> dt.datetime | None:
    return max(values) if values else None


# --- endpoints ---------------------------------------------------------------------------------------


@api.get("/", response={200: ApiInfo}, url_name="hsds-root", operation_id="getAPIMetaInformation")
def root(request: HttpRequest) -> HttpResponse:
    """Version, profile and OpenAPI address of this API."""
    ctx = _context(request)
    info = {"version": HSDS_VERSION, "profile": f"{ctx.base_url}docs", "openapi_url": f"{ctx.base_url}openapi.json"}
    return document(request, info)


class OfferFilterParams(Schema):
    search: str = Query("", max_length=200, description="Volltextsuche (wie die Angebotssuche).")
    taxonomy_term_id: str = Query("", description="Nur Einträge mit diesem Begriff.")
    taxonomy_id: str = Query("", description="Nur Einträge mit einem Begriff dieser Taxonomie.")
    organization_id: str = Query("", description="Nur Angebote dieser Organisation.")
    modified_after: str = Query("", description="Nur seit diesem Zeitpunkt (ISO 8601) geänderte Einträge.")


class PageParams(Schema):
    page: int = Query(1, ge=1, le=MAX_PAGE)
    per_page: int = Query(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)
    output_format: str = Query("json", alias="format", description="Nur „json“.")


@api.get(
    "/services", response=responses(ServicePage), url_name="hsds-services", operation_id="getPaginatedListOfServices"
)
def services(
    request: HttpRequest,
    filters: Query[OfferFilterParams],
    paging: Query[PageParams],
    minimal: bool = False,
    full: bool = False,
) -> HttpResponse:
    """Published, running offers; one-to-one fields unless ``full``, id/name/status only if ``minimal``."""
    _check_format(paging.output_format)
    ctx = _context(request)
    qs = sel.filtered_offers(ctx.municipality, _offer_filters(ctx, **filters.dict()))
    total = qs.count()
    start, end = _window(paging.page, paging.per_page)
    offers = list(_with_organization(qs, full=full and not minimal).order_by("pk")[start:end]) if total > start else []
    if minimal:
        contents = [docs.minimal_service_doc(ctx, o) for o in offers]
    else:
        related = load_related(offers, full=full)
        contents = [docs.service_doc(ctx, o, related, full=full) for o in offers]
    payload = _page(total, paging.page, paging.per_page, contents)
    return document(request, payload, last_modified=_newest([o.updated_at for o in offers]), honour_since=False)


def _with_organization(qs: QuerySet[Offer], *, full: bool) -> QuerySet[Offer]:
    return qs.select_related("organization") if full else qs


def _visible_offer(ctx: docs.Context, pk: int) -> Offer:
    offer = sel.visible_offers(ctx.municipality).filter(pk=pk).select_related("organization").first()
    if offer is None:
        raise not_found(_("Kein Angebot mit dieser Kennung."))
    return offer


@api.get(
    "/services/{id}/occurrences",
    response=responses(Occurrences),
    url_name="hsds-service-occurrences",
    operation_id="getServiceOccurrences",
)
def service_occurrences(request: HttpRequest, id: str, start_date: str = "", end_date: str = "") -> HttpResponse:
    """nahbar extension: the dated occurrences of a service (holidays and cancellations applied)."""
    ctx = _context(request)
    offer = _visible_offer(ctx, _pk(ctx, id, Kind.SERVICE))
    first = _date(start_date, "start_date") or timezone.localdate()
    last = _date(end_date, "end_date") or first + dt.timedelta(days=DEFAULT_OCCURRENCE_DAYS - 1)
    if last < first or (last - first).days >= MAX_OCCURRENCE_DAYS:
        raise bad_request(
            _("Der Zeitraum muss zwischen 1 und %(days)s Tagen lang sein.") % {"days": MAX_OCCURRENCE_DAYS}
        )
    offers = public_offers(ctx.municipality, on=first).filter(pk=offer.pk)
    contents = [
        {
            "start": docs.iso(o.start),
            "end": docs.iso(o.end),
            "all_day": o.slot.all_day,
            "schedule_id": ctx.ids(Kind.SCHEDULE, o.schedule.pk),
            "location_id": ctx.ids(Kind.LOCATION, o.place.pk) if o.place else None,
        }
        for o in occurrences(offers, start=first, end=last, land=ctx.municipality.land)
    ]
    payload = {
        "service_id": ctx.ids(Kind.SERVICE, offer.pk),
        "start_date": first.isoformat(),
        "end_date": last.isoformat(),
        "contents": contents,
    }
    return document(request, payload, last_modified=offer.updated_at, honour_since=False)


@api.get("/services/{id}", response=responses(HsdsService), url_name="hsds-service", operation_id="getServiceById")
def service(request: HttpRequest, id: str) -> HttpResponse:
    """One fully nested service."""
    ctx = _context(request)
    offer = _visible_offer(ctx, _pk(ctx, id, Kind.SERVICE))
    related = load_related([offer], full=True)
    payload = docs.service_doc(ctx, offer, related, full=True)
    return document(request, payload, last_modified=offer.updated_at)


class SearchParams(Schema):
    search: str = Query("", max_length=200)
    modified_after: str = Query("")


@api.get(
    "/organizations",
    response=responses(OrganizationPage),
    url_name="hsds-organizations",
    operation_id="getPaginatedListOfOrganizations",
)
def organizations(
    request: HttpRequest, filters: Query[SearchParams], paging: Query[PageParams], full: bool = False
) -> HttpResponse:
    """Organizations with at least one published offer."""
    _check_format(paging.output_format)
    ctx = _context(request)
    qs = sel.visible_organizations(ctx.municipality)
    if filters.search:
        qs = qs.filter(name__icontains=_text(filters.search, "search"))
    modified = _datetime(filters.modified_after, "modified_after")
    if modified:
        qs = qs.filter(updated_at__gte=modified)
    total = qs.count()
    start, end = _window(paging.page, paging.per_page)
    rows: list[Organization] = list(qs.order_by("pk")[start:end]) if total > start else []
    contents = [docs.organization_doc(ctx, o, full=full) for o in rows]
    payload = _page(total, paging.page, paging.per_page, contents)
    return document(request, payload, last_modified=_newest([o.updated_at for o in rows]), honour_since=False)


@api.get(
    "/organizations/{id}",
    response=responses(HsdsOrganization),
    url_name="hsds-organization",
    operation_id="getOrganizationById",
)
def organization(request: HttpRequest, id: str) -> HttpResponse:
    ctx = _context(request)
    row = sel.visible_organizations(ctx.municipality).filter(pk=_pk(ctx, id, Kind.ORGANIZATION)).first()
    if row is None:
        raise not_found(_("Keine Organisation mit dieser Kennung."))
    return document(request, docs.organization_doc(ctx, row, full=True), last_modified=row.updated_at)


def _sal_docs(ctx: docs.Context, links: list[Link], *, full: bool) -> list[dict[str, Any]]:
    if not full:
        return [
            {
                "id": ctx.ids(Kind.SERVICE_AT_LOCATION, link.pk),
                "service_id": ctx.ids(Kind.SERVICE, link.owner_id),
                "location_id": ctx.ids(Kind.LOCATION, link.target_id),
            }
            for link in links
        ]
    related = load_for_links(links)
    return [
        docs.service_at_location_doc(
            ctx, link, related.places[link.target_id], related, service_id=ctx.ids(Kind.SERVICE, link.owner_id)
        )
        for link in links
        if link.target_id in related.places
    ]


class PlaceParams(Schema):
    postcode: str = Query("", max_length=10, description="Postleitzahl des Ortes.")
    proximity: str = Query("", description="Umkreis in Metern um die Mitte der Postleitzahl (braucht postcode).")


@api.get(
    "/service_at_locations",
    response=responses(ServiceAtLocationPage),
    url_name="hsds-service-at-locations",
    operation_id="getPaginatedListOfServiceAtLocations",
)
def service_at_locations(
    request: HttpRequest,
    filters: Query[OfferFilterParams],
    places: Query[PlaceParams],
    paging: Query[PageParams],
    full: bool = False,
) -> HttpResponse:
    """Offers at their places."""
    _check_format(paging.output_format)
    ctx = _context(request)
    offers = sel.filtered_offers(ctx.municipality, _offer_filters(ctx, **filters.dict()))
    qs = Offer.places.through.objects.filter(offer_id__in=offers.values("pk"))
    if places.proximity:
        qs = qs.filter(place_id__in=_near_postcode(ctx, places.postcode, places.proximity))
    elif places.postcode:
        qs = qs.filter(place__postcode=_text(places.postcode, "postcode"))
    total = qs.count()
    start, end = _window(paging.page, paging.per_page)
    rows = list(qs.order_by("pk").values_list("pk", "offer_id", "place_id")[start:end]) if total > start else []
    contents = _sal_docs(ctx, [Link(*row) for row in rows], full=full)
    return document(request, _page(total, paging.page, paging.per_page, contents), honour_since=False)


def _near_postcode(ctx: docs.Context, postcode: str, proximity: str) -> list[int]:
    try:
        meters = float(proximity)
    except ValueError:
        meters = math.nan
    if not (0 < meters <= MAX_PROXIMITY_M):
        raise bad_request(
            _("proximity: bitte eine Entfernung in Metern zwischen 1 und %(max)s angeben.") % {"max": MAX_PROXIMITY_M}
        )
    if not postcode:
        raise bad_request(_("proximity braucht eine Postleitzahl (postcode)."))
    centre = sel.postcode_centroid(ctx.municipality, _text(postcode, "postcode"))
    if centre is None:
        raise bad_request(_("Für die Postleitzahl „%(postcode)s“ ist hier kein Ort bekannt.") % {"postcode": postcode})
    return sel.places_within(ctx.municipality, centre, meters)


@api.get(
    "/service_at_locations/{id}",
    response=responses(HsdsServiceAtLocation),
    url_name="hsds-service-at-location",
    operation_id="getServiceAtLocationById",
)
def service_at_location(request: HttpRequest, id: str) -> HttpResponse:
    ctx = _context(request)
    pk = _pk(ctx, id, Kind.SERVICE_AT_LOCATION)
    offers = sel.visible_offers(ctx.municipality)
    row = (
        Offer.places.through.objects.filter(pk=pk, offer_id__in=offers.values("pk"))
        .values_list("pk", "offer_id", "place_id")
        .first()
    )
    if row is None:
        raise not_found(_("Kein Angebot an diesem Ort mit dieser Kennung."))
    contents = _sal_docs(ctx, [Link(*row)], full=True)
    if not contents:
        raise not_found(_("Kein Angebot an diesem Ort mit dieser Kennung."))
    newest = Offer.objects.filter(pk=row[1]).aggregate(at=Max("updated_at"))["at"]
    return document(request, contents[0], last_modified=newest)


@api.get(
    "/taxonomies",
    response=responses(TaxonomyPage),
    url_name="hsds-taxonomies",
    operation_id="getPaginatedListOfTaxonomies",
)
def taxonomies(request: HttpRequest, paging: Query[PageParams]) -> HttpResponse:
    """nahbar's vocabularies and features (see docs/hsds-profile.md)."""
    _check_format(paging.output_format)
    ctx = _context(request)
    items = [docs.taxonomy_doc(t, ctx.base_url) for t in ctx.catalogue.taxonomies]
    return _list_response(request, items, paging)


@api.get("/taxonomies/{id}", response=responses(HsdsTaxonomy), url_name="hsds-taxonomy", operation_id="getTaxonomyById")
def taxonomy(request: HttpRequest, id: str) -> HttpResponse:
    ctx = _context(request)
    found = ctx.catalogue.taxonomy_by_id.get(_uuid(id, "id"))
    if found is None:
        raise not_found(_("Keine Taxonomie mit dieser Kennung."))
    return document(request, docs.taxonomy_doc(found, ctx.base_url))


class TermParams(Schema):
    taxonomy_id: str = Query("")
    search: str = Query("", max_length=200)


@api.get(
    "/taxonomy_terms",
    response=responses(TaxonomyTermPage),
    url_name="hsds-taxonomy-terms",
    operation_id="getPaginatedListOfTaxonomyTerms",
)
def taxonomy_terms(request: HttpRequest, filters: Query[TermParams], paging: Query[PageParams]) -> HttpResponse:
    _check_format(paging.output_format)
    ctx = _context(request)
    terms = ctx.catalogue.terms
    if filters.taxonomy_id:
        wanted = _uuid(filters.taxonomy_id, "taxonomy_id")
        terms = [t for t in terms if t.taxonomy.id == wanted]
    if filters.search:
        needle = filters.search.casefold()
        terms = [t for t in terms if needle in t.name.casefold() or needle in t.code]
    return _list_response(request, [docs.term_doc(t, ctx.base_url) for t in terms], paging)


@api.get(
    "/taxonomy_terms/{id}",
    response=responses(HsdsTaxonomyTerm),
    url_name="hsds-taxonomy-term",
    operation_id="getTaxonomyTermById",
)
def taxonomy_term(request: HttpRequest, id: str) -> HttpResponse:
    ctx = _context(request)
    found = ctx.catalogue.by_id.get(_uuid(id, "id"))
    if found is None:
        raise not_found(_("Kein Begriff mit dieser Kennung."))
    return document(request, docs.term_doc(found, ctx.base_url))


def _list_response(request: HttpRequest, items: list[dict[str, Any]], paging: PageParams) -> HttpResponse:
    start, end = _window(paging.page, paging.per_page)
    return document(request, _page(len(items), paging.page, paging.per_page, items[start:end]))


@api.get("/{path:rest}", include_in_schema=False, url_name="hsds-not-found")
def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address below the API: a problem, not the site's HTML 404 page."""
    raise not_found(_("Diese Adresse gibt es in der API nicht."))
