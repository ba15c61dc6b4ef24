"""Writes of the training app: moving along the ten steps, certificates.

Every change to a training is written to the change log (registry AuditEntry) against the training, except
step moves, which have their own log (StepMove, with the reason for going back); a follow-up visit, which
records a trainee's income, is logged against the visit with each field's old and new value.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kit.policy import ensure
from kit.validators import check_fields
from kit.workflow import transition
from registry.scoping import Action
from training.models import Certificate, FollowUp, Training
from training.selectors import eligible_enrollments
from training.workflow import TRAINING, require_open

FOLLOW_UP_MONTHS = (3, 6)
AUDIT_LINES = 60  # at most this many changed cells described in one change-log entry


def _audit(user, training, changes: dict, action=None):
    """One change-log entry for the training: {what: [before, after]} (texts; see Training.AUDIT_LABELS)."""
    from registry.models import AuditAction
    from registry.services.audit import audit

    if changes or action:
        audit(user=user, obj=training, action=action or AuditAction.UPDATE, changes=changes)


def _lines(lines: list[str]) -> str:
    more = len(lines) - AUDIT_LINES
    text = "; ".join(lines[:AUDIT_LINES])
    return text + (_(" and %(count)s more") % {"count": more} if more > 0 else "")


ALREADY_GONE = gettext_lazy(
    "This line is no longer there (removed in another tab, or a second click); nothing was changed."
)
# What a certificate rests on: changing it afterwards would leave holders who no longer meet the rules.
PASS_RULES = ("max_score", "pass_mark", "attendance_threshold")


def _certified(training) -> set:
    """The ids of the training's enrollments that hold a valid (not revoked) certificate."""
    return set(
        Certificate.objects.filter(enrollment__training=training, revoked_at__isnull=True).values_list(
            "enrollment_id", flat=True
        )
    )


def _value(value) -> str:
    return "—" if value is None else f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


def _lock(user, training) -> Training:
    locked = Training.objects.for_user(user, Action.CHANGE).select_for_update().filter(pk=training.pk).first()
    if locked is None:
        raise ValidationError(_("You may not change this training."))
    ensure(user, "training.change", locked)
    return locked


def training_advance(*, user, training: Training) -> Training:
    """Move on to the next step when the step's guard passes (training/workflow.py); logged as a StepMove."""
    onward = TRAINING.state_of(training).forward
    if onward is None:
        raise ValidationError(_("This is the last step."))
    return transition(TRAINING, training, onward.to, user=user)


def training_move_back(*, user, training: Training, to_step: int, reason: str) -> Training:
    """Go back to an earlier step, with a written reason (the moves back are in the table)."""
    return transition(TRAINING, training, to_step, user=user, reason=reason)


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
    """Step 10 opens the follow-up register: rounds 3 and 6 months after the end,
    for every certified trainee."""
    end = training.end_date or timezone.localdate()
    rounds = [
        FollowUp(enrollment=e, round=m, due_on=_add_months(end, m))
        for e in training.enrollments.filter(certificate__isnull=False)
        for m in FOLLOW_UP_MONTHS
    ]
    return len(FollowUp.objects.bulk_create(rounds, ignore_conflicts=True))


