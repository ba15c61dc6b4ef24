"""Reads of the training app; attendance, scores and eligibility are computed in the database.

The pages read typed objects (frozen dataclasses) from here, so reports can reuse the same reads."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from kit.paging import keyed_page
from training.models import (
    SATISFACTION_ITEMS,
    Attendance,
    BudgetLine,
    Certificate,
    CertificateBatch,
    Enrollment,
    FollowUp,
    MaterialReceipt,
    SatisfactionResponse,
    Session,
    StepMove,
    Training,
    TrainingInstructor,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=2))


SEARCH_MIN_CHARS = 2
SEARCH_LIMIT = 10


def people_to_enrol(*, user, training: Training, q: str):
    """People of the user's register matching `q` (names, or a whole national ID), for enrolling in
    `training`; each marked `enrolled` if already in it. At most SEARCH_LIMIT,
    none for fewer than SEARCH_MIN_CHARS."""
    from registry.models import Person
    from registry.selectors import people_search

    q = (q or "").strip()
    if len(q) < SEARCH_MIN_CHARS:
        return Person.objects.none()
    # The keeper's area (a district office enrols its district's people in the village training it runs).
    people = people_search(Person.objects.for_user(user), q, by_national_id=True)
    return (
        people.select_related("village")
        .annotate(enrolled=Exists(Enrollment.objects.filter(training=training, person=OuterRef("pk"))))
        .order_by("first_name", "last_name", "pk")[:SEARCH_LIMIT]
    )


def training_total_hours(training: Training) -> Decimal:
    return training.sessions.aggregate(total=Coalesce(Sum("hours"), ZERO))["total"]


def enrollments_with_results(training: Training):
    """Each trainee with hours attended, attendance %, passed, eligible
    (attendance ≥ threshold and passed)."""
    total = training_total_hours(training)
    pct = (
        ExpressionWrapper(
            F("attended") * 100 / Value(total), output_field=DecimalField(max_digits=7, decimal_places=2)
        )
        if total
        else ZERO
    )
    return (
        Enrollment.objects.filter(training=training)
        .select_related("person")
        .annotate(attended=Coalesce(Sum("attendance__hours"), ZERO))
        .annotate(attendance_pct=pct)
        .annotate(
            passed=Case(
                When(post_score__gte=training.pass_mark, then=True),
                default=False,
                output_field=BooleanField(),
            ),
            enough_attendance=Case(
                When(Q(attendance_pct__gte=training.attendance_threshold) & Q(attended__gt=0), then=True),
                default=False,
                output_field=BooleanField(),
            ),
        )
        .annotate(
            eligible=Case(
                When(Q(passed=True) & Q(enough_attendance=True), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
    )


def eligible_enrollments(training: Training):
    return enrollments_with_results(training).filter(eligible=True)


def budget_overrun(training: Training) -> Decimal | None:
    """How much the approved budget (step 5) exceeds the planned one, or None when it does not."""
    if training.budget_approved is None or training.budget_approved <= training.budget_planned:
        return None
    return training.budget_approved - training.budget_planned


# --- the list -----------------------------------------------------------------------------------------------


def training_rows(*, queryset, year: int | None = None, step: int | None = None):
    """The trainings of the list from `queryset` (already scoped and filtered), of one fiscal year and one
    step, newest first: no joins and no annotations, so the pager counts and slices keys only."""
    if year is not None:
        queryset = queryset.filter(fiscal_year=year)
    if step is not None:
        queryset = queryset.filter(step=step)
    return queryset.order_by("-start_date", "-pk")


def with_list_columns(queryset):
    """What each row of the list shows: its village, occupation, office and district, and `trainee_count`."""
    return queryset.select_related("village", "occupation", "office", "district").annotate(
        trainee_count=Count("enrollments")
    )


def training_list(*, queryset, year: int | None = None, step: int | None = None):
    """The rows of the trainings list, each with `trainee_count`, newest first; one query whatever the number
    of trainees."""
    return with_list_columns(training_rows(queryset=queryset, year=year, step=step))


def training_list_page(*, queryset, year: int | None = None, step: int | None = None, number, per_page: int):
    """One page of the trainings list in the same queries at any page size and scope: the count and the page's
    keys (kit.paging), then the page's rows with their trainee counts."""
    keys = training_rows(queryset=queryset, year=year, step=step).values_list("pk", flat=True)
    return keyed_page(keys, number=number, per_page=per_page, rows=with_list_columns(queryset))


def training_years(*, queryset) -> list[int]:
    """The fiscal years of the trainings in `queryset`, newest first (the list's year filter)."""
    return sorted(
        set(queryset.exclude(fiscal_year=None).values_list("fiscal_year", flat=True).distinct()), reverse=True
    )


# --- the training's page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyItem:
    key: str
    label: str
    mean: float | None


@dataclass(frozen=True)
class SurveySummary:
    """The satisfaction survey: how many answered, each question's mean (1–5), and the written comments."""

    answered: int
    items: tuple[SurveyItem, ...]
    comments: tuple[str, ...]

    def mean(self, key: str) -> float | None:
        return next(item.mean for item in self.items if item.key == key)


@dataclass(frozen=True)
class CertificateBatchState:
    """The certificates' PDF: the newest batch the worker prepared, whether it is current, and how many valid
    certificates a new one would hold."""

    batch: CertificateBatch | None
    current: bool
    valid_certificates: int


