"""A province's plan for one fiscal year (แผนปฏิบัติงาน).

A Plan (province × fiscal year) has programmes; a Programme states its unit (หมู่บ้าน, กลุ่ม), the budget per unit,
the number of units and the total as the document states them. Each programme is split over the province's
districts (DistrictAllocation: units and budget of the district) and has indicators (Indicator: a count or a
percentage, with the province's stated target); each indicator's target is set per district (DistrictTarget).
Province totals are summed by the database from the district rows (reports/selectors/plans.py), never typed
twice; the stated figures are kept as the document gives them, so that a plan whose figures do not add
up is flagged.

A plan is drafted, then published (reports/workflow.py); a published plan changes only with a written reason,
logged as a PlanChange. Writes go through reports/services/plans.py.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.scoping import Role

NOT_NEGATIVE = _("This figure cannot be negative.")
OVER_100 = _("A percentage cannot be over 100.")
FIGURE = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [
        MinValueValidator(Decimal(0), message=NOT_NEGATIVE),
        MaxValueValidator(Decimal("999999999999")),
    ],
}

# Months of the Thai fiscal year, in its order (October to September).
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)


class Month(models.IntegerChoices):
    JAN = 1, _("January")
    FEB = 2, _("February")
    MAR = 3, _("March")
    APR = 4, _("April")
    MAY = 5, _("May")
    JUN = 6, _("June")
    JUL = 7, _("July")
    AUG = 8, _("August")
    SEP = 9, _("September")
    OCT = 10, _("October")
    NOV = 11, _("November")
    DEC = 12, _("December")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percentage")


class Measure(models.TextChoices):
    """The live result an indicator is measured by (reports/selectors/results.py defines each one)."""

    TARGET_VILLAGES_DONE = "target_villages_done", _("target villages done")
    EXPERTS_TAUGHT = "experts_taught", _("experts who taught")
    HOUSEHOLDS_TRAINED = "households_trained", _("households trained")
    HOUSEHOLDS_PROMOTED = "households_promoted", _("households promoted")
    HOUSEHOLDS_HIGHER_INCOME = "households_higher_income", _("households using the skill with higher income")
    HIGHER_INCOME_SHARE = (
        "higher_income_share",
        _("share of promoted households using the skill with higher income"),
    )
    GROUPS_FORMED = "groups_formed", _("groups formed from the year's trainings")
    GROUPS_REGISTERED = "groups_registered", _("groups formed and registered")
    GRANTS_APPROVED = "grants_approved", _("grants approved")
    GRANTS_PAID = "grants_paid", _("grants paid")


PERCENT_MEASURES = frozenset({Measure.HIGHER_INCOME_SHARE})


class PlanQuerySet(models.QuerySet):
    """Plans are seen in their province: by its provincial and district officers (and, refused with a reason
    by the policy, its other offices); an administrator sees every plan."""

    def for_user(self, user, action: str = "view"):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self
        office = user.office
        if office is None or office.province_id is None:
            return self.none()
        return self.filter(province_id=office.province_id)


class Plan(models.Model):
    province = models.ForeignKey(
        "registry.Province", on_delete=models.PROTECT, related_name="plans", verbose_name=_("province")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    status = models.CharField(_("state"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-fiscal_year", "province_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year"],
                name="plan_unique_province_year",
                violation_error_message=_("This province already has a plan for this fiscal year."),
            ),
        ]

    def __str__(self):
        return _("Plan of %(province)s, fiscal year %(year)s") % {
            "province": self.province.name_th,
            "year": self.fiscal_year,
        }

    @property
    def is_published(self):
        return self.status == PlanStatus.PUBLISHED


class PlanMove(models.Model):
    """A move of the plan's workflow (draft → published), with who and when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="moves")
    from_state = models.CharField(max_length=12, choices=PlanStatus.choices)
    to_state = models.CharField(max_length=12, choices=PlanStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class PlanChange(models.Model):
    """A change to a published plan: who, when, the written reason and what changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    at = models.DateTimeField(_("changed at"))
    reason = models.TextField(_("reason for the change"), max_length=1000)
    what = models.TextField(_("what changed"), max_length=4000)

    class Meta:
        ordering = ["-at", "-pk"]


class Programme(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    name = models.CharField(_("programme name"), max_length=300)
    objective = models.TextField(_("objective"), max_length=3000, blank=True)
    organising_level = models.CharField(
        _("organised by"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the district community development offices"),
    )
    start_month = models.PositiveSmallIntegerField(
        _("from month"), choices=Month.choices, null=True, blank=True
    )
    end_month = models.PositiveSmallIntegerField(_("to month"), choices=Month.choices, null=True, blank=True)
    unit_label = models.CharField(_("unit"), max_length=40, help_text=_("e.g. หมู่บ้าน, กลุ่ม"))
    stated_units = models.PositiveIntegerField(
        _("number of units (as stated)"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    unit_budget = models.DecimalField(_("budget per unit (baht)"), null=True, blank=True, **FIGURE)
    stated_total = models.DecimalField(_("total budget (baht, as stated)"), null=True, blank=True, **FIGURE)
    # Set when the programme's units are target villages chosen by the rules (reports/models/targets.py): the
    # approved villages are recorded in the register under this project.
    project = models.ForeignKey(
        "reports.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project of its target villages"),
        help_text=_("Set it when the programme's units are target villages chosen by the rules."),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="programme_unique_number",
                violation_error_message=_("The plan already has a programme with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def clean(self):
        if (
            self.start_month
            and self.end_month
            and (FISCAL_MONTHS.index(self.end_month) < FISCAL_MONTHS.index(self.start_month))
        ):
            raise ValidationError(
                {
                    "end_month": _(
                        "The period ends before it starts (the fiscal year runs from October to September)."
                    )
                }
            )


class Indicator(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    name = models.CharField(_("indicator"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=8, choices=IndicatorKind.choices, default=IndicatorKind.COUNT
    )
    unit_label = models.CharField(_("counted in"), max_length=40, blank=True, help_text=_("e.g. คน/ครัวเรือน"))
    numerator = models.CharField(
        _("numerator"),
        max_length=300,
        blank=True,
        help_text=_("For a percentage: what is counted (from the follow-up data)."),
    )
    denominator = models.CharField(
        _("denominator"), max_length=300, blank=True, help_text=_("For a percentage: out of what.")
    )
    per_unit = models.DecimalField(
        _("target per unit"),
        null=True,
        blank=True,
        **FIGURE,
        help_text=_("e.g. 5 experts per village; checked against the stated target"),
    )
    stated_target = models.DecimalField(_("province target (as stated)"), **FIGURE)
    measure = models.CharField(
        _("measured by"),
        max_length=32,
        choices=Measure.choices,
        null=True,
        blank=True,
        help_text=_("The live result compared with the target; empty: no live measure."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="indicator_unique_number",
                violation_error_message=_("The programme already has an indicator with this number."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_percent(self):
        return self.kind == IndicatorKind.PERCENT

    def clean(self):
        errors = {}
        if self.is_percent:
            if self.stated_target is not None and self.stated_target > 100:
                errors["stated_target"] = OVER_100
            if not self.numerator.strip():
                errors["numerator"] = _("A percentage needs its numerator described.")
            if not self.denominator.strip():
                errors["denominator"] = _("A percentage needs its denominator described.")
            if self.per_unit is not None:
                errors["per_unit"] = _("A percentage has no target per unit.")
        if self.measure and (self.measure in PERCENT_MEASURES) != self.is_percent:
            errors["measure"] = _(
                "The measure must be of the indicator's kind: a percentage for a percentage, a "
                "count for a count."
            )
        if errors:
            raise ValidationError(errors)


class DistrictAllocation(models.Model):
    """A district's share of a programme: its units (target villages, groups) and its budget."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="allocations")
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="+")
    units = models.PositiveIntegerField(_("units"), default=0, validators=[MaxValueValidator(1_000_000)])
    budget = models.DecimalField(_("budget (baht)"), default=Decimal(0), **FIGURE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "district"], name="allocation_unique_district"),
        ]


class DistrictTarget(models.Model):
    """An indicator's target in one district."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("target"), **FIGURE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "district"], name="target_unique_district"),
        ]

    def clean(self):
        if self.value is not None and self.indicator.is_percent and self.value > 100:
            raise ValidationError({"value": OVER_100})
