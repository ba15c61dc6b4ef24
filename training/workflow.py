"""The ten steps as data, in the shared workflow engine (kit/workflow.py).

`TRAINING` is the whole table: for each step its name, the fields its form edits, the page actions open at it,
what it needs before the training may leave it (the guard), and the moves it allows (onward, or back to any
earlier step with a reason) with their side effects; and who may do each page action. The training page, its
forms and the services read it; nothing else says which step does what, or who may.
`kit.workflow.transition` moves a training and writes its StepMove row.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kit.policy import can
from kit.validators import check_fields
from kit.workflow import Move, Progress, State, Workflow, back
from training.models import Step, StepMove, Training

# The permissions of training/policies.py the table names: a move onward asks ADVANCE, a move back MOVE_BACK;
# a page action asks CHANGE, but follow-up visits ask FOLLOW_UP (the district's community developer too).
ADVANCE, MOVE_BACK = "training.advance", "training.move_back"
CHANGE, FOLLOW_UP = "training.change", "training.follow_up"


def _topic(t):
    return [
        m for ok, m in ((t.topic, _("a topic")), (t.occupation_id, _("the occupation it promotes"))) if not ok
    ]


def _study(t):
    return [
        m
        for ok, m in (
            (t.target_group.strip(), _("the target group")),
            (t.target_availability.strip(), _("when the target group is free")),
            (t.curriculum.strip(), _("a curriculum that fits their needs")),
        )
        if not ok
    ]


def _prepare(t):
    return [
        m
        for ok, m in (
            (t.instructors.exists(), _("at least one instructor")),
            (t.start_date and t.end_date, _("the dates")),
            (t.hours, _("the training hours")),
            (t.capacity, _("the capacity")),
            (t.documents_ready, _("documents, trainee list and evaluation forms ready")),
            (t.materials_ready, _("training materials ready")),
        )
        if not ok
    ]


def _plan(t):
    return [] if t.budget_lines.exists() else [_("a budget plan with line items")]


def _budget(t):
    return [
        m
        for ok, m in (
            (t.budget_approved is not None, _("the approved amount")),
            (t.ordinance_reference.strip(), _("the budget ordinance reference")),
        )
        if not ok
    ]


def _run(t):
    return [
        m
        for ok, m in ((t.sessions.exists(), _("sessions")), (t.enrollments.exists(), _("enrolled trainees")))
        if not ok
    ]


def _evaluate(t):
    from training.models import Attendance

    missing = []
    expected = t.sessions.count() * t.enrollments.count()
    if Attendance.objects.filter(session__training=t).count() < expected:
        missing.append(_("attendance for every session"))
    if t.enrollments.filter(post_score__isnull=True).exists():
        missing.append(_("a score for every trainee"))
    return missing


def _certify(t):
    from training.selectors import eligible_enrollments

    if eligible_enrollments(t).filter(certificate__isnull=True).exists():
        return [_("certificates for every eligible trainee")]
    return []


def _satisfaction(t):
    if t.satisfaction_responses.exists() or t.no_survey_reason.strip():
        return []
    return [_("satisfaction responses, or the reason why there are none")]


def _open_follow_ups(training, *, user):
    from training.services import follow_ups_open

    follow_ups_open(training=training)


def _record_move(*, obj, from_state, to_state, user, reason, at):
    move = StepMove(training=obj, from_step=from_state, to_step=to_state, user=user, reason=reason, at=at)
    check_fields(move)  # a reason longer than its column is a message, not a database error
    move.save()
    return move


def _lock(training):
    locked = Training.objects.select_for_update().filter(pk=training.pk).first()
    if locked is None:
        raise ValidationError(_("You may not change this training."))
    return locked


# The page actions of a training (the cards of its page, and the services behind them).
ROWS_AND_RESULTS = frozenset(
    {"instructors", "budget_lines", "sessions", "enrolment", "attendance", "scores", "materials", "follow_up"}
)
SURVEY = frozenset({"survey"})  # survey links on the page, and the trainees' survey form open


def _step(step: Step, guard=None, *, fields=(), actions=frozenset(), onward_effects=()) -> State:
    onward = (Move(Step(step + 1), effects=onward_effects),) if step < Step.FOLLOW_UP else ()
    return State(
        step,
        step.label,
        guard=guard or (lambda training: []),
        editable_fields=tuple(fields),
        actions=ROWS_AND_RESULTS | actions,
        moves=onward + tuple(back(earlier, act=MOVE_BACK) for earlier in Step if earlier < step),
    )


TRAINING = Workflow(
    name="training",
    field="step",
    act=ADVANCE,
    action_act=CHANGE,
    action_acts={"follow_up": FOLLOW_UP},
    permission=can,
    record_move=_record_move,
    lock=_lock,
    save_fields=("updated_at",),
    states=(
        _step(Step.TOPIC, _topic, fields=("topic", "occupation", "objectives")),
        _step(Step.STUDY, _study, fields=("target_group", "target_availability", "curriculum")),
        _step(
            Step.PREPARE,
            _prepare,
            fields=(
                "village",
                "venue",
                "start_date",
                "end_date",
                "hours",
                "capacity",
                "documents_ready",
                "materials_ready",
            ),
        ),
        _step(Step.PLAN, _plan),
        _step(Step.BUDGET, _budget, fields=("budget_approved", "ordinance_reference")),
        _step(Step.RUN, _run, actions=SURVEY),
        _step(
            Step.EVALUATE,
            _evaluate,
            fields=("max_score", "pass_mark", "attendance_threshold"),
            actions=SURVEY,
        ),
        _step(Step.CERTIFY, _certify, fields=("certificate_title",), actions=SURVEY | {"certificates"}),
        _step(
            Step.SATISFACTION,
            _satisfaction,
            fields=("limits_and_problems", "suggestions", "no_survey_reason", "budget_spent"),
            actions=SURVEY,
            onward_effects=(_open_follow_ups,),
        ),  # step 10 opens the follow-up register
        # The register's rounds are made on the way in; visits stay recordable if the training goes back.
        _step(Step.FOLLOW_UP, actions=SURVEY | {"follow_up_register", "form_group"}),
    ),
)


def missing(training) -> list:
    """What the training still needs before it may leave its current step (nothing at the last step)."""
    return TRAINING.missing(training)


def require_open(training, action: str, message=None):
    """Refuse, with the steps where it is open, a page action the training's step does not open."""
    TRAINING.require_open(
        training, action, message or _("This is not open at step %(step)s; it is open at step %(steps)s.")
    )


@dataclass(frozen=True)
class PageFlow:
    """What the training page reads of the table: where the training stands, what it misses, where it may go,
    which of its actions are open, and the step at which each action opens (for the empty cards' hints)."""

    state: State
    progress: list[Progress]
    missing: list
    onward: State | None
    back_to: list[State]
    open: dict
    opens_at: dict


def page_flow(training) -> PageFlow:
    state = TRAINING.state_of(training)
    actions = {name for s in TRAINING.states for name in s.actions}
    return PageFlow(
        state=state,
        progress=TRAINING.progress(training),
        missing=TRAINING.missing(training),
        onward=TRAINING.state(state.forward.to) if state.forward else None,
        back_to=[TRAINING.state(move.to) for move in state.back_moves],
        open=dict.fromkeys(state.actions, True),
        opens_at={name: TRAINING.states_open_for(name)[0].value for name in actions},
    )