@transaction.atomic
def certificates_issue(
    *, user, training: Training, issued_on: datetime.date | None = None
) -> list[Certificate]:
    """Step 8: one certificate for every eligible trainee who has none yet,
    numbered per office and fiscal year."""
    training = _lock(user, training)
    require_open(training, "certificates")
    if training.fiscal_year is None:
        raise ValidationError(_("The training has no dates."))
    waiting = list(
        eligible_enrollments(training)
        .filter(certificate__isnull=True)
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    if not waiting:
        return []
    # Serial numbers: lock the office's certificates of the year so two batches never share a number.
    last = (
        Certificate.objects.select_for_update()
        .filter(office=training.office, fiscal_year=training.fiscal_year)
        .aggregate(last=Max("number"))["last"]
        or 0
    )
    issued_on = issued_on or training.end_date or timezone.localdate()
    certificates = [
        Certificate(
            enrollment=e,
            office=training.office,
            fiscal_year=training.fiscal_year,
            number=last + i,
            issued_on=issued_on,
        )
        for i, e in enumerate(waiting, start=1)
    ]
    Certificate.objects.bulk_create(certificates)
    _audit(
        user,
        training,
        {"certificates": ["", _lines([f"{c.serial} {c.enrollment.person}" for c in certificates])]},
    )
    return certificates


def certificate_issue_one(*, user, enrollment) -> Certificate:
    """Issue for one trainee; refused with the reason when the trainee is not eligible."""
    if not eligible_enrollments(enrollment.training).filter(pk=enrollment.pk).exists():
        raise ValidationError(
            _("%(person)s is not eligible for a certificate.") % {"person": enrollment.person}
        )
    issued = [
        c
        for c in certificates_issue(user=user, training=enrollment.training)
        if c.enrollment_id == enrollment.pk
    ]
    return issued[0] if issued else enrollment.certificate


@transaction.atomic
def certificate_batch_request(*, user, training: Training, base_url: str):
    """Queue the PDF of all the training's valid certificates (training/tasks.py);
    one at a time per training."""
    from training.models import CertificateBatch
    from training.tasks import render_certificate_batch

    training = _changeable(user, training)
    if not Certificate.objects.filter(enrollment__training=training, revoked_at__isnull=True).exists():
        raise ValidationError(_("The training has no valid certificates yet."))
    waiting = training.certificate_batches.filter(status__in=["queued", "running"]).first()
    if waiting is not None:
        return waiting
    batch = CertificateBatch.objects.create(training=training, requested_by=user, base_url=base_url)
    # Queued in this transaction: the worker sees the job once the batch row is committed with it.
    result = render_certificate_batch.enqueue(str(batch.pk))
    CertificateBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=str(result.id))
    batch.refresh_from_db()
    return batch


@transaction.atomic
def certificate_revoke(*, user, certificate: Certificate, reason: str) -> Certificate:
    if not (reason or "").strip():
        raise ValidationError(_("Write why the certificate is revoked."))
    training = _lock(user, certificate.enrollment.training)
    if Certificate.objects.filter(
        pk=certificate.pk, revoked_at__isnull=False
    ).exists():  # two tabs, a double click
        raise ValidationError(_("This certificate is already revoked."))
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason.strip()
    check_fields(certificate)
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    _audit(
        user,
        training,
        {
            "certificates": [
                f"{certificate.serial} {certificate.enrollment.person}",
                _("revoked: %(reason)s") % {"reason": certificate.revoke_reason},
            ]
        },
    )
    return certificate


# --- the training's own facts, step by step -----------------------------------------------------------------


def _changeable(user, training) -> Training:
    training = Training.objects.for_user(user, Action.CHANGE).filter(pk=training.pk).first()
    if training is None:
        raise ValidationError(_("You may not change this training."))
    ensure(user, "training.change", training)
    return training


@transaction.atomic
def training_create(*, user, office, **fields) -> Training:
    """A new training at step 1, in a village of the office's area (logged as created)."""
    ensure(user, "training.create")
    return _training_new(user=user, training=Training(office=office, **fields))


def _training_new(*, user, training) -> Training:
    from registry.services.records import record_save

    ensure(user, "training.place", training)
    return record_save(user=user, obj=training)


@transaction.atomic
def training_update(*, user, training: Training, fields: dict) -> Training:
    """Save the facts of a step (a form's cleaned data), checked and kept inside the office's area, logged."""
    from registry.services.records import record_save

    training = _changeable(user, training)
    changed = [name for name in PASS_RULES if name in fields and fields[name] != getattr(training, name)]
    if changed and _certified(training):
        raise ValidationError(
            _(
                "Certificates were issued under the present pass mark, maximum score and attendance "
                "threshold; revoke them first (with the reason) to change these."
            )
        )
    for name, value in fields.items():
        setattr(training, name, value)
    ensure(
        user, "training.place", training
    )  # a district office's training stays in a target village of the year
    return record_save(user=user, obj=training, permission="training.change")


