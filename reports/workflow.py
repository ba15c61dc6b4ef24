"""A plan's way from draft to published, as data in the shared engine (kit/workflow.py).

A published plan does not go back to draft: it is changed in place, each change with a written reason logged
as a PlanChange (reports/services/plans.py).
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import can
from kit.workflow import Move, State, Workflow
from reports.models import Plan, PlanMove, PlanStatus


def _ready(plan) -> list:
    """What a draft still needs before it is published: programmes, each with an indicator."""
    programmes = list(plan.programmes.order_by("number").values_list("name", "indicators"))
    if not programmes:
        return [_("a programme")]
    return [
        _("an indicator of “%(programme)s”") % {"programme": name}
        for name, indicator in programmes
        if indicator is None
    ]


def _record_move(*, obj, from_state, to_state, user, reason, at):
    return PlanMove.objects.create(
        plan=obj, from_state=from_state, to_state=to_state, user=user, reason=reason[:500], at=at
    )


def _lock(plan):
    return Plan.objects.select_for_update().get(pk=plan.pk)


PLAN = Workflow(
    name="plan",
    field="status",
    act="reports.plan_change",
    permission=can,
    record_move=_record_move,
    lock=_lock,
    save_fields=("updated_at",),
    states=(
        State(
            PlanStatus.DRAFT,
            PlanStatus.DRAFT.label,
            guard=_ready,
            moves=(Move(PlanStatus.PUBLISHED, label=_("Publish")),),
        ),
        State(PlanStatus.PUBLISHED, PlanStatus.PUBLISHED.label),
    ),
)
