"""ทะเบียนวัตถุดิบ: local materials an occupation could use."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kit import thai
from registry.models.base import VillageRecord

ALL_MONTHS = (1 << 12) - 1


class MaterialCategory(models.TextChoices):
    CROP = "crop", "พืช/ผลผลิตการเกษตร"
    ANIMAL = "animal", "สัตว์/ผลผลิตจากสัตว์"
    FISHERY = "fishery", "สัตว์น้ำ/ประมง"
    FOREST = "forest", "ของป่า/ไม้"
    SOIL = "soil", "ดิน/หิน/แร่"
    WASTE = "waste", "วัสดุเหลือใช้"
    OTHER = "other", "อื่น ๆ"


def months_from_mask(mask: int) -> list[int]:
    return [m for m in range(1, 13) if mask & (1 << (m - 1))]


def mask_from_months(months) -> int:
    return sum(1 << (int(m) - 1) for m in set(months))


class RawMaterial(VillageRecord):
    name = models.CharField(_("raw material"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=MaterialCategory.choices)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    months = models.PositiveSmallIntegerField(
        _("months available"), default=0, validators=[MaxValueValidator(ALL_MONTHS)]
    )
    source = models.CharField(_("source or owner"), max_length=200, blank=True)
    price_per_unit = models.DecimalField(
        _("price per unit (baht)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    occupations = models.ManyToManyField(
        "registry.Occupation", blank=True, related_name="+", verbose_name=_("occupations it serves")
    )
    products = models.CharField(_("products it is used for"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("raw material")
        verbose_name_plural = _("raw-material register")
        ordering = ["village__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name", "source"],
                name="raw_material_once",
                violation_error_message=_(
                    "This raw material from this source is already registered in the village."
                ),
            )
        ]

    def get_absolute_url(self):
        return reverse("registry:rawmaterial_detail", args=[self.pk])

    def __str__(self):
        return f"{self.name} ({self.village})"

    @property
    def month_list(self):
        return months_from_mask(self.months)

    @property
    def months_display(self):
        if self.months == ALL_MONTHS:
            return "ตลอดปี"
        return " ".join(thai.MONTHS_SHORT[m - 1] for m in self.month_list)
