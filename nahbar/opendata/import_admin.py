"""The HSDS import screen in the admin: a JSON file, a .zip of the CSV package, or a feed address.

Like the spreadsheet import it takes two requests. The first reads the source and shows the dry-run
report (new / changed / unchanged / rejected with reasons); nothing is written. The confirmation reads
the source again (an uploaded file waits in ``NAHBAR_IMPORT_DIR`` under a random name; a feed is fetched
again), plans again and writes only if the counts still match what the coordinator saw. Feed addresses
are fetched through the SSRF guard in ``remote.py``.
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
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from nahbar.opendata.importing.bundle import MAX_BYTES, Bundle, HsdsSourceError, fetch_api
from nahbar.opendata.importing.plan import REJECTED, HsdsImportPlan, apply_import, plan_import
from nahbar.opendata.importing.remote import check_address, guarded_opener
from nahbar.opendata.importing.upload import SUFFIXES, read_upload
from nahbar.tenancy.models import Municipality
from nahbar.tenancy.roles import municipality_ids

TOKEN_SALT = "nahbar.hsds-import"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 60 * 60
TYPE_LABELS = {
    "organization": gettext_lazy("Organisationen"),
    "location": gettext_lazy("Orte"),
    "service": gettext_lazy("Angebote"),
}


class HsdsSourceForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=gettext_lazy("Kommune"))
    file = forms.FileField(
        label=gettext_lazy("Datei (.json oder .zip)"),
        required=False,
        help_text=gettext_lazy("HSDS-JSON oder das Tabellenpaket (CSV-Dateien) als ZIP. Höchstens 50 MB."),
    )
    url = forms.URLField(
        label=gettext_lazy("oder Adresse einer HSDS-Schnittstelle"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("z. B. https://beispiel.de/api/hsds/stadt/ – abgerufen werden alle Angebote."),
    )
    source_key = forms.CharField(
        label=gettext_lazy("Name der Quelle"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Wer dieselbe Quelle erneut importiert, aktualisiert die früher übernommenen Einträge. "
            "Leer = Adresse bzw. Dateiname."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("neue Angebote gleich veröffentlichen (sonst als Entwurf zur Prüfung)"), required=False
    )
    skip_rejected = forms.BooleanField(
        label=gettext_lazy("abgelehnte Einträge überspringen und die übrigen übernehmen"), required=False
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
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Bitte eine .json- oder .zip-Datei wählen."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist größer als %(limit)d MB.") % {"limit": MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_file, has_url = bool(cleaned.get("file")), bool(cleaned.get("url"))
        if has_file == has_url and not self.errors:
            raise forms.ValidationError(_("Bitte entweder eine Datei wählen oder eine Adresse angeben."))
        if has_url:
            try:
                check_address(cleaned["url"])
            except HsdsSourceError as exc:
                self.add_error("url", str(exc))
        return cleaned


def _import_dir() -> Path:
    directory = Path(settings.NAHBAR_IMPORT_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _prune(directory: Path) -> None:
    cutoff = time.time() - 24 * 60 * 60
    for stale in directory.glob("hsds-*"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


def _summary(plan: HsdsImportPlan) -> list[dict[str, Any]]:
    return [{"label": TYPE_LABELS[kind], **counts} for kind, counts in plan.counts().items()]


class HsdsImportView:
    def __init__(self, model_admin: Any) -> None:
        self.model_admin = model_admin

    @staticmethod
    def municipalities(request: HttpRequest) -> Any:
        if request.user.is_superuser:
            candidates = Municipality.objects.order_by("name")
        else:
            candidates = Municipality.objects.filter(pk__in=municipality_ids(request.user)).order_by("name")
        allowed = [m.pk for m in candidates if request.user.has_perm("opendata.import_hsds", m)]
        return Municipality.objects.filter(pk__in=allowed).order_by("name")

    def dispatch(self, request: HttpRequest) -> HttpResponse:
        choices = self.municipalities(request)
        if not choices:
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, choices)
        form = HsdsSourceForm(request.POST or None, request.FILES or None, municipalities=choices)
        if request.method == "POST" and form.is_valid():
            return self._preview(request, form)
        return self._render(request, {"form": form})

    # --- preview ---------------------------------------------------------------------------------------------

    def _preview(self, request: HttpRequest, form: HsdsSourceForm) -> HttpResponse:
        data = form.cleaned_data
        source: dict[str, Any] = {
            "municipality": data["municipality"].pk,
            "user": request.user.pk,
            "publish": data["publish"],
            "skip_rejected": data["skip_rejected"],
        }
        upload = data["file"]
        if upload is not None:
            directory = _import_dir()
            _prune(directory)
            stored = directory / f"hsds-{secrets.token_hex(16)}{Path(upload.name).suffix.lower()}"
            with stored.open("wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            source.update(file=stored.name, name=upload.name)
        else:
            source.update(url=data["url"], name=data["url"])
        source["key"] = data["source_key"] or source["name"]
        return self._plan_page(request, data["municipality"], source)

    def _plan_page(
        self, request: HttpRequest, municipality: Municipality, source: dict[str, Any], *, notice: str = ""
    ) -> HttpResponse:
        try:
            plan = self._plan(municipality, source)
        except HsdsSourceError as exc:
            self._discard(source)
            return self._render(request, {"source_error": str(exc), "source": source, "municipality": municipality})
        can_apply = not plan.rejected or source["skip_rejected"]
        token = signing.dumps({**source, "counts": plan.counts()}, salt=TOKEN_SALT) if can_apply else ""
        if not can_apply:
            self._discard(source)
        context = {
            "plan": plan,
            "summary": _summary(plan),
            "token": token,
            "source": source,
            "municipality": municipality,
            "notice": notice,
            "type_labels": TYPE_LABELS,
        }
        return self._render(request, context)

    def _plan(self, municipality: Municipality, source: dict[str, Any]) -> HsdsImportPlan:
        with scope(municipality=municipality):
            return plan_import(self._read(source), municipality, source["key"], publish=source["publish"])

    def _read(self, source: dict[str, Any]) -> Bundle:
        if "url" in source:
            return fetch_api(source["url"], opener=guarded_opener())
        stored = _import_dir() / Path(source["file"]).name
        if not stored.exists():
            raise HsdsSourceError(_("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte erneut hochladen."))
        return read_upload(stored, name=source["name"])

    @staticmethod
    def _discard(source: dict[str, Any]) -> None:
        if "file" in source:
            (_import_dir() / Path(source["file"]).name).unlink(missing_ok=True)

    # --- confirmation --------------------------------------------------------------------------------------

    def _confirm(self, request: HttpRequest, choices: Any) -> HttpResponse:
        expired = _("Die Vorschau ist abgelaufen oder ungültig. Bitte die Quelle erneut angeben.")
        try:
            source = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, expired)
            return HttpResponseRedirect(request.path)
        municipality = next((m for m in choices if m.pk == source["municipality"]), None)
        if source["user"] != request.user.pk or municipality is None:
            messages.error(request, expired)
            return HttpResponseRedirect(request.path)
        seen = source.pop("counts")
        try:
            plan = self._plan(municipality, source)
        except HsdsSourceError as exc:
            self._discard(source)
            return self._render(request, {"source_error": str(exc), "source": source, "municipality": municipality})
        if plan.counts() != seen:
            notice = _("Die Quelle hat sich seit der Vorschau geändert. Bitte die neue Vorschau prüfen.")
            return self._plan_page(request, municipality, source, notice=notice)
        with scope(municipality=municipality):
            counts = apply_import(plan, actor=request.user, skip_rejected=source["skip_rejected"])
        self._discard(source)
        services = counts["service"]
        messages.success(
            request,
            _("HSDS-Import abgeschlossen: %(new)d Angebote neu, %(changed)d geändert, %(unchanged)d unverändert.")
            % {"new": services["new"], "changed": services["changed"], "unchanged": services["unchanged"]},
        )
        return HttpResponseRedirect(reverse("admin:opendata_importsource_changelist"))

    def _render(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        opts = self.model_admin.model._meta
        return TemplateResponse(
            request,
            "admin/opendata/hsds_import.html",
            {
                **self.model_admin.admin_site.each_context(request),
                "opts": opts,
                "title": _("HSDS-Daten importieren"),
                "rejected_action": REJECTED,
                **context,
            },
        )
