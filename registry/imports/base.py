"""The import machinery every register declares itself into.

An importer lists its columns; `check()` parses a whole file with a constant number of queries and
returns every problem as (row, column, message) before anything is written; `commit()` writes the
checked rows in bulk inside one transaction, with a change-log entry per record.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from kit.imports import cells
from kit.imports.reading import Table
from kit.validators import limited_field
from registry.models import Village
from registry.services.audit import audit_bulk

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    header: str  # the Thai header of the template; also the export header
    key: str  # key in the parsed row (usually the model field)
    parse: Callable = cells.text
    required: bool = False
    export: Callable | None = None  # obj -> cell value; None: getattr(obj, key)
    aliases: tuple = ()  # other headers accepted on import
    max_length: int | None = None


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class CheckResult:
    rows: list = field(default_factory=list)  # parsed rows (JSON-safe), each with "_row"
    errors: list = field(default_factory=list)  # RowError
    warnings: list = field(default_factory=list)  # str
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0  # rows whose values all equal the stored record: nothing is written for them
    row_count: int = 0

    @property
    def ok(self):
        return not self.errors and self.row_count > 0


def to_json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


class Importer:
    kind: str = ""
    model = None
    columns: list[Column] = []
    key_label: str = ""

    def __init__(self, *, office, user=None):
        self.office = office
        self.user = user

    # --- checking ------------------------------------------------------------------------------
    def check(self, table: Table) -> CheckResult:
        result = CheckResult()
        positions = self._map_headers(table.headers, result)
        if result.errors:  # no row can be read without its columns: every data row fails
            result.row_count = sum(1 for raw in table.rows if any(not cells.blank(v) for v in raw))
            return result
        parsed = []
        # Rows are written in bulk, without full_clean(): each value must keep its column's limits here.
        limited = {column.key: limited_field(self.model, column.key) for column, _position in positions}
        for index, raw in enumerate(table.rows):
            if not any(not cells.blank(v) for v in raw):
                continue  # blank lines are common at the end of a sheet
            row_number = index + table.first_row
            row, ok = {"_row": row_number}, True
            for column, position in positions:
                value = raw[position] if position < len(raw) else None
                if cells.blank(value):
                    if column.required:
                        result.errors.append(
                            RowError(row_number, column.header, _("This column must not be empty."))
                        )
                        ok = False
                    row[column.key] = None
                    continue
                try:
                    parsed_value = column.parse(value)
                except cells.CellError as exc:
                    result.errors.append(RowError(row_number, column.header, str(exc)))
                    ok = False
                    continue
                if (
                    column.max_length
                    and isinstance(parsed_value, str)
                    and len(parsed_value) > column.max_length
                ):
                    result.errors.append(
                        RowError(
                            row_number,
                            column.header,
                            _("Too long: at most %(n)s characters.") % {"n": column.max_length},
                        )
                    )
                    ok = False
                    continue
                if (model_field := limited[column.key]) is not None:
                    try:
                        model_field.run_validators(parsed_value)
                    except ValidationError as exc:
                        result.errors.extend(
                            RowError(row_number, column.header, message) for message in exc.messages
                        )
                        ok = False
                        continue
                row[column.key] = parsed_value
            row["_ok"] = ok
            parsed.append(row)
        result.row_count = len(parsed)
        if not parsed:
            result.errors.append(RowError(0, "", _("The file has headers but no data rows.")))
            return result
        self.resolve(parsed, result)
        result.errors.sort(key=lambda e: e.row)
        if not result.errors:
            created, changed = self.plan(parsed)
            result.to_create, result.to_update = len(created), len(changed)
            result.unchanged = len(parsed) - result.to_create - result.to_update
            result.rows = [{k: to_json(v) for k, v in row.items() if k != "_ok"} for row in parsed]
        return result

    def _map_headers(self, headers, result):
        wanted = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                wanted[normalize_header(name)] = column
        positions, seen = [], set()
        extra = []
        for position, header in enumerate(headers):
            column = wanted.get(normalize_header(header))
            if column is None:
                if header:
                    extra.append(header)
            elif column.key in seen:
                result.errors.append(RowError(1, header, _("This column appears twice.")))
            else:
                seen.add(column.key)
                positions.append((column, position))
        missing = [c.header for c in self.columns if c.required and c.key not in seen]
        for header in missing:
            result.errors.append(RowError(1, header, _("Required column is missing from the header row.")))
        if extra:
            result.warnings.append(
                _("These columns are not used and were ignored: %(columns)s") % {"columns": ", ".join(extra)}
            )
        self.present_keys = seen
        return positions

    def resolve(self, rows, result):
        """Bulk lookups, duplicates and scope checks: every problem goes into result.errors."""
        raise NotImplementedError

    # --- shared lookups --------------------------------------------------------------------------
    def office_villages(self):
        """{8-digit code: (pk, sub_district_id)} for every village of the office's sub-districts."""
        if not hasattr(self, "_villages"):
            self._villages = {
                code: (pk, sub)
                for pk, code, sub in Village.objects.filter(
                    sub_district__in=self.office.sub_districts.all()
                ).values_list("pk", "code", "sub_district_id")
            }
        return self._villages

    @cached_property
    def _office_sub_districts(self):
        return set(self.office.sub_districts.values_list("code", flat=True))

    def resolve_village(
        self,
        row,
        result,
        *,
        moo_key="village_number",
        sub_key="sub_district_code",
        code_key="village_code",
        moo_header="หมู่ที่",
        sub_header="รหัสตำบล",
    ):
        """Village from an 8-digit code, or หมู่ที่ + รหัสตำบล; sets row['village_id']."""
        villages = self.office_villages()
        code, moo, sub = row.get(code_key), row.get(moo_key), row.get(sub_key)
        if not code and moo and len(moo) == 8 and moo.isascii() and moo.isdigit():
            code = moo  # the 8-digit village code written in the หมู่ที่ column
        if not code:
            if not moo or not sub:
                result.errors.append(
                    RowError(row["_row"], moo_header, _("Give หมู่ที่ and รหัสตำบล, or the 8-digit village code."))
                )
                return False
            if not (moo.isascii() and moo.isdigit() and 1 <= int(moo) <= 99):
                result.errors.append(RowError(row["_row"], moo_header, _("หมู่ที่ is a number from 1 to 99.")))
                return False
            if not (sub.isascii() and sub.isdigit() and len(sub) == 6):
                result.errors.append(
                    RowError(row["_row"], sub_header, _("A sub-district code has 6 digits."))
                )
                return False
            code = f"{sub}{int(moo):02d}"
        if code[:6] not in self._office_sub_districts:
            result.errors.append(
                RowError(
                    row["_row"],
                    sub_header,
                    _("Sub-district %(code)s is not in your office's area.") % {"code": code[:6]},
                )
            )
            return False
        found = villages.get(code)
        if found is None:
            result.errors.append(
                RowError(
                    row["_row"],
                    moo_header,
                    _("There is no village %(moo)s in sub-district %(sub)s. Add the village first.")
                    % {"moo": int(code[6:]), "sub": code[:6]},
                )
            )
            return False
        row["village_id"] = found[0]
        return True

    def duplicate_keys(self, rows, result, key, column_header, message):
        seen = {}
        for row in rows:
            value = key(row)
            if value is None:
                continue
            if value in seen:
                result.errors.append(RowError(row["_row"], column_header, message % {"row": seen[value]}))
                row["_ok"] = False
            else:
                seen[value] = row["_row"]

    # --- writing ---------------------------------------------------------------------------------
    def commit(self, rows, *, batch=None) -> tuple[int, int, int]:
        """Write the rows; (created, updated, unchanged). A row equal to its stored record writes nothing, not
        even a change-log entry."""
        with transaction.atomic():
            created, updated, changes = self.write(rows)
            audit_bulk(user=self.user, created=created, updated=changes, import_batch=batch)
        return len(created), len(changes), len(rows) - len(created) - len(changes)

    def plan(self, rows):
        """What writing these rows would do, without writing: (new objects, [(stored object, {field: [old,
        new]})]). A row whose values all equal its stored record is in neither list."""
        raise NotImplementedError

    def write(self, rows):
        """Create and update in bulk; return (created objects, changed objects, [(obj, {field: [old,
        new]})])."""
        raise NotImplementedError

    # --- export ------------------------------------------------------------------------------------
    def export_row(self, obj, *, reveal_ids: bool):
        values = []
        for column in self.columns:
            value = column.export(obj) if column.export else getattr(obj, column.key, "")
            if column.parse is cells.national_id and not reveal_ids:
                from kit import thai

                value = thai.national_id_mask(value)
            values.append(export_value(value))
        return values

    def export_queryset(self, queryset):
        return queryset

    @property
    def headers(self):
        return [c.header for c in self.columns]


def export_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, datetime.date):
        from kit import thai

        return f"{value.day:02d}/{value.month:02d}/{thai.be_year(value)}"
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def normalize_header(header) -> str:
    return " ".join(str(header or "").replace("*", "").split()).lower()


def apply_values(obj, row, fields, model):
    """Set `fields` of obj from a checked row (JSON values converted back); return {field: [old, new]}.

    A blank cell means the field's default (empty text, False, none)."""
    changes = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        attname = model_field.attname
        raw = row.get(attname, row.get(name))
        new = model_field.to_python(raw) if raw is not None else model_field.get_default()
        old = getattr(obj, attname)
        if old != new:
            changes[name] = [old, new]
            setattr(obj, attname, new)
    return changes
