"""Importers for people and households."""

from django.utils import timezone
from django.utils.translation import gettext as _

from kit.imports import cells
from kit.imports.bulk import fast_insert
from registry.imports.base import CHUNK, Column, Importer, RowError, apply_values
from registry.models import Household, Person, Sex, Title

TITLES = {
    "นาย": Title.MR,
    "นาง": Title.MRS,
    "นางสาว": Title.MISS,
    "น.ส.": Title.MISS,
    "น.ส": Title.MISS,
    "mr": Title.MR,
    "mr.": Title.MR,
    "mrs": Title.MRS,
    "mrs.": Title.MRS,
    "miss": Title.MISS,
    "ms": Title.MISS,
}
SEXES = {
    "ชาย": Sex.MALE,
    "ช": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "หญิง": Sex.FEMALE,
    "ญ": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
}


def _chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def village_parts(obj):
    return obj.village.number


def sub_district_code(obj):
    return obj.village.sub_district_id


class VillageColumnsMixin:
    """หมู่ที่ + รหัสตำบล columns (or the 8-digit code), resolved against the office's villages."""

    def village_columns(self):
        return [
            Column("หมู่ที่", "village_number", cells.text, required=True, export=village_parts),
            Column("รหัสตำบล", "sub_district_code", cells.text, export=sub_district_code),
        ]

    def set_areas(self, obj):
        _pk, sub = self.office_villages_by_pk()[obj.village_id]
        obj.sub_district_id, obj.district_id, obj.province_id = sub, sub[:4], sub[:2]

    def office_villages_by_pk(self):
        if not hasattr(self, "_villages_by_pk"):
            self._villages_by_pk = {pk: (code, sub) for code, (pk, sub) in self.office_villages().items()}
        return self._villages_by_pk


class PeopleImporter(VillageColumnsMixin, Importer):
    kind = "people"
    model = Person
    key_label = "เลขประจำตัวประชาชน"
    FIELDS = [
        "title",
        "title_other",
        "first_name",
        "last_name",
        "sex",
        "birth_date",
        "phone",
        "house_number",
        "village",
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns = [
            Column(
                "เลขประจำตัวประชาชน",
                "national_id",
                cells.national_id,
                required=True,
                aliases=("เลขบัตรประชาชน", "national id"),
            ),
            Column(
                "คำนำหน้า",
                "title_text",
                cells.text,
                required=True,
                max_length=50,
                export=lambda p: p.display_title,
            ),
            Column("ชื่อ", "first_name", cells.text, required=True, max_length=100),
            Column("นามสกุล", "last_name", cells.text, required=True, max_length=100),
            Column("เพศ", "sex", cells.choice(SEXES), required=True, export=lambda p: p.get_sex_display()),
            Column("วันเกิด", "birth_date", cells.past_date),
            Column("โทรศัพท์", "phone", cells.phone, max_length=30),
            Column("บ้านเลขที่", "house_number", cells.text, required=True, max_length=30),
            *self.village_columns(),
        ]

    def resolve(self, rows, result):
        self.duplicate_keys(
            rows,
            result,
            lambda r: r.get("national_id"),
            "เลขประจำตัวประชาชน",
            _("The same national ID number is already in row %(row)s of this file."),
        )
        for row in rows:
            if row["_ok"]:
                row["_ok"] = self.resolve_village(row, result)
            title = (row.get("title_text") or "").strip()
            key = title.lower()
            row["title"], row["title_other"] = (TITLES[key], "") if key in TITLES else ("other", title)
        ids = [r["national_id"] for r in rows if r.get("national_id")]
        office_subs = self._office_sub_districts
        existing = {}
        for chunk in _chunks(ids):
            existing.update(
                Person.objects.filter(national_id__in=chunk).values_list("national_id", "sub_district_id")
            )
        for row in rows:
            found = existing.get(row.get("national_id"))
            if found is not None and found not in office_subs:
                result.errors.append(
                    RowError(
                        row["_row"],
                        "เลขประจำตัวประชาชน",
                        _(
                            "This person is registered by another office's area. "
                            "Ask the system administrator to move the record."
                        ),
                    )
                )

    def plan(self, rows):
        """What writing these rows would do, without writing: (new people, [(stored person, {field: [old,
        new]})]). A row whose values all equal the stored record is in neither list."""
        ids = [r["national_id"] for r in rows]
        existing = {}
        for chunk in _chunks(ids):
            existing.update({p.national_id: p for p in Person.objects.filter(national_id__in=chunk)})
        created, changed = [], []
        for row in rows:
            person = existing.get(row["national_id"])
            if person is None:
                person = Person(national_id=row["national_id"])
                apply_values(person, row, self.FIELDS, Person)
                created.append(person)
            elif changes := apply_values(person, row, self.FIELDS, Person):
                changed.append((person, changes))
        return created, changed

    def write(self, rows):
        created, changed = self.plan(rows)
        households = {
            (village_id, house): pk
            for pk, village_id, house in Household.objects.filter(
                village_id__in=self.office_villages_by_pk().keys()
            ).values_list("pk", "village_id", "house_number")
        }
        now = timezone.now()
        for person in created:
            self.set_areas(person)
            person.household_id = households.get((person.village_id, person.house_number))
        for person, _changes in changed:
            self.set_areas(person)
            person.updated_at = now
            if person.household_id is None:
                person.household_id = households.get((person.village_id, person.house_number))
        fast_insert(Person, created)
        Person.objects.bulk_update(
            [p for p, _ in changed],
            [*self.FIELDS, "sub_district", "district", "province", "household", "updated_at"],
            batch_size=CHUNK,
        )
        return created, [p for p, _ in changed], changed
