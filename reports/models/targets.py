"""Target villages chosen by the rules (step 3 of the provincial operating guideline).

- Project: a national project whose target villages are remembered (สัมมาชีพชุมชน, ความมั่นคงด้านอาชีพและรายได้,
  หมู่บ้านเศรษฐกิจพอเพียง): data an administrator adds.
- FundedVillage: the register of which villages a project funded in which fiscal year, imported from earlier
  years' lists or recorded by this product when a district's list is approved.
- Exclusion: the plan's rule "not a village funded by this project in these fiscal years" (or in the plan's
  own fiscal year): data of the village programme, edited by the provincial officer, copied with the plan.
- TargetList: a district's list of target villages for the programme, proposed by the district officer and
  approved (or sent back with a reason) by the provincial officer (reports/targets_workflow.py); TargetVillage
  its rows, each with the households borrowed from a nearby earlier target village when the village has
  fewer than 20.
The rules themselves are checked in one place: reports/selectors/targets.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

YEAR = [MinValueValidator(2500), MaxValueValidator(2700)]


class Project(models.Model):
    name = models.CharField(
        _("project name"),
        max_length=300,
        unique=True,
        error_messages={"unique": _("A project with this name already exists.")},
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]

    def __str__(self):
        return self.name


class FundedSource(models.TextChoices):
    IMPORTED = "imported", _("imported list")
    PRODUCT = "product", _("approved in this system")


class FundedVillage(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="funded", verbose_name=_("project")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), validators=YEAR)
    village = models.ForeignKey(
        "registry.Village", on_delete=models.CASCADE, related_name="+", verbose_name=_("village")
    )
    source = models.CharField(_("source"), max_length=10, choices=FundedSource.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funded village")
        verbose_name_plural = _("funded villages")
        ordering = ["-fiscal_year", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year", "village"],
                name="funded_once",
                violation_error_message=_(
                    "This village is already recorded for this project and fiscal year."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.fiscal_year}: {self.village}"


class Exclusion(models.Model):
    """Villages funded by `project` from `from_year` to `to_year` (or, with `same_year`, in the plan's own
    fiscal year) are not target villages of the programme."""

    programme = models.ForeignKey(
        "reports.Programme", on_delete=models.CASCADE, related_name="exclusions", verbose_name=_("programme")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    from_year = models.PositiveSmallIntegerField(
        _("from fiscal year"), null=True, blank=True, validators=YEAR
    )
    to_year = models.PositiveSmallIntegerField(_("to fiscal year"), null=True, blank=True, validators=YEAR)
    same_year = models.BooleanField(
        _("the plan's own fiscal year"),
        default=False,
        help_text=_(
            "e.g. the same year's sufficiency-village project (a sufficiency "
            "village of another year is allowed)"
        ),
    )

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        ordering = ["same_year", "from_year", "pk"]

    def __str__(self):
        if self.same_year:
            return _("%(project)s of the plan's own fiscal year") % {"project": self.project}
        return _("%(project)s, fiscal years %(start)s–%(end)s") % {
            "project": self.project,
            "start": self.from_year,
            "end": self.to_year,
        }

    def clean(self):
        if self.same_year:
            if self.from_year is not None or self.to_year is not None:
                raise ValidationError(_("Either the plan's own fiscal year or a range of years, not both."))
            return
        if self.from_year is None or self.to_year is None:
            raise ValidationError(
                _("Give the fiscal years from and to (or tick the plan's own fiscal year).")
            )
        if self.from_year > self.to_year:
            raise ValidationError({"to_year": _("The range ends before it starts.")})

    def years(self, plan_year: int) -> tuple[int, int]:
        return (plan_year, plan_year) if self.same_year else (self.from_year, self.to_year)


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("being proposed")
    SUBMITTED = "submitted", pgettext_lazy("target list", "submitted")
    APPROVED = "approved", pgettext_lazy("target list", "approved")


class TargetList(models.Model):
    programme = models.ForeignKey("reports.Programme", on_delete=models.CASCADE, related_name="target_lists")
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("state"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "district"], name="target_list_once"),
        ]

    def __str__(self):
        return _("Target villages of %(district)s") % {"district": self.district.name_th}


class TargetListMove(models.Model):
    target_list = models.ForeignKey(TargetList, on_delete=models.CASCADE, related_name="moves")
    from_state = models.CharField(max_length=12, choices=ListStatus.choices)
    to_state = models.CharField(max_length=12, choices=ListStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class TargetVillage(models.Model):
    target_list = models.ForeignKey(TargetList, on_delete=models.CASCADE, related_name="villages")
    village = models.ForeignKey(
        "registry.Village", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    borrowed_from = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("households borrowed from"),
    )
    borrowed_households = models.PositiveSmallIntegerField(
        _("households borrowed"), default=0, validators=[MaxValueValidator(20)]
    )
    borrowed_note = models.CharField(_("note on the borrowed households"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_list", "village"],
                name="target_village_once",
                violation_error_message=_("This village is already on the list."),
            ),
        ]
