"""Importers for households, occupations, raw materials and village experts."""

from django.utils.translation import gettext as _

from kit import thai
from kit.imports import cells
from registry.imports.base import Column, RowError
from registry.imports.keyed import KeyedImporter
from registry.imports.people import VillageColumnsMixin
from registry.models import (
    Expert,
    Household,
    MaterialCategory,
    Occupation,
    OccupationKind,
    Person,
    PersonOccupation,
    RawMaterial,
    TargetHousehold,
    WantedOccupation,
)
from registry.models.materials import months_from_mask


def _names(values):
    return ", ".join(str(v) for v in values)


def _split_names(value):
    return [name.strip() for name in cells.text(value).replace(";", ",").split(",") if name.strip()]


class OccupationNamesMixin:
    def occupation_ids(self):
        if not hasattr(self, "_occupations"):
            self._occupations = {
                " ".join(name.split()): pk for pk, name in Occupation.objects.values_list("pk", "name")
            }
        return self._occupations

    def resolve_occupations(self, row, result, key, header, many=False):
        names = row.get(key) if many else ([row[key]] if row.get(key) else [])
        ids = []
        for name in names or []:
            pk = self.occupation_ids().get(" ".join(name.split()))
            if pk is None:
                result.errors.append(
                    RowError(
                        row["_row"],
                        header,
                        _(
                            "“%(name)s” is not in the occupation catalogue. "
                            "Use a name from the catalogue or ask the administrator to add it."
                        )
                        % {"name": name[:60]},
                    )
                )
                row["_ok"] = False
            else:
                ids.append(pk)
        return ids


class HouseholdImporter(VillageColumnsMixin, KeyedImporter):
    kind = "households"
    model = Household
    key_label = "หมู่ที่ + บ้านเลขที่"
    FIELDS = [
        "village",
        "house_number",
        "head",
        "member_count",
        "yearly_income",
        "tpmap_poor",
        "tpmap_year",
        "jpt_year",
        "interested_in_training",
        "interested_year",
        "interested_source",
    ]
    duplicate_column = "บ้านเลขที่"
    duplicate_message = _("The same house is already in row %(row)s of this file.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns = [
            *self.village_columns(),
            Column("บ้านเลขที่", "house_number", cells.text, required=True, max_length=30),
            Column(
                "เลขประจำตัวประชาชนหัวหน้าครัวเรือน",
                "head_national_id",
                cells.national_id,
                export=lambda h: h.head.national_id if h.head else "",
            ),
            Column(
                "ชื่อหัวหน้าครัวเรือน",
                "head_name",
                cells.text,
                export=lambda h: f"{h.head.first_name} {h.head.last_name}" if h.head else "",
            ),
            Column("จำนวนสมาชิก", "member_count", cells.integer, required=True),
            Column("รายได้ครัวเรือนต่อปี", "yearly_income", cells.decimal),
            Column("ยากจนตาม TPMAP", "tpmap_poor", cells.boolean),
            Column("ปี TPMAP", "tpmap_year", cells.year_be),
            Column("ปีสำรวจ จปฐ.", "jpt_year", cells.year_be),
            Column("สนใจฝึกอาชีพ", "interested_in_training", cells.boolean),
            Column("ปีที่แสดงความสนใจ", "interested_year", cells.year_be),
            Column("แหล่งข้อมูลความสนใจ", "interested_source", cells.text, max_length=100),
        ]

    def row_key(self, row):
        return (row.get("village_id"), row.get("house_number"))

    def existing(self, keys):
        villages = {v for v, _ in keys}
        return {
            (h.village_id, h.house_number): h
            for h in Household.objects.filter(village_id__in=villages)
            if (h.village_id, h.house_number) in keys
        }

    def resolve_refs(self, rows, result):
        for row in rows:
            if row["_ok"]:
                row["_ok"] = self.resolve_village(row, result)
            if row.get("member_count") is not None and not 1 <= row["member_count"] <= 50:
                result.errors.append(RowError(row["_row"], "จำนวนสมาชิก", _("Between 1 and 50 members.")))
                row["_ok"] = False
        heads = {r["head_national_id"] for r in rows if r.get("head_national_id")}
        people = dict(
            Person.objects.filter(
                national_id__in=heads, sub_district__in=self.office.sub_districts.all()
            ).values_list("national_id", "pk")
        )
        for row in rows:
            nid = row.get("head_national_id")
            if nid:
                if nid in people:
                    row["head_id"] = people[nid]
                else:
                    result.errors.append(
                        RowError(
                            row["_row"],
                            "เลขประจำตัวประชาชนหัวหน้าครัวเรือน",
                            _(
                                "No person with this national ID number is in your office's people register. "
                                "Import the people first."
                            ),
                        )
                    )
                    row["_ok"] = False

    def after_write(self, rows, created, changed):
        """People of the same village and house number become members of the household."""
        houses = {(h.village_id, h.house_number): h.pk for h in [*created, *changed]}
        members = []
        for person in Person.objects.filter(
            village_id__in={village for village, _number in houses}, household__isnull=True
        ).only("pk", "village_id", "house_number", "household_id"):
            pk = houses.get((person.village_id, person.house_number))
            if pk:
                person.household_id = pk
                members.append(person)
        Person.objects.bulk_update(members, ["household"], batch_size=500)

    def export_queryset(self, queryset):
        return queryset.select_related("village", "head")


