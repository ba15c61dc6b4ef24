"""Setting up a province from one workbook: its offices, villages and users.

Each of the three sheets is read by an `Importer` of the register imports (declared columns, every problem
as row + column + Thai message, a fixed number of queries whatever the size of the file). The whole workbook
is checked before anything is written; `ProvinceWorkbook.write()` checks it again inside its transaction and
writes all of it or nothing. A row equal to what is stored is counted unchanged and writes nothing, so the
same file twice changes nothing; users the file creates get no usable password (they sign in through a
one-time code).
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kit import thai
from kit.imports import cells
from kit.imports.bulk import fast_insert
from kit.imports.reading import ImportFileError, Table, read_sheets
from registry.imports.base import CheckResult, Column, Importer, RowError, normalize_header
from registry.models import District, Office, OfficeKind, Province, SubDistrict, User, Village
from registry.models.offices import LOCAL_KINDS, ROLE_OFFICE_KINDS
from registry.scoping import Role
from registry.services.audit import audit_bulk

SHEET_OFFICES = "สำนักงาน"
SHEET_VILLAGES = "หมู่บ้าน"
SHEET_USERS = "ผู้ใช้"
SHEETS = (SHEET_OFFICES, SHEET_VILLAGES, SHEET_USERS)
KEYS = {SHEET_OFFICES: "offices", SHEET_VILLAGES: "villages", SHEET_USERS: "users"}
HEADER_SEARCH_ROWS = 10  # an official list may carry a title or two above its header row
SEPARATORS = re.compile(r"[\s,;/]+")
# Short forms an officer writes for the kinds of office and the roles, beside their full Thai names.
KIND_WORDS = {
    "อบต.": OfficeKind.TAO,
    "อบต": OfficeKind.TAO,
    "องค์การบริหารส่วนตำบล": OfficeKind.TAO,
    "เทศบาลตำบล": OfficeKind.MUNICIPALITY,
    "เทศบาลเมือง": OfficeKind.MUNICIPALITY,
    "เทศบาลนคร": OfficeKind.MUNICIPALITY,
    "ทต.": OfficeKind.MUNICIPALITY,
    "ทม.": OfficeKind.MUNICIPALITY,
    "ทน.": OfficeKind.MUNICIPALITY,
    "พช.อำเภอ": OfficeKind.DISTRICT_CD,
    "สพอ.": OfficeKind.DISTRICT_CD,
    "พช.จังหวัด": OfficeKind.PROVINCE_CD,
    "สพจ.": OfficeKind.PROVINCE_CD,
}
ROLE_WORDS = {"พัฒนากร": Role.DISTRICT_OFFICER, "เจ้าหน้าที่ อบต.": Role.TAO_STAFF}
# Administrators are made by an administrator, one by one, never by a file.
FILE_ROLES = [role for role in Role if role != Role.ADMIN]


def _labelled_choices(choices, words):
    """A cell parser taking each choice's Thai label (offered first), its English label, its value and
    the short forms in `words`."""
    mapping = {}
    for value in choices:
        with translation.override("th"):
            mapping[str(value.label)] = value
    for value in choices:
        with translation.override("en"):
            mapping[str(value.label)] = value
        mapping[value.value] = value
    mapping.update(words)
    return cells.choice(mapping)


def code_cell(value) -> str:
    """A code of digits: Thai digits and spaces are forgiven; Excel's numbers lose no digit."""
    return thai.arabic_digits(cells.text(value)).replace(" ", "")


def village_code(value) -> str:
    code = code_cell(value)
    if not (code.isascii() and code.isdigit() and len(code) == 8):
        raise cells.CellError(_("A village code has 8 digits: the 6 of its sub-district and 2 of its หมู่ที่."))
    return code


def village_number(value) -> int:
    """หมู่ที่ as an official list writes it: 3, "03", "หมู่ 3", "ม.3" or "หมู่ที่ ๓"."""
    raw = thai.arabic_digits(cells.text(value))
    for prefix in ("หมู่ที่", "หมู่", "ม."):
        if raw.startswith(prefix):
            raw = raw[len(prefix) :].strip()
            break
    number = cells.integer(raw)
    if not 1 <= number <= 99:
        raise cells.CellError(_("หมู่ที่ is a number from 1 to 99."))
    return number


