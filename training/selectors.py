"""Reads of the training app; attendance, scores and eligibility are computed in the database."""

from decimal import Decimal

from django.db.models import (BooleanField, Case, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum, Value,
                              When)
from django.db.models.functions import Coalesce

from training.models import Enrollment, Training

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=2))


SEARCH_MIN_CHARS = 2
SEARCH_LIMIT = 10


def people_to_enrol(*, user, training: Training, q: str):
    """People of the user's register matching `q` (names, or a whole national ID), for enrolling in `training`;
    each marked `enrolled` if already in it. At most SEARCH_LIMIT, none for fewer than SEARCH_MIN_CHARS."""
    from registry.models import Person
    from registry.scoping import Action
    from registry.selectors import people_search

    q = (q or "").strip()
    if len(q) < SEARCH_MIN_CHARS:
        return Person.objects.none()
    people = people_search(Person.objects.for_user(user, Action.CHANGE), q, by_national_id=True)
    return (people.select_related("village")
            .annotate(enrolled=Exists(Enrollment.objects.filter(training=training, person=OuterRef("pk"))))
            .order_by("first_name", "last_name", "pk")[:SEARCH_LIMIT])


def training_total_hours(training: Training) -> Decimal:
    return training.sessions.aggregate(total=Coalesce(Sum("hours"), ZERO))["total"]


def enrollments_with_results(training: Training):
    """Each trainee with hours attended, attendance %, passed, eligible (attendance ≥ threshold and passed)."""
    total = training_total_hours(training)
    pct = (ExpressionWrapper(F("attended") * 100 / Value(total), output_field=DecimalField(max_digits=7, decimal_places=2))
           if total else ZERO)
    return (
        Enrollment.objects.filter(training=training).select_related("person")
        .annotate(attended=Coalesce(Sum("attendance__hours"), ZERO))
        .annotate(attendance_pct=pct)
        .annotate(
            passed=Case(When(post_score__gte=training.pass_mark, then=True), default=False, output_field=BooleanField()),
            enough_attendance=Case(When(Q(attendance_pct__gte=training.attendance_threshold) & Q(attended__gt=0),
                                        then=True), default=False, output_field=BooleanField()),
        )
        .annotate(eligible=Case(When(Q(passed=True) & Q(enough_attendance=True), then=True), default=False,
                                output_field=BooleanField()))
    )


def eligible_enrollments(training: Training):
    return enrollments_with_results(training).filter(eligible=True)


def budget_overrun(training: Training) -> Decimal | None:
    """How much the approved budget (step 5) exceeds the planned one, or None when it does not."""
    if training.budget_approved is None or training.budget_approved <= training.budget_planned:
        return None
    return training.budget_approved - training.budget_planned
