"""Occupational training through the ten steps of a TAO's
occupation-promotion guideline (ขั้นตอนของการจัดการฝึกอบรม)."""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kit import thai
from registry.models.base import VillageRecord
from registry.scoping import AreaPaths, ProgrammeQuerySet, ScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}
HOURS = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Step(models.IntegerChoices):
    TOPIC = 1, _("Set the topic")
    STUDY = 2, _("Study the target group")
    PREPARE = 3, _("Prepare")
    PLAN = 4, _("Plan, project and budget")
    BUDGET = 5, _("Budget approval")
    RUN = 6, _("Run the training")
    EVALUATE = 7, _("Evaluate")
    CERTIFY = 8, _("Certificates")
    SATISFACTION = 9, _("Satisfaction survey")
    FOLLOW_UP = 10, _("Trainee register and follow-up")


class CertificateTitle(models.TextChoices):
    QUALIFICATION = "วุฒิบัตร", "วุฒิบัตร"
    HONOUR = "เกียรติบัตร", "เกียรติบัตร"
    ATTESTATION = "หนังสือรับรอง", "หนังสือรับรอง"


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)  # 96 bits: not guessable, short enough for a QR code


class Training(VillageRecord):
    """A training project of a TAO, held in one of its villages (or a learning centre there)."""

    office = models.ForeignKey(
        "registry.Office", on_delete=models.PROTECT, related_name="trainings", verbose_name=_("office")
    )
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, default=Step.TOPIC)
    # 1. topic
    topic = models.CharField(_("topic"), max_length=200)
    occupation = models.ForeignKey(
        "registry.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation promoted"),
    )
    objectives = models.TextField(_("objectives"), blank=True)
    # 2. target group
    target_group = models.TextField(_("target group"), blank=True)
    target_availability = models.TextField(
        _("when the target group is free"),
        blank=True,
        help_text=_("e.g. not in the rice harvest (November–December)"),
    )
    curriculum = models.TextField(_("curriculum"), blank=True)
    # 3. preparation
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("e.g. ศาลาประชาคม, ศูนย์เรียนรู้")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    hours = models.DecimalField(_("training hours"), null=True, blank=True, **HOURS)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    documents_ready = models.BooleanField(
        _("documents, trainee list and evaluation forms ready"), default=False
    )
    materials_ready = models.BooleanField(_("training materials ready"), default=False)
    # 5. budget approval (the plan is the budget lines of step 4)
    budget_approved = models.DecimalField(_("approved budget (baht)"), null=True, blank=True, **MONEY)
    ordinance_reference = models.CharField(_("budget ordinance reference"), max_length=200, blank=True)
    budget_spent = models.DecimalField(_("budget spent (baht)"), null=True, blank=True, **MONEY)
    # 7. evaluation rules
    max_score = models.DecimalField(
        _("maximum score"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(1))],
    )
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(60),
        validators=[MinValueValidator(Decimal(0))],
    )
    attendance_threshold = models.DecimalField(
        _("attendance needed (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    # 8. certificates
    certificate_title = models.CharField(
        _("certificate title"),
        max_length=20,
        choices=CertificateTitle.choices,
        default=CertificateTitle.QUALIFICATION,
    )
    # 9. the TAO's summary after the satisfaction survey
    limits_and_problems = models.TextField(_("limits and problems"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    no_survey_reason = models.CharField(
        _("why there are no satisfaction responses"), max_length=300, blank=True
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True, editable=False)

    objects = ProgrammeQuerySet.as_manager()  # a district office keeps the village trainings it runs

    class Meta:
        verbose_name = _("training project")
        verbose_name_plural = _("training projects")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date"))
                | Q(end_date__isnull=True)
                | Q(start_date__isnull=True),
                name="training_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__lte=models.F("max_score")),
                name="training_pass_mark_le_max",
                violation_error_message=_("The pass mark is above the maximum score."),
            ),
        ]

    # Change-log entries about what a training owns (training/services.py), by key.
    AUDIT_LABELS = {
        "instructors": _("instructors"),
        "budget_lines": _("budget lines"),
        "sessions": _("sessions"),
        "materials": _("practice materials"),
        "enrollments": _("trainees"),
        "attendance": _("attendance"),
        "scores": _("test scores"),
        "certificates": _("certificates"),
    }

    def __str__(self):
        return self.topic

    def save(self, *args, **kwargs):
        self.fiscal_year = thai.fiscal_year(self.start_date) if self.start_date else None
        super().save(*args, **kwargs)

    @property
    def budget_planned(self):
        """The sum of the budget lines, computed in the database."""
        total = self.budget_lines.aggregate(
            total=models.Sum(
                models.F("quantity") * models.F("unit_cost"),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            )
        )
        return (total["total"] or Decimal(0)).quantize(Decimal("0.01"))


class BudgetLine(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    unit_cost = models.DecimalField(_("cost per unit (baht)"), **MONEY)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["pk"]

    @property
    def amount(self):
        return (self.quantity * self.unit_cost).quantize(Decimal("0.01"))

    def __str__(self):
        quantity = f"{self.quantity.normalize():f}" if self.quantity is not None else ""
        return f"{self.item} {quantity} {self.unit} × {thai.baht(self.unit_cost)}".replace("  ", " ")


class TrainingInstructor(models.Model):
    """An expert from the register, or a named outsider (e.g. from the agriculture office)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="instructors")
    expert = models.ForeignKey(
        "registry.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expert from the register"),
    )
    name = models.CharField(_("name (outside instructor)"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")
        constraints = [
            models.CheckConstraint(
                condition=Q(expert__isnull=False) | ~Q(name=""),
                name="instructor_expert_or_name",
                violation_error_message=_("Choose an expert or write the instructor's name."),
            )
        ]

    def __str__(self):
        return str(self.expert) if self.expert_id else self.name


class Session(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    title = models.CharField(_("session topic"), max_length=200, blank=True)
    # Derived from the times on save, stored so that attendance percentages are summed in the database.
    hours = models.DecimalField(_("hours"), editable=False, default=Decimal(0), **HOURS)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="session_end_after_start",
                violation_error_message=_("The session ends before it starts."),
            )
        ]

    def __str__(self):
        return f"{thai.date_short(self.date)} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self):
        super().clean()
        training = self.training if self.training_id else None
        if (
            self.date
            and training is not None
            and training.start_date
            and training.end_date
            and not (training.start_date <= self.date <= training.end_date)
        ):
            raise ValidationError(
                {
                    "date": _(
                        "A session is held between the training's first and last day (%(start)s to %(end)s)."
                    )
                    % {
                        "start": thai.date_short(training.start_date),
                        "end": thai.date_short(training.end_date),
                    }
                }
            )

    def save(self, *args, **kwargs):
        minutes = (self.end_time.hour * 60 + self.end_time.minute) - (
            self.start_time.hour * 60 + self.start_time.minute
        )
        self.hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
        super().save(*args, **kwargs)


class EnrollmentQuerySet(ScopedQuerySet):
    pass


class Enrollment(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("trainee")
    )
    pre_score = models.DecimalField(
        _("pre-test score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    post_score = models.DecimalField(
        _("post-test score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    # The trainee's own link to the satisfaction survey (no account needed); unguessable.
    survey_token = models.CharField(max_length=32, unique=True, default=new_verification_code, editable=False)

    objects = EnrollmentQuerySet.as_manager()
    area_paths = AreaPaths(
        province="training__province_id",
        district="training__district_id",
        sub_district="training__sub_district_id",
    )

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["person__first_name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "person"],
                name="enrolled_once",
                violation_error_message=_("This person is already enrolled."),
            )
        ]

    def __str__(self):
        return str(self.person)


class Attendance(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    hours = models.DecimalField(_("hours attended"), **HOURS)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "session"], name="attendance_once")]


class StepMove(models.Model):
    """The log of every move along the ten steps, with who, when and (going back) why."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="moves")
    from_step = models.PositiveSmallIntegerField(_("from step"), choices=Step.choices)
    to_step = models.PositiveSmallIntegerField(_("to step"), choices=Step.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]


class Certificate(models.Model):
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate")
    office = models.ForeignKey("registry.Office", on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_verification_code)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_on = models.DateField(_("date given"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "fiscal_year", "number"], name="certificate_serial")
        ]

    def __str__(self):
        return self.serial

    @property
    def serial(self):
        return f"{self.number}/{self.fiscal_year}"

    @property
    def is_valid(self):
        return self.revoked_at is None


class FollowUp(models.Model):
    """Step 10: a follow-up round of a trainee (e.g. 3 and 6 months after the training)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="follow_ups")
    round = models.PositiveSmallIntegerField(_("months after the training"))
    due_on = models.DateField(pgettext_lazy("follow-up", "due on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    uses_skill = models.BooleanField(_("uses the skill"), null=True, blank=True)
    started_occupation = models.BooleanField(_("started the occupation"), null=True, blank=True)
    income_before = models.DecimalField(_("income per month before (baht)"), null=True, blank=True, **MONEY)
    income_after = models.DecimalField(_("income per month after (baht)"), null=True, blank=True, **MONEY)
    joined_group = models.BooleanField(_("joined an occupation group"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "round"], name="follow_up_round_once")]

    def __str__(self):
        return _("%(person)s, %(months)s months after") % {
            "person": self.enrollment.person,
            "months": self.round,
        }

    def clean(self):
        super().clean()
        if self.visited_on and self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": _("A visit that has not happened yet cannot be recorded.")})


SATISFACTION_ITEMS = [
    ("q1", _("The content met my needs")),
    ("q2", _("The instructors explained clearly")),
    ("q3", _("The length of the training was right")),
    ("q4", _("The place and practice materials were suitable")),
    ("q5", _("I can use what I learned in an occupation")),
]
LIKERT = [MinValueValidator(1), MaxValueValidator(5)]


class SatisfactionResponse(models.Model):
    """Step 9: one answer per trainee, from a phone, without an account."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="satisfaction_responses")
    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="satisfaction")
    q1 = models.PositiveSmallIntegerField(SATISFACTION_ITEMS[0][1], validators=LIKERT)
    q2 = models.PositiveSmallIntegerField(SATISFACTION_ITEMS[1][1], validators=LIKERT)
    q3 = models.PositiveSmallIntegerField(SATISFACTION_ITEMS[2][1], validators=LIKERT)
    q4 = models.PositiveSmallIntegerField(SATISFACTION_ITEMS[3][1], validators=LIKERT)
    q5 = models.PositiveSmallIntegerField(SATISFACTION_ITEMS[4][1], validators=LIKERT)
    comment = models.TextField(_("comments"), blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)


class MaterialReceipt(models.Model):
    """บันทึกการรับวัสดุฝึกปฏิบัติ: practice materials a trainee received (printed with a signature column)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="materials")
    item = models.CharField(_("material"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    received_on = models.DateField(_("received on"))

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self):
        quantity = f"{self.quantity.normalize():f}" if self.quantity is not None else ""
        return f"{self.item} {quantity} {self.unit}".strip()


class PublicLookupAttempt(models.Model):
    """A trainee's certificate lookup from one client, kept to slow down guessing (in the database, so
    that every app server behind the load balancer sees the same count). The client is stored hashed."""

    client = models.CharField(max_length=64, db_index=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


def _batch_file_name(batch, filename):
    return f"generated/certificates/{batch.training.office_id}/{batch.training_id}/{batch.pk}.pdf"


class CertificateBatch(models.Model):
    """All valid certificates of a training as one PDF, prepared by the background worker (training/tasks.py)
    and kept through the storage API until a newer batch replaces it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="certificate_batches")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    base_url = models.CharField(max_length=200)  # the site's address for the QR codes, from the request
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    certificate_count = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=_batch_file_name, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    @property
    def in_progress(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)

    def is_current(self) -> bool:
        """Ready, and no certificate of the training was issued or revoked since it was asked for."""
        if self.status != BatchStatus.READY:
            return False
        changed = Certificate.objects.filter(enrollment__training_id=self.training_id).filter(
            Q(issued_at__gt=self.requested_at) | Q(revoked_at__gt=self.requested_at)
        )
        return not changed.exists()
