"""The workflow engine (kit/workflow.py) on a second workflow declared here: a small grant application.

The declaration below is all a new workflow takes: its states, their guards and moves, a permission callable
and a move-row factory. The record is a plain object; the engine only reads and sets its state field and saves
it."""

import datetime
from dataclasses import dataclass, field, replace

import pytest

from kit.workflow import Move, State, TransitionRefused, Workflow, back, transition

pytestmark = pytest.mark.django_db  # a move runs in a transaction


@dataclass
class Application:
    title: str = ""
    amount: int = 0
    status: str = "draft"
    number: str = ""
    owner: str = "tao_a"
    saved: list = field(default_factory=list)

    def save(self, *, update_fields):
        self.saved.append(tuple(update_fields))


@dataclass
class User:
    name: str
    role: str


MOVES = []  # the move rows written by the factory


def permission(user, action, application):
    if user.role not in ("tao", "screener"):
        return False, "บทบาทของท่านยื่นหรือพิจารณาคำขอไม่ได้"
    if user.role == "tao" and user.name != application.owner:
        return False, "คำขอนี้เป็นของหน่วยงานอื่น"
    return True, ""


def _draft_missing(application):
    return [
        why
        for ok, why in ((application.title, "ชื่อโครงการ"), (application.amount > 0, "จำนวนเงินที่ขอ"))
        if not ok
    ]


def _number(application, *, user):
    application.number = f"ทุน-{len(MOVES)}"


GRANT = Workflow(
    name="grant",
    field="status",
    permission=permission,
    record_move=lambda **row: MOVES.append(row) or row,
    states=(
        State(
            "draft",
            "ร่าง",
            editable_fields=("title", "amount"),
            actions=frozenset({"attachments"}),
            guard=_draft_missing,
            moves=(Move("submitted"),),
        ),
        State("submitted", "ยื่นแล้ว", moves=(Move("screening", effects=(_number,)), back("draft"))),
        State(
            "screening",
            "กลั่นกรอง",
            actions=frozenset({"scores"}),
            moves=(Move("approved"), Move("rejected"), back("submitted")),
        ),
        State("approved", "อนุมัติ"),
        State("rejected", "ไม่อนุมัติ"),
    ),
)

TAO, OTHER_TAO, SCREENER, DISTRICT = (
    User("tao_a", "tao"),
    User("tao_b", "tao"),
    User("screener", "screener"),
    User("district", "district"),
)


@pytest.fixture(autouse=True)
def _no_moves():
    MOVES.clear()


def test_a_record_moves_along_and_each_move_is_written():
    application = Application(title="เครื่องซีลถุงของกลุ่มน้ำพริก", amount=25_000)
    transition(GRANT, application, "submitted", user=TAO)
    transition(GRANT, application, "screening", user=SCREENER)
    transition(GRANT, application, "approved", user=SCREENER)
    assert application.status == "approved"
    assert [(m["from_state"], m["to_state"], m["user"].name) for m in MOVES] == [
        ("draft", "submitted", "tao_a"),
        ("submitted", "screening", "screener"),
        ("screening", "approved", "screener"),
    ]
    assert all(
        m["obj"] is application and m["reason"] == "" and isinstance(m["at"], datetime.datetime)
        for m in MOVES
    )
    assert application.saved == [("status",)] * 3
    assert application.number == "ทุน-2"  # the side effect of the move to screening, after its row was written


def test_the_guard_refuses_with_what_is_missing():
    application = Application(title="")
    with pytest.raises(TransitionRefused) as refused:
        transition(GRANT, application, "submitted", user=TAO)
    assert refused.value.reasons == ["ชื่อโครงการ", "จำนวนเงินที่ขอ"]
    assert "ชื่อโครงการ, จำนวนเงินที่ขอ" in refused.value.messages[0]
    assert application.status == "draft" and not MOVES and not application.saved
    assert GRANT.missing(application) == ["ชื่อโครงการ", "จำนวนเงินที่ขอ"]


@pytest.mark.parametrize(
    ("user", "reason"), [(DISTRICT, "บทบาทของท่านยื่นหรือพิจารณาคำขอไม่ได้"), (OTHER_TAO, "คำขอนี้เป็นของหน่วยงานอื่น")]
)
def test_the_permission_refuses_with_its_reason(user, reason):
    application = Application(title="โรงเรือน", amount=10_000)
    with pytest.raises(TransitionRefused) as refused:
        transition(GRANT, application, "submitted", user=user)
    assert refused.value.reasons == [reason] and refused.value.messages == [reason]
    assert application.status == "draft" and not MOVES


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("draft", "approved"),
        ("draft", "draft"),
        ("submitted", "approved"),
        ("approved", "screening"),
        ("rejected", "draft"),
        ("draft", "no-such"),
    ],
)
def test_a_move_not_in_the_table_is_refused(start, to):
    application = Application(title="โรงเรือน", amount=10_000, status=start)
    with pytest.raises(TransitionRefused, match="ไม่ได้"):
        transition(GRANT, application, to, user=SCREENER)
    assert application.status == start and not MOVES


def test_a_move_back_needs_a_reason_and_no_guard():
    application = Application(
        status="submitted"
    )  # nothing recorded: the draft's guard would refuse going forward
    with pytest.raises(TransitionRefused, match="เหตุผล"):
        transition(GRANT, application, "draft", user=TAO, reason="   ")
    transition(GRANT, application, "draft", user=TAO, reason="แนบใบเสนอราคาผิดฉบับ")
    assert application.status == "draft" and MOVES[-1]["reason"] == "แนบใบเสนอราคาผิดฉบับ"


