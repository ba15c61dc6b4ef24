"""The ten steps as data (STYLE.md §5): what each step needs before the training may leave it.

The training page reads the same table to show progress and what is still missing; one service
(`training.services.training_advance`) moves a training along, checking the guard of the step it leaves.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from training.models import Step

# Who may move a training (forward, or back with a reason) is the training's policy: training/policies.py.


def _topic(t):
    return [m for ok, m in ((t.topic, _("a topic")), (t.occupation_id, _("the occupation it promotes"))) if not ok]


def _study(t):
    return [m for ok, m in ((t.target_group.strip(), _("the target group")),
                            (t.target_availability.strip(), _("when the target group is free")),
                            (t.curriculum.strip(), _("a curriculum that fits their needs"))) if not ok]


def _prepare(t):
    return [m for ok, m in (
        (t.instructors.exists(), _("at least one instructor")),
        (t.start_date and t.end_date, _("the dates")),
        (t.hours, _("the training hours")),
        (t.capacity, _("the capacity")),
        (t.documents_ready, _("documents, trainee list and evaluation forms ready")),
        (t.materials_ready, _("training materials ready")),
    ) if not ok]


def _plan(t):
    return [] if t.budget_lines.exists() else [_("a budget plan with line items")]


def _budget(t):
    return [m for ok, m in ((t.budget_approved is not None, _("the approved amount")),
                            (t.ordinance_reference.strip(), _("the budget ordinance reference"))) if not ok]


def _run(t):
    return [m for ok, m in ((t.sessions.exists(), _("sessions")),
                            (t.enrollments.exists(), _("enrolled trainees"))) if not ok]


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


def _follow_up(t):
    return [_("this is the last step")]


@dataclass(frozen=True)
class StepRule:
    step: Step
    needs: Callable  # training -> list of what is missing before leaving this step

    @property
    def next(self):
        return Step(self.step + 1) if self.step < Step.FOLLOW_UP else None


RULES = {rule.step: rule for rule in (
    StepRule(Step.TOPIC, _topic), StepRule(Step.STUDY, _study), StepRule(Step.PREPARE, _prepare),
    StepRule(Step.PLAN, _plan), StepRule(Step.BUDGET, _budget), StepRule(Step.RUN, _run),
    StepRule(Step.EVALUATE, _evaluate), StepRule(Step.CERTIFY, _certify),
    StepRule(Step.SATISFACTION, _satisfaction), StepRule(Step.FOLLOW_UP, _follow_up),
)}


def missing(training) -> list:
    """What the training still needs before it may leave its current step."""
    return list(RULES[Step(training.step)].needs(training))


def progress(training) -> list[dict]:
    """All ten steps with where the training stands, for the training page."""
    return [{"step": step, "done": step < training.step, "current": step == training.step} for step in Step]
