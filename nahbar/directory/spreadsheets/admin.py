"""Admin screens for spreadsheets: template download, export of the current list, import with preview.

The import is two requests: the upload shows the plan (nothing written); the confirmation re-reads the
same file, plans again (the data may have changed meanwhile) and writes only if every row is still fine.
Between the two, the file waits in ``NAHBAR_IMPORT_DIR`` under a random name carried in a signed token.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from nahbar.directory.spreadsheets import export
from nahbar.directory.spreadsheets.columns import SHEET_FOR_MODEL, Sheet
from nahbar.directory.spreadsheets.importer import MAX_FILE_BYTES, SpreadsheetError, apply_plan, plan_file
from nahbar.tenancy.models import Municipality
from nahbar.tenancy.roles import municipality_ids

TOKEN_SALT = "nahbar.spreadsheet-import"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 60 * 60  # an hour between preview and confirmation
SUFFIXES = (".csv", ".xlsx")


class UploadForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=gettext_lazy("Kommune"))
    file = forms.FileField(
        label=gettext_lazy("Tabelle (.csv oder .xlsx)"),
        help_text=gettext_lazy("CSV mit Semikolon oder Komma, UTF-8; oder Excel (.xlsx). Höchstens 10 MB."),
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = municipalities
        if len(municipalities) == 1:
            field.initial = municipalities[0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Bitte eine .csv- oder .xlsx-Datei wählen."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist größer als %(limit)d MB. Bitte in kleinere Dateien teilen.")
                % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


def _import_dir() -> Path:
    directory = Path(settings.NAHBAR_IMPORT_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _prune(directory: Path) -> None:
    """Uploads never confirmed are deleted a day later (the token expires after an hour)."""
    cutoff = time.time() - 24 * 60 * 60
    for stale in directory.iterdir():
        if stale.suffix in SUFFIXES and stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


class SpreadsheetAdminMixin:
    """For the organization, place and offer admins (see docs/spreadsheets.md)."""

    change_list_template: Any = "admin/directory/spreadsheet_change_list.html"
    model: Any
    admin_site: Any

    @property
    def sheet(self) -> Sheet:
        return SHEET_FOR_MODEL[self.model]

    def _url_name(self, action: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{action}"

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("tabelle/", wrap(self.import_view), name=self._url_name("import")),
            path("tabelle/vorlage/<slug:slug>.<str:fmt>", wrap(self.template_view), name=self._url_name("template")),
            path("export/<slug:slug>.<str:fmt>", wrap(self.export_view), name=self._url_name("export")),
            *super().get_urls(),  # type: ignore[misc]
        ]

    # --- who may do what ---------------------------------------------------------------------------------

    def _member_municipalities(self, request: HttpRequest) -> Any:
        if request.user.is_superuser:
            return Municipality.objects.order_by("name")
        return Municipality.objects.filter(pk__in=municipality_ids(request.user)).order_by("name")

    def _import_municipalities(self, request: HttpRequest) -> Any:
        allowed = [
            m.pk
            for m in self._member_municipalities(request)
            if request.user.has_perm("directory.import_spreadsheet", m)
        ]
        return Municipality.objects.filter(pk__in=allowed).order_by("name")

    def _municipality(self, request: HttpRequest, slug: str, choices: Any) -> Municipality:
        for municipality in choices:
            if municipality.slug == slug:
                return municipality
        raise Http404

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        query = request.GET.urlencode()
        exports = [
            {
                "municipality": municipality,
                "links": [
                    (
                        fmt.upper(),
                        reverse("admin:" + self._url_name("export"), args=[municipality.slug, fmt]) + f"?{query}",
                    )
                    for fmt in export.FORMATS
                ],
            }
            for municipality in self._member_municipalities(request)
        ]
        context = {
            "spreadsheet_exports": exports,
            "spreadsheet_import_url": reverse("admin:" + self._url_name("import"))
            if self._import_municipalities(request)
            else "",
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)  # type: ignore[misc]

    # --- views ---------------------------------------------------------------------------------------------

    def template_view(self, request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
        if fmt not in export.FORMATS:
            raise Http404
        municipality = self._municipality(request, slug, self._member_municipalities(request))
        with scope(municipality=municipality):
            content = export.template(fmt, self.sheet, municipality)
        return _download(content, fmt, f"vorlage-{self.sheet.slug}.{fmt}")

    def export_view(self, request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
        if fmt not in export.FORMATS or not self.has_view_permission(request):  # type: ignore[attr-defined]
            raise Http404
        municipality = self._municipality(request, slug, self._member_municipalities(request))
        changelist = self.get_changelist_instance(request)  # type: ignore[attr-defined]
        queryset = changelist.get_queryset(request).filter(municipality=municipality)
        with scope(municipality=municipality):
            content = export.write(fmt, self.sheet, export.prefetched(self.sheet, queryset), municipality)
        return _download(content, fmt, f"{self.sheet.slug}-{municipality.slug}.{fmt}")

    def import_view(self, request: HttpRequest) -> HttpResponse:
        choices = self._import_municipalities(request)
        if not choices:
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request)
        form = UploadForm(request.POST or None, request.FILES or None, municipalities=choices)
        if request.method == "POST" and form.is_valid():
            return self._preview(request, form)
        return self._render(request, {"form": form, "templates": self._template_links(choices)})

    def _template_links(self, choices: list[Municipality]) -> list[tuple[str, str]]:
        first = choices[0].slug
        return [
            (label, reverse("admin:" + self._url_name("template"), args=[first, fmt]))
            for fmt, label in (("xlsx", _("Vorlage als Excel-Datei (mit Hinweisen)")), ("csv", _("Vorlage als CSV")))
        ]

    def _preview(self, request: HttpRequest, form: UploadForm) -> HttpResponse:
        municipality = form.cleaned_data["municipality"]
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        directory = _import_dir()
        _prune(directory)
        stored = directory / f"{secrets.token_hex(16)}{suffix}"
        with stored.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        token = signing.dumps(
            {"file": stored.name, "municipality": municipality.pk, "user": request.user.pk, "name": upload.name},
            salt=TOKEN_SALT,
        )
        return self._plan_page(request, municipality, stored, upload.name, token)

    def _plan_page(
        self, request: HttpRequest, municipality: Municipality, stored: Path, name: str, token: str
    ) -> HttpResponse:
        try:
            with scope(municipality=municipality):
                plan = plan_file(self.sheet, municipality, stored)
        except SpreadsheetError as exc:
            stored.unlink(missing_ok=True)
            return self._render(request, {"file_error": str(exc), "file_name": name, "municipality": municipality})
        return self._render(
            request,
            {"plan": plan, "token": token if plan.can_apply else "", "file_name": name, "municipality": municipality},
        )

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        try:
            data = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("Die Vorschau ist abgelaufen oder ungültig. Bitte die Datei erneut hochladen."))
            return HttpResponseRedirect(request.path)
        stored = _import_dir() / Path(data["file"]).name
        choices = self._import_municipalities(request)
        municipality = next((m for m in choices if m.pk == data["municipality"]), None)
        if data["user"] != request.user.pk or municipality is None or not stored.exists():
            messages.error(request, _("Die Vorschau ist abgelaufen oder ungültig. Bitte die Datei erneut hochladen."))
            return HttpResponseRedirect(request.path)
        with scope(municipality=municipality):
            plan = plan_file(self.sheet, municipality, stored)
            if not plan.can_apply:
                return self._plan_page(request, municipality, stored, data["name"], "")
            counts = apply_plan(plan, actor=request.user, file_name=data["name"])
        stored.unlink(missing_ok=True)
        messages.success(
            request,
            _("Import abgeschlossen: %(new)d neu, %(changed)d geändert, %(unchanged)d unverändert.") % counts,
        )
        return HttpResponseRedirect(reverse("admin:" + self._url_name("changelist")))

    def _render(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        opts = self.model._meta
        title = _("%(sheet)s aus einer Tabelle importieren") % {"sheet": opts.verbose_name_plural}
        return TemplateResponse(
            request,
            "admin/directory/spreadsheet_import.html",
            {**self.admin_site.each_context(request), "opts": opts, "title": title, "sheet": self.sheet, **context},
        )


def _download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=export.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