KIND_LABELS = {
    "อาชีพหลัก": "main",
    "หลัก": "main",
    "อาชีพเสริม": "secondary",
    "เสริม": "secondary",
    "ต้องการเรียนรู้": "wanted",
    "อาชีพที่ต้องการ": "wanted",
    "อาชีพที่ต้องการเรียนรู้": "wanted",
    "ต้องการ": "wanted",
    "main": "main",
    "secondary": "secondary",
    "wanted": "wanted",
}
KIND_EXPORT = {"main": "อาชีพหลัก", "secondary": "อาชีพเสริม", "wanted": "อาชีพที่ต้องการเรียนรู้"}


class OccupationImporter(OccupationNamesMixin, KeyedImporter):
    """One file for the occupation register and the needs survey: the type column says which."""

    kind = "occupations"
    model = PersonOccupation
    key_label = "เลขประจำตัวประชาชน + อาชีพ"
    duplicate_column = "อาชีพ"
    duplicate_message = _("The same person and occupation are already in row %(row)s of this file.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns = [
            Column(
                "เลขประจำตัวประชาชน",
                "national_id",
                cells.national_id,
                required=True,
                export=lambda o: o.person.national_id,
            ),
            Column(
                "ชื่อ-นามสกุล",
                "person_name",
                cells.text,
                export=lambda o: f"{o.person.first_name} {o.person.last_name}",
            ),
            Column("อาชีพ", "occupation_name", cells.text, required=True, export=lambda o: o.occupation.name),
            Column(
                "ประเภท",
                "kind",
                cells.choice(KIND_LABELS),
                required=True,
                export=lambda o: KIND_EXPORT[getattr(o, "kind", "wanted")],
            ),
            Column(
                "รายได้ต่อปี", "yearly_income", cells.decimal, export=lambda o: getattr(o, "yearly_income", None)
            ),
            Column(
                "ลำดับความต้องการ", "priority", cells.integer, export=lambda o: getattr(o, "priority", None)
            ),
            Column("ปีที่สำรวจ", "survey_year", cells.year_be, export=lambda o: getattr(o, "survey_year", None)),
        ]

    def row_key(self, row):
        return (row.get("kind") == "wanted", row.get("person_id"), row.get("occupation_id"))

    def existing(self, keys):
        found = {}
        person_ids = {p for _, p, _ in keys}
        for o in PersonOccupation.objects.filter(person_id__in=person_ids).select_related(
            "person", "occupation"
        ):
            found[(False, o.person_id, o.occupation_id)] = o
        for w in WantedOccupation.objects.filter(person_id__in=person_ids).select_related(
            "person", "occupation"
        ):
            found[(True, w.person_id, w.occupation_id)] = w
        return {k: v for k, v in found.items() if k in keys}

    def resolve_refs(self, rows, result):
        self.resolve_people(rows, result)
        for row in rows:
            ids = self.resolve_occupations(row, result, "occupation_name", "อาชีพ")
            row["occupation_id"] = ids[0] if ids else None
            priority = row.get("priority")
            if row.get("kind") == "wanted" and priority is not None and not 1 <= priority <= 5:
                result.errors.append(RowError(row["_row"], "ลำดับความต้องการ", _("Priority is 1 to 5.")))
                row["_ok"] = False
        # One main occupation per person: in the file, and against the register.
        mains = {}
        for row in rows:
            if row["_ok"] and row.get("kind") == "main":
                if row["person_id"] in mains:
                    result.errors.append(
                        RowError(
                            row["_row"],
                            "ประเภท",
                            _("This person already has a main occupation in row %(row)s.")
                            % {"row": mains[row["person_id"]]},
                        )
                    )
                    row["_ok"] = False
                else:
                    mains[row["person_id"]] = row["_row"]
        existing_mains = dict(
            PersonOccupation.objects.filter(person_id__in=mains, kind=OccupationKind.MAIN).values_list(
                "person_id", "occupation_id"
            )
        )
        names = {pk: name for name, pk in self.occupation_ids().items()}
        for row in rows:
            if row["_ok"] and row.get("kind") == "main":
                current = existing_mains.get(row["person_id"])
                if current is not None and current != row["occupation_id"]:
                    result.errors.append(
                        RowError(
                            row["_row"],
                            "ประเภท",
                            _(
                                "The person's main occupation is already “%(name)s”. "
                                "Change it to a secondary occupation first."
                            )
                            % {"name": names.get(current, "")},
                        )
                    )
                    row["_ok"] = False

    def by_model(self, rows, step):
        """Run `step` (plan_model or write) on the occupations held, then on the occupations wanted: two
        models, one file."""
        wanted = [r for r in rows if r["kind"] == "wanted"]
        held = [r for r in rows if r["kind"] != "wanted"]
        results = []
        for model, subset, fields in (
            (PersonOccupation, held, ["person", "occupation", "kind", "yearly_income"]),
            (WantedOccupation, wanted, ["person", "occupation", "priority", "survey_year"]),
        ):
            self.model, self.FIELDS = model, fields
            for row in subset:
                if model is WantedOccupation and row.get("priority") is None:
                    row["priority"] = 1
            results.append(step(subset))
        self.model = PersonOccupation
        return [sum(parts, []) for parts in zip(*results, strict=True)]

    def plan(self, rows):
        return tuple(self.by_model(rows, self.plan_model))

    def write(self, rows):
        return tuple(self.by_model(rows, super().write))

    def export_queryset(self, queryset):
        return queryset.select_related("person", "occupation")