# Rows a training owns and lists on its page (instructors, budget lines, sessions, practice materials).
ROWS = {"instructors", "budget_lines", "sessions", "materials"}


@transaction.atomic
def training_row_add(*, user, training: Training, row, related: str):
    """Add a checked, unsaved row (its model form's instance) to the training: `related` names the list."""
    assert related in ROWS, related
    training = _changeable(user, training)
    require_open(training, related)
    _sessions_unlocked(training, related)
    if related == "materials":
        if row.enrollment.training_id != training.pk:
            raise ValidationError(_("This person is not enrolled in the training."))
    else:
        row.training = training
    row.full_clean()
    row.save()
    label = f"{row.enrollment.person}: {row}" if related == "materials" else str(row)
    _audit(user, training, {related: ["", label]})
    return row


def _sessions_unlocked(training, related):
    """Sessions are what every certificate's attendance is counted on:
    fixed while any certificate is valid."""
    if related == "sessions" and _certified(training):
        raise ValidationError(
            _(
                "Certificates were issued on the attendance of these sessions; revoke them first "
                "(with the reason) to add or remove a session."
            )
        )


@transaction.atomic
def training_row_remove(*, user, training: Training, related: str, pk) -> bool:
    """Remove one of the training's rows; a row no longer there is said so (two tabs, a double click)."""
    assert related in ROWS and related != "materials", related
    training = _changeable(user, training)
    row = getattr(training, related).filter(pk=pk).first()
    if row is None:
        raise ValidationError(ALREADY_GONE)
    require_open(training, related)
    _sessions_unlocked(training, related)
    label = str(row)
    row.delete()
    _audit(user, training, {related: [label, ""]})
    return True


@transaction.atomic
def enrollments_add(*, user, training: Training, people) -> list:
    """Enrol people (all or none): each once, within the capacity, from the office's register."""
    from registry.models import Person
    from training.models import Enrollment

    training = _lock(user, training)
    require_open(training, "enrolment")
    # The people of the keeper's area (a TAO's own register, a district office's district):
    # the lock asked the policy.
    people = list(Person.objects.for_user(user).filter(pk__in=[p.pk for p in people]))
    already = set(training.enrollments.values_list("person_id", flat=True))
    twice = [p for p in people if p.pk in already]
    if twice:
        raise ValidationError(_("Already enrolled: %(names)s.") % {"names": ", ".join(map(str, twice))})
    count = training.enrollments.count()
    if training.capacity and count + len(people) > training.capacity:
        raise ValidationError(
            _(
                "The training takes %(capacity)s trainees; %(count)s are enrolled and %(new)s more "
                "would go over."
            )
            % {"capacity": training.capacity, "count": count, "new": len(people)}
        )
    enrollments = Enrollment.objects.bulk_create([Enrollment(training=training, person=p) for p in people])
    if enrollments:
        _audit(user, training, {"enrollments": ["", _lines([str(p) for p in people])]})
    return enrollments


@transaction.atomic
def enrollment_remove(*, user, training: Training, pk) -> bool:
    """Take a trainee out of the training (with their attendance and scores);
    not once a certificate is issued."""
    training = _lock(user, training)
    require_open(training, "enrolment")
    enrollment = training.enrollments.select_related("person").filter(pk=pk).first()
    if enrollment is None:
        raise ValidationError(ALREADY_GONE)
    if Certificate.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("This trainee has a certificate; revoke it instead."))
    person = str(enrollment.person)
    enrollment.delete()
    _audit(user, training, {"enrollments": [person, ""]})
    return True


def village_target_heads(*, village, fiscal_year):
    """The heads of a village's target households of the year (20 per village)."""
    from registry.models import Person, TargetHousehold

    heads = TargetHousehold.objects.filter(
        village=village, fiscal_year=fiscal_year, household__head__isnull=False
    ).values("household__head")
    return Person.objects.filter(pk__in=heads)