def sub_district_codes(value) -> list:
    """One or more 6-digit sub-district codes, separated by commas, spaces or new lines."""
    codes = []
    for token in SEPARATORS.split(thai.arabic_digits(cells.text(value))):
        if not token:
            continue
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise cells.CellError(
                _("“%(value)s” is not a sub-district code: each has 6 digits, separated by commas.")
                % {"value": token[:20]}
            )
        if token not in codes:
            codes.append(token)
    return codes


@dataclass(frozen=True)
class SheetColumn(Column):
    help: str = ""  # what the column takes, for the template's instructions
    example: str = ""


@dataclass
class OnboardResult:
    province: Province | None = None
    counts: dict = field(
        default_factory=dict
    )  # {"offices": {"created": n, "updated": n, "unchanged": n}, ...}
    errors: list = field(default_factory=list)  # [{"sheet", "row", "column", "message"}]
    warnings: list = field(default_factory=list)
    new_users: list = field(default_factory=list)  # [{"username", "name", "office"}] made by the write
    written: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def changes(self):
        return sum(c["created"] + c["updated"] for c in self.counts.values())


class SheetImporter(Importer):
    sheet = ""

    def __init__(self, setup: "ProvinceWorkbook", label: str):
        super().__init__(office=None, user=setup.user)
        self.setup = setup
        self.label = label  # the sheet's name, or the separate file's, in every message

    def error(self, row, result, column, message):
        result.errors.append(RowError(row["_row"], column, message))
        row["_ok"] = False


