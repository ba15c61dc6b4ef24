"""Writes of the training app: moving along the ten steps, certificates."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.scoping import Action
from training.models import Certificate, FollowUp, Step, StepMove, Training
from training.selectors import eligible_enrollments
from training.workflow import MOVERS, RULES, missing

FOLLOW_UP_MONTHS = (3, 6)


def _lock(user, training) -> Training:
    if getattr(user, "role", None) not in MOVERS:
        raise ValidationError(_("Your role may not move a training along its steps."))
    locked = Training.objects.for_user(user, Action.CHANGE).select_for_update().filter(pk=training.pk).first()
    if locked is None:
        raise ValidationError(_("You may not change this training."))
    return locked


@transaction.atomic
def training_advance(*, user, training: Training) -> Training:
    """Move to the next step when the current step's guard passes; log the move."""
    training = _lock(user, training)
    rule = RULES[Step(training.step)]
    if rule.next is None:
        raise ValidationError(_("This is the last step."))
    still_missing = missing(training)
    if still_missing:
        raise ValidationError(_("Step %(step)s still needs: %(missing)s.") % {
            "step": training.step, "missing": ", ".join(str(m) for m in still_missing)})
    StepMove.objects.create(training=training, from_step=training.step, to_step=rule.next, user=user)
    training.step = rule.next
    training.save(update_fields=["step", "updated_at"])
    if training.step == Step.FOLLOW_UP:
        follow_ups_open(training=training)
    return training


@transaction.atomic
def training_move_back(*, user, training: Training, to_step: int, reason: str) -> Training:
    """Go back to an earlier step, with a written reason (TAO staff and admins)."""
    training = _lock(user, training)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Write why the training goes back a step."))
    if not 1 <= int(to_step) < training.step:
        raise ValidationError(_("A training can only go back to an earlier step."))
    StepMove.objects.create(training=training, from_step=training.step, to_step=to_step, user=user, reason=reason)
    training.step = int(to_step)
    training.save(update_fields=["step", "updated_at"])
    return training


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def follow_ups_open(*, training: Training) -> int:
    """Step 10 opens the follow-up register: rounds 3 and 6 months after the end, for every certified trainee."""
    end = training.end_date or timezone.localdate()
    rounds = [FollowUp(enrollment=e, round=m, due_on=_add_months(end, m))
              for e in training.enrollments.filter(certificate__isnull=False) for m in FOLLOW_UP_MONTHS]
    return len(FollowUp.objects.bulk_create(rounds, ignore_conflicts=True))


@transaction.atomic
def certificates_issue(*, user, training: Training, issued_on: datetime.date | None = None) -> list[Certificate]:
    """Step 8: one certificate for every eligible trainee who has none yet, numbered per office and fiscal year."""
    training = _lock(user, training)
    if training.step != Step.CERTIFY:
        raise ValidationError(_("Certificates are issued at step 8."))
    if training.fiscal_year is None:
        raise ValidationError(_("The training has no dates."))
    waiting = list(eligible_enrollments(training).filter(certificate__isnull=True).order_by(
        "person__first_name", "person__last_name", "pk"))
    if not waiting:
        return []
    # Serial numbers: lock the office's certificates of the year so two batches never share a number.
    last = (Certificate.objects.select_for_update().filter(office=training.office, fiscal_year=training.fiscal_year)
            .aggregate(last=Max("number"))["last"] or 0)
    issued_on = issued_on or training.end_date or timezone.localdate()
    certificates = [Certificate(enrollment=e, office=training.office, fiscal_year=training.fiscal_year,
                                number=last + i, issued_on=issued_on) for i, e in enumerate(waiting, start=1)]
    Certificate.objects.bulk_create(certificates)
    return certificates


def certificate_issue_one(*, user, enrollment) -> Certificate:
    """Issue for one trainee; refused with the reason when the trainee is not eligible."""
    if not eligible_enrollments(enrollment.training).filter(pk=enrollment.pk).exists():
        raise ValidationError(_("%(person)s is not eligible for a certificate.") % {"person": enrollment.person})
    issued = [c for c in certificates_issue(user=user, training=enrollment.training) if c.enrollment_id == enrollment.pk]
    return issued[0] if issued else enrollment.certificate


@transaction.atomic
def certificate_revoke(*, user, certificate: Certificate, reason: str) -> Certificate:
    if not (reason or "").strip():
        raise ValidationError(_("Write why the certificate is revoked."))
    _lock(user, certificate.enrollment.training)
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason.strip()
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    return certificate
