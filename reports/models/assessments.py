"""The sufficiency-economy village assessment (หมู่บ้านเศรษฐกิจพอเพียงต้นแบบ, Ministry of Interior criteria;
assessed in steps 8 and 10 of the provincial operating guideline).

The criteria are data, not code: a CriteriaVersion has its areas (ด้าน) and numbered indicators (ตัวชี้วัด), some
of them core (ตัวชี้วัดหลัก), and the thresholds of the levels. Version 1 is shipped by the data migration
0003_sufficiency_criteria (its source and what is uncertain are written there); an administrator adds a later
version in the Django admin when the ministry revises the criteria, and a fiscal year is assessed with the
newest version in force for it (`CriteriaVersion.for_year`).

An Assessment is one round of one village in one fiscal year: round 1 before the village training (step 8),
round 2 after it (step 10), recorded by the district's community developer with the village committee. It
holds one Answer per indicator of its version (passed or not, with a note). The level is never stored:
reports/selectors/assessments.py computes it in the database from the answers and the version's thresholds. A
PlanItem is what the village will work on, recorded after round 1 (step 8).

Writes go through reports/services/assessments.py; who may write is reports/policies/assessments.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.base import VillageRecord
from registry.scoping import AreaPaths, ScopedQuerySet

FISCAL_YEAR = {"validators": [MinValueValidator(2500), MaxValueValidator(2700)]}


class Level(models.TextChoices):
    """The levels of a model sufficiency-economy village, lowest first ("none": not yet at a level)."""

    NONE = "none", _("not yet at a level")
    SUFFICIENT = "sufficient", _("Por Yoo Por Kin (พออยู่ พอกิน)")
    WELL = "well", _("Yoo Dee Kin Dee (อยู่ดี กินดี)")
    PROSPEROUS = "prosperous", _("Mang Mee Sri Suk (มั่งมี ศรีสุข)")


class Round(models.IntegerChoices):
    BEFORE = 1, _("round 1 (before the training)")
    AFTER = 2, _("round 2 (after the training)")


class CriteriaVersion(models.Model):
    """One edition of the criteria, in force from a fiscal year until a later version starts."""

    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    name = models.CharField(_("name of the criteria"), max_length=200)
    from_fiscal_year = models.PositiveSmallIntegerField(_("in force from fiscal year (B.E.)"), **FISCAL_YEAR)
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the list of indicators and the level rules come from.")
    )
    # The level rules, as data: every core indicator passed, and at least this many indicators in all; all of
    # them for the highest level.
    sufficient_min = models.PositiveSmallIntegerField(
        _("indicators passed for Por Yoo Por Kin"), default=10, validators=[MinValueValidator(1)]
    )
    well_min = models.PositiveSmallIntegerField(
        _("indicators passed for Yoo Dee Kin Dee"), default=17, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("sufficiency-village criteria version")
        verbose_name_plural = _("sufficiency-village criteria versions")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(well_min__gt=models.F("sufficient_min")),
                name="criteria_levels_increase",
                violation_error_message=_("The second level needs more indicators than the first."),
            ),
        ]

    def __str__(self):
        return _("Criteria version %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    @classmethod
    def for_year(cls, fiscal_year: int):
        """The version in force for a fiscal year (the newest that started by then), or None."""
        return (
            cls.objects.filter(from_fiscal_year__lte=fiscal_year)
            .order_by("-from_fiscal_year", "-number")
            .first()
        )


class Area(models.Model):
    """ด้าน: a group of indicators."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.CASCADE, related_name="areas", verbose_name=_("criteria version")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name of the area"), max_length=200)

    class Meta:
        verbose_name = _("criteria area")
        verbose_name_plural = _("criteria areas")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                name="criteria_area_unique",
                violation_error_message=_("This area number already exists in the version."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    """ตัวชี้วัด, numbered through the whole version (1–23)."""

    version = models.ForeignKey(
        CriteriaVersion,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("criteria version"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("area")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("indicator"), max_length=300)
    core = models.BooleanField(_("core indicator"), default=False)

    class Meta:
        verbose_name = _("criteria indicator")
        verbose_name_plural = _("criteria indicators")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                name="criteria_indicator_unique",
                violation_error_message=_("This indicator number already exists in the version."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.area_id and self.version_id and self.area.version_id != self.version_id:
            raise ValidationError({"area": _("The area belongs to another criteria version.")})


class Assessment(VillageRecord):
    """One round of one village's assessment in one fiscal year."""

    village = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        related_name="sufficiency_assessments",
        verbose_name=_("village"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), **FISCAL_YEAR)
    round = models.PositiveSmallIntegerField(_("round"), choices=Round.choices)
    criteria = models.ForeignKey(
        CriteriaVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("criteria version"),
    )
    assessed_on = models.DateField(_("date of the assessment"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    office = models.ForeignKey(
        "registry.Office",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("office"),
    )
    committee = models.TextField(
        _("village committee members"),
        max_length=2000,
        help_text=_("The names of the village committee members who assessed with you, one per line."),
    )

    objects = ScopedQuerySet.as_manager()
    area_paths = AreaPaths(province="province_id", district="district_id", sub_district="sub_district_id")

    class Meta:
        verbose_name = _("sufficiency-village assessment")
        verbose_name_plural = _("sufficiency-village assessments")
        ordering = ["village_id", "-fiscal_year", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "fiscal_year", "round"],
                name="assessment_one_per_round",
                violation_error_message=_(
                    "This round of the village is already recorded for the fiscal year."
                ),
            ),
        ]
        indexes = [models.Index(fields=["district", "fiscal_year"], name="assessment_district_year")]

    def __str__(self):
        return _("%(village)s, fiscal year %(year)s, %(round)s") % {
            "village": self.village,
            "year": self.fiscal_year,
            "round": self.get_round_display(),
        }


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    indicator = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("indicator")
    )
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("assessment answer")
        verbose_name_plural = _("assessment answers")
        ordering = ["assessment", "indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                name="answer_once_per_indicator",
                violation_error_message=_("This indicator is already answered in this round."),
            )
        ]


class PlanItem(models.Model):
    """What the village will work on after round 1 (step 8: แผนงาน โครงการ/กิจกรรม เพื่อยกระดับหมู่บ้าน)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("assessment")
    )
    indicator = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("indicator it raises"),
    )
    activity = models.CharField(_("project or activity"), max_length=300)
    responsible = models.CharField(_("who does it"), max_length=200, blank=True)
    due_on = models.DateField(_("to be done by"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    area_paths = AreaPaths(
        province="assessment__province_id",
        district="assessment__district_id",
        sub_district="assessment__sub_district_id",
    )

    class Meta:
        verbose_name = _("village development plan item")
        verbose_name_plural = _("village development plan items")
        ordering = ["assessment", "pk"]

    def __str__(self):
        return self.activity
