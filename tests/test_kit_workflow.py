"""The workflow engine (kit/workflow.py) on a second workflow declared here: a small grant application.

The declaration below is all a new workflow takes: its states, their guards and moves, a permission callable
and a move-row factory. The record is a plain object; the engine only reads and sets its state field and saves
it."""

import datetime
from dataclasses import dataclass, field

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
