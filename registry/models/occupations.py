"""The occupation catalogue, what people do (ทะเบียนอาชีพ) and what they want to learn (needs survey)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.scoping import AreaPaths, ScopedQuerySet


class OccupationCategory(models.TextChoices):
    AGRICULTURE = "agriculture", "เกษตรกรรม"
    LIVESTOCK = "livestock", "ปศุสัตว์"
    FISHERY = "fishery", "ประมง"
    HANDICRAFT = "handicraft", "หัตถกรรม/สิ่งทอ"
    FOOD_PROCESSING = "food", "แปรรูปอาหาร"
    TRADE = "trade", "ค้าขาย"
    SERVICE = "service", "บริการ"
    OTHER = "other", "อื่น ๆ"


class Occupation(models.Model):
    """Admin-editable catalogue."""

    name = models.CharField(_("occupation"), max_length=150, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=OccupationCategory.choices)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("occupation (catalogue)")
        verbose_name_plural = _("occupations (catalogue)")
        ordering = ["category", "name"]

    def __str__(self):
        return self.name


PERSON_PATHS = AreaPaths(
    province="person__province_id", district="person__district_id", sub_district="person__sub_district_id"
)


class OccupationKind(models.TextChoices):
    MAIN = "main", _("main occupation")
    SECONDARY = "secondary", _("secondary occupation")


class PersonOccupation(models.Model):
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="occupations", verbose_name=_("person")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    kind = models.CharField(_("main or secondary"), max_length=10, choices=OccupationKind.choices)
    yearly_income = models.DecimalField(
        _("income per year (baht)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    area_paths = PERSON_PATHS

    class Meta:
        verbose_name = _("occupation of a person")
        verbose_name_plural = _("occupation register")
        ordering = ["person__first_name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "occupation"],
                name="person_occupation_once",
                violation_error_message=_("This occupation is already recorded for the person."),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="main"),
                name="person_one_main_occupation",
                violation_error_message=_("The person already has a main occupation."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("registry:occupation_detail", args=[self.pk])

    def __str__(self):
        return f"{self.person} — {self.occupation} ({self.get_kind_display()})"


class WantedOccupation(models.Model):
    """The needs survey: an occupation a person wants to learn, with a priority."""

    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.CASCADE,
        related_name="wanted_occupations",
        verbose_name=_("person"),
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation wanted")
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = wanted most"),
    )
    survey_year = models.PositiveSmallIntegerField(
        _("survey year (BE)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    area_paths = PERSON_PATHS

    class Meta:
        verbose_name = _("wanted occupation")
        verbose_name_plural = _("wanted occupations (needs survey)")
        ordering = ["priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "occupation"],
                name="wanted_occupation_once",
                violation_error_message=_("This wanted occupation is already recorded for the person."),
            )
        ]

    def get_absolute_url(self):
        return reverse("registry:wanted_detail", args=[self.pk])

    def __str__(self):
        return f"{self.person} — {self.occupation} ({self.priority})"
