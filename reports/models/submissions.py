"""A district's summary for a fiscal year or one of its quarters, submitted by the district officer with its
figures frozen (step 16 of the provincial operating guideline), then accepted by the province or sent back
with a reason (step 17).

A submission is never changed: sending it back closes it, and the district submits again (a new row). So the
figures the province accepted stay as they were, and the dashboard can show how far the live figures have
moved since (reports/selectors/submissions.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted, awaiting the province")
    ACCEPTED = "accepted", _("accepted by the province")
    RETURNED = "returned", _("sent back by the province")


OPEN = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)


class SubmissionQuerySet(models.QuerySet):
    def for_user(self, user):
        """The province's submissions for its provincial officers, a district's for its district officer,
        every one for an administrator; nothing for anyone else."""
        from registry.scoping import Role

        if user.role == Role.ADMIN:
            return self
        office = user.office if user.office_id else None
        if office is None:
            return self.none()
        if user.role == Role.PROVINCE_OFFICER:
            return self.filter(district__province_id=office.province_id)
        if user.role == Role.DISTRICT_OFFICER and office.district_id:
            return self.filter(district_id=office.district_id)
        return self.none()


class Submission(models.Model):
    district = models.ForeignKey(
        "registry.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, validators=[MaxValueValidator(4)], help_text=_("0: the whole fiscal year")
    )
    status = models.CharField(
        _("state"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    figures = models.JSONField(_("figures as submitted"), default=dict)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("district submission")
        verbose_name_plural = _("district submissions")
        ordering = ["district_id", "-fiscal_year", "quarter", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "fiscal_year", "quarter"],
                condition=Q(status__in=OPEN),
                name="submission_one_open",
                violation_error_message=_(
                    "The district has already submitted this period: it is awaiting the province or accepted."
                ),
            )
        ]

    def __str__(self):
        return f"{self.district} {self.fiscal_year}/{self.quarter}"

    @property
    def period_label(self):
        if not self.quarter:
            return _("fiscal year %(year)s") % {"year": self.fiscal_year}
        return _("quarter %(quarter)s of fiscal year %(year)s") % {
            "quarter": self.quarter,
            "year": self.fiscal_year,
        }


class SubmissionMove(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="moves")
    from_state = models.CharField(max_length=12, choices=SubmissionStatus.choices)
    to_state = models.CharField(max_length=12, choices=SubmissionStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
