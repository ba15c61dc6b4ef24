"""What every area-bound register record shares: a village, and its ancestors stored for scoping."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.scoping import AreaPaths, ScopedQuerySet


class VillageRecord(models.Model):
    village = models.ForeignKey(
        "registry.Village", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    # Set from the village on save: every scope and report filter is one indexed column.
    sub_district = models.ForeignKey(
        "registry.SubDistrict", on_delete=models.PROTECT, related_name="+", editable=False
    )
    district = models.ForeignKey(
        "registry.District", on_delete=models.PROTECT, related_name="+", editable=False
    )
    province = models.ForeignKey(
        "registry.Province", on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    area_paths = AreaPaths(province="province_id", district="district_id", sub_district="sub_district_id")

    class Meta:
        abstract = True

    def set_areas(self):
        village = self.village
        self.sub_district_id, self.district_id, self.province_id = (
            village.sub_district_id,
            village.district_id,
            village.province_id,
        )

    def save(self, *args, **kwargs):
        self.set_areas()
        super().save(*args, **kwargs)
