"""The province set-up page of the admin: download the workbook, upload it, see every problem by sheet,
row and column (nothing is written), confirm; the background worker writes it
(registry/services/onboarding.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from kit.policy import require
from registry.forms import OnboardForm
from registry.imports.onboard import SHEET_OFFICES, SHEET_USERS, SHEET_VILLAGES
from registry.imports.onboard_template import onboard_template_xlsx
from registry.models import ImportStatus, Office, Onboarding, Province
from registry.services.onboarding import onboard_queue, onboard_upload

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_LABELS = (("offices", SHEET_OFFICES), ("villages", SHEET_VILLAGES), ("users", SHEET_USERS))


def _context(request, admin_site, **kwargs):
    return {**admin_site.each_context(request), "opts": Office._meta, **kwargs}


def onboard_start(request, admin_site):
    require(request.user, "registry.onboard")
    if "template" in request.GET:
        province = get_object_or_404(Province.objects.current(), code=request.GET["template"][:2])
        response = HttpResponse(onboard_template_xlsx(province), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="province-setup-{province.code}.xlsx"'
        return response
    form = OnboardForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = onboard_upload(
            user=request.user,
            province=form.cleaned_data["province"],
            upload=form.cleaned_data["file"],
            villages_upload=form.cleaned_data["villages"],
        )
        return redirect("admin:registry_office_onboard_preview", run.pk)
    return TemplateResponse(
        request,
        "admin/registry/onboard.html",
        _context(
            request,
            admin_site,
            title=_("Set up a province from a workbook"),
            form=form,
            provinces=Province.objects.current(),
            log=Onboarding.objects.select_related("province", "user")[:20],
        ),
    )


def onboard_preview(request, admin_site, object_id):
    require(request.user, "registry.onboard")
    run = get_object_or_404(Onboarding.objects.select_related("province", "user"), pk=object_id)
    if request.method == "POST":
        try:
            run = onboard_queue(user=request.user, run=run)
        except ValidationError as exc:
            messages.error(request, _("Nothing was written: ") + " ".join(exc.messages))
        return redirect(request.path)  # the page follows the write until it is done (or says why it failed)
    counts = [(label, run.counts.get(key)) for key, label in SHEET_LABELS if run.counts.get(key)]
    changes = sum(c["created"] + c["updated"] for _label, c in counts)
    return TemplateResponse(
        request,
        "admin/registry/onboard_preview.html",
        _context(
            request,
            admin_site,
            title=_("Province set-up: %(file)s") % {"file": run.file_name},
            run=run,
            counts=counts,
            changes=changes,
            working=run.status in (ImportStatus.CHECKING, ImportStatus.QUEUED),
        ),
    )
