"""A district's list of target villages, as data in the shared engine (kit/workflow.py): proposed by the
district officer, submitted, then approved or sent back with a reason by the provincial officer. An approved
list is final: a change starts with sending it back, with a reason. Each move is logged (TargetListMove)."""

from django.utils.translation import gettext_lazy as _

from kit.policy import can
from kit.workflow import Move, State, Workflow, back
from reports.models import FundedSource, FundedVillage, ListStatus, TargetList, TargetListMove

PROPOSE, APPROVE = "reports.target_propose", "reports.target_approve"


def _blocking(target_list) -> list:
    from reports.selectors.targets import list_refusals

    return list_refusals(target_list)


def _record_move(*, obj, from_state, to_state, user, reason, at):
    return TargetListMove.objects.create(
        target_list=obj, from_state=from_state, to_state=to_state, user=user, reason=reason[:500], at=at
    )


def _lock(target_list):
    return (
        TargetList.objects.select_for_update()
        .select_related("programme__plan", "district")
        .get(pk=target_list.pk)
    )


def _register(target_list, *, user):
    """The approved villages enter the register of funded villages under the programme's project."""
    project, year = target_list.programme.project, target_list.programme.plan.fiscal_year
    if project is None:
        return
    known = set(
        FundedVillage.objects.filter(project=project, fiscal_year=year).values_list("village_id", flat=True)
    )
    FundedVillage.objects.bulk_create(
        FundedVillage(project=project, fiscal_year=year, village_id=v, source=FundedSource.PRODUCT)
        for v in target_list.villages.values_list("village_id", flat=True)
        if v not in known
    )


def _unregister(target_list, *, user):
    project, year = target_list.programme.project, target_list.programme.plan.fiscal_year
    FundedVillage.objects.filter(
        project=project,
        fiscal_year=year,
        source=FundedSource.PRODUCT,
        village_id__in=target_list.villages.values("village_id"),
    ).delete()


TARGETS = Workflow(
    name="target_list",
    field="status",
    act=APPROVE,
    permission=can,
    record_move=_record_move,
    lock=_lock,
    save_fields=("updated_at",),
    states=(
        State(
            ListStatus.DRAFT,
            ListStatus.DRAFT.label,
            guard=_blocking,
            actions=frozenset({"edit"}),
            moves=(Move(ListStatus.SUBMITTED, act=PROPOSE, label=_("Submit to the province")),),
        ),
        State(
            ListStatus.SUBMITTED,
            ListStatus.SUBMITTED.label,
            guard=_blocking,
            moves=(
                Move(ListStatus.APPROVED, label=_("Approve"), effects=(_register,)),
                back(ListStatus.DRAFT, label=_("Send back")),
            ),
        ),
        State(
            ListStatus.APPROVED,
            ListStatus.APPROVED.label,
            moves=(back(ListStatus.DRAFT, _unregister, label=_("Send back")),),
        ),
    ),
)
