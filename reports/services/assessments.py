"""Writes of the sufficiency-economy village assessment: a round with all its answers (all or nothing), and
the village-development plan after round 1. Every rule is here; who may is reports/policies/assessments.py."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kit import thai
from kit.policy import ensure
from registry.models import AuditAction, Village
from registry.services.audit import audit
from reports.models import Answer, Assessment, CriteriaVersion, PlanItem, Round


@dataclass(frozen=True)
class AnswerInput:
    indicator_id: int
    passed: bool
    note: str = ""


def _criteria(village, fiscal_year, round_number):
    """The version of the year's round 1 when there is one (both rounds compare the same indicators), else the
    version in force for the year."""
    first = Assessment.objects.filter(village=village, fiscal_year=fiscal_year, round=Round.BEFORE).first()
    if round_number == Round.AFTER and first is not None:
        return first.criteria
    criteria = CriteriaVersion.for_year(fiscal_year)
    if criteria is None:
        raise ValidationError(
            _(
                "No sufficiency-village criteria are in force for fiscal year %(year)s: ask the "
                "system administrator to add them."
            )
            % {"year": fiscal_year}
        )
    return criteria


def _check_order(village, fiscal_year, round_number, assessed_on):
    """Round 2 comes after round 1: recorded after it, on the same day or later; round 1 is not moved after
    round 2."""
    other = Assessment.objects.filter(
        village=village,
        fiscal_year=fiscal_year,
        round=Round.AFTER if round_number == Round.BEFORE else Round.BEFORE,
    ).first()
    if round_number == Round.AFTER:
        if other is None:
            raise ValidationError(
                _(
                    "Round 2 is recorded after round 1: record the village's round 1 of fiscal year "
                    "%(year)s first."
                )
                % {"year": fiscal_year}
            )
        if assessed_on < other.assessed_on:
            raise ValidationError(
                _("Round 2 cannot be dated before round 1 (%(date)s).")
                % {"date": thai.date_short(other.assessed_on)}
            )
    elif other is not None and assessed_on > other.assessed_on:
        raise ValidationError(
            _("Round 1 cannot be dated after round 2 (%(date)s).")
            % {"date": thai.date_short(other.assessed_on)}
        )


def _check_training(village, fiscal_year, assessed_on):
    """Round 2 assesses the village after its village-level training (step 10): a training held in the
    village in the fiscal year must have ended by the date of round 2. Read-only from the training app."""
    from training.models import Training

    trainings = Training.objects.filter(village=village, fiscal_year=fiscal_year)
    if trainings.filter(end_date__lte=assessed_on).exists():
        return
    if not trainings.exists():
        raise ValidationError(
            _(
                "The village training comes first: round 2 is assessed after the village-level "
                "training, and no training in %(village)s is recorded for fiscal year %(year)s."
            )
            % {"village": village, "year": fiscal_year}
        )
    ends = (
        trainings.filter(end_date__isnull=False)
        .order_by("end_date")
        .values_list("end_date", flat=True)
        .first()
    )
    if ends is None:
        raise ValidationError(
            _(
                "Round 2 is assessed after the village training has finished: the training in "
                "%(village)s of fiscal year %(year)s has no end date yet; record its dates first."
            )
            % {"village": village, "year": fiscal_year}
        )
    raise ValidationError(
        _(
            "Round 2 is assessed after the village training has finished: the training in "
            "%(village)s ends on %(ends)s, after the date of round 2 (%(date)s)."
        )
        % {"village": village, "ends": thai.date_short(ends), "date": thai.date_short(assessed_on)}
    )


def _check_date(fiscal_year, assessed_on):
    first_day, last_day = thai.fiscal_year_bounds(fiscal_year)
    if not first_day <= assessed_on <= last_day:
        raise ValidationError(
            _("The date must fall in fiscal year %(year)s (%(first)s – %(last)s).")
            % {"year": fiscal_year, "first": thai.date_short(first_day), "last": thai.date_short(last_day)}
        )
    if assessed_on > timezone.localdate():
        raise ValidationError(_("The date of the assessment cannot be in the future."))


def _check_answers(criteria, answers):
    """One answer for every indicator of the version, none twice, none of another version."""
    numbers = dict(criteria.indicators.values_list("pk", "number"))
    seen = set()
    for answer in answers:
        if answer.indicator_id not in numbers:
            raise ValidationError(
                _("An answer names an indicator that is not in the criteria of this round.")
            )
        if answer.indicator_id in seen:
            raise ValidationError(
                _("Indicator %(number)s is answered twice: give one answer.")
                % {"number": numbers[answer.indicator_id]}
            )
        seen.add(answer.indicator_id)
    missing = sorted(number for pk, number in numbers.items() if pk not in seen)
    if missing:
        raise ValidationError(
            _("Every indicator needs an answer; missing: %(numbers)s.")
            % {"numbers": ", ".join(map(str, missing))}
        )


@transaction.atomic
def assessment_record(
    *,
    user,
    village: Village,
    fiscal_year: int,
    round_number: int,
    assessed_on,
    committee: str,
    answers: list[AnswerInput],
) -> Assessment:
    """Record a round of the village's assessment, or correct a recorded one: the date, the committee and an
    answer for every indicator, saved together or not at all. The level is not
    an input (selectors.with_levels)."""
    ensure(user, "reports.assessment_record", village)
    if round_number not in Round.values:
        raise ValidationError(_("The round is 1 (before the training) or 2 (after it)."))
    if not committee.strip():
        raise ValidationError(_("Name the village committee members who assessed with you."))
    Village.objects.select_for_update().filter(pk=village.pk).first()  # one writer per village at a time
    _check_date(fiscal_year, assessed_on)
    _check_order(village, fiscal_year, round_number, assessed_on)
    if round_number == Round.AFTER:
        _check_training(village, fiscal_year, assessed_on)
    criteria = _criteria(village, fiscal_year, round_number)
    answers = list(answers)
    _check_answers(criteria, answers)
    assessment = Assessment.objects.filter(
        village=village, fiscal_year=fiscal_year, round=round_number
    ).first()
    created = assessment is None
    if created:
        assessment = Assessment(
            village=village, fiscal_year=fiscal_year, round=round_number, criteria=criteria
        )
    assessment.assessed_on, assessment.committee = assessed_on, committee.strip()
    assessment.assessed_by, assessment.office = user, user.office
    assessment.set_areas()
    assessment.full_clean()
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as exc:  # the same round saved at the same moment in another tab
        raise ValidationError(
            _("This round of the village is already recorded for the fiscal year.")
        ) from exc
    assessment.answers.all().delete()
    Answer.objects.bulk_create(
        [
            Answer(
                assessment=assessment,
                indicator_id=a.indicator_id,
                passed=bool(a.passed),
                note=(a.note or "").strip()[:500],
            )
            for a in answers
        ]
    )
    audit(
        user=user,
        obj=assessment,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        changes={"passed": ["", str(sum(bool(a.passed) for a in answers))]},
    )
    return assessment


@transaction.atomic
def plan_item_add(
    *, user, assessment: Assessment, activity: str, indicator=None, responsible: str = "", due_on=None
) -> PlanItem:
    """What the village will work on, recorded after its round 1 (step 8)."""
    ensure(user, "reports.assessment_record", assessment.village)
    if assessment.round != Round.BEFORE:
        raise ValidationError(_("The development plan is recorded after round 1, on round 1."))
    if indicator is not None and indicator.version_id != assessment.criteria_id:
        raise ValidationError(_("The indicator is not in the criteria of this assessment."))
    item = PlanItem(
        assessment=assessment,
        activity=activity.strip(),
        indicator=indicator,
        responsible=responsible.strip(),
        due_on=due_on,
        created_by=user,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_item_remove(*, user, item: PlanItem) -> None:
    ensure(user, "reports.assessment_record", item.assessment.village)
    item.delete()
