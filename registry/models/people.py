"""People and households, with the target households chosen at a village forum (20 per target village)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit import thai
from kit.validators import validate_national_id, validate_phone
from registry.models.base import VillageRecord
from registry.scoping import ScopedQuerySet

YEAR_VALIDATORS = [MinValueValidator(2500), MaxValueValidator(2700)]


class Title(models.TextChoices):
    MR = "mr", "นาย"
    MRS = "mrs", "นาง"
    MISS = "miss", "นางสาว"
    OTHER = "other", _("other")


TITLE_LABELS = {Title.MR.value: "นาย", Title.MRS.value: "นาง", Title.MISS.value: "นางสาว"}


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class PersonQuerySet(ScopedQuerySet):
    def for_table(self):
        """The list's joins, and the name of the local office that keeps each person's
        register (one subquery)."""
        from registry.models.offices import LOCAL_KINDS, Office

        office = Office.objects.filter(
            kind__in=LOCAL_KINDS, sub_districts=OuterRef("sub_district_id")
        ).order_by("pk")
        return self.select_related("village", "sub_district", "district").annotate(
            office_name=Subquery(office.values("name")[:1])
        )


class Person(VillageRecord):
    title = models.CharField(_("title"), max_length=10, choices=Title.choices)
    title_other = models.CharField(
        _("other title"), max_length=50, blank=True, help_text=_("e.g. ว่าที่ร้อยตรี, ด.ญ., พระ")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    national_id = models.CharField(
        _("national ID number"),
        max_length=13,
        unique=True,
        validators=[validate_national_id],
        error_messages={"unique": _("This national ID number is already registered.")},
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    house_number = models.CharField(_("house number"), max_length=30)
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name", "last_name"]
        # Covers the name-sorted register list inside a TAO's sub-districts (the FK columns have their own).
        # The newest-first list of a province or a district (ORDER BY id DESC LIMIT n in the area) walks these
        # backwards and stops at the page: the primary key alone would skip every other area's newer rows
        # first (180,000 rows read for a page of 100 in bench_lists.py).
        indexes = [
            models.Index(fields=["sub_district", "first_name", "last_name"]),
            models.Index(fields=["province", "id"], name="person_province_newest"),
            models.Index(fields=["district", "id"], name="person_district_newest"),
        ]

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.pk])

    def __str__(self):
        return f"{self.display_title}{self.first_name} {self.last_name}"

    @property
    def display_title(self):
        # A plain dict, not get_title_display(): this runs for every row of an import's change log.
        return self.title_other if self.title == Title.OTHER else TITLE_LABELS.get(self.title, "")

    @property
    def masked_national_id(self):
        return thai.national_id_mask(self.national_id)

    def clean(self):
        super().clean()
        errors = {}
        if self.household_id and self.village_id and self.household.village_id != self.village_id:
            errors["household"] = _(
                "The household is in another village: choose one of this village's households."
            )
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = _("The birth date cannot be in the future.")
        try:
            validate_phone(self.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
        if errors:
            raise ValidationError(errors)


class JptThreshold(models.Model):
    """The จปฐ. income line per person per year, set by the admin for each survey year."""

    year = models.PositiveSmallIntegerField(_("survey year (BE)"), unique=True, validators=YEAR_VALIDATORS)
    income_per_person = models.DecimalField(
        _("income per person per year (baht)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("basic minimum needs (จปฐ.) income threshold")
        verbose_name_plural = _("basic minimum needs (จปฐ.) income thresholds")
        ordering = ["-year"]

    def __str__(self):
        return f"จปฐ. {self.year}: {thai.baht(self.income_per_person, 0)} บาท/คน/ปี"


class HouseholdQuerySet(ScopedQuerySet):
    def with_income(self):
        """Income per person, the จปฐ. threshold of the household's survey year, and the low-income flag."""
        per_person = ExpressionWrapper(
            F("yearly_income") / F("member_count"), output_field=DecimalField(max_digits=12, decimal_places=2)
        )
        threshold = JptThreshold.objects.filter(year=OuterRef("jpt_year")).values("income_per_person")[:1]
        return self.annotate(
            income_per_person=per_person,
            jpt_threshold=Subquery(threshold, output_field=DecimalField(max_digits=10, decimal_places=2)),
        ).annotate(
            jpt_low_income=Case(
                When(
                    Q(
                        jpt_threshold__isnull=False,
                        yearly_income__isnull=False,
                        income_per_person__lt=F("jpt_threshold"),
                    ),
                    then=True,
                ),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def for_table(self):
        return self.with_income().select_related("village", "head")


class Household(VillageRecord):
    house_number = models.CharField(_("house number"), max_length=30)
    head = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )
    member_count = models.PositiveSmallIntegerField(
        _("number of members"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    yearly_income = models.DecimalField(
        _("household income per year (baht)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    tpmap_poor = models.BooleanField(_("poor in TPMAP"), default=False)
    tpmap_year = models.PositiveSmallIntegerField(
        _("TPMAP year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    tpmap_source = models.CharField(_("TPMAP source"), max_length=100, blank=True, default="TPMAP")
    jpt_year = models.PositiveSmallIntegerField(
        _("จปฐ. survey year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    jpt_source = models.CharField(_("จปฐ. source"), max_length=100, blank=True, default="จปฐ.")
    released_prisoner = models.BooleanField(_("released from prison"), default=False)
    prisoner_consent = models.BooleanField(_("the person consented to this being recorded"), default=False)
    prisoner_consent_date = models.DateField(_("date of consent"), null=True, blank=True)
    prisoner_source = models.CharField(_("source (released from prison)"), max_length=100, blank=True)
    interested_in_training = models.BooleanField(_("interested in occupational training"), default=False)
    interested_year = models.PositiveSmallIntegerField(
        _("year of interest"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    interested_source = models.CharField(_("source (interest)"), max_length=100, blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village__code", "house_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "house_number"],
                name="household_unique_house",
                violation_error_message=_("This house number is already registered in the village."),
            ),
            models.CheckConstraint(
                condition=Q(released_prisoner=False) | Q(prisoner_consent=True),
                name="household_prisoner_needs_consent",
                violation_error_message=_("Released-from-prison status needs the person's recorded consent."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("registry:household_detail", args=[self.pk])

    def __str__(self):
        return _("House %(number)s, %(village)s") % {"number": self.house_number, "village": self.village}


class TargetCriterion(models.TextChoices):
    TPMAP = "tpmap", _("poor in TPMAP")
    JPT = "jpt", _("low income in the จปฐ. survey")
    PRISON = "prison", _("released from prison")
    INTERESTED = "interested", _("interested (e.g. โคก หนอง นา model)")


TARGETS_PER_VILLAGE = 20  # 20 target households per target village


class TargetHousehold(VillageRecord):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="target_selections", verbose_name=_("household")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR_VALIDATORS)
    criterion = models.CharField(_("criterion"), max_length=20, choices=TargetCriterion.choices)
    forum_date = models.DateField(_("date of the village forum"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("target household")
        verbose_name_plural = _("target households")
        ordering = ["-fiscal_year", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "fiscal_year"],
                name="target_once_per_year",
                violation_error_message=_(
                    "This household is already a target household in this fiscal year."
                ),
            )
        ]

    def get_absolute_url(self):
        return reverse("registry:target_detail", args=[self.pk])

    def __str__(self):
        return f"{self.household} ({self.fiscal_year})"