@transaction.atomic
def attendance_save(*, user, training: Training, hours: dict) -> int:
    """Save the whole attendance grid {(enrollment_id, session_id): hours} in one transaction.

    Every value is checked first (no more than the session lasts, not negative); one bad cell saves nothing.
    The hours of a trainee holding a valid certificate are fixed. Errors name their cell:
    {(enrollment_id, session_id): …}."""
    from decimal import Decimal, InvalidOperation

    from training.models import Attendance

    training = _lock(user, training)
    require_open(training, "attendance")
    sessions = {s.pk: s for s in training.sessions.all()}
    enrollments = set(training.enrollments.values_list("pk", flat=True))
    existing = Attendance.objects.filter(session__training=training)
    before = {(a.enrollment_id, a.session_id): a.hours for a in existing}
    certified = _certified(training)
    names = dict(training.enrollments.values_list("pk", "person__first_name"))
    errors, rows = {}, []
    for (enrollment_id, session_id), raw in hours.items():
        session = sessions.get(session_id)
        if session is None or enrollment_id not in enrollments:
            raise ValidationError(_("The attendance grid does not match this training; reload the page."))
        cell = (enrollment_id, session_id)
        value = None
        if raw not in (None, ""):
            try:
                value = Decimal(str(raw).replace(",", "."))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                errors[cell] = _("“%(value)s” is not a number of hours (%(session)s).") % {
                    "value": str(raw)[:30],
                    "session": session,
                }
                continue
            if value < 0:
                errors[cell] = _("Hours attended cannot be negative (%(session)s).") % {"session": session}
                continue
            if value > session.hours:
                errors[cell] = _(
                    "%(value)s hours is more than the session lasts (%(session)s: %(hours)s hours)."
                ) % {"value": value, "session": session, "hours": session.hours}
                continue
        if enrollment_id in certified and value != before.get(cell):
            errors[cell] = _(
                "%(person)s holds a certificate resting on this attendance; revoke it first (with the "
                "reason) to change it."
            ) % {"person": names[enrollment_id]}
            continue
        if value is not None:
            row = Attendance(enrollment_id=enrollment_id, session_id=session_id, hours=value)
            try:
                check_fields(row)  # saved with bulk_create: at most two decimals
            except ValidationError as exc:
                errors[cell] = " ".join(exc.messages)
                continue
            rows.append(row)
    # A certified trainee's hours left out of the grid (an import of some columns) stay as they are.
    rows += [
        Attendance(enrollment_id=e, session_id=s, hours=h)
        for (e, s), h in before.items()
        if e in certified and (e, s) not in hours
    ]
    if errors:
        raise ValidationError({cell: [message] for cell, message in errors.items()})
    # The grid is the whole truth for the training: replace it at once.
    existing.delete()
    Attendance.objects.bulk_create(rows)
    after = {(a.enrollment_id, a.session_id): a.hours for a in rows}
    changed = [
        f"{names[e]} {sessions[s]}: {_value(before.get((e, s)))} → {_value(after.get((e, s)))}"
        for (e, s) in sorted(
            set(before) | set(after),
            key=lambda k: (sessions[k[1]].date, sessions[k[1]].start_time, names[k[0]]),
        )
        if before.get((e, s)) != after.get((e, s))
    ]
    if changed:
        _audit(user, training, {"attendance": ["", _lines(changed)]})
    return len(rows)


