"""The parts of the workflow engine (kit/workflow.py) a second, smaller table uses: a move asking its own
permission action and needing its own guard, a move back with side effects, the record locked before it moves,
extra fields saved with the state, the reason trimmed, and the declaration's own checks."""

from dataclasses import dataclass, field

import pytest

from kit.workflow import Move, State, TransitionRefused, Workflow, back, transition

pytestmark = pytest.mark.django_db  # a move runs in a transaction


@dataclass
class Loan:
    state: str = "open"
    money_back: bool = False
    saved: list = field(default_factory=list)
    reopened_by: list = field(default_factory=list)

    def save(self, *, update_fields):
        self.saved.append(tuple(update_fields))


ASKED, ROWS, LOCKED = [], [], []


def permission(user, action, loan):
    ASKED.append(action)
    return (action != "forbidden", "ไม่มีสิทธิ์")


def lock(loan):
    """What a real lock does: the record read again; here a copy, so the test sees which one moved."""
    LOCKED.append(loan)
    return Loan(state=loan.state, money_back=loan.money_back)


def reopened(loan, *, user):
    loan.reopened_by.append(user)


def open_missing(loan):
    return ["สัญญา"] if loan.state == "open" and not getattr(loan, "signed", True) else []


def loan_flow() -> Workflow:
    """The table, declared when a test runs (a declaration at import would be made before the test starts)."""
    return Workflow(
        name="loan",
        field="state",
        permission=permission,
        record_move=lambda **row: ROWS.append(row),
        lock=lock,
        save_fields=("updated_at",),
        states=(
            State(
                "open",
                "เปิด",
                guard=open_missing,
                moves=(
                    Move(
                        "closed",
                        act="close",
                        guard=lambda loan: [] if loan.money_back else ["เงินคืน"],
                        label="ปิด",
                    ),
                    Move("written_off", act="forbidden"),
                ),
            ),
            State(
                "closed",
                "ปิดแล้ว",
                guard=lambda loan: ["ใบปิดบัญชี"],  # never asked: its only move is back
                moves=(back("open", reopened, act="reopen", label="เปิดอีกครั้ง"),),
            ),
            State("written_off", "ตัดหนี้สูญ"),
        ),
    )


@pytest.fixture(autouse=True)
def _clean():
    ASKED.clear()
    ROWS.clear()
    LOCKED.clear()


@pytest.fixture
def flow():
    return loan_flow()


def test_a_move_asks_its_own_action_checks_its_own_guard_and_moves_the_locked_record(flow):
    loan = Loan()
    with pytest.raises(TransitionRefused) as refused:
        transition(flow, loan, "closed", user="finance")
    assert refused.value.reasons == ["เงินคืน"] and ASKED == ["close"] and not ROWS
    assert flow.move_missing(loan, flow.state("open").move_to("closed")) == ["เงินคืน"]
    loan.money_back = True
    moved = transition(flow, loan, "closed", user="finance")
    assert [id(x) for x in LOCKED] == [id(loan)] * 2 and moved is not loan  # the locked copy moved
    assert moved.state == "closed" and loan.state == "open"
    assert moved.saved == [("state", "updated_at")]
    assert [(r["obj"], r["from_state"], r["to_state"], r["user"]) for r in ROWS] == [
        (moved, "open", "closed", "finance")
    ]


def test_a_refused_permission_is_the_first_answer(flow):
    with pytest.raises(TransitionRefused) as refused:
        transition(flow, Loan(), "written_off", user="staff")
    assert refused.value.reasons == ["ไม่มีสิทธิ์"] and ASKED == ["forbidden"] and not ROWS


def test_a_move_not_in_the_table_asks_the_workflow_s_action_then_is_refused(flow):
    with pytest.raises(TransitionRefused, match="“ปิดแล้ว”"):
        transition(flow, Loan(state="closed"), "written_off", user="staff")
    assert ASKED == ["move"]


def test_a_move_back_trims_its_reason_needs_no_guard_and_runs_its_effects_after_saving(flow):
    loan = Loan(state="closed")
    with pytest.raises(TransitionRefused) as refused:
        transition(flow, loan, "open", user="executive")
    assert refused.value.reasons == [refused.value.messages[0]]  # one reason: the message itself
    moved = transition(flow, loan, "open", user="executive", reason="  คืนเงินไม่ครบ  ")
    assert ASKED == ["reopen", "reopen"]
    assert (
        moved.state == "open"
        and moved.reopened_by == ["executive"]
        and moved.saved == [("state", "updated_at")]
    )
    assert ROWS[0]["reason"] == "คืนเงินไม่ครบ"


def test_back_and_move_declare_what_they_say(flow):
    assert back("open", reopened, act="reopen", label="เปิดอีกครั้ง") == Move(
        "open", needs_reason=True, guarded=False, effects=(reopened,), act="reopen", label="เปิดอีกครั้ง"
    )
    assert back("open") == Move("open", needs_reason=True, guarded=False)
    plain = Move("closed")
    assert (plain.needs_reason, plain.guarded, plain.effects, plain.act, plain.guard, plain.label) == (
        False,
        True,
        (),
        None,
        None,
        None,
    )
    assert plain.made_by is None
    assert flow.act_of(flow.state("open").move_to("closed")) == "close"
    assert flow.act_of(plain) == "move"


def test_what_a_state_still_misses_is_asked_only_where_there_is_a_way_onward(flow):
    unsigned = Loan()
    unsigned.signed = False
    assert flow.missing(unsigned) == ["สัญญา"]
    assert flow.move_missing(unsigned, flow.state("open").move_to("closed")) == ["สัญญา", "เงินคืน"]
    assert flow.missing(Loan(state="closed")) == []  # its only move is back
    assert flow.move_missing(unsigned, back("closed")) == []


def test_the_table_answers_states_and_progress(flow):
    assert flow.state("closed").label == "ปิดแล้ว"
    assert flow.state("closed").forward is None
    assert flow.state("open").back_moves == ()
    with pytest.raises(KeyError):
        flow.state("no-such")
    assert [(p.state.value, p.done, p.current) for p in flow.progress(Loan(state="closed"))] == [
        ("open", True, False),
        ("closed", False, True),
        ("written_off", False, False),
    ]


def test_a_refusal_keeps_its_reasons():
    assert TransitionRefused("ไม่ได้").reasons == ["ไม่ได้"]
    assert TransitionRefused("ยังขาด", ("ก", "ข")).reasons == ["ก", "ข"]


def test_a_declaration_with_two_states_of_one_value_or_an_unknown_target_is_refused(flow):
    with pytest.raises(ValueError, match="^twice: two states share a value$"):
        Workflow(
            name="twice",
            field="state",
            permission=permission,
            record_move=print,
            states=(State("a", "ก"), State("a", "ข")),
        )
    with pytest.raises(ValueError, match="^broken: a moves to an unknown state 'b'$"):
        Workflow(
            name="broken",
            field="state",
            permission=permission,
            record_move=print,
            states=(State("a", "ก", moves=(Move("b"),)),),
        )
