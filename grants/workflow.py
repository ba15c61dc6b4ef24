"""A grant request's way from draft to closed, as data in the shared engine (kit/workflow.py).

`GRANT` is the whole table: each state's name, the page actions open at it, what it still needs before it may
move on (the guard, with reasons, listed on the request's page) and its moves, each with who may make it (the
permission action of grants/policies.py) and, for a move that ends or sends back, the written reason it needs;
and who may do each page action (`action_acts`). `kit.workflow.transition(GRANT, request, to, user=, reason=)`
moves a request and writes its RequestMove row. The status groups below are read off the table.
"""

from django.utils.translation import gettext_lazy as _

from grants.models import DocumentKind, GrantRequest, RequestMove, Status
from kit.policy import can
from kit.workflow import Move, State, Workflow, back

CHANGE, PAY, DECIDE = "grants.change", "grants.pay", "grants.decide"

# Documents each state needs before the request may move on (the checklist on the page).
REQUIRED_DOCUMENTS = {
    Status.DRAFT: (
        DocumentKind.REQUEST_LETTER,
        DocumentKind.PROJECT_PLAN,
        DocumentKind.GROUP_REGISTRATION,
        DocumentKind.MINUTES,
    ),
    Status.MORE_INFO: (
        DocumentKind.REQUEST_LETTER,
        DocumentKind.PROJECT_PLAN,
        DocumentKind.GROUP_REGISTRATION,
        DocumentKind.MINUTES,
    ),
    Status.AGREEMENT: (DocumentKind.SIGNED_AGREEMENT,),
    Status.REPORTING: (DocumentKind.REPORT,),
}


def _documents_missing(request, state) -> list:
    kinds = REQUIRED_DOCUMENTS.get(state, ())
    if not kinds:
        return []
    have = set(request.documents.values_list("kind", flat=True))
    return [DocumentKind(kind).label for kind in kinds if kind not in have]


def _complete(r: GrantRequest) -> list:
    """A request ready to submit: the plan, the cost lines adding up to the amount asked,
    and the documents."""
    from grants.selectors import cost_total

    missing = [
        m
        for ok, m in (
            (r.title.strip(), _("the project name")),
            (r.purposes, _("the purpose")),
            (r.support_kinds, _("what is asked")),
            (r.activities.strip(), _("the activities")),
            (r.starts_on and r.ends_on, _("the project's dates")),
            (r.expected_results.strip(), _("the expected results")),
            (r.amount_requested, _("the amount requested")),
            (r.cost_lines.exists(), _("cost lines")),
        )
        if not ok
    ]
    if r.amount_requested and r.cost_lines.exists() and cost_total(r) != r.amount_requested:
        missing.append(_("cost lines that add up to the amount requested"))
    return missing + _documents_missing(r, r.status)


def _eligible(r):
    from django.utils import timezone

    from grants.selectors import eligibility

    return eligibility(r, timezone.localdate()).reasons


def _still_eligible(r):
    """The group must still pass the eligibility rules when the executive approves: a report that fell
    overdue or money left unreturned since screening refuses the approval, with the reasons (the criteria
    are conditions of support, not advice: no one may approve past them)."""
    reasons = _eligible(r)
    return [_("an eligible group (%(reasons)s)") % {"reasons": " ".join(reasons)}] if reasons else []


def _recommended(r):
    return [] if r.recommended_amount else [_("the recommended amount")]


def _decided(r):
    return [
        m
        for ok, m in ((r.budget_line_id, _("a budget line")), (r.approved_amount, _("the approved amount")))
        if not ok
    ]


def _signed(r):
    return _documents_missing(r, Status.AGREEMENT)


def _paid(r):
    return [] if r.payments.not_reversed().exists() else [_("a payment")]


def _report(r):
    missing = [
        m
        for ok, m in (
            (r.report_results.strip(), _("the results against the plan")),
            (r.reported_on, _("the date the report was received")),
        )
        if not ok
    ]
    return missing + _documents_missing(r, Status.REPORTING)


def _nothing_left(r):
    from grants.selectors import request_money

    left = request_money(r).left
    return [_("the money left (%(amount)s baht) returned") % {"amount": f"{left:,.2f}"}] if left else []


