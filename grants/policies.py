"""Who may do what to a grant request, with the reason when not:
`kit.policy.can(user, "grants.<action>", obj)`.

A request is owned by its funding office. Inside that office the duties are split: its staff (TAO staff
in a local office, the community developer in a district office) enter, screen and follow the request; the
finance officer pays and records refunds; the executive (ปลัด/นายก, หัวหน้าสำนักงาน) approves or rejects,
terminates and decides changes. District and provincial officers read their area's requests. An administrator
may do anything.
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.models.offices import LOCAL_KINDS, OfficeKind
from registry.ownership import NO_OFFICE, OUTSIDE, in_scope, kept_by
from registry.scoping import Role

policy = Policy("grants")
can = policy.can

FUNDING_KINDS = (*LOCAL_KINDS, OfficeKind.DISTRICT_CD)
STAFF_ONLY = reason(
    _(
        "Only the staff of the funding office enter and follow a grant request; its finance officer "
        "pays and its executive decides."
    )
)
FINANCE_ONLY = reason(_("Only the funding office's finance officer records payments and refunds."))
EXECUTIVE_ONLY = reason(
    _(
        "Only the funding office's executive approves, rejects or terminates a grant, and decides "
        "changes to an approved grant."
    )
)
NOT_FUNDING = reason(
    _(
        "Your office does not fund occupation groups: grant requests are entered by a TAO, a "
        "municipality or a district community development office."
    )
)
BUDGET_ONLY = reason(_("Budget lines are kept by the funding office's staff and finance officer."))
OWN_OFFICE_LINES = reason(
    _("An office's people keep their own office's budget lines: only an administrator chooses the office.")
)


def _staff_role(user) -> bool:
    """Staff of a funding office: TAO staff in a local office,
    the community developer in a district office."""
    kind = getattr(user.office, "kind", None)
    return (user.role == Role.TAO_STAFF and kind in LOCAL_KINDS) or (
        user.role == Role.DISTRICT_OFFICER and kind == OfficeKind.DISTRICT_CD
    )


def _office_duty(user, request, may, role_reason):
    """The funding office's own people with the duty `may(user)`; an administrator always."""
    if user.role == Role.ADMIN:
        return ALLOWED
    if not may(user):
        return refused(role_reason)
    if user.office_id is None:
        return refused(NO_OFFICE)
    if not in_scope(user, request):
        return refused(OUTSIDE)
    if request.office_id != user.office_id:
        return refused(kept_by(request.office_id))
    return ALLOWED


@policy.rule("change")
def _change(user, request):
    """Enter, screen and follow the request (its staff)."""
    return _office_duty(user, request, _staff_role, STAFF_ONLY)


@policy.rule("pay")
def _pay(user, request):
    return _office_duty(user, request, lambda u: u.role == Role.FINANCE, FINANCE_ONLY)


@policy.rule("decide")
def _decide(user, request):
    return _office_duty(user, request, lambda u: u.role == Role.EXECUTIVE, EXECUTIVE_ONLY)


def _funding_office(user, may, role_reason):
    """The user works in an office that funds groups, with the duty `may(user)`; an administrator always."""
    if user.role == Role.ADMIN:
        return ALLOWED
    if user.office_id is None:
        return refused(NO_OFFICE)
    if user.office.kind not in FUNDING_KINDS:
        return refused(NOT_FUNDING)
    return ALLOWED if may(user) else refused(role_reason)


@policy.rule("create")
def _create(user, obj=None):
    """A new request, owned by the user's own office, which must be one that funds groups."""
    return _funding_office(user, _staff_role, STAFF_ONLY)


@policy.rule("budget")
def _budget(user, line=None):
    """Add or change the office's budget lines (a line of another office: its own staff)."""
    decision = _funding_office(user, lambda u: _staff_role(u) or u.role == Role.FINANCE, BUDGET_ONLY)
    if decision and line is not None and user.role != Role.ADMIN and line.office_id != user.office_id:
        return refused(kept_by(line.office_id))
    return decision


@policy.rule("budget_office")
def _budget_office(user, obj=None):
    """Choose which office a budget line is of (an administrator, who has no office of their own)."""
    return ALLOWED if user.role == Role.ADMIN else refused(OWN_OFFICE_LINES)
