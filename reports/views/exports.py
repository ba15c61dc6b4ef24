"""Exports of the dashboard: the dashboard's Excel and book buttons post here with the page's parameters;
the worker makes the file; its page shows the progress (htmx polls it while the worker runs) and then the
download. An export is its owner's alone: anyone else gets a 404, as for a record outside their area."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kit.policy import require
from reports.forms.dashboard import DashboardForm
from reports.models import Export, ExportKind, ExportStatus
from reports.selectors import dashboard as places
from reports.services.exports import export_request

EXPORT = "reports.export"


def _refused(request, message: str):
    return render(request, "reports/exports/refused.html", {"message": message}, status=400)


@login_required
@require_POST
def dashboard_export(request):
    """Queue the export of the dashboard the user is on: level and key name the place (none: the user's own),
    year, programme, sort, dir, measure and quarter are the page's (read as the page reads them),
    kind is xlsx or pdf."""
    require(request.user, EXPORT)
    data = request.POST
    kind = data.get("kind", "")
    if kind not in ExportKind.values:
        return _refused(request, _("Choose what to export: the Excel workbook or the printed book (PDF)."))
    level = data.get("level", "")[:20]
    place = (
        places.place_for(request.user, level, data.get("key", "")[:20] or None)
        if level
        else places.home_place(request.user)
    )
    if place is None:
        raise Http404
    try:
        export = export_request(user=request.user, place=place, kind=kind, **DashboardForm(data).values())
    except ValidationError as exc:
        return _refused(request, " ".join(exc.messages))
    return redirect("reports:export", export.pk)


def _own(request, pk) -> Export:
    return get_object_or_404(Export.objects.for_user(request.user), pk=pk)


@login_required
def export_detail(request, pk):
    """The export's state: waiting, being made (step n of m), ready to download, or failed with the reason."""
    export = _own(request, pk)
    return render(request, "reports/exports/detail.html", {"export": export, "back": _dashboard_url(export)})


def _dashboard_url(export: Export) -> str:
    """The dashboard the export was made from, with its year and programme."""
    if export.level in (places.COUNTRY, places.OFFICE) or not export.key:
        url = reverse("reports:dashboard")
    else:
        url = reverse(f"reports:dashboard_{export.level}", args=[export.key])
    query = {"year": export.fiscal_year, "programme": export.programme or ""}
    return f"{url}?{urlencode({k: v for k, v in query.items() if v})}"


@login_required
def export_file(request, pk):
    export = _own(request, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    try:
        stored = export.file.open("rb")
    except FileNotFoundError:  # removed from the storage meanwhile: the user asks for it again
        raise Http404 from None
    response = FileResponse(
        stored, content_type=export.content_type, as_attachment=True, filename=export.download_name
    )
    response["Cache-Control"] = "private, no-store"
    return response
