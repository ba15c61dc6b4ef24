"""Loading the official area list and keeping villages (writes with rules, so services)."""

import datetime
from dataclasses import dataclass, field

import geothai
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from geothai.abolished import abolished_areas

from registry.models import District, Province, SubDistrict, Village
from registry.scoping import Action

AREA_FIELDS = {
    Province: ["name_th", "name_en", "abolished_on", "successor_codes"],
    District: ["name_th", "name_en", "province_id", "abolished_on", "successor_codes"],
    SubDistrict: [
        "name_th",
        "name_en",
        "district_id",
        "province_id",
        "postal_codes",
        "abolished_on",
        "successor_codes",
    ],
}


@dataclass
class LoadResult:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    current: dict = field(default_factory=dict)
    abolished: dict = field(default_factory=dict)

    @property
    def changed(self):
        return any(self.created.values()) or any(self.updated.values())


def _official_rows():
    """Every area of the geothai package as model instances, current and abolished."""
    provinces = [Province(code=p.code, name_th=p.name_th, name_en=p.name_en) for p in geothai.provinces()]
    districts, sub_districts = [], []
    for p in provinces:
        for d in geothai.districts(p.code):
            districts.append(District(code=d.code, name_th=d.name_th, name_en=d.name_en, province_id=p.code))
            for s in geothai.subdistricts(d.code):
                sub_districts.append(
                    SubDistrict(
                        code=s.code,
                        name_th=s.name_th,
                        name_en=s.name_en,
                        district_id=d.code,
                        province_id=p.code,
                        postal_codes=" ".join(s.postal_codes),
                    )
                )
    for a in abolished_areas():
        common = {
            "code": a.code,
            "name_th": a.name_th,
            "name_en": a.name_en or "",
            "abolished_on": datetime.date.fromisoformat(a.abolished_on),
            "successor_codes": " ".join(a.successors),
        }
        if a.level == "province":
            provinces.append(Province(**common))
        elif a.level == "district":
            districts.append(District(**common, province_id=a.code[:2]))
        else:
            sub_districts.append(SubDistrict(**common, district_id=a.code[:4], province_id=a.code[:2]))
    return {Province: provinces, District: districts, SubDistrict: sub_districts}


@transaction.atomic
def areas_load() -> LoadResult:
    """Create or update every province, district and sub-district; unchanged rows are not touched."""
    result = LoadResult()
    for model, rows in _official_rows().items():
        fields = AREA_FIELDS[model]
        existing = {obj.code: obj for obj in model.objects.all()}
        to_create, to_update = [], []
        for row in rows:
            old = existing.get(row.code)
            if old is None:
                to_create.append(row)
            elif any(getattr(old, f) != getattr(row, f) for f in fields):
                to_update.append(row)
        model.objects.bulk_create(to_create, batch_size=1000)
        model.objects.bulk_update(to_update, fields, batch_size=1000)
        name = model._meta.model_name
        result.created[name], result.updated[name] = len(to_create), len(to_update)
        result.current[name] = sum(1 for r in rows if r.abolished_on is None)
        result.abolished[name] = len(rows) - result.current[name]
    return result


def _check_sub_district(user, sub_district):
    if not SubDistrict.objects.for_user(user, Action.CHANGE).filter(pk=sub_district.pk).exists():
        raise ValidationError({"sub_district": _("This sub-district is not one your office looks after.")})
    if sub_district.is_abolished:
        raise ValidationError({"sub_district": _("This sub-district code has been abolished.")})


@transaction.atomic
def village_save(*, user, village: Village) -> Village:
    """Create or change a village, only in a sub-district the user's office covers."""
    _check_sub_district(user, village.sub_district)
    if village.pk and not Village.objects.for_user(user, Action.CHANGE).filter(pk=village.pk).exists():
        raise ValidationError(_("You may not change this village."))
    sub = village.sub_district
    village.district_id, village.province_id = sub.district_id, sub.province_id
    village.code = Village.make_code(sub.code, village.number or 0)
    # The (sub-district, number) constraint gives the clear message; the derived code adds none.
    village.full_clean(exclude=["code"])
    village.save()
    return village


@transaction.atomic
def village_delete(*, user, village: Village) -> None:
    if not Village.objects.for_user(user, Action.CHANGE).filter(pk=village.pk).exists():
        raise ValidationError(_("You may not change this village."))
    try:
        village.delete()
    except ProtectedError as exc:
        raise ValidationError(_("This village cannot be deleted: other records refer to it.")) from exc