class OfficeSheet(SheetImporter):
    sheet = SHEET_OFFICES
    model = Office

    @property
    def columns(self):
        return [
            SheetColumn(
                "ประเภท",
                "kind",
                _labelled_choices(OfficeKind, KIND_WORDS),
                required=True,
                help=gettext_lazy("The kind of office, from the list."),
            ),
            SheetColumn(
                "ชื่อสำนักงาน",
                "name",
                required=True,
                help=gettext_lazy("The office's full name."),
                example="องค์การบริหารส่วนตำบลลำปาว",
            ),
            SheetColumn(
                "รหัสสำนักงาน",
                "code",
                code_cell,
                aliases=("รหัส อปท.", "รหัส"),
                help=gettext_lazy(
                    "The office's official code: the 7-digit DLA code of a TAO or municipality (required for "
                    "them). Leave it empty for a community development office: it gets CD + its district or "
                    "province code."
                ),
                example="6460105",
            ),
            SheetColumn(
                "อำเภอ",
                "district",
                aliases=("รหัสอำเภอ",),
                help=gettext_lazy(
                    "The district, from the list (its 4-digit code, with or without its name). Empty for the "
                    "provincial office."
                ),
            ),
            SheetColumn(
                "รหัสตำบลที่รับผิดชอบ",
                "sub_districts",
                sub_district_codes,
                aliases=("ตำบลที่รับผิดชอบ", "รหัสตำบล"),
                help=gettext_lazy(
                    "The 6-digit codes of the sub-districts a TAO or municipality looks after, separated by "
                    "commas (codes on the sheet “%(lists)s”). Empty for a community development office."
                ),
                example="460105, 460106",
            ),
        ]

    def resolve(self, rows, result):
        setup, province = self.setup, self.setup.province
        district_cells = {r["district"] for r in rows if r.get("district")}
        setup.load_districts(district_cells)
        setup.load_sub_districts({code for r in rows for code in r.get("sub_districts") or ()})
        for row in rows:
            kind = row.get("kind")
            district = self._district(row, result) if row.get("district") else None
            if kind in (*LOCAL_KINDS, OfficeKind.DISTRICT_CD) and not row.get("district"):
                self.error(row, result, "อำเภอ", _("A district or local office must name its district."))
            if kind == OfficeKind.PROVINCE_CD and row.get("district"):
                self.error(
                    row, result, "อำเภอ", _("The provincial office names no district: leave it empty.")
                )
            row["district_id"] = district.code if district and kind != OfficeKind.PROVINCE_CD else None
            if "code" in row and not row["code"]:  # empty (a code that could not be read has its own error)
                if kind == OfficeKind.PROVINCE_CD:
                    row["code"] = f"CD{province.code}"
                elif kind == OfficeKind.DISTRICT_CD and row["district_id"]:
                    row["code"] = f"CD{row['district_id']}"
                elif kind in LOCAL_KINDS:
                    self.error(row, result, "รหัสสำนักงาน", _("A TAO or municipality is given its DLA code."))
            subs = row.get("sub_districts") or []
            if kind in LOCAL_KINDS and "sub_districts" in row and not subs:
                self.error(
                    row,
                    result,
                    "รหัสตำบลที่รับผิดชอบ",
                    _("A TAO or municipality looks after at least one sub-district: give their codes."),
                )
            if kind in (OfficeKind.DISTRICT_CD, OfficeKind.PROVINCE_CD) and subs:
                self.error(
                    row,
                    result,
                    "รหัสตำบลที่รับผิดชอบ",
                    _("Only a TAO or a municipality looks after sub-districts: leave this column empty."),
                )
            for code in subs if kind in LOCAL_KINDS else ():
                message = setup.sub_district_problem(code)
                if message is None and district and setup.sub_districts[code].district_id != district.code:
                    sub = setup.sub_districts[code]
                    message = _(
                        "Sub-district %(code)s (%(name)s) is in district %(in)s, not in %(district)s."
                    ) % {
                        "code": code,
                        "name": sub.name_th,
                        "in": setup.district_name(sub.district_id),
                        "district": district.name_th,
                    }
                if message:
                    self.error(row, result, "รหัสตำบลที่รับผิดชอบ", message)
            if row.get("code"):
                setup.sheet_offices.setdefault(row["code"], row)
        self.duplicate_keys(
            rows,
            result,
            lambda r: r.get("code"),
            "รหัสสำนักงาน",
            _("This office code is already on row %(row)s."),
        )
        stored = setup.load_offices({r["code"] for r in rows if r.get("code")})
        for row in rows:
            office = stored.get(row.get("code"))
            if office is None:
                continue
            if office.province_id != province.code:
                self.error(
                    row,
                    result,
                    "รหัสสำนักงาน",
                    _("Office code %(code)s belongs to %(office)s of province %(province)s.")
                    % {"code": office.code, "office": office.name, "province": office.province.name_th},
                )
            elif row.get("kind") and office.kind != row["kind"]:
                self.error(
                    row,
                    result,
                    "ประเภท",
                    _(
                        "Office %(code)s is stored as %(kind)s; a set-up file does not change an office's "
                        "kind (change it on the office's admin page)."
                    )
                    % {"code": office.code, "kind": office.get_kind_display()},
                )

    def _district(self, row, result):
        found, message = self.setup.district_of(row["district"])
        if message:
            self.error(row, result, "อำเภอ", message)
        return found

    def plan(self, rows):
        stored = self.setup.offices
        created, changed = [], []
        for row in rows:
            office = stored.get(row["code"])
            if office is None:
                created.append(row)
                continue
            changes = {}
            if office.name != row["name"]:
                changes["name"] = [office.name, row["name"]]
            if office.district_id != row["district_id"]:
                changes["district"] = [office.district_id, row["district_id"]]
            covered = sorted(s.code for s in office.sub_districts.all())
            if "sub_districts" in self.present_keys and covered != sorted(row["sub_districts"] or []):
                changes["sub_districts"] = [", ".join(covered), ", ".join(sorted(row["sub_districts"]))]
            if changes:
                changed.append((row, changes))
        return created, changed