def _money_left(r):
    from grants.selectors import request_money

    return [] if request_money(r).left else [_("money left to return (nothing is left: close the request)")]


def _withdraw():
    return Move(Status.WITHDRAWN, needs_reason=True, guarded=False, act=CHANGE, label=_("Withdraw"))


def _terminate():
    return Move(Status.TERMINATED, needs_reason=True, guarded=False, act=DECIDE, label=_("Terminate"))


def _frozen_version(request, *, user):
    from grants.services import freeze_version

    freeze_version(request, user=user)


def _agreement_made(request, *, user):
    from grants.services import number_agreement

    number_agreement(request)


def _record_move(*, obj, from_state, to_state, user, reason, at):
    return RequestMove.objects.create(
        request=obj, from_state=from_state, to_state=to_state, user=user, reason=reason[:500], at=at
    )


def _lock(request):
    return GrantRequest.objects.select_for_update().get(pk=request.pk)


EDIT = "edit"  # the request's plan and cost lines
DOCUMENTS = "documents"  # upload and remove documents
REVIEW = "review"  # the committee's recommendation
APPROVE = "approve"  # choose the budget line and the amount
CHANGE_REQUEST = "change_request"
PAYMENT = "pay"
TAG = "tag"  # tag the group's ledger entries to the grant
REPORT = "report"
REFUND = "refund"
CHANGE_DECIDE = "change_decide"  # the executive decides a change (open while one waits, in any state)
AGREEMENT_REMOVE = "agreement_remove"  # take out the signed agreement (it stays once money is paid)
OPEN_DOCS = frozenset({DOCUMENTS})
DECISION = "decision"  # tag: the states the decision letter answers with (approved, or refused with a reason)

