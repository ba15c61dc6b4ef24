"""A plan's per-district targets as an xlsx sheet, out and back in (the province's officers keep them in
spreadsheets). The export's columns are the import's: one row per programme × target × district.

Reading checks every row and names its row and cell in the message; a sheet with any error changes nothing
(the import applies all programmes' rows through `district_targets_save` in one transaction)."""

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from kit.workbook import sheet_title
from registry.models import District
from reports.models import DistrictTarget
from reports.services.plans import _figure, district_targets_save

UNITS, BUDGET = "units", "budget"
HEADERS = (
    gettext_lazy("programme no."),
    gettext_lazy("programme"),
    gettext_lazy("target code"),
    gettext_lazy("target"),
    gettext_lazy("district code"),
    gettext_lazy("district"),
    gettext_lazy("value"),
)
MAX_ROWS = 20000


def _targets(programme):
    """(code, label, is_percent, is_whole) of each column of a programme's grid."""
    yield UNITS, _("units (%(unit)s)") % {"unit": programme.unit_label}, False, True
    yield BUDGET, _("budget (baht)"), False, False
    for indicator in programme.indicators.order_by("number"):
        yield f"I{indicator.number}", indicator.name, indicator.is_percent, False


def _header_rows() -> list[list[str]]:
    """The export's header row in each of the site's languages: a sheet exported in Thai is read back by a
    user of the English pages, and the other way round."""
    from django.conf import settings
    from django.utils import translation

    rows = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            rows.append([str(h) for h in HEADERS])
    return rows


def _cell(value):
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def export(plan, districts) -> bytes:
    """The sheet of `districts` (the user's: every district of the province, or a district officer's own)."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("District targets %(year)s") % {"year": plan.fiscal_year}, set())
    sheet.append([str(h) for h in HEADERS])
    for programme in plan.programmes.order_by("number"):
        allocations = {a.district_id: a for a in programme.allocations.all()}
        values = {
            (t.indicator.number, t.district_id): t.value
            for t in DistrictTarget.objects.filter(indicator__programme=programme).select_related("indicator")
        }
        for code, label, _percent, _whole in _targets(programme):
            for district in districts:
                if code == UNITS:
                    value = getattr(allocations.get(district.pk), "units", None)
                elif code == BUDGET:
                    value = getattr(allocations.get(district.pk), "budget", None)
                else:
                    value = values.get((int(code[1:]), district.pk))
                sheet.append(
                    [
                        programme.number,
                        programme.name,
                        code,
                        label,
                        district.code,
                        district.name_th,
                        _cell(value),
                    ]
                )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(plan, upload) -> tuple[dict, list[str], list]:
    """The sheet's grids by programme ({programme: {district code: {"units"|"budget"|indicator pk: value}}}),
    the errors (with row and cell) and the rows read, for the preview."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not an xlsx workbook
        return {}, [_("The file is not an xlsx workbook.")], []
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or [str(h or "").strip() for h in header[: len(HEADERS)]] not in _header_rows():
        return (
            {},
            [
                _("Row 1 must be the export's headers: %(headers)s.")
                % {"headers": ", ".join(str(h) for h in HEADERS)}
            ],
            [],
        )
    programmes = {p.number: p for p in plan.programmes.all()}
    columns = {
        p.number: {
            code: (percent, whole, indicator)
            for (code, _l, percent, whole), indicator in zip(
                _targets(p), [None, None, *p.indicators.order_by("number")], strict=True
            )
        }
        for p in programmes.values()
    }
    districts = set(District.objects.filter(province_id=plan.province_id).values_list("code", flat=True))
    grids, errors, seen, read_rows = {}, [], set(), []
    for n, row in enumerate(rows, start=2):
        if n > MAX_ROWS:
            errors.append(_("The sheet has more than %(max)s rows.") % {"max": MAX_ROWS})
            break
        row = list(row[:7]) + [None] * (7 - len(row[:7]))
        if all(v in (None, "") for v in row):
            continue
        number, _name, code, _label, district, _dname, value = row
        try:
            programme = programmes.get(int(Decimal(str(number).strip())))
        except (InvalidOperation, ValueError, OverflowError):
            programme = None
        if programme is None:
            errors.append(
                _("Row %(row)s, cell A%(row)s: the plan has no programme “%(value)s”.")
                % {"row": n, "value": str(number)[:20]}
            )
            continue
        column = columns[programme.number].get(str(code or "").strip())
        if column is None:
            errors.append(
                _("Row %(row)s, cell C%(row)s: “%(value)s” is not a target of programme %(number)s.")
                % {"row": n, "value": str(code)[:20], "number": programme.number}
            )
            continue
        if isinstance(district, float) and district.is_integer():  # a code typed as a number: 4601.0
            district = int(district)
        district = str(district or "").strip()
        if district not in districts:
            errors.append(
                _("Row %(row)s, cell E%(row)s: “%(value)s” is not a district code of %(province)s.")
                % {"row": n, "value": district[:20], "province": plan.province.name_th}
            )
            continue
        key = (programme.number, code, district)
        if key in seen:
            errors.append(_("Row %(row)s: this programme, target and district are given twice.") % {"row": n})
            continue
        seen.add(key)
        percent, whole, indicator = column
        try:
            figure = _figure(
                value, where=_("Row %(row)s, cell G%(row)s") % {"row": n}, percent=percent, whole=whole
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        target = indicator.pk if indicator else code
        grids.setdefault(programme.pk, {}).setdefault(district, {})[target] = figure
        read_rows.append((programme, _label, district, _dname, figure))
    return grids, errors, read_rows


def pack(grids: dict) -> list:
    """The grids as a JSON-able list (carried, signed, from the preview to the confirmation)."""
    return [
        [programme, district, target, str(value) if value is not None else None]
        for programme, rows in grids.items()
        for district, row in rows.items()
        for target, value in row.items()
    ]


def unpack(rows: list) -> dict:
    grids = {}
    for programme, district, target, value in rows:
        target = target if target in (UNITS, BUDGET) else int(target)
        grids.setdefault(int(programme), {}).setdefault(district, {})[target] = value
    return grids


def apply(*, user, plan, grids: dict, reason: str = "") -> None:
    """Write the sheet's grids, every programme's or none (a grid replaces the programme's district rows)."""
    with transaction.atomic():
        for programme in plan.programmes.filter(pk__in=grids).order_by("number"):
            district_targets_save(user=user, programme=programme, rows=grids[programme.pk], reason=reason)