class VillageSheet(SheetImporter):
    """The sheet หมู่บ้าน, or the official village list as the province receives it (รหัสหมู่บ้าน, หมู่ที่,
    ชื่อหมู่บ้าน): the sub-district comes from the code."""

    sheet = SHEET_VILLAGES
    model = Village

    @property
    def columns(self):
        return [
            SheetColumn(
                "รหัสหมู่บ้าน",
                "code",
                village_code,
                required=True,
                aliases=("รหัส",),
                help=gettext_lazy(
                    "The 8-digit village code: the 6-digit sub-district code and the 2-digit หมู่ที่, e.g. "
                    "46010503 for หมู่ที่ 3 of sub-district 460105."
                ),
                example="46010503",
            ),
            SheetColumn(
                "หมู่ที่",
                "number",
                village_number,
                aliases=("หมู่",),
                help=gettext_lazy("หมู่ที่, 1 to 99: the last two digits of the village code."),
                example="3",
            ),
            SheetColumn(
                "ชื่อหมู่บ้าน",
                "name",
                required=True,
                aliases=("หมู่บ้าน",),
                help=gettext_lazy("The village's name."),
                example="บ้านโคกสี",
            ),
            SheetColumn(
                "รหัสตำบล",
                "sub_district",
                code_cell,
                help=gettext_lazy(
                    "The 6-digit sub-district code (optional: the village code starts with it). The "
                    "province's codes are on the sheet “%(lists)s”."
                ),
                example="460105",
            ),
        ]

    def resolve(self, rows, result):
        setup = self.setup
        setup.load_sub_districts({r["code"][:6] for r in rows if r.get("code")})
        for row in rows:
            code = row.get("code")
            if not code:
                continue
            if code[6:] == "00":
                self.error(
                    row, result, "รหัสหมู่บ้าน", _("The last 2 digits of a village code are its หมู่ที่, 01 to 99.")
                )
                continue
            if row.get("sub_district") and row["sub_district"] != code[:6]:
                self.error(
                    row,
                    result,
                    "รหัสหมู่บ้าน",
                    _("The village code %(code)s does not start with its sub-district code %(sub)s.")
                    % {"code": code, "sub": row["sub_district"]},
                )
                continue
            if row.get("number") is not None and row["number"] != int(code[6:]):
                self.error(
                    row,
                    result,
                    "หมู่ที่",
                    _("หมู่ที่ %(number)s disagrees with the village code %(code)s, which ends in %(moo)s.")
                    % {"number": row["number"], "code": code, "moo": code[6:]},
                )
                continue
            message = setup.sub_district_problem(code[:6])
            if message:
                self.error(row, result, "รหัสหมู่บ้าน", message)
                continue
            row["number"], row["sub_district"] = int(code[6:]), code[:6]
            earlier = setup.village_rows.get(code)
            if earlier is not None:
                self.error(
                    row,
                    result,
                    "รหัสหมู่บ้าน",
                    _("Village %(code)s is already on row %(row)s of %(sheet)s.")
                    % {"code": code, "row": earlier[1], "sheet": earlier[0]},
                )
                continue
            setup.village_rows[code] = (self.label, row["_row"])
        setup.load_villages({r["code"] for r in rows if r.get("code")})

    def plan(self, rows):
        created, changed = [], []
        for row in rows:
            village = self.setup.villages.get(row["code"])
            if village is None:
                created.append(row)
            elif village.name != row["name"]:
                changed.append((row, {"name": [village.name, row["name"]]}))
        return created, changed


