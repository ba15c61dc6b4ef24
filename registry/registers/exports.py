"""Export a register's filtered rows, and the empty import template, as xlsx or csv."""

import tablib
from django.http import Http404, HttpResponse
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX

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


def export_response(*, register, user, queryset, file_format):
    importer = exporter_for(register.key, office=user.office, user=user)
    reveal = may_see_national_ids(user)
    dataset = tablib.Dataset(headers=importer.headers)
    count = 0
    for obj in importer.export_queryset(queryset).iterator(chunk_size=2000):
        dataset.append(importer.export_row(obj, reveal_ids=reveal))
        count += 1
    if reveal and any(c.parse.__name__ == "national_id" for c in importer.columns) and count:
        NationalIdReveal.objects.create(user=user, records=count, reason=f"ส่งออกไฟล์{register.label} ({file_format})")
    return _response(dataset, file_format, register.key)


def template_response(*, register, office, file_format):
    importer = importer_for(register.import_kind, office=office)
    return _response(tablib.Dataset(headers=importer.headers), file_format, f"{register.key}-template")
