"""The import screen under ``/<slug>/intern/befragungen/import/`` (coordinators and planners).

Step 1 uploads the file(s) and picks the wave; the files are read in memory, identifying columns dropped,
and the anonymous rows kept for the next step (:mod:`.store`). Step 2 shows the suggested mapping as a
form with the answer recodings, the warnings and a dry-run report; "Vorschau aktualisieren" re-checks,
"Importieren" writes everything in one transaction. Works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from nahbar.survey.limesurvey import rules as _rules  # noqa: F401 - registers the permission
from nahbar.survey.limesurvey import store
from nahbar.survey.limesurvey.forms import MappingForm, UploadForm
from nahbar.survey.limesurvey.importer import ImportRejected, import_limesurvey
from nahbar.survey.limesurvey.loader import load
from nahbar.survey.limesurvey.mapping import suggest_mapping
from nahbar.survey.limesurvey.structure import LimeData, LimeSurveyError
from nahbar.survey.limesurvey.targets import targets_for
from nahbar.survey.limesurvey.uploads import InMemoryUploadHandler
from nahbar.survey.models import Wave
from nahbar.tenancy.models import Municipality

PERMISSION = "survey.import_limesurvey"
SESSION_KEY = "nahbar_limesurvey_import"


def _municipality(request: HttpRequest) -> Municipality:
    municipality: Municipality = request.municipality  # type: ignore[attr-defined]
    if not request.user.has_perm(PERMISSION, municipality):
        raise PermissionDenied
    return municipality


def _waves(municipality: Municipality) -> Any:
    return (
        Wave.objects.filter(municipality=municipality).select_related("survey").order_by("survey__title", "-opens_on")
    )


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        store.discard(pending["file"])


@login_required
@require_http_methods(["GET", "POST"])
@csrf_exempt  # only so the upload handler can be set before the body is read: _upload checks the token
def upload(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    request.upload_handlers = [InMemoryUploadHandler(request)]
    return _upload(request, municipality_slug)


@csrf_protect
def _upload(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = _municipality(request)
    form = UploadForm(request.POST or None, request.FILES or None, waves=_waves(municipality))
    error = ""
    if request.method == "POST" and form.is_valid():
        uploads = [u for u in (form.cleaned_data["file"], form.cleaned_data["second_file"]) if u is not None]
        try:
            data = load([(u.name, u.read()) for u in uploads])
        except LimeSurveyError as exc:
            error = str(exc)
        else:
            _forget(request)
            request.session[SESSION_KEY] = {
                "file": store.save(data),
                "wave": form.cleaned_data["wave"].pk,
                "municipality": municipality.pk,
                "names": [u.name for u in uploads],
            }
            return HttpResponseRedirect(reverse("limesurvey-import-mapping", args=[municipality.slug]))
    return render(request, "survey/limesurvey_upload.html", {"municipality": municipality, "form": form,
                                                               "file_error": error})  # fmt: skip


def _pending(request: HttpRequest, municipality: Municipality) -> tuple[dict[str, Any], Wave, LimeData] | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("municipality") != municipality.pk:
        return None
    wave = _waves(municipality).filter(pk=pending["wave"]).first()
    data = store.restore(pending["file"])
    if wave is None or data is None:
        return None
    return pending, wave, data


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = _municipality(request)
    found = _pending(request, municipality)
    start = reverse("limesurvey-import", args=[municipality.slug])
    if found is None:
        messages.error(
            request, _("Es liegt keine hochgeladene Datei vor (oder sie ist abgelaufen). Bitte neu hochladen.")
        )
        return HttpResponseRedirect(start)
    pending, wave, data = found
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _forget(request)
        messages.info(request, _("Import abgebrochen. Die hochgeladenen Daten sind gelöscht."))
        return HttpResponseRedirect(start)
    targets = targets_for(wave)
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        data_=data,
        targets=targets,
        suggested=suggest_mapping(data, targets),
    )
    chosen = form.mapping()
    if request.method == "POST" and request.POST.get("action") == "import" and not form.changed_items:
        try:
            report = import_limesurvey(wave, data, chosen, actor=request.user, dry_run=False)
        except ImportRejected as exc:
            report = exc.report
        else:
            _forget(request)
            messages.success(
                request,
                ngettext(
                    "%(n)d Antwortbogen in „%(wave)s“ übernommen (Import „%(label)s“).",
                    "%(n)d Antwortbögen in „%(wave)s“ übernommen (Import „%(label)s“).",
                    report.imported,
                )
                % {"n": report.imported, "wave": wave, "label": report.import_label},
            )
            return HttpResponseRedirect(start)
    else:
        report = import_limesurvey(wave, data, chosen, actor=request.user, dry_run=True)
    context = {
        "municipality": municipality,
        "wave": wave,
        "names": pending["names"],
        "form": form,
        "mapped_rows": [row for row in form.rows() if row["mapped"]],
        "unmapped_rows": [row for row in form.rows() if not row["mapped"]],
        "report": report,
        "changed_items": form.changed_items,
    }
    return render(request, "survey/limesurvey_mapping.html", context)
