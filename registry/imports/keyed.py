"""Create-or-update by a natural key, for registers whose files are hundreds,
not tens of thousands, of rows."""

from django.utils import timezone
from django.utils.translation import gettext as _

from kit.imports.bulk import fast_insert
from registry.imports.base import Importer, RowError, apply_values
from registry.models import Person


class KeyedImporter(Importer):
    FIELDS: list[str] = []
    duplicate_message = ""
    duplicate_column = ""

    def row_key(self, row):
        raise NotImplementedError

    def obj_key(self, obj):
        raise NotImplementedError

    def existing(self, keys) -> dict:
        """{key: obj} of the records these keys name, inside the office's area."""
        raise NotImplementedError

    def resolve_refs(self, rows, result):
        """Look up villages, people, occupations... in bulk; set row['_ok'] False on an error."""

    def new_object(self, row):
        return self.model()

    def after_write(self, rows, created, changed):
        """M2M and links that need primary keys."""

    def resolve(self, rows, result):
        self.resolve_refs(rows, result)
        self.duplicate_keys(
            rows,
            result,
            lambda r: self.row_key(r) if r["_ok"] else None,
            self.duplicate_column,
            self.duplicate_message,
        )

    def plan(self, rows):
        return self.plan_model(rows)

    def plan_model(self, rows):
        """`plan` for the rows of the one model self.model."""
        existing = self.existing({self.row_key(r) for r in rows})
        created, changed = [], []
        for row in rows:
            obj = existing.get(self.row_key(row))
            if obj is None:
                obj = self.new_object(row)
                apply_values(obj, row, self.FIELDS, self.model)
                created.append(obj)
            else:
                changes = apply_values(obj, row, self.FIELDS, self.model)
                changes.update(self.m2m_changes(obj, row))
                if changes:
                    changed.append((obj, changes))
        return created, changed

    def write(self, rows):
        created, changed = self.plan_model(rows)
        now = timezone.now()
        for obj in created:
            self.prepare(obj)
        for obj, _changes in changed:
            self.prepare(obj)
            if hasattr(obj, "updated_at"):
                obj.updated_at = now
        fast_insert(self.model, created)
        update_fields = [*self.FIELDS, *self.extra_update_fields()]
        changed_objs = [obj for obj, _ in changed]
        if changed_objs:
            self.model.objects.bulk_update(changed_objs, update_fields, batch_size=500)
        self.after_write(rows, created, changed_objs)
        return created, changed_objs, changed

    def prepare(self, obj):
        """Derived fields before saving (e.g. the area codes of a village record)."""
        if hasattr(obj, "village_id") and hasattr(self, "set_areas") and obj.village_id:
            self.set_areas(obj)

    def extra_update_fields(self):
        fields = []
        if any(f.name == "sub_district" for f in self.model._meta.concrete_fields):
            fields += ["sub_district", "district", "province"]
        if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
            fields.append("updated_at")
        return fields

    def m2m_changes(self, obj, row):
        return {}

    # --- shared lookups --------------------------------------------------------------------------
    def resolve_people(self, rows, result, key="national_id", header="เลขประจำตัวประชาชน"):
        """row['person_id'] from the national ID, only people in the office's area."""
        ids = {r[key] for r in rows if r.get(key)}
        office_people = dict(
            Person.objects.filter(
                national_id__in=ids, sub_district__in=self.office.sub_districts.all()
            ).values_list("national_id", "pk")
        )
        for row in rows:
            nid = row.get(key)
            if nid is None:
                continue
            if nid not in office_people:
                result.errors.append(
                    RowError(
                        row["_row"],
                        header,
                        _(
                            "No person with this national ID number is in your office's people register. "
                            "Import the people first."
                        ),
                    )
                )
                row["_ok"] = False
            else:
                row["person_id"] = office_people[nid]
