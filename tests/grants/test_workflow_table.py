"""Every state × every role × every move of a grant request, against a table written out here.

The EXPECTED table below is typed by hand from the grant rules (docs/grants.md), not read from
grants/workflow.py: if the table in the code changes (a move added, a duty given to the wrong role, a reason
dropped), a case here fails.

One request per state is built once for the module (two funding offices: office A, a TAO, and the district's
community development office); every case runs inside a savepoint that is rolled back, so each case starts
from the same request.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from grants import services
from grants.models import DocumentKind, GrantRequest, RequestMove, SpendingTag, Status
from grants.policies import EXECUTIVE_ONLY, FINANCE_ONLY, STAFF_ONLY
from kit.workflow import TransitionRefused
from registry.ownership import OUTSIDE, kept_by
from registry.scoping import Role
from tests.factories import UserFactory
from tests.grants.helpers import GrantWorld, advance, days_ago, grant_world, make_request, pdf, refresh
from tests.groups.helpers import make_group
from tests.scoping import ScopeWorld

C, P, D = "change", "pay", "decide"  # the duty a move needs: staff, finance, executive
R = True  # the move needs a written reason

# state -> {target: (duty, needs a reason)}: the whole table, as the issue describes it.
EXPECTED = {
    "draft": {"submitted": (C, False), "withdrawn": (C, R)},
    "submitted": {"screening": (C, False), "more_info": (C, R), "withdrawn": (C, R)},
    "more_info": {"submitted": (C, False), "withdrawn": (C, R)},
    "screening": {"review": (C, False), "ineligible": (C, R), "more_info": (C, R), "withdrawn": (C, R)},
    "ineligible": {},
    "review": {"approval": (C, False), "screening": (C, R), "withdrawn": (C, R)},
    "approval": {"approved": (D, False), "rejected": (D, R), "review": (D, R), "withdrawn": (C, R)},
    "approved": {"agreement": (C, False), "terminated": (D, R)},
    "rejected": {},
    "agreement": {"disbursing": (C, False), "terminated": (D, R)},
    "disbursing": {"in_progress": (P, False), "terminated": (D, R)},
    "in_progress": {"reporting": (C, False), "terminated": (D, R)},
    "reporting": {"report_review": (C, False), "terminated": (D, R)},
    "report_review": {
        "closed": (C, False),
        "refund_due": (C, False),
        "reporting": (C, R),
        "terminated": (D, R),
    },
    "refund_due": {"closed": (C, False)},
    "closed": {},
    "withdrawn": {},
    "terminated": {},
}
STATES = list(EXPECTED)

# role -> duty -> None (allowed) or the refusal's reason: who has which duty for a request of OFFICE A.
OFFICE = "office"  # stands for "kept by <the funding office>"
ROLES_A = {
    "staff": {C: None, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},
    "finance": {C: STAFF_ONLY, P: None, D: EXECUTIVE_ONLY},
    "executive": {C: STAFF_ONLY, P: FINANCE_ONLY, D: None},
    "admin": {C: None, P: None, D: None},
    "tao_a2": {C: OUTSIDE, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},  # same district, another TAO: not its area
    "tao_b": {C: OUTSIDE, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},  # another province
    "district_a": {
        C: OFFICE,
        P: FINANCE_ONLY,
        D: EXECUTIVE_ONLY,
    },  # a reader here: office A keeps the request
    "province_a": {C: STAFF_ONLY, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},
}
# ... and for a request funded by the district's community development office (staff: the district officer).
ROLES_D = {
    "staff": {C: None, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},  # the district officer
    "finance": {C: STAFF_ONLY, P: None, D: EXECUTIVE_ONLY},
    "executive": {C: STAFF_ONLY, P: FINANCE_ONLY, D: None},
    "tao_a": {C: OFFICE, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},  # the group's TAO: the district office keeps it
    "tao_b": {C: OUTSIDE, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},
    "province_a": {C: STAFF_ONLY, P: FINANCE_ONLY, D: EXECUTIVE_ONLY},
}
VARIANTS = {"tao": ROLES_A, "district": ROLES_D}
REASON = "ทดสอบเหตุผลของการเปลี่ยนสถานะ"


# --- building one request per state, once -------------------------------------------------------------------


def _build(gw: GrantWorld, state: str, clean_group):
    """A request standing at `state` with what its moves onward need."""
    if state in ("screening", "approval"):  # both check the group's eligibility: the group that owes nothing
        return advance(
            gw,
            make_request(GrantWorld(gw.staff, gw.finance, gw.executive, clean_group, gw.line)),
            Status(state),
        )
    if state == "withdrawn":
        request = make_request(gw)
        services.move(user=gw.staff, request=request, to=Status.WITHDRAWN, reason="กลุ่มขอถอนคำร้อง")
        return refresh(request)
    if state in ("more_info", "ineligible"):
        request = advance(
            gw, make_request(gw), Status.SUBMITTED if state == "more_info" else Status.SCREENING
        )
        services.move(user=gw.staff, request=request, to=state, reason="ขาดเอกสาร")
        return refresh(request)
    if state in ("rejected", "terminated"):
        request = advance(gw, make_request(gw), Status.APPROVAL if state == "rejected" else Status.APPROVED)
        services.move(user=gw.executive, request=request, to=state, reason="งบประมาณไม่เพียงพอ")
        return refresh(request)
    if state == "closed":
        request = advance(gw, make_request(gw), Status.REFUND_DUE)
        services.refund_record(
            user=gw.finance,
            request=request,
            amount=request.approved_amount,
            refunded_on=days_ago(0),
            receipt_number="ใบเสร็จ 9/2569",
        )
        services.move(user=gw.staff, request=request, to=Status.CLOSED)
        return refresh(request)
    request = advance(gw, make_request(gw), state)
    if state == "review":
        services.review_record(user=gw.staff, request=request, recommended_amount=request.amount_requested)
    elif state == "agreement":
        services.document_add(
            user=gw.staff, request=request, kind=DocumentKind.SIGNED_AGREEMENT, upload=pdf("ข้อตกลง.pdf")
        )
    elif state == "disbursing":
        services.payment_record(
            user=gw.finance,
            request=request,
            amount=request.approved_amount,
            paid_on=days_ago(50),
            voucher_number="ฎ 77/2569",
        )
    elif state == "reporting":
        services.report_record(
            user=gw.staff, request=request, results="ทอผ้าได้ 45 ผืน", reported_on=days_ago(1)
        )
        services.document_add(
            user=gw.staff, request=request, kind=DocumentKind.REPORT, upload=pdf("รายงาน.pdf")
        )
    return refresh(request)


@pytest.fixture(scope="module")
def table_world(django_db_setup, django_db_blocker):
    """Both offices' people and one request per state for each, built once; rolled back after the module."""
    from grants.models import BudgetLine

    with django_db_blocker.unblock(), transaction.atomic():
        world = ScopeWorld.build()
        gw = grant_world(world, appropriated="5000000")
        clean_group = make_group(world.tao_a, world.office_a, name="กลุ่มจักสานบ้านนาดี")
        from groups import services as groups

        groups.group_register(
            user=world.tao_a, group=clean_group, number="กษ 0044/2566", registered_on=days_ago(700)
        )
        district = world.district_a.office
        assert district.kind == "district_cd"
        gd = GrantWorld(
            staff=world.district_a,
            finance=UserFactory(username="finance_d", role=Role.FINANCE, office=district),
            executive=UserFactory(username="executive_d", role=Role.EXECUTIVE, office=district),
            group=gw.group,
            line=BudgetLine.objects.create(
                office=district,
                fiscal_year=gw.line.fiscal_year,
                plan_code="00250",
                project="เงินทุนจัดตั้งกลุ่มอาชีพ",
                appropriated=Decimal(5000000),
                materials_only=True,
            ),
        )
        users = {
            "tao": {
                "staff": gw.staff,
                "finance": gw.finance,
                "executive": gw.executive,
                "admin": world.admin,
                "tao_a2": world.tao_a2,
                "tao_b": world.tao_b,
                "district_a": world.district_a,
                "province_a": world.province_a,
            },
            "district": {
                "staff": gd.staff,
                "finance": gd.finance,
                "executive": gd.executive,
                "tao_a": world.tao_a,
                "tao_b": world.tao_b,
                "province_a": world.province_a,
            },
        }
        worlds = {"tao": gw, "district": gd}
        # Money left unreturned makes the group ineligible (screening): the requests owing money are made
        # last, both brought to report review before either is sent to return its money.
        requests = {
            (variant, state): _build(worlds[variant], state, clean_group).pk
            for state in STATES
            if state != "refund_due"
            for variant in VARIANTS
        }
        owing = {variant: _build(worlds[variant], "report_review", clean_group) for variant in VARIANTS}
        for variant, request in owing.items():
            services.move(user=worlds[variant].staff, request=request, to=Status.REFUND_DUE)
            requests[(variant, "refund_due")] = request.pk
        yield {"users": users, "worlds": worlds, "requests": requests}
        transaction.set_rollback(True)


