"""Every allowed and forbidden move along the ten steps, read from the workflow table
(training/workflow.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from kit.workflow import TransitionRefused, transition
from tests.training.helpers import training_at
from training.models import Certificate, FollowUp, Step, StepMove, Training
from training.services import training_advance, training_move_back
from training.workflow import TRAINING, missing

pytestmark = pytest.mark.django_db

# step: what the guard names when nothing was recorded at that step
GUARDS = {
    Step.TOPIC: ["อาชีพที่ส่งเสริม"],
    Step.STUDY: ["กลุ่มเป้าหมาย", "ช่วงเวลาที่กลุ่มเป้าหมายว่าง", "หลักสูตร"],
    Step.PREPARE: ["วิทยากร", "วันที่", "ชั่วโมง", "จำนวนที่รับ", "เอกสาร", "วัสดุ"],
    Step.PLAN: ["แผนงบประมาณ"],
    Step.BUDGET: ["งบประมาณที่ได้รับอนุมัติ", "ข้อบัญญัติ"],
    Step.RUN: ["รอบการอบรม", "ผู้เข้ารับการอบรม"],
    Step.EVALUATE: ["การเข้าอบรมทุกรอบ", "คะแนนของผู้เข้ารับการอบรมทุกคน"],
    Step.CERTIFY: ["ใบรับรองของผู้มีสิทธิ์ทุกคน"],
    Step.SATISFACTION: ["แบบประเมินความพึงพอใจ"],
}


def test_every_step_with_a_move_onward_has_its_guard_listed_here():
    assert list(GUARDS) == [state.value for state in TRAINING.states if state.forward]


def test_the_table_moves_onward_one_step_and_back_to_any_earlier_one_with_a_reason():
    for state in TRAINING.states:
        assert [(m.to, m.needs_reason, m.guarded) for m in state.moves] == (
            [(state.value + 1, False, True)] * (state.value < Step.FOLLOW_UP)
            + [(earlier, True, False) for earlier in range(1, state.value)]
        ), state


# The training policy's reasons (training/policies.py, registry/ownership.py).
ROLE_REFUSED = "มีเพียงเจ้าหน้าที่ของหน่วยงานที่จัดการฝึกอบรมที่เลื่อนขั้นตอนได้"
OFFICE_REFUSED = "คุณไม่มีสิทธิ์แก้ไขรายการนี้ เพราะอยู่นอกพื้นที่ที่คุณรับผิดชอบ"
# A district office keeps the village trainings it runs, so its officer's role may move a training;
# office A's own is refused with the name of the office that keeps it (tests/training/test_district_runs.py).
KEPT_BY_A = "รายการนี้เป็นขององค์การบริหารส่วนตำบลลำปาว มีเพียงหน่วยงานนั้นที่แก้ไขได้"


# The ten steps of occupational training, in order, as the department names them (written here, not read from
# the table, so that the table is checked against them).
OFFICIAL_STEPS = [
    "กำหนดหัวข้อ",
    "ศึกษาข้อมูลกลุ่มเป้าหมาย",
    "เตรียมความพร้อม",
    "จัดทำแผนงาน/โครงการ/งบประมาณ",
    "เสนอพิจารณางบประมาณ",
    "ดำเนินการฝึกอบรม",
    "ประเมินผล",
    "ออกใบรับรอง/ประกาศนียบัตร/วุฒิบัตร",
    "ประเมินความพึงพอใจ",
    "จัดทำทะเบียนผู้เข้ารับการอบรมและติดตามผล",
]
# Who may move a training along its steps, onward or back: the staff of the office that runs it and an
# administrator (None); everyone else is refused with the policy's reason, whatever the move.
MOVERS = {
    "tao_a": None,
    "admin": None,
    "tao_a2": OFFICE_REFUSED,
    "tao_b": OFFICE_REFUSED,
    "district_a": KEPT_BY_A,
    "province_a": ROLE_REFUSED,
    "province_b": ROLE_REFUSED,
}
REASON = "ทดสอบทุกคู่ขั้นตอน"


def official_move(start, to):
    """How a training may go from step `start` to step `to`: "onward" (to the next step only), "back" (to any
    earlier step, with a written reason), or None (skipping ahead, staying put, or leaving the ten steps)."""
    if to == start + 1 and to <= len(OFFICIAL_STEPS):
        return "onward"
    if 1 <= to < start:
        return "back"
    return None


def test_the_table_has_the_ten_official_steps_in_order():
    assert [str(state.label) for state in TRAINING.states] == OFFICIAL_STEPS
    assert [state.value for state in TRAINING.states] == list(range(1, 11))


# Every pair (from, to), the impossible ones too: the table allows exactly the official moves, and the engine
# moves exactly those, for exactly those who may move the training.
PAIRS = [(start, to) for start in range(1, 11) for to in range(12)]


@pytest.mark.parametrize(("start", "to"), PAIRS)
def test_every_move_of_the_table_and_no_other(world, catalogue, start, to):
    expected = official_move(start, to)
    move = TRAINING.state(start).move_to(to)
    assert (move is None) == (expected is None), (start, to, expected)
    if move is not None:  # onward: guarded, no reason; back: never guarded, always with a reason
        assert (move.guarded, move.needs_reason) == (expected == "onward", expected == "back"), (start, to)

    training = training_at(world.office_a, start, ready=True)
    for name, refusal in MOVERS.items():
        if refusal is not None:  # the permission is asked before the table
            with pytest.raises(TransitionRefused) as exc:
                transition(TRAINING, training, to, user=getattr(world, name), reason=REASON)
            assert exc.value.messages == [refusal], (name, start, to)
    if expected is None:
        with pytest.raises(TransitionRefused) as exc:
            transition(TRAINING, training, to, user=world.tao_a, reason=REASON)
        assert exc.value.messages == [f"เปลี่ยนจาก “{OFFICIAL_STEPS[start - 1]}” ไปยังที่เลือกไม่ได้"]
        training.refresh_from_db()
        assert training.step == start and not StepMove.objects.exists()
        return
    if expected == "back":
        with pytest.raises(TransitionRefused, match="โปรดระบุเหตุผล"):
            transition(TRAINING, training, to, user=world.tao_a, reason=" ")
    training.refresh_from_db()
    assert training.step == start and not StepMove.objects.exists()
    with transaction.atomic():  # the administrator may make the move too (undone, for the office's own move)
        assert transition(TRAINING, training, to, user=world.admin, reason=REASON).step == to
        transaction.set_rollback(True)
    training.refresh_from_db()
    training = transition(TRAINING, training, to, user=world.tao_a, reason=REASON)
    training.refresh_from_db()
    assert training.step == to
    assert StepMove.objects.filter(from_step=start, to_step=to, user=world.tao_a).count() == 1
    assert StepMove.objects.get().reason == REASON


@pytest.mark.parametrize("step", list(GUARDS))
def test_advance_is_refused_until_the_step_has_its_facts(world, catalogue, step):
    training = training_at(world.office_a, step)
    with pytest.raises(ValidationError) as exc:
        training_advance(user=world.tao_a, training=training)
    message = " ".join(exc.value.messages)
    for words in GUARDS[step]:
        assert words in message, (step, message)
    training.refresh_from_db()
    assert training.step == step and not StepMove.objects.exists()


@pytest.mark.parametrize("step", list(GUARDS))
def test_advance_when_the_guard_passes(world, catalogue, step):
    training = training_at(world.office_a, step, ready=True)
    assert missing(training) == []
    training = training_advance(user=world.tao_a, training=training)
    assert training.step == step + 1
    move = StepMove.objects.get()
    assert (move.from_step, move.to_step, move.user) == (step, step + 1, world.tao_a)


def test_the_last_step_has_no_next(world, catalogue):
    training = training_at(world.office_a, Step.FOLLOW_UP)
    with pytest.raises(ValidationError, match="ขั้นตอนสุดท้าย"):
        training_advance(user=world.tao_a, training=training)


@pytest.mark.parametrize(
    ("user", "refused"),
    [
        ("tao_a", None),
        ("admin", None),
        ("tao_a2", OFFICE_REFUSED),
        ("tao_b", OFFICE_REFUSED),
        ("district_a", KEPT_BY_A),
        ("province_a", ROLE_REFUSED),
    ],
)
def test_who_may_move(world, catalogue, user, refused):
    training = training_at(world.office_a, Step.TOPIC, ready=True)
    if refused is None:
        assert training_advance(user=getattr(world, user), training=training).step == Step.STUDY
    else:
        with pytest.raises(ValidationError) as exc:
            training_advance(user=getattr(world, user), training=training)
        assert exc.value.messages == [refused]  # the permission's reason, asked before the guard
        training.refresh_from_db()
        assert training.step == Step.TOPIC


@pytest.mark.parametrize(
    ("start", "to", "reason", "ok"),
    [
        (Step.BUDGET, Step.PLAN, "งบประมาณไม่พอ ต้องปรับแผน", True),
        (Step.RUN, Step.TOPIC, "เปลี่ยนหัวข้อตามมติเวทีประชาคม", True),
        (Step.BUDGET, Step.PLAN, "", False),  # a reason is required
        (Step.BUDGET, Step.BUDGET, "ไม่เปลี่ยน", False),  # not to the same step
        (Step.BUDGET, Step.RUN, "ข้ามขั้น", False),  # not forward
        (Step.TOPIC, 0, "ไม่มีขั้นที่ 0", False),
    ],
)
def test_moving_back(world, catalogue, start, to, reason, ok):
    training = training_at(world.office_a, start)
    if ok:
        training = training_move_back(user=world.tao_a, training=training, to_step=to, reason=reason)
        assert training.step == to
        assert StepMove.objects.get().reason == reason
    else:
        with pytest.raises(ValidationError):
            training_move_back(user=world.tao_a, training=training, to_step=to, reason=reason)
        training.refresh_from_db()
        assert training.step == start and not StepMove.objects.exists()


@pytest.mark.parametrize("user", ["province_a", "district_a", "tao_b"])
def test_officers_and_other_offices_cannot_move_back(world, catalogue, user):
    training = training_at(world.office_a, Step.BUDGET)
    with pytest.raises(ValidationError):
        training_move_back(user=getattr(world, user), training=training, to_step=Step.PLAN, reason="ทดสอบ")


def test_full_run_certifies_only_the_eligible_and_opens_follow_up(world, catalogue):
    from training.selectors import enrollments_with_results

    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    results = {e.person.first_name: e for e in enrollments_with_results(training)}
    assert results["ผู้อบรม1"].eligible
    assert (
        not results["ผู้อบรม2"].eligible
        and results["ผู้อบรม2"].passed
        and not results["ผู้อบรม2"].enough_attendance
    )
    assert (
        not results["ผู้อบรม3"].eligible
        and results["ผู้อบรม3"].enough_attendance
        and not results["ผู้อบรม3"].passed
    )
    certificate = Certificate.objects.get()
    assert certificate.enrollment.person.first_name == "ผู้อบรม1" and certificate.serial == "1/2569"
    training = training_advance(user=world.tao_a, training=training)
    training.no_survey_reason = "ทดสอบ"
    training.save()
    training = training_advance(user=world.tao_a, training=training)
    assert training.step == Step.FOLLOW_UP
    assert sorted(FollowUp.objects.values_list("round", flat=True)) == [3, 6]


def test_certificate_serials_run_per_office_and_fiscal_year(world, catalogue):
    first = training_at(world.office_a, Step.CERTIFY, ready=True)
    second = training_at(world.office_a, Step.CERTIFY)
    for enrollment in second.enrollments.all():
        enrollment.attendance.update(hours=8)
        enrollment.post_score = 90
        enrollment.save()
    from training.services import certificates_issue

    issued = certificates_issue(user=world.tao_a, training=second)
    assert [c.serial for c in issued] == ["2/2569", "3/2569", "4/2569"]
    assert Certificate.objects.get(enrollment__training=first).serial == "1/2569"
    assert len({c.code for c in Certificate.objects.all()}) == 4
    assert certificates_issue(user=world.tao_a, training=second) == []  # issuing again adds nothing


def test_an_ineligible_trainee_gets_no_certificate(world, catalogue):
    from training.services import certificate_issue_one

    training = training_at(world.office_a, Step.CERTIFY)
    failed = training.enrollments.get(person__first_name="ผู้อบรม3")
    with pytest.raises(ValidationError, match="ไม่มีสิทธิ์ได้รับใบรับรอง"):
        certificate_issue_one(user=world.tao_a, enrollment=failed)
    assert not Certificate.objects.exists()


def test_page_actions_closed_at_the_step_are_refused_naming_where_they_open(world, catalogue):
    from groups.services import group_from_training
    from training.services import certificates_issue

    training = training_at(world.office_a, Step.EVALUATE, ready=True)
    with pytest.raises(ValidationError, match="ขั้นตอนที่ 7.*ขั้นตอนที่ 8"):
        certificates_issue(user=world.tao_a, training=training)
    assert not Certificate.objects.exists()
    with pytest.raises(ValidationError, match="ขั้นตอนที่ 10"):
        group_from_training(user=world.tao_a, training=training, people=[], name="กลุ่มทดสอบ")


def test_the_step_form_edits_the_fields_the_table_names():
    from training.forms import step_form_class

    for state in TRAINING.states:
        form_class = step_form_class(state.value)
        assert (list(form_class.base_fields) if form_class else []) == list(state.editable_fields), state


# --- who may: the permission of every page action and move is the table's -----------------------------------


def _posted(name, **data):
    from django.test import RequestFactory

    return RequestFactory().post("/", {"action": name, **data})


def test_each_move_and_page_action_asks_the_permission_the_table_names():
    from training.views import ACTIONS, _act

    for state in TRAINING.states:
        training = Training(step=state.value)
        onward = "training.advance" if state.forward else TRAINING.act  # the last step: no move onward
        assert _act(_posted("advance"), training, "advance") == onward
        for earlier in range(1, state.value):
            assert _act(_posted("back", to_step=earlier), training, "back") == "training.move_back"
    moves = {"advance", "back"}
    asks = {name: _act(_posted(name), Training(step=Step.RUN), name) for name in set(ACTIONS) - moves}
    assert asks == {name: "training.follow_up" if name == "follow_up" else "training.change" for name in asks}


def test_the_page_follows_the_table(client, world, catalogue, monkeypatch):
    """Ask the follow-up visitors' permission for the materials, and the page lets the district's community
    developer's posted material through (to the form and the service, which refuse it), where it was a 403."""
    from django.urls import reverse

    from training.models import MaterialReceipt

    training = training_at(world.office_a, Step.RUN)
    url = reverse("training:detail", args=[training.pk])
    client.force_login(world.district_a)
    data = {"action": "material_add", "item": "คู่มือการทำน้ำพริก"}
    assert client.post(url, data).status_code == 403
    monkeypatch.setitem(TRAINING.action_acts, "material_add", "training.follow_up")
    assert client.post(url, data).status_code == 200  # the page drawn again with the refusal in the card
    assert not MaterialReceipt.objects.filter(enrollment__training=training).exists()


def test_the_follow_up_service_follows_the_table(world, catalogue, monkeypatch):
    from training.services import follow_up_record

    training = training_at(world.office_a, Step.SATISFACTION, ready=True)
    training_advance(user=world.tao_a, training=training)
    follow_up = FollowUp.objects.filter(enrollment__training=training).first()
    monkeypatch.setitem(TRAINING.action_acts, "follow_up", "training.change")  # the keepers' only
    with pytest.raises(ValidationError) as refused:
        follow_up_record(user=world.district_a, follow_up=follow_up, fields={"uses_skill": True})
    assert refused.value.messages == [KEPT_BY_A]
    monkeypatch.undo()
    follow_up_record(user=world.district_a, follow_up=follow_up, fields={"uses_skill": True})
    follow_up.refresh_from_db()
    assert follow_up.recorded_by == world.district_a