class UserSheet(SheetImporter):
    sheet = SHEET_USERS
    model = User
    FIELDS = ("first_name", "last_name", "position", "email", "role")

    @property
    def columns(self):
        return [
            SheetColumn(
                "ชื่อผู้ใช้",
                "username",
                required=True,
                aliases=("username",),
                help=gettext_lazy(
                    "The name the user signs in with: letters, digits and @ . + - _ only, no spaces; "
                    "one per person."
                ),
                example="tao_lampao",
            ),
            SheetColumn(
                "ชื่อ", "first_name", required=True, help=gettext_lazy("First name."), example="สุดารัตน์"
            ),
            SheetColumn(
                "นามสกุล", "last_name", required=True, help=gettext_lazy("Last name."), example="ศรีบุญเรือง"
            ),
            SheetColumn(
                "ตำแหน่ง", "position", help=gettext_lazy("Position (optional)."), example="นักพัฒนาชุมชนปฏิบัติการ"
            ),
            SheetColumn(
                "บทบาท",
                "role",
                _labelled_choices(FILE_ROLES, ROLE_WORDS),
                required=True,
                help=gettext_lazy(
                    "The role, from the list; it must fit the kind of the user's office (TAO staff in a "
                    "TAO or municipality, a district community developer in a district office, a provincial "
                    "officer in the provincial office; finance officers and executives in an office that "
                    "funds groups)."
                ),
            ),
            SheetColumn(
                "รหัสสำนักงาน",
                "office",
                code_cell,
                required=True,
                help=gettext_lazy(
                    "The code of the user's office: one on the sheet “%(offices)s”, or an office already "
                    "in the system for this province."
                ),
                example="6460105",
            ),
            SheetColumn(
                "อีเมล", "email", aliases=("e-mail", "email"), help=gettext_lazy("E-mail (optional).")
            ),
        ]

    def resolve(self, rows, result):
        setup = self.setup
        stored_offices = setup.load_offices({r["office"] for r in rows if r.get("office")})
        users = setup.load_users({r["username"] for r in rows if r.get("username")})
        for row in rows:
            code = row.get("office")
            if code:
                office = setup.sheet_offices.get(code)
                kind = office.get("kind") if office else None
                if office is None:
                    stored = stored_offices.get(code)
                    if stored is None:
                        self.error(
                            row,
                            result,
                            "รหัสสำนักงาน",
                            _("No office has the code %(code)s: add it to the sheet “%(sheet)s”.")
                            % {"code": code, "sheet": SHEET_OFFICES},
                        )
                        continue
                    if stored.province_id != setup.province.code:
                        self.error(
                            row,
                            result,
                            "รหัสสำนักงาน",
                            _("Office %(code)s (%(office)s) is in province %(province)s.")
                            % {"code": code, "office": stored.name, "province": stored.province.name_th},
                        )
                        continue
                    kind = stored.kind
                role = row.get("role")
                if role and kind and kind not in ROLE_OFFICE_KINDS[role]:
                    self.error(
                        row,
                        result,
                        "บทบาท",
                        _("A %(role)s works in %(kinds)s; office %(code)s is a %(kind)s.")
                        % {
                            "role": Role(role).label,
                            "kinds": ", ".join(str(OfficeKind(k).label) for k in ROLE_OFFICE_KINDS[role]),
                            "code": code,
                            "kind": OfficeKind(kind).label,
                        },
                    )
            user = users.get(row.get("username"))
            if user is not None and (user.role == Role.ADMIN or user.is_superuser):
                self.error(row, result, "ชื่อผู้ใช้", _("This username belongs to an administrator."))
            elif user is not None and (user.office is None or user.office.province_id != setup.province.code):
                self.error(
                    row, result, "ชื่อผู้ใช้", _("This username is already used by someone outside this province.")
                )
        self.duplicate_keys(
            rows,
            result,
            lambda r: (r.get("username") or "").lower() or None,
            "ชื่อผู้ใช้",
            _("This username is already on row %(row)s (capital and small letters count as the same)."),
        )

    def plan(self, rows):
        created, changed = [], []
        for row in rows:
            user = self.setup.users.get(row["username"])
            if user is None:
                created.append(row)
                continue
            changes = {
                name: [getattr(user, name), row.get(name) or ""]
                for name in self.FIELDS
                if getattr(user, name) != (row.get(name) or "")
            }
            if user.office.code != row["office"]:
                changes["office"] = [user.office.code, row["office"]]
            if changes:
                changed.append((row, changes))
        return created, changed


SHEET_IMPORTERS = {SHEET_OFFICES: OfficeSheet, SHEET_VILLAGES: VillageSheet, SHEET_USERS: UserSheet}


