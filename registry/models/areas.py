"""Administrative areas: the DOPA codes of provinces, districts and sub-districts, and villages."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.scoping import AreaPaths, ScopedQuerySet

BANGKOK = "10"  # its districts are named เขต… already, its sub-districts are แขวง, and it is no จังหวัด


class AreaQuerySet(models.QuerySet):
    def current(self):
        return self.filter(abolished_on__isnull=True)

    def with_path(self):
        """The ancestors `path_label()` names, joined in the same query."""
        related = self.model.PATH_RELATED
        return (
            self.select_related(*related) if related else self
        )  # select_related() alone would follow every key


class Area(models.Model):
    """Fields shared by the three levels loaded from the official DOPA list (`load_areas`)."""

    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)
    successor_codes = models.CharField(_("successor codes"), max_length=200, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    PATH_RELATED: tuple = ()

    def __str__(self):
        return self.name_th

    @property
    def is_abolished(self):
        return self.abolished_on is not None

    def path_label(self):
        """The area with every level above it and its code, e.g. "ต.โพนทอง อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ (460109)":
        a name alone is ambiguous (many sub-district names recur in other districts and provinces)."""
        return f"{self.path()} ({self.code})"


def _province_part(province):
    return (
        province.name_th if province.code == BANGKOK else _("Changwat %(name)s") % {"name": province.name_th}
    )


def _district_part(district):
    if district.province_id == BANGKOK:
        return district.name_th
    return _("Amphoe %(name)s") % {"name": district.name_th}


def _sub_district_part(sub):
    template = _("Khwaeng %(name)s") if sub.province_id == BANGKOK else _("Tambon %(name)s")
    return template % {"name": sub.name_th}


class Province(Area):
    code = models.CharField(_("province code"), max_length=2, primary_key=True)

    class Meta(Area.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def path(self):
        return _province_part(self)


class District(Area):
    code = models.CharField(_("district code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )

    PATH_RELATED = ("province",)

    class Meta(Area.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def path(self):
        return f"{_district_part(self)} {_province_part(self.province)}"


class SubDistrictQuerySet(AreaQuerySet, ScopedQuerySet):
    pass


class SubDistrict(Area):
    code = models.CharField(_("sub-district code"), max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="sub_districts", verbose_name=_("district")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="sub_districts", verbose_name=_("province")
    )
    postal_codes = models.CharField(_("postal codes"), max_length=60, blank=True)

    objects = SubDistrictQuerySet.as_manager()
    area_paths = AreaPaths(province="province_id", district="district_id", sub_district="code")
    PATH_RELATED = ("district", "province")

    class Meta(Area.Meta):
        verbose_name = _("sub-district")
        verbose_name_plural = _("sub-districts")

    def path(self):
        return f"{_sub_district_part(self)} {_district_part(self.district)} {_province_part(self.province)}"

    def full_name(self):
        return _("%(sub)s, %(district)s, %(province)s") % {
            "sub": self.name_th,
            "district": self.district.name_th,
            "province": self.province.name_th,
        }


class VillageQuerySet(ScopedQuerySet):
    def with_areas(self):
        return self.select_related("sub_district", "district", "province")

    with_path = with_areas


class Village(models.Model):
    """หมู่บ้าน: หมู่ที่ N of a sub-district, entered by the TAO that covers it."""

    sub_district = models.ForeignKey(
        SubDistrict, on_delete=models.PROTECT, related_name="villages", verbose_name=_("sub-district")
    )
    number = models.PositiveSmallIntegerField(
        _("village number (moo)"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    name = models.CharField(_("village name"), max_length=100)
    code = models.CharField(
        _("village code"), max_length=8, unique=True, editable=False, validators=[RegexValidator(r"^\d{8}$")]
    )
    # Ancestor codes, stored for cheap scoping and reports (set from the sub-district on save).
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages", editable=False)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="villages", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VillageQuerySet.as_manager()
    area_paths = AreaPaths(province="province_id", district="district_id", sub_district="sub_district_id")

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_district", "number"],
                name="village_unique_number",
                violation_error_message=_("This village number already exists in the sub-district."),
            ),
        ]

    def __str__(self):
        return _("Moo %(number)s %(name)s") % {"number": self.number, "name": self.name}

    def path_label(self):
        """ "หมู่ 3 บ้านโนนสะอาด ต.โพนทอง อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ (46010903)": see `Area.path_label`."""
        areas = (
            _sub_district_part(self.sub_district),
            _district_part(self.district),
            _province_part(self.province),
        )
        return f"{self} {' '.join(areas)} ({self.code})"

    @staticmethod
    def make_code(sub_district_code: str, number: int) -> str:
        return f"{sub_district_code}{number:02d}"

    def save(self, *args, **kwargs):
        sub = self.sub_district
        self.code = self.make_code(sub.code, self.number)
        self.district_id, self.province_id = sub.district_id, sub.province_id
        super().save(*args, **kwargs)