@transaction.atomic
def scores_save(*, user, training: Training, scores: dict) -> int:
    """Save pre- and post-test scores {enrollment_id: (pre, post)}; all or nothing, none above the maximum.

    A trainee holding a valid certificate keeps their scores. Errors name their cell:
    {(enrollment_id, "pre" or "post"): …}."""
    from decimal import Decimal, InvalidOperation

    training = _lock(user, training)
    require_open(training, "scores")
    enrollments = {e.pk: e for e in training.enrollments.select_related("person")}
    certified = _certified(training)
    errors, changed, described = {}, [], []
    for enrollment_id, pair in scores.items():
        enrollment = enrollments.get(enrollment_id)
        if enrollment is None:
            raise ValidationError(_("The score sheet does not match this training; reload the page."))
        before = (enrollment.pre_score, enrollment.post_score)
        values = []
        for which, raw, old in zip(("pre", "post"), pair, before, strict=False):
            cell = (enrollment_id, which)
            if raw in (None, ""):
                value = None
            else:
                try:
                    value = Decimal(str(raw))
                    if not value.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    errors[cell] = _("%(person)s: “%(value)s” is not a score.") % {
                        "person": enrollment.person,
                        "value": str(raw)[:30],
                    }
                    values.append(None)
                    continue
                if value < 0:
                    errors[cell] = _("%(person)s: a score cannot be negative.") % {
                        "person": enrollment.person
                    }
                elif value > training.max_score:
                    errors[cell] = _("%(person)s: %(value)s is above the maximum score of %(max)s.") % {
                        "person": enrollment.person,
                        "value": value,
                        "max": training.max_score,
                    }
            if enrollment_id in certified and value != old:
                errors[cell] = _(
                    "%(person)s holds a certificate resting on these scores; revoke it first (with the "
                    "reason) to change them."
                ) % {"person": enrollment.person}
            values.append(value)
        enrollment.pre_score, enrollment.post_score = values
        try:
            check_fields(enrollment)  # saved with bulk_update: at most two decimals
        except ValidationError as exc:
            errors.setdefault((enrollment_id, "post"), f"{enrollment.person}: {' '.join(exc.messages)}")
        if before != tuple(values):
            described.append(
                _("%(person)s: before %(old_pre)s → %(pre)s, after %(old_post)s → %(post)s")
                % {
                    "person": enrollment.person,
                    "old_pre": _value(before[0]),
                    "pre": _value(values[0]),
                    "old_post": _value(before[1]),
                    "post": _value(values[1]),
                }
            )
        changed.append(enrollment)
    if errors:
        raise ValidationError({cell: [message] for cell, message in errors.items()})
    from training.models import Enrollment

    Enrollment.objects.bulk_update(changed, ["pre_score", "post_score"])
    if described:
        _audit(user, training, {"scores": ["", _lines(described)]})
    return len(changed)


@transaction.atomic
def follow_up_record(*, user, follow_up, fields: dict):
    """A follow-up visit, by the TAO or by the district's community developer."""
    from training.models import FollowUp

    training = follow_up.enrollment.training
    ensure(user, TRAINING.act_for("follow_up"), training)
    require_open(training, "follow_up")
    from registry.models import AuditAction
    from registry.services.audit import audit, model_changes

    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    before = FollowUp.objects.get(pk=follow_up.pk)
    for name, value in fields.items():
        setattr(follow_up, name, value)
    follow_up.recorded_by = user
    follow_up.full_clean()
    follow_up.save()
    changes = model_changes(before, follow_up, list(fields))
    if changes:  # incomes are personal data: every change is logged, against the visit
        audit(user=user, obj=follow_up, action=AuditAction.UPDATE, changes=changes)
    return follow_up


@transaction.atomic
def village_training_create(*, user, team, topic: str, occupation, date, hours, venue: str = "") -> Training:
    """The village programme's one-day training: the village's team of 5 experts teaches
    its target households."""
    from training.models import TrainingInstructor

    ensure(user, "training.village_training", team)
    if not team.members.exists():
        raise ValidationError(_("The village's instructor team has no members yet."))
    heads = list(village_target_heads(village=team.village, fiscal_year=team.fiscal_year))
    if not heads:
        raise ValidationError(
            _("The village has no target households with a head of household this fiscal year.")
        )
    training = _training_new(
        user=user,
        training=Training(
            office=user.office,
            village=team.village,
            topic=topic,
            occupation=occupation,
            venue=venue,
            start_date=date,
            end_date=date,
            hours=hours,
            capacity=max(len(heads), 20),
            target_group=_("%(count)s target households of %(village)s")
            % {"count": len(heads), "village": team.village},
            objectives=_(
                "Lecture, demonstration and practice by the village instructor team "
                "(the village programme's model)."
            ),
        ),
    )
    instructors = TrainingInstructor.objects.bulk_create(
        [
            TrainingInstructor(training=training, expert=m.expert)
            for m in team.members.select_related("expert__person")
        ]
    )
    _audit(user, training, {"instructors": ["", _lines([str(i) for i in instructors])]})
    enrollments_add(user=user, training=training, people=heads)
    return training