def test_the_page_reads_the_table():
    application = Application(status="screening")
    assert GRANT.is_open(application, "scores") and not GRANT.is_open(application, "attachments")
    assert [s.value for s in GRANT.states_open_for("attachments")] == ["draft"]
    assert GRANT.state("draft").editable_fields == ("title", "amount")
    assert [(p.state.value, p.done, p.current) for p in GRANT.progress(application)][:3] == [
        ("draft", True, False),
        ("submitted", True, False),
        ("screening", False, True),
    ]
    assert GRANT.state_of(application).forward.to == "approved"
    assert [m.to for m in GRANT.state_of(application).back_moves] == ["submitted"]
    assert GRANT.missing(Application(status="approved")) == []  # no move onward: nothing to miss


def test_a_declaration_naming_an_unknown_state_is_refused_at_import():
    with pytest.raises(ValueError, match="unknown state"):
        Workflow(
            name="broken",
            field="status",
            permission=permission,
            record_move=print,
            states=(State("draft", "ร่าง", moves=(Move("sent"),)),),
        )


# --- what the table answers besides moves: who may, where a page action is open, the status groups ----------


def test_the_status_groups_are_read_off_the_table():
    assert GRANT.final == ("approved", "rejected")  # no move out
    assert GRANT.active == ("draft", "submitted", "screening")
    assert GRANT.road == ("draft", "submitted", "screening", "approved")  # each state's move onward
    assert GRANT.side == ("rejected",)
    assert GRANT.reachable("submitted") == ("draft", "submitted", "screening", "approved", "rejected")
    assert GRANT.reachable("submitted", onward=True) == ("submitted", "screening", "approved", "rejected")
    assert GRANT.open_at("scores") == ("screening",)
    assert GRANT.tagged("anything") == ()


def _every_workflow():
    from grants.workflow import GRANT as grant
    from reports.submissions_workflow import SUBMISSIONS
    from reports.targets_workflow import TARGETS
    from reports.workflow import PLAN
    from training.workflow import TRAINING

    return [GRANT, grant, TRAINING, SUBMISSIONS, TARGETS, PLAN]


@pytest.mark.parametrize("flow", _every_workflow(), ids=lambda flow: flow.name)
def test_in_every_table_a_state_is_final_exactly_when_it_has_no_move(flow):
    for state in flow.states:
        assert (state.value in flow.final) is (not state.moves), state.value
        assert (state.value in flow.active) is bool(state.moves), state.value
    assert set(flow.road) | set(flow.side) == {state.value for state in flow.states}
    assert not set(flow.road) & set(flow.side)
    assert flow.road[0] == flow.states[0].value and flow.state(flow.road[-1]).forward is None
    for action in flow.page_actions:
        assert flow.open_at(action) == tuple(s.value for s in flow.states if action in s.actions)


def _asking():
    asked = []

    def ask(user, action, obj):
        asked.append(action)
        return (action != "forbidden", "ไม่มีสิทธิ์")

    return asked, ask


def test_each_page_action_and_move_asks_the_permission_the_table_names():
    asked, ask = _asking()
    flow = replace(
        GRANT,
        permission=ask,
        act="submit",
        action_act="edit",
        action_acts={"scores": "score", "locked": "forbidden"},
    )
    assert flow.act_for("attachments") == "edit" and flow.act_for("scores") == "score"
    assert replace(GRANT, action_acts={}).act_for("attachments") == GRANT.act  # nothing named: the moves' act
    assert flow.move_act(Application(status="draft"), "submitted") == "submit"
    assert flow.move_act(Application(status="draft"), "approved") == "submit"  # no such move: the workflow's
    assert flow.page_actions == ("attachments", "locked", "scores")
    decisions = flow.decisions(User("tao_a", "tao"), Application())
    assert {action: allowed for action, (allowed, _why) in decisions.items()} == {
        "attachments": True,
        "locked": False,
        "scores": True,
    }
    assert sorted(asked) == ["edit", "forbidden", "score"]  # each permission asked once


def test_a_move_asks_its_own_permission_when_it_names_one():
    asked, ask = _asking()
    flow = replace(
        GRANT,
        permission=ask,
        states=(
            State("draft", "ร่าง", moves=(Move("submitted", act="forbidden"),)),
            State("submitted", "ยื่นแล้ว", moves=(back("draft"),)),
        ),
    )
    assert flow.move_act(Application(status="draft"), "submitted") == "forbidden"
    assert flow.move_act(Application(status="submitted"), "draft") == flow.act
    with pytest.raises(TransitionRefused, match="ไม่มีสิทธิ์"):
        transition(flow, Application(title="โรงเรือน", amount=1), "submitted", user=TAO)
    assert asked == ["forbidden"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("ทำไม่ได้ขณะ “%(state)s” (ทำได้เมื่อ: %(where)s)", "ทำไม่ได้ขณะ “ยื่นแล้ว” (ทำได้เมื่อ: ร่าง)"),
        ("ไม่เปิดที่ %(step)s เปิดที่ %(steps)s", "ไม่เปิดที่ submitted เปิดที่ draft"),
    ],
)
def test_a_page_action_not_open_at_the_state_is_refused_with_where_it_is(message, expected):
    from django.core.exceptions import ValidationError

    GRANT.require_open(Application(status="draft"), "attachments", message)  # open: nothing said
    with pytest.raises(ValidationError) as refused:
        GRANT.require_open(Application(status="submitted"), "attachments", message)
    assert refused.value.messages == [expected]
