"""Export a register's filtered rows, and the empty import template, as xlsx or csv."""

import tablib
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

from kit.workbook import sheet_title
from registry.imports.registry import exporter_for, importer_for
from registry.models import NationalIdReveal
from registry.pdpa import may_see_national_ids

FORMATS = {"xlsx": XLSX(), "csv": CSV()}


def _response(dataset, file_format, name):
    fmt = FORMATS.get(file_format)
    if fmt is None:
        raise Http404
    content = fmt.export_data(dataset)
    if file_format == "csv":
        content = "\ufeff" + content  # a BOM so that Excel opens Thai UTF-8 correctly
    response = HttpResponse(content, content_type=fmt.get_content_type())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
    return response


def exports_national_ids(register) -> bool:
    """Whether the register's export file has a national-ID column (masked unless asked for with a reason)."""
    from kit.imports import cells

    return any(c.parse is cells.national_id for c in exporter_for(register.key, office=None).columns)


def export_response(*, register, user, queryset, file_format, reason: str | None = None):
    """The rows with national IDs masked; with a `reason` (given by someone who may see full IDs), in full,
    and the export is written to the log of full IDs shown, like one ID shown on screen."""
    if file_format not in FORMATS:
        raise Http404
    importer = exporter_for(register.key, office=user.office, user=user)
    reveal = reason is not None and may_see_national_ids(user)
    dataset = tablib.Dataset(headers=importer.headers, title=sheet_title(register.label, set()))
    count = 0
    for obj in importer.export_queryset(queryset).iterator(chunk_size=2000):
        dataset.append(importer.export_row(obj, reveal_ids=reveal))
        count += 1
    if reveal and exports_national_ids(register) and count:
        what = _("export of %(register)s (%(format)s)") % {"register": register.label, "format": file_format}
        NationalIdReveal.objects.create(user=user, records=count, reason=f"{reason} · {what}"[:300])
    return _response(dataset, file_format, register.key)


def template_response(*, register, office, file_format):
    importer = importer_for(register.import_kind, office=office)
    if file_format == "xlsx":  # with instructions, an example, drop-down lists and the office's villages
        from registry.imports.template import template_xlsx

        response = HttpResponse(
            template_xlsx(importer, office), content_type=FORMATS["xlsx"].get_content_type()
        )
        response["Content-Disposition"] = f'attachment; filename="{register.key}-template.xlsx"'
        return response
    blank = tablib.Dataset(headers=importer.headers, title=sheet_title(register.label, set()))
    return _response(blank, file_format, f"{register.key}-template")