def _spend_all(gw, request):
    """The group's ledger expenses tagged to the grant, as much as was paid (nothing left to return)."""
    from groups import services as groups
    from groups.models import EntryKind

    paid = sum(p.amount for p in request.payments.all())
    entry = groups.ledger_add(
        user=gw.staff,
        group=request.group,
        date=days_ago(5),
        kind=EntryKind.EXPENSE,
        category="materials",
        amount=paid,
        description="ซื้อเส้นไหม",
    )
    SpendingTag.objects.create(request=request, ledger_entry=entry, tagged_by=gw.staff)


def _refund_all(gw, request):
    services.refund_record(
        user=gw.finance,
        request=request,
        amount=request.payments.first().amount,
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 10/2569",
    )


# What an allowed move needs beyond its state (the two ways out of report review need opposite money).
PREPARE = {("report_review", "closed"): _spend_all, ("refund_due", "closed"): _refund_all}


class _Rollback(Exception):
    pass


def _attempt(table_world, variant, state, role, target):
    """Make the move as `role` in a savepoint that is rolled back: (new state, its move row) or the error."""
    gw = table_world["worlds"][variant]
    user = table_world["users"][variant][role]
    pk = table_world["requests"][(variant, state)]
    outcome = {}
    try:
        with transaction.atomic():
            request = GrantRequest.objects.get(pk=pk)
            assert request.status == state
            moves_before = RequestMove.objects.filter(request=request).count()
            if (state, target) in PREPARE:
                from groups.models import Group  # the ledger line is entered by the group's TAO

                PREPARE[(state, target)](
                    GrantWorld(
                        table_world["users"]["tao"]["staff"],
                        gw.finance,
                        gw.executive,
                        Group.objects.get(pk=request.group_id),
                        gw.line,
                    ),
                    request,
                )
            needs_reason = EXPECTED[state].get(target, (None, False))[1]
            try:
                if state == "approval" and target == "approved":
                    services.approve(
                        user=user, request=request, line=gw.line, amount=request.amount_requested
                    )
                else:
                    services.move(
                        user=user, request=request, to=target, reason=REASON if needs_reason else ""
                    )
            except ValidationError as exc:
                outcome["error"] = exc
                outcome["unchanged"] = (
                    refresh(request).status == state
                    and RequestMove.objects.filter(request=request).count() == moves_before
                )
            else:
                outcome["status"] = refresh(request).status
                outcome["row"] = RequestMove.objects.filter(request=request).order_by("-at", "-pk").first()
                outcome["new_rows"] = RequestMove.objects.filter(request=request).count() - moves_before
            raise _Rollback
    except _Rollback:
        pass
    return outcome