class ProvinceWorkbook:
    """One province's set-up workbook (and, if given, its official village list as a separate file): read,
    checked with a fixed number of queries, then written in one transaction."""

    def __init__(self, *, province_code: str | None = None, user=None):
        self.province_code = province_code
        self.user = user
        self.province = None
        self.sources = []  # (importer class, label, Table)
        self.file_errors = []  # SheetError dicts that stop everything
        self.warnings = []
        self._reset()

    def _reset(self):
        self.districts, self.sub_districts, self.offices, self.villages, self.users = {}, {}, {}, {}, {}
        self.sheet_offices, self.village_rows, self.office_codes_looked_up = {}, {}, set()
        self.plans = {}

    # --- reading ---------------------------------------------------------------------------------
    def read(self, data: bytes, file_name: str, *, villages: tuple[bytes, str] | None = None):
        try:
            sheets = read_sheets(data, file_name, SHEETS)
        except ImportFileError as exc:
            self.file_error(file_name, str(exc))
            return
        if "" in sheets:  # none of the three sheets: the official village list as it came
            self.add_source(VillageSheet, file_name, sheets[""])
        else:
            for name in SHEETS:
                if name in sheets:
                    self.add_source(SHEET_IMPORTERS[name], name, sheets[name])
        if villages is not None:
            village_data, village_name = villages
            try:
                sheets = read_sheets(village_data, village_name, (SHEET_VILLAGES,))
            except ImportFileError as exc:
                self.file_error(village_name, str(exc))
                return
            self.add_source(VillageSheet, village_name, next(iter(sheets.values())))

    def add_source(self, importer_class, label, values):
        """A sheet to check; a sheet with no data rows is left out (a province may send its users later)."""
        table = self.find_header(importer_class, values)
        if table is None or not any(not cells.blank(v) for row in table.rows for v in row):
            self.warnings.append(_("%(sheet)s: no rows, nothing to bring in.") % {"sheet": label})
        else:
            self.sources.append((importer_class, label, table))

    def find_header(self, importer_class, values):
        """The table under the sheet's header row: the first row (of the first few) that holds every required
        header; else the first row that is not blank, whose missing headers the check names."""
        required = [
            {normalize_header(n) for n in (c.header, *c.aliases)}
            for c in importer_class(self, "").columns
            if c.required
        ]
        first = None
        for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
            headers = [" ".join(str(v).split()) if not cells.blank(v) else "" for v in row]
            if not any(headers):
                continue
            first = first if first is not None else (index, headers)
            names = {normalize_header(h) for h in headers}
            if all(names & names_of for names_of in required):
                return Table(headers=headers, rows=values[index + 1 :], first_row=index + 2)
        if first is None:
            return None
        index, headers = first
        return Table(headers=headers, rows=values[index + 1 :], first_row=index + 2)

    def file_error(self, label, message):
        self.file_errors.append({"sheet": label, "row": 0, "column": "", "message": str(message)})

    # --- checking --------------------------------------------------------------------------------
    def check(self) -> OnboardResult:
        self._reset()
        result = OnboardResult(warnings=list(self.warnings))
        if self.file_errors:
            result.errors = list(self.file_errors)
            return result
        if not self.sources:
            result.errors.append(
                {
                    "sheet": "",
                    "row": 0,
                    "column": "",
                    "message": str(
                        _("Nothing to bring in: the sheets %(sheets)s have no rows.")
                        % {"sheets": ", ".join(SHEETS)}
                    ),
                }
            )
            return result
        self.province = result.province = self.find_province(result)
        if self.province is None:
            return result
        for key in KEYS.values():
            result.counts[key] = {"created": 0, "updated": 0, "unchanged": 0}
        for importer_class, label, table in self.sources:
            importer = importer_class(self, label)
            checked: CheckResult = importer.check(table)
            result.errors.extend(
                {"sheet": label, "row": e.row, "column": e.column, "message": str(e.message)}
                for e in checked.errors
            )
            result.warnings.extend(f"{label}: {w}" for w in checked.warnings)
            if checked.errors:
                continue
            counts = result.counts[KEYS[importer_class.sheet]]
            counts["created"] += checked.to_create
            counts["updated"] += checked.to_update
            counts["unchanged"] += checked.unchanged
            created, changed = importer.plan(checked.rows)
            plan = self.plans.setdefault(
                importer_class.sheet, {"created": [], "changed": [], "sub_districts": False}
            )
            plan["created"] += created
            plan["changed"] += changed
            plan["sub_districts"] |= "sub_districts" in importer.present_keys
        return result

    def find_province(self, result):
        code = self.province_code
        if not code:
            code = self.guess_province()
            if code is None:
                result.errors.append(
                    {
                        "sheet": "",
                        "row": 0,
                        "column": "",
                        "message": str(
                            _("Say which province this file sets up: no area code was found in it.")
                        ),
                    }
                )
                return None
        province = Province.objects.filter(code=code).first()
        if province is None:
            result.errors.append(
                {
                    "sheet": "",
                    "row": 0,
                    "column": "",
                    "message": str(
                        _("No province has the code %(code)s. Load the areas first (manage.py load_areas).")
                        % {"code": code}
                    ),
                }
            )
        return province

    def guess_province(self):
        """The province of most of the file's district, sub-district and village codes (4, 6, 8 digits)."""
        votes = Counter()
        for _importer, _label, table in self.sources:
            for row in table.rows:
                for value in row:
                    if isinstance(value, str | int | float) and not isinstance(value, bool):
                        for token in SEPARATORS.split(cells.text(value))[:50]:
                            if len(token) in (4, 6, 8) and token.isascii() and token.isdigit():
                                votes[token[:2]] += 1
        return votes.most_common(1)[0][0] if votes else None

    # --- bulk lookups (each one query, whatever the size of the file) -----------------------------
    def load_districts(self, cells_given):
        if not self.districts:
            self.districts = {d.code: d for d in District.objects.filter(province=self.province)}
        self.other_districts = {
            d.code: d
            for d in District.objects.filter(code__in={c[:4] for c in cells_given if c[:4].isdigit()})
            .exclude(province=self.province)
            .select_related("province")
        }

    def district_of(self, value):
        """(district, None) or (None, the Thai message): a 4-digit code (its name may follow), or the name."""
        text = thai.arabic_digits(str(value)).strip()
        match = re.match(r"^(\d{4})(?!\d)", text)
        if match:
            code = match.group(1)
            if code in self.districts:
                return self.districts[code], None
            other = self.other_districts.get(code)
            if other is not None:
                return None, _(
                    "District %(code)s (%(name)s) is in province %(province)s, not in %(this)s."
                ) % {
                    "code": code,
                    "name": other.name_th,
                    "province": other.province.name_th,
                    "this": self.province.name_th,
                }
            return None, _("No district has the code %(code)s.") % {"code": code}
        name = text
        for prefix in ("อำเภอ", "เขต", "อ."):
            if name.startswith(prefix):
                name = name[len(prefix) :].strip()
                break
        found = [d for d in self.districts.values() if d.name_th == name and not d.is_abolished]
        if len(found) == 1:
            return found[0], None
        return None, _("No district “%(name)s” in province %(province)s: choose one from the list.") % {
            "name": text[:60],
            "province": self.province.name_th,
        }

    def district_name(self, code):
        district = self.districts.get(code)
        return district.name_th if district else code

    def load_sub_districts(self, codes):
        missing = set(codes) - set(self.sub_districts)
        if missing:
            self.sub_districts.update(
                (s.code, s) for s in SubDistrict.objects.filter(code__in=missing).select_related("province")
            )

    def sub_district_problem(self, code):
        sub = self.sub_districts.get(code)
        if sub is None:
            return _("No sub-district has the code %(code)s.") % {"code": code}
        if sub.province_id != self.province.code:
            return _("Sub-district %(code)s (%(name)s) is in province %(province)s, outside %(this)s.") % {
                "code": code,
                "name": sub.name_th,
                "province": sub.province.name_th,
                "this": self.province.name_th,
            }
        if sub.is_abolished:
            return _("Sub-district %(code)s (%(name)s) was abolished; use its successor %(successor)s.") % {
                "code": code,
                "name": sub.name_th,
                "successor": sub.successor_codes or "—",
            }
        return None

    def load_offices(self, codes):
        missing = set(codes) - self.office_codes_looked_up
        self.office_codes_looked_up |= missing
        if missing:
            self.offices.update(
                (o.code, o)
                for o in Office.objects.filter(code__in=missing)
                .select_related("province")
                .prefetch_related("sub_districts")
            )
        return self.offices

    def load_villages(self, codes):
        self.villages.update(
            (v.code, v) for v in Village.objects.filter(code__in=set(codes) - set(self.villages))
        )

    def load_users(self, usernames):
        self.users.update(
            (u.username, u) for u in User.objects.filter(username__in=usernames).select_related("office")
        )
        return self.users

    # --- writing ---------------------------------------------------------------------------------
    def write(self) -> OnboardResult:
        """Check everything again and write it in one transaction; nothing at all when there is any error."""
        with transaction.atomic():
            result = self.check()
            if not result.ok:
                return result
            created, updated = [], []
            offices = self._write_offices(created, updated)
            self._write_villages(created, updated)
            result.new_users = self._write_users(offices, created, updated)
            audit_bulk(user=self.user, created=created, updated=updated)
            result.written = True
        if result.changes:
            from reports.services.snapshots import mark_changed

            mark_changed(self.province.code)  # the dashboard's stored figures of the province are out of date
        return result

    def _write_offices(self, created, updated):
        plan = self.plans.get(SHEET_OFFICES, {"created": [], "changed": [], "sub_districts": False})
        through = Office.sub_districts.through
        new = [
            Office(
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                province_id=self.province.code,
                district_id=row["district_id"],
            )
            for row in plan["created"]
        ]
        fast_insert(Office, new)
        covers = [
            through(office_id=office.pk, subdistrict_id=code)
            for office, row in zip(new, plan["created"], strict=True)
            for code in row.get("sub_districts") or ()
        ]
        changed, recovered = [], []
        for row, changes in plan["changed"]:
            office = self.offices[row["code"]]
            office.name, office.district_id = row["name"], row["district_id"]
            changed.append(office)
            updated.append((office, changes))
            if "sub_districts" in changes:
                recovered.append(office.pk)
                covers += [through(office_id=office.pk, subdistrict_id=code) for code in row["sub_districts"]]
        if changed:
            Office.objects.bulk_update(changed, ["name", "district"], batch_size=500)
        through.objects.filter(office_id__in=recovered).delete()
        through.objects.bulk_create(covers, batch_size=1000)
        created += new
        codes = {row["office"] for row in self.plans.get(SHEET_USERS, {}).get("created", [])}
        codes |= {row["office"] for row, _changes in self.plans.get(SHEET_USERS, {}).get("changed", [])}
        return dict(Office.objects.filter(code__in=codes).values_list("code", "pk"))

    def _write_villages(self, created, updated):
        plan = self.plans.get(SHEET_VILLAGES, {"created": [], "changed": []})
        province = self.province.code
        new = [
            Village(
                code=row["code"],
                number=row["number"],
                name=row["name"],
                sub_district_id=row["sub_district"],
                district_id=row["sub_district"][:4],
                province_id=province,
            )
            for row in plan["created"]
        ]
        fast_insert(Village, new)
        created += new
        now, changed = timezone.now(), []
        for row, changes in plan["changed"]:
            village = self.villages[row["code"]]
            village.name, village.updated_at = row["name"], now
            changed.append(village)
            updated.append((village, changes))
        Village.objects.bulk_update(changed, ["name", "updated_at"], batch_size=500)

    def _write_users(self, offices, created, updated):
        plan = self.plans.get(SHEET_USERS, {"created": [], "changed": []})
        new = []
        for row in plan["created"]:
            user = User(
                username=row["username"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                position=row.get("position") or "",
                email=row.get("email") or "",
                role=row["role"],
                office_id=offices[row["office"]],
            )
            user.set_unusable_password()  # the user signs in first through a one-time code
            new.append(user)
        fast_insert(User, new)
        created += new
        changed = []
        for row, changes in plan["changed"]:
            user = self.users[row["username"]]
            for name in UserSheet.FIELDS:
                setattr(user, name, row.get(name) or "")
            user.office_id = offices[row["office"]]
            changed.append(user)
            updated.append((user, changes))
        User.objects.bulk_update(changed, [*UserSheet.FIELDS, "office"], batch_size=500)
        names = dict(Office.objects.filter(pk__in=offices.values()).values_list("code", "name"))
        return [
            {"username": u.username, "name": u.get_full_name(), "office": names.get(row["office"], "")}
            for u, row in zip(new, plan["created"], strict=True)
        ]