class RawMaterialImporter(VillageColumnsMixin, OccupationNamesMixin, KeyedImporter):
    kind = "raw-materials"
    model = RawMaterial
    key_label = "หมู่ที่ + ชื่อวัตถุดิบ + แหล่งที่มา"
    FIELDS = [
        "village",
        "name",
        "category",
        "quantity",
        "unit",
        "months",
        "source",
        "price_per_unit",
        "products",
        "notes",
    ]
    duplicate_column = "ชื่อวัตถุดิบ"
    duplicate_message = _(
        "The same raw material from the same source is already in row %(row)s of this file."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        categories = {label: value for value, label in MaterialCategory.choices} | {
            value: value for value in MaterialCategory.values
        }
        self.columns = [
            *self.village_columns(),
            Column("ชื่อวัตถุดิบ", "name", cells.text, required=True, max_length=150),
            Column(
                "ประเภท",
                "category",
                cells.choice(categories),
                required=True,
                export=lambda m: m.get_category_display(),
            ),
            Column("ปริมาณ", "quantity", cells.decimal),
            Column("หน่วย", "unit", cells.text, max_length=30),
            Column(
                "เดือนที่มี",
                "months",
                cells.months,
                export=lambda m: " ".join(thai.MONTHS_SHORT[i - 1] for i in months_from_mask(m.months)),
            ),
            Column("แหล่งที่มา/เจ้าของ", "source", cells.text, max_length=200),
            Column("ราคาต่อหน่วย", "price_per_unit", cells.decimal),
            Column(
                "อาชีพที่ใช้วัตถุดิบ",
                "occupation_names",
                _split_names,
                export=lambda m: _names(o.name for o in m.occupations.all()),
            ),
            Column("ผลิตภัณฑ์", "products", cells.text, max_length=300),
            Column("หมายเหตุ", "notes", cells.text),
        ]

    def row_key(self, row):
        return (row.get("village_id"), row.get("name"), row.get("source") or "")

    def existing(self, keys):
        villages = {v for v, _, _ in keys}
        return {
            k: m
            for m in RawMaterial.objects.filter(village_id__in=villages).prefetch_related("occupations")
            if (k := (m.village_id, m.name, m.source)) in keys
        }

    def resolve_refs(self, rows, result):
        for row in rows:
            if row["_ok"]:
                row["_ok"] = self.resolve_village(row, result)
            row["occupation_ids"] = self.resolve_occupations(
                row, result, "occupation_names", "อาชีพที่ใช้วัตถุดิบ", many=True
            )

    def m2m_changes(self, obj, row):
        old = sorted(o.pk for o in obj.occupations.all())
        new = sorted(set(row.get("occupation_ids") or []))
        return {"occupations": [old, new]} if old != new else {}

    def after_write(self, rows, created, changed):
        by_key = {self.row_key(r): r for r in rows}
        through = RawMaterial.occupations.through
        touched = [*created, *changed]
        through.objects.filter(rawmaterial_id__in=[m.pk for m in changed]).delete()
        through.objects.bulk_create(
            [
                through(rawmaterial_id=m.pk, occupation_id=o)
                for m in touched
                for o in set(by_key[(m.village_id, m.name, m.source)].get("occupation_ids") or [])
            ]
        )

    def export_queryset(self, queryset):
        return queryset.select_related("village").prefetch_related("occupations")


class ExpertImporter(OccupationNamesMixin, KeyedImporter):
    kind = "experts"
    model = Expert
    key_label = "เลขประจำตัวประชาชน"
    FIELDS = [
        "person",
        "years_experience",
        "achievements",
        "instructor_course_passed",
        "instructor_course_date",
        "active",
    ]
    duplicate_column = "เลขประจำตัวประชาชน"
    duplicate_message = _("The same national ID number is already in row %(row)s of this file.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns = [
            Column(
                "เลขประจำตัวประชาชน",
                "national_id",
                cells.national_id,
                required=True,
                export=lambda e: e.person.national_id,
            ),
            Column(
                "ชื่อ-นามสกุล",
                "person_name",
                cells.text,
                export=lambda e: f"{e.person.first_name} {e.person.last_name}",
            ),
            Column(
                "ความเชี่ยวชาญ",
                "expertise_names",
                _split_names,
                required=True,
                export=lambda e: _names(o.name for o in e.expertise.all()),
            ),
            Column("ประสบการณ์ (ปี)", "years_experience", cells.integer),
            Column("ผลงาน", "achievements", cells.text),
            Column("ผ่านหลักสูตรวิทยากรผู้นำสัมมาชีพ", "instructor_course_passed", cells.boolean),
            Column("วันที่ผ่านหลักสูตร", "instructor_course_date", cells.date),
            Column("ยังปฏิบัติงาน", "active", cells.boolean, export=lambda e: e.active),
        ]

    def row_key(self, row):
        return row.get("person_id")

    def existing(self, keys):
        return {
            e.person_id: e
            for e in Expert.objects.filter(person_id__in=keys)
            .select_related("person")
            .prefetch_related("expertise")
        }

    def resolve_refs(self, rows, result):
        self.resolve_people(rows, result)
        for row in rows:
            row["expertise_ids"] = self.resolve_occupations(
                row, result, "expertise_names", "ความเชี่ยวชาญ", many=True
            )
            if row.get("instructor_course_date") and not row.get("instructor_course_passed"):
                result.errors.append(
                    RowError(
                        row["_row"],
                        "วันที่ผ่านหลักสูตร",
                        _("A course date is only recorded when the course was passed."),
                    )
                )
                row["_ok"] = False
            if row.get("active") is None and "active" not in self.present_keys:
                row["active"] = True
            if row.get("years_experience") is not None and not 0 <= row["years_experience"] <= 80:
                result.errors.append(RowError(row["_row"], "ประสบการณ์ (ปี)", _("Between 0 and 80 years.")))
                row["_ok"] = False

    def m2m_changes(self, obj, row):
        old = sorted(o.pk for o in obj.expertise.all())
        new = sorted(set(row.get("expertise_ids") or []))
        return {"expertise": [old, new]} if old != new else {}

    def after_write(self, rows, created, changed):
        by_person = {r["person_id"]: r for r in rows}
        through = Expert.expertise.through
        through.objects.filter(expert_id__in=[e.pk for e in changed]).delete()
        through.objects.bulk_create(
            [
                through(expert_id=e.pk, occupation_id=o)
                for e in [*created, *changed]
                for o in set(by_person[e.person_id]["expertise_ids"])
            ]
        )

    def export_queryset(self, queryset):
        return queryset.select_related("person").prefetch_related("expertise")


class TargetHouseholdExport(VillageColumnsMixin, KeyedImporter):
    """Export only: target households are selected one by one after the village forum."""

    kind = "targets"
    model = TargetHousehold

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns = [
            Column("ปีงบประมาณ", "fiscal_year", cells.integer),
            *self.village_columns(),
            Column("ชื่อหมู่บ้าน", "village_name", cells.text, export=lambda t: t.village.name),
            Column("บ้านเลขที่", "house_number", cells.text, export=lambda t: t.household.house_number),
            Column(
                "หัวหน้าครัวเรือน",
                "head",
                cells.text,
                export=lambda t: (
                    f"{t.household.head.first_name} {t.household.head.last_name}" if t.household.head else ""
                ),
            ),
            Column("เกณฑ์ที่ใช้คัดเลือก", "criterion", cells.text, export=lambda t: t.get_criterion_display()),
            Column("วันที่จัดเวทีประชาคม", "forum_date", cells.date),
        ]

    def export_queryset(self, queryset):
        return queryset.select_related("village", "household", "household__head")