def _expected(variant, state, role, target, table_world):
    """None when the move is allowed, else the reason the user must be given (in Thai)."""
    duties = VARIANTS[variant][role]
    office_id = table_world["worlds"][variant].line.office_id
    if target not in EXPECTED[state]:
        if duties[C] is not None:  # a move not in the table asks the staff's duty first
            why = duties[C]
        else:
            return gettext("This move is not allowed from “%(state)s”.") % {"state": Status(state).label}
    else:
        why = duties[EXPECTED[state][target][0]]
        if why is None:
            return None
    return kept_by(office_id) if why == OFFICE else str(why)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(("variant", "role"), [(v, r) for v, roles in VARIANTS.items() for r in roles])
def test_every_move_from_every_state_by_every_role(table_world, variant, state, role):
    user = table_world["users"][variant][role]
    wrong = []
    with translation.override("th"):
        for target in STATES:
            expected = _expected(variant, state, role, target, table_world)
            outcome = _attempt(table_world, variant, state, role, target)
            case = f"{variant} {state} → {target} by {role}"
            if expected is None:
                if "error" in outcome:
                    wrong.append(f"{case}: refused ({outcome['error'].messages}), should be allowed")
                    continue
                row = outcome["row"]
                needs_reason = EXPECTED[state][target][1]
                if not (
                    outcome["status"] == target
                    and outcome["new_rows"] == 1
                    and row.user_id == user.pk
                    and row.from_state == state
                    and row.to_state == target
                    and row.reason == (REASON if needs_reason else "")
                ):
                    wrong.append(
                        f"{case}: allowed but wrote {outcome['status']} / {row.from_state}→{row.to_state} "
                        f"by {row.user} ({row.reason!r})"
                    )
            else:
                if "error" not in outcome:
                    wrong.append(f"{case}: allowed, should be refused: {expected}")
                    continue
                messages = outcome["error"].messages
                if messages != [expected] or not outcome["unchanged"]:
                    wrong.append(
                        f"{case}: refused with {messages}, expected [{expected}]"
                        f"{'' if outcome['unchanged'] else ' (and the request changed)'}"
                    )
    assert not wrong, "\n".join(wrong)


