"""Import of earlier years' target villages (from before the product was used) into the register
of funded villages.

The columns are a contract, documented in docs/reports.md ("Target villages"): โครงการ (a project's name
as the administrator entered it), ปีงบประมาณ (Buddhist Era), รหัสหมู่บ้าน (the 8-digit village code). The file is
read with the register machinery (kit/imports/reading.py, kit/imports/cells.py), checked whole (every bad row
with its Thai reason), previewed, then written all or nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kit.imports import cells
from kit.imports.reading import ImportFileError, Table, read_table
from kit.policy import ensure
from registry.models import Village
from reports.models import FundedSource, FundedVillage, Project

PROJECT, YEAR, VILLAGE = "โครงการ", "ปีงบประมาณ", "รหัสหมู่บ้าน"
COLUMNS = (PROJECT, YEAR, VILLAGE)
MAX_ROWS = 20000


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's row number
    project_id: int
    project: str
    fiscal_year: int
    village_id: int
    village: str


def _village_scope(user):
    """Villages the user may import for: an administrator any; a provincial officer those of the province."""
    villages = Village.objects.all()
    if not user.is_admin:
        villages = villages.filter(province_id=user.office.province_id)
    return villages


def read(*, user, data: bytes, file_name: str) -> tuple[list[Row], list[str]]:
    """The file's rows, or the reasons it cannot be imported
    (each bad row with its number and Thai reason)."""
    ensure(user, "reports.funded_import")
    try:
        table = read_table(data, file_name)
    except ImportFileError as exc:
        return [], [str(exc)]
    missing = [c for c in COLUMNS if c not in table.headers]
    if missing:
        return [], [_("Required column is missing from the header row.") + f" ({', '.join(missing)})"]
    at = {c: table.headers.index(c) for c in COLUMNS}
    raw_rows = [
        (i + Table.FIRST_DATA_ROW, r) for i, r in enumerate(table.rows) if any(not cells.blank(v) for v in r)
    ]
    if len(raw_rows) > MAX_ROWS:
        return [], [_("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS}]
    projects = {" ".join(p.name.split()): p for p in Project.objects.all()}
    codes = {cells.text(r[at[VILLAGE]]) for _n, r in raw_rows if at[VILLAGE] < len(r)}
    villages = {v.code: v for v in _village_scope(user).filter(code__in=[c for c in codes if len(c) <= 8])}
    errors, rows, seen = [], [], {}
    for number, raw in raw_rows:
        cell = {c: raw[at[c]] if at[c] < len(raw) else None for c in COLUMNS}
        where = _("row %(row)s") % {"row": number}
        row_errors = []
        project = projects.get(cells.text(cell[PROJECT]))
        if project is None:
            row_errors.append(
                _("unknown project “%(name)s” (the administrator adds projects)")
                % {"name": cells.text(cell[PROJECT])[:80]}
            )
        try:
            year = cells.year_be(cell[YEAR])
        except cells.CellError as exc:
            row_errors.append(f"{YEAR}: {exc}")
            year = None
        code = cells.text(cell[VILLAGE])
        village = villages.get(code)
        if village is None:
            row_errors.append(_("no village with the code “%(code)s” in your area") % {"code": code[:20]})
        if not row_errors:
            key = (project.pk, year, village.pk)
            if key in seen:
                row_errors.append(_("the same as row %(row)s") % {"row": seen[key]})
            seen.setdefault(key, number)
        if row_errors:
            errors.append(f"{where}: " + "; ".join(row_errors))
            continue
        rows.append(
            Row(
                number=number,
                project_id=project.pk,
                project=project.name,
                fiscal_year=year,
                village_id=village.pk,
                village=f"{village.code} {village}",
            )
        )
    if not errors and not rows:
        errors.append(_("The sheet has no rows to import."))
    return (rows if not errors else []), errors[:50]


def pack(rows: list[Row]) -> list:
    return [[r.number, r.project_id, r.fiscal_year, r.village_id] for r in rows]


def apply(*, user, packed: list) -> int:
    """Write the previewed rows (all or nothing); rows already in the register are left as they are. Returns
    how many were added. The rows are checked again: the payload is signed,
    but the user's area may have changed."""
    ensure(user, "reports.funded_import")
    with transaction.atomic():
        try:
            keys = {(int(p), int(y), int(v)) for _n, p, y, v in packed}
        except (TypeError, ValueError):
            raise ValidationError(
                _("The preview has expired or was changed: upload the file again.")
            ) from None
        villages = set(
            _village_scope(user).filter(pk__in={v for _p, _y, v in keys}).values_list("pk", flat=True)
        )
        projects = set(Project.objects.filter(pk__in={p for p, _y, _v in keys}).values_list("pk", flat=True))
        if any(v not in villages or p not in projects or not 2500 <= y <= 2700 for p, y, v in keys):
            raise ValidationError(_("The preview has expired or was changed: upload the file again."))
        known = set(
            FundedVillage.objects.filter(village_id__in=villages).values_list(
                "project_id", "fiscal_year", "village_id"
            )
        )
        new = [
            FundedVillage(project_id=p, fiscal_year=y, village_id=v, source=FundedSource.IMPORTED)
            for p, y, v in sorted(keys)
            if (p, y, v) not in known
        ]
        FundedVillage.objects.bulk_create(new)
        return len(new)