@dataclass(frozen=True)
class TrainingPage:
    """Everything the training's page shows about the training; the trainees carry their results (attended
    hours, attendance %, passed, eligible), their certificate and their materials,
    read in a fixed number of queries."""

    training: Training
    results: list[Enrollment]
    sessions: list[Session]
    attendance: dict[tuple[int, int], Decimal]  # (enrollment pk, session pk) -> hours
    total_hours: Decimal
    instructors: list[TrainingInstructor]
    budget_lines: list[BudgetLine]
    budget_overrun: Decimal | None
    materials: list[Enrollment]  # trainees who received materials, each with `materials` prefetched
    certificates: list[Certificate]
    survey: SurveySummary
    follow_ups: list[FollowUp]
    moves: list[StepMove]
    history: list | None  # the change log, for those who may change the training; else None
    batch: CertificateBatchState


def training_page(*, training: Training, with_history: bool) -> TrainingPage:
    results = list(
        enrollments_with_results(training)
        .select_related("certificate")
        .prefetch_related(
            Prefetch("materials", queryset=MaterialReceipt.objects.order_by("received_on", "pk"))
        )
        .order_by("person__first_name", "person__last_name", "pk")
    )
    return TrainingPage(
        training=training,
        results=results,
        sessions=list(training.sessions.all()),
        attendance={
            (a.enrollment_id, a.session_id): a.hours
            for a in Attendance.objects.filter(session__training=training)
        },
        total_hours=training_total_hours(training),
        instructors=list(training.instructors.select_related("expert__person")),
        budget_lines=list(training.budget_lines.all()),
        budget_overrun=budget_overrun(training),
        materials=[e for e in results if e.materials.all()],
        certificates=list(
            Certificate.objects.filter(enrollment__training=training).select_related("enrollment__person")
        ),
        survey=training_survey(training=training),
        follow_ups=list(
            FollowUp.objects.filter(enrollment__training=training)
            .select_related("enrollment__person")
            .order_by("due_on", "enrollment__person__first_name", "pk")
        ),
        moves=list(training.moves.select_related("user")[:20]),
        history=training_history(training=training) if with_history else None,
        batch=certificate_batch_state(training=training),
    )


def training_survey(*, training: Training) -> SurveySummary:
    """The satisfaction survey of `training`, its means computed in the database."""
    responses = SatisfactionResponse.objects.filter(training=training)
    totals = responses.aggregate(
        answered=Count("pk"), **{key: Avg(key) for key, _label in SATISFACTION_ITEMS}
    )
    return SurveySummary(
        answered=totals["answered"],
        items=tuple(SurveyItem(key=key, label=label, mean=totals[key]) for key, label in SATISFACTION_ITEMS),
        comments=tuple(responses.exclude(comment="").values_list("comment", flat=True)),
    )


def certificate_batch_state(*, training: Training) -> CertificateBatchState:
    batch = training.certificate_batches.select_related("requested_by").first()
    return CertificateBatchState(
        batch=batch,
        current=batch is not None and batch.is_current(),
        valid_certificates=Certificate.objects.filter(
            enrollment__training=training, revoked_at__isnull=True
        ).count(),
    )


def training_history(*, training: Training, limit: int = 50) -> list:
    """The change log of the training and of its trainees' follow-up visits, newest first."""
    from django.contrib.contenttypes.models import ContentType

    from registry.models import AuditEntry

    types = ContentType.objects.get_for_models(Training, FollowUp)
    follow_ups = FollowUp.objects.filter(enrollment__training=training).values_list("pk", flat=True)
    return list(
        AuditEntry.objects.filter(
            Q(content_type=types[Training], object_id=str(training.pk))
            | Q(content_type=types[FollowUp], object_id__in=[str(pk) for pk in follow_ups])
        )
        .select_related("user", "import_batch", "content_type")
        .order_by("-at", "-pk")[:limit]
    )


def certified_people(*, training: Training) -> list[int]:
    """The people (pks) of `training` holding a valid certificate:
    the founders offered when a group is formed."""
    return list(
        training.enrollments.filter(
            certificate__isnull=False, certificate__revoked_at__isnull=True
        ).values_list("person", flat=True)
    )


def follow_ups_overdue(*, trainings, today: datetime.date):
    """Follow-up visits not yet made and past their due date,
    of the trainings in `trainings` (already scoped)."""
    return (
        FollowUp.objects.filter(visited_on__isnull=True, due_on__lt=today, enrollment__training__in=trainings)
        .select_related("enrollment__person", "enrollment__training")
        .order_by("due_on", "pk")
    )


def programme_villages(*, user, fiscal_year: int):
    """The village programme's target villages of `fiscal_year` in the user's area (`kit.programmes`), each
    with its instructor team's member count and its target households of the year,
    for the village-training page."""
    from django.db.models import Count, IntegerField, Subquery

    from kit import programmes
    from registry.models import InstructorTeam, TargetHousehold, Village

    def count(queryset):
        return Subquery(
            queryset.order_by().values("village").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        )

    members = InstructorTeam.objects.filter(
        village=OuterRef("pk"), fiscal_year=fiscal_year, members__isnull=False
    )
    households = TargetHousehold.objects.filter(village=OuterRef("pk"), fiscal_year=fiscal_year)
    return (
        programmes.target_villages(fiscal_year)
        .filter(pk__in=Village.objects.for_user(user).values("pk"))
        .select_related("sub_district")
        .annotate(team_members=count(members), households=count(households))
        .order_by("sub_district_id", "number")
    )


def team_years(*, user, now: int) -> list[int]:
    """The fiscal years of the instructor teams in the user's area, and the present one, newest first."""
    from registry.models import InstructorTeam

    years = set(
        InstructorTeam.objects.for_user(user).order_by().values_list("fiscal_year", flat=True).distinct()
    )
    return sorted(years | {now}, reverse=True)