def test_the_expected_table_names_every_state_of_the_model():
    assert set(EXPECTED) == set(Status.values)
    assert all(set(moves) <= set(Status.values) for moves in EXPECTED.values())


# --- reasons and guards -------------------------------------------------------------------------------------

NEEDS_REASON = [
    (state, target) for state, moves in EXPECTED.items() for target, (_d, why) in moves.items() if why
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "target"), NEEDS_REASON)
def test_a_move_that_needs_a_reason_is_refused_without_one(table_world, state, target):
    duty = EXPECTED[state][target][0]
    role = {C: "staff", P: "finance", D: "executive"}[duty]
    user = table_world["users"]["tao"][role]
    pk = table_world["requests"][("tao", state)]
    with translation.override("th"):
        for blank in ("", "   \n "):
            with pytest.raises(TransitionRefused) as refused:
                services.move(user=user, request=GrantRequest.objects.get(pk=pk), to=target, reason=blank)
            assert refused.value.messages == [gettext("Write the reason for this move.")]
            assert "เหตุผล" in refused.value.messages[0]
    assert GrantRequest.objects.get(pk=pk).status == state
    assert not RequestMove.objects.filter(request_id=pk, to_state=target, from_state=state).exists()


def _missing_message(state, missing):
    return gettext("“%(state)s” still needs: %(missing)s.") % {
        "state": Status(state).label,
        "missing": ", ".join(str(m) for m in missing),
    }