GRANT = Workflow(
    name="grant",
    field="status",
    act=CHANGE,
    permission=can,
    record_move=_record_move,
    lock=_lock,
    save_fields=("updated_at",),
    action_acts={APPROVE: DECIDE, CHANGE_DECIDE: DECIDE, PAYMENT: PAY, REFUND: PAY},  # the others: CHANGE
    states=(
        State(
            Status.DRAFT,
            Status.DRAFT.label,
            actions=frozenset({EDIT, DOCUMENTS}),
            guard=_complete,
            moves=(Move(Status.SUBMITTED, label=_("Submit")), _withdraw()),
        ),
        State(
            Status.SUBMITTED,
            Status.SUBMITTED.label,
            actions=OPEN_DOCS,
            moves=(
                Move(Status.SCREENING, label=_("Start screening")),
                back(Status.MORE_INFO, label=_("Ask for more information")),
                _withdraw(),
            ),
        ),
        State(
            Status.MORE_INFO,
            Status.MORE_INFO.label,
            actions=frozenset({EDIT, DOCUMENTS}),
            guard=_complete,
            moves=(Move(Status.SUBMITTED, label=_("Submit again")), _withdraw()),
        ),
        State(
            Status.SCREENING,
            Status.SCREENING.label,
            actions=OPEN_DOCS,
            guard=_eligible,
            moves=(
                Move(Status.REVIEW, label=_("Eligible: send to the committee")),
                Move(Status.INELIGIBLE, needs_reason=True, guarded=False, label=_("Ineligible")),
                back(Status.MORE_INFO, label=_("Ask for more information")),
                _withdraw(),
            ),
        ),
        State(Status.INELIGIBLE, Status.INELIGIBLE.label, tags=frozenset({DECISION})),
        State(
            Status.REVIEW,
            Status.REVIEW.label,
            actions=frozenset({REVIEW, DOCUMENTS}),
            guard=_recommended,
            moves=(
                Move(Status.APPROVAL, label=_("Send to the executive")),
                back(Status.SCREENING),
                _withdraw(),
            ),
        ),
        State(
            Status.APPROVAL,
            Status.APPROVAL.label,
            actions=frozenset({APPROVE}),
            guard=_decided,
            moves=(
                Move(
                    Status.APPROVED,
                    act=DECIDE,
                    effects=(_frozen_version,),
                    guard=_still_eligible,
                    label=_("Approve"),
                    made_by=APPROVE,
                ),
                Move(Status.REJECTED, needs_reason=True, guarded=False, act=DECIDE, label=_("Reject")),
                back(Status.REVIEW, act=DECIDE, label=_("Back to the committee")),
                _withdraw(),
            ),
        ),
        State(
            Status.APPROVED,
            Status.APPROVED.label,
            actions=frozenset({DOCUMENTS, CHANGE_REQUEST, AGREEMENT_REMOVE}),
            tags=frozenset({DECISION}),
            moves=(
                Move(Status.AGREEMENT, effects=(_agreement_made,), label=_("Make the agreement")),
                _terminate(),
            ),
        ),
        State(Status.REJECTED, Status.REJECTED.label, tags=frozenset({DECISION})),
        State(
            Status.AGREEMENT,
            Status.AGREEMENT.label,
            actions=frozenset({DOCUMENTS, CHANGE_REQUEST, AGREEMENT_REMOVE}),
            guard=_signed,
            moves=(Move(Status.DISBURSING, label=_("Agreement signed: pay")), _terminate()),
        ),
        State(
            Status.DISBURSING,
            Status.DISBURSING.label,
            actions=frozenset({DOCUMENTS, PAYMENT, CHANGE_REQUEST}),
            guard=_paid,
            moves=(
                Move(Status.IN_PROGRESS, act=PAY, label=_("Paid: the project is under way")),
                _terminate(),
            ),
        ),
        State(
            Status.IN_PROGRESS,
            Status.IN_PROGRESS.label,
            actions=frozenset({DOCUMENTS, PAYMENT, CHANGE_REQUEST, TAG, REPORT}),
            moves=(Move(Status.REPORTING, label=_("The group reports")), _terminate()),
        ),
        State(
            Status.REPORTING,
            Status.REPORTING.label,
            actions=frozenset({DOCUMENTS, TAG, REPORT}),
            guard=_report,
            moves=(Move(Status.REPORT_REVIEW, label=_("Send the report for review")), _terminate()),
        ),
        State(
            Status.REPORT_REVIEW,
            Status.REPORT_REVIEW.label,
            actions=OPEN_DOCS,
            moves=(
                Move(Status.CLOSED, guard=_nothing_left, label=_("Accept the report and close")),
                Move(Status.REFUND_DUE, guard=_money_left, label=_("Accept the report: money to return")),
                back(Status.REPORTING, label=_("Send the report back")),
                _terminate(),
            ),
        ),
        State(
            Status.REFUND_DUE,
            Status.REFUND_DUE.label,
            actions=frozenset({DOCUMENTS, REFUND}),
            guard=_nothing_left,
            moves=(Move(Status.CLOSED, label=_("Close")),),
        ),
        State(Status.CLOSED, Status.CLOSED.label),
        State(Status.WITHDRAWN, Status.WITHDRAWN.label),
        State(Status.TERMINATED, Status.TERMINATED.label, actions=frozenset({REFUND})),
    ),
)

# --- the status groups, read off the table -----------------------------------------------------------------

FINAL_STATES = GRANT.final  # no move out: ineligible, rejected, closed, withdrawn, terminated
# Off the main road, shown in the progress only when the request went there.
SIDE_STATES = GRANT.side
# An approved request, whatever became of it afterwards short of ending it with a reason (terminated): for the
# duplicate-support warning, the public list and the budget line's requests.
APPROVED_STATES = GRANT.reachable(Status.APPROVED, onward=True)
# The agreement exists from approval on, whatever became of the request since (terminated too).
AGREED_STATES = GRANT.reachable(Status.APPROVED)
# Approved and still on the road: the approved amount is held on its budget line (not yet paid: "committed").
COMMITTED_STATES = tuple(s for s in GRANT.road[GRANT.road.index(Status.APPROVED) :] if s not in FINAL_STATES)
REPORT_STATES = GRANT.open_at(REPORT)  # a report is expected (its due date counts)
PAYING_STATES = GRANT.open_at(PAYMENT)  # the finance officer pays
REFUND_STATES = GRANT.open_at(REFUND)  # money may be owed back
DECIDING_STATES = GRANT.open_at(APPROVE)  # waiting for the executive
DECISION_STATES = GRANT.tagged(DECISION)
