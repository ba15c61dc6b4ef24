"""Every allowed and forbidden move along the ten steps (table-driven)."""

import pytest
from django.core.exceptions import ValidationError

from tests.training.helpers import training_at
from training.models import Certificate, FollowUp, Step, StepMove
from training.services import training_advance, training_move_back
from training.workflow import missing

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


@pytest.mark.parametrize(("user", "allowed"), [
    ("tao_a", True), ("admin", True), ("tao_a2", False), ("tao_b", False), ("district_a", False), ("province_a", False),
])
def test_who_may_move(world, catalogue, user, allowed):
    training = training_at(world.office_a, Step.TOPIC, ready=True)
    if allowed:
        assert training_advance(user=getattr(world, user), training=training).step == Step.STUDY
    else:
        with pytest.raises(ValidationError):
            training_advance(user=getattr(world, user), training=training)
        training.refresh_from_db()
        assert training.step == Step.TOPIC


@pytest.mark.parametrize(("start", "to", "reason", "ok"), [
    (Step.BUDGET, Step.PLAN, "งบประมาณไม่พอ ต้องปรับแผน", True),
    (Step.RUN, Step.TOPIC, "เปลี่ยนหัวข้อตามมติเวทีประชาคม", True),
    (Step.BUDGET, Step.PLAN, "", False),            # a reason is required
    (Step.BUDGET, Step.BUDGET, "ไม่เปลี่ยน", False),  # not to the same step
    (Step.BUDGET, Step.RUN, "ข้ามขั้น", False),       # not forward
    (Step.TOPIC, 0, "ไม่มีขั้นที่ 0", False),
])
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
    assert not results["ผู้อบรม2"].eligible and results["ผู้อบรม2"].passed and not results["ผู้อบรม2"].enough_attendance
    assert not results["ผู้อบรม3"].eligible and results["ผู้อบรม3"].enough_attendance and not results["ผู้อบรม3"].passed
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
