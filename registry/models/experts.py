"""ทะเบียนปราชญ์ชาวบ้าน: village experts, the village instructor team, and mentoring of households."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.models.base import VillageRecord
from registry.models.occupations import PERSON_PATHS
from registry.scoping import ScopedQuerySet

TEAM_SIZE = 5  # a village instructor team has 5 experts
HOUSEHOLDS_PER_INSTRUCTOR = 4  # one instructor looks after 4 households


class ExpertQuerySet(ScopedQuerySet):
    def for_table(self):
        return self.select_related("person", "person__village").prefetch_related("expertise")

    def active(self):
        return self.filter(active=True)


class Expert(models.Model):
    person = models.OneToOneField(
        "registry.Person", on_delete=models.PROTECT, related_name="expert", verbose_name=_("person")
    )
    expertise = models.ManyToManyField(
        "registry.Occupation", related_name="+", verbose_name=_("fields of expertise")
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(80)]
    )
    achievements = models.TextField(_("achievements"), blank=True)
    instructor_course_passed = models.BooleanField(_("passed the วิทยากรผู้นำสัมมาชีพ course"), default=False)
    instructor_course_date = models.DateField(_("date the course was passed"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ExpertQuerySet.as_manager()
    area_paths = PERSON_PATHS

    class Meta:
        verbose_name = _("village expert")
        verbose_name_plural = _("village-expert register")
        ordering = ["person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(instructor_course_passed=True) | Q(instructor_course_date__isnull=True),
                name="expert_course_date_only_if_passed",
                violation_error_message=_("A course date is only recorded when the course was passed."),
            )
        ]

    def get_absolute_url(self):
        return reverse("registry:expert_detail", args=[self.pk])

    def __str__(self):
        return str(self.person)

    @property
    def title_display(self):
        return (
            _("community occupation instructor (วิทยากรสัมมาชีพชุมชน)")
            if self.instructor_course_passed
            else _("village expert (ปราชญ์ชาวบ้าน)")
        )


class InstructorTeam(VillageRecord):
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )

    class Meta:
        verbose_name = _("village instructor team")
        verbose_name_plural = _("village instructor teams")
        ordering = ["-fiscal_year", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "fiscal_year"],
                name="one_team_per_village_year",
                violation_error_message=_("This village already has a team for this fiscal year."),
            )
        ]

    def __str__(self):
        return _("Instructor team of %(village)s, fiscal year %(year)s") % {
            "village": self.village,
            "year": self.fiscal_year,
        }


class TeamMember(models.Model):
    team = models.ForeignKey(InstructorTeam, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("expert")
    )
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "expert"],
                name="team_member_once",
                violation_error_message=_("This expert is already in the team."),
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(is_lead=True),
                name="team_one_lead",
                violation_error_message=_("The team already has a lead."),
            ),
        ]


class Mentorship(VillageRecord):
    """An instructor looking after a target household in a fiscal year."""

    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("instructor")
    )
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.CASCADE,
        related_name="mentorships",
        verbose_name=_("household"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )

    class Meta:
        verbose_name = _("mentoring assignment")
        verbose_name_plural = _("mentoring assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "fiscal_year"],
                name="one_mentor_per_household_year",
                violation_error_message=_("This household already has an instructor this fiscal year."),
            )
        ]