@pytest.mark.django_db
def test_the_guards_list_what_is_missing(table_world):
    """Each guard names, in Thai, what the request still needs; nothing moves."""
    gw = table_world["worlds"]["tao"]
    staff, finance, executive = gw.staff, gw.finance, gw.executive
    with translation.override("th"):
        # draft: an empty request
        empty = services.request_create(
            user=staff, group=gw.group, title="ทดสอบ", purposes=["skills"], support_kinds=["money"]
        )
        with pytest.raises(TransitionRefused) as refused:
            services.move(user=staff, request=empty, to=Status.SUBMITTED)
        expected = [
            gettext(m)
            for m in (
                "the activities",
                "the project's dates",
                "the expected results",
                "the amount requested",
                "cost lines",
            )
        ]
        expected += [
            str(DocumentKind(k).label)
            for k in (
                DocumentKind.REQUEST_LETTER,
                DocumentKind.PROJECT_PLAN,
                DocumentKind.GROUP_REGISTRATION,
                DocumentKind.MINUTES,
            )
        ]
        assert refused.value.reasons == expected
        assert refused.value.messages == [_missing_message("draft", expected)]
        # cost lines that do not add up to the amount asked
        short = make_request(gw, amount="25000", documents=False)
        with pytest.raises(TransitionRefused) as refused:
            services.move(user=staff, request=short, to=Status.SUBMITTED)
        assert gettext("cost lines that add up to the amount requested") in refused.value.reasons
        # review without the recommended amount; approval without line and amount (the bare move)
        cases = [
            ("review", staff, Status.APPROVAL, None, [gettext("the recommended amount")]),
            (
                "approval",
                executive,
                Status.APPROVED,
                None,
                [gettext("a budget line"), gettext("the approved amount")],
            ),
            ("approved", staff, Status.AGREEMENT, None, []),  # no guard: it is allowed (checked in the table)
            (
                "agreement",
                staff,
                Status.DISBURSING,
                DocumentKind.SIGNED_AGREEMENT,
                [str(DocumentKind.SIGNED_AGREEMENT.label)],
            ),
            ("disbursing", finance, Status.IN_PROGRESS, "payment", [gettext("a payment")]),
            (
                "reporting",
                staff,
                Status.REPORT_REVIEW,
                DocumentKind.REPORT,
                [
                    gettext("the results against the plan"),
                    gettext("the date the report was received"),
                    str(DocumentKind.REPORT.label),
                ],
            ),
        ]
        for state, user, target, remove, missing in cases:
            if not missing:
                continue
            try:
                with transaction.atomic():
                    request = GrantRequest.objects.get(pk=table_world["requests"][("tao", state)])
                    if state == "review":
                        GrantRequest.objects.filter(pk=request.pk).update(recommended_amount=None)
                    if remove == "payment":
                        request.payments.all().delete()
                    elif remove:
                        request.documents.filter(kind=remove).delete()
                    if state == "reporting":
                        GrantRequest.objects.filter(pk=request.pk).update(report_results="", reported_on=None)
                    with pytest.raises(TransitionRefused) as refused:
                        services.move(user=user, request=refresh(request), to=target)
                    assert refused.value.reasons == missing, state
                    assert refused.value.messages == [_missing_message(state, missing)]
                    assert refresh(request).status == state
                    raise _Rollback
            except _Rollback:
                pass
        # report review: closing needs the money back; "money to return" needs money left
        pk = table_world["requests"][("tao", "report_review")]
        with pytest.raises(TransitionRefused) as refused:
            services.move(user=staff, request=GrantRequest.objects.get(pk=pk), to=Status.CLOSED)
        assert refused.value.reasons == [
            gettext("the money left (%(amount)s baht) returned") % {"amount": "20,000.00"}
        ]
        try:
            with transaction.atomic():
                request = GrantRequest.objects.get(pk=pk)
                _spend_all(GrantWorld(staff, finance, executive, gw.group, gw.line), request)
                with pytest.raises(TransitionRefused) as refused:
                    services.move(user=staff, request=request, to=Status.REFUND_DUE)
                assert refused.value.reasons == [
                    gettext("money left to return (nothing is left: close the request)")
                ]
                raise _Rollback
        except _Rollback:
            pass
        # screening: the group's eligibility, with its reasons
        pk = table_world["requests"][("tao", "screening")]
        try:
            with transaction.atomic():
                request = GrantRequest.objects.get(pk=pk)
                type(request.group).objects.filter(pk=request.group_id).update(registration_number="")
                with pytest.raises(TransitionRefused) as refused:
                    services.move(user=staff, request=request, to=Status.REVIEW)
                assert refused.value.reasons == [
                    gettext("The group is not registered with the district office.")
                ]
                raise _Rollback
        except _Rollback:
            pass
