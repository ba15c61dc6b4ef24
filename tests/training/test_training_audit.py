"""Every change to a training is in its change log, with who and what;
a rejected change logs nothing; the log is shown to the training's own office only."""

import pytest
from django.urls import reverse

from registry.models import AuditAction, AuditEntry
from tests.registers.helpers import make_person
from tests.training.helpers import training_at, village_a
from tests.training.test_training_pages import act
from training.models import Certificate, FollowUp, Step, Training
from training.services import training_advance

pytestmark = pytest.mark.django_db


def log_of(training):
    return list(AuditEntry.objects.for_object(training).order_by("at", "pk"))


def last_change(training) -> dict:
    entry = log_of(training)[-1]
    return {str(label): (old, new) for label, old, new in entry.labelled_changes()}


def test_creating_and_editing_a_training_are_logged_field_by_field(client, world, catalogue):
    client.force_login(world.tao_a)
    client.post(
        reverse("training:create"),
        {"topic": "การทอผ้าไหมลายขิด", "occupation": catalogue["ทอผ้าไหม"].pk, "village": village_a().pk},
    )
    training = Training.objects.get()
    [created] = log_of(training)
    assert created.action == AuditAction.CREATE and created.user == world.tao_a
    act(client, training, "advance")
    act(
        client,
        training,
        "facts",
        target_group="ครัวเรือนเป้าหมาย",
        target_availability="มกราคม",
        curriculum="การทอ",
    )
    assert last_change(training)["กลุ่มเป้าหมาย"] == ("", "ครัวเรือนเป้าหมาย")


def test_rows_trainees_attendance_and_scores_are_logged(client, world, catalogue):
    training = training_at(world.office_a, Step.RUN, ready=True)
    client.force_login(world.tao_a)
    before = len(log_of(training))

    act(client, training, "instructor_add", name="นางคำปุน ศรีใส", organisation="ศูนย์ทอผ้า")
    assert last_change(training)["วิทยากร"] == ("", "นางคำปุน ศรีใส")
    instructor = training.instructors.get(name="นางคำปุน ศรีใส")
    act(client, training, "instructor_remove", id=instructor.pk, confirmed="1")
    assert last_change(training)["วิทยากร"] == ("นางคำปุน ศรีใส", "")

    person = make_person(village_a(), 881, first_name="คำแสน", last_name="ศรีบุญเรือง")
    act(client, training, "enroll", person=person.pk)
    assert "คำแสน ศรีบุญเรือง" in last_change(training)["ผู้เข้ารับการอบรม"][1]
    enrollment = training.enrollments.get(person=person)
    act(client, training, "enroll_remove", id=enrollment.pk, confirmed="1")
    assert "คำแสน ศรีบุญเรือง" in last_change(training)["ผู้เข้ารับการอบรม"][0]

    e = training.enrollments.order_by("pk").first()
    s = training.sessions.order_by("date").first()
    grid = {
        f"h-{x.pk}-{y.pk}": str(y.hours) for x in training.enrollments.all() for y in training.sessions.all()
    }
    act(client, training, "attendance", **{**grid, f"h-{e.pk}-{s.pk}": "1"})
    attendance = last_change(training)["เวลาเข้าอบรม"][1]
    assert f"{e.person.first_name} " in attendance and "→ 1" in attendance
    count = len(log_of(training))
    act(client, training, "attendance", **{**grid, f"h-{e.pk}-{s.pk}": "1"})
    assert len(log_of(training)) == count, "saving the same grid again changes nothing and logs nothing"

    act(client, training, "scores", **{f"post-{x.pk}": "75" for x in training.enrollments.all()})
    assert "75" in last_change(training)["คะแนนทดสอบ"][1]
    assert all(entry.user == world.tao_a for entry in log_of(training)[before:])


def test_a_rejected_grid_logs_nothing(client, world, catalogue):
    training = training_at(world.office_a, Step.EVALUATE)
    client.force_login(world.tao_a)
    count = len(log_of(training))
    e, s = training.enrollments.first(), training.sessions.first()
    act(client, training, "attendance", **{f"h-{e.pk}-{s.pk}": "99"})
    assert len(log_of(training)) == count


def test_certificates_issued_and_revoked_are_logged(client, world, catalogue):
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    certificate = Certificate.objects.filter(enrollment__training=training).first()
    assert certificate.serial in last_change(training)["ใบรับรอง"][1]
    client.force_login(world.tao_a)
    act(client, training, "revoke", id=certificate.pk, reason="ชื่อสะกดผิด", confirmed="1")
    old, new = last_change(training)["ใบรับรอง"]
    assert certificate.serial in old and "ชื่อสะกดผิด" in new


def test_follow_up_incomes_are_logged_against_the_visit(client, world, catalogue):
    training = training_at(world.office_a, Step.SATISFACTION, ready=True)
    training_advance(user=world.tao_a, training=training)
    follow_up = FollowUp.objects.filter(enrollment__training=training).first()
    client.force_login(world.district_a)
    act(
        client,
        training,
        "follow_up",
        id=follow_up.pk,
        visited_on="01/05/2569",
        uses_skill="true",
        income_before="2,000",
        income_after="4,000",
    )
    [entry] = AuditEntry.objects.for_object(follow_up)
    changes = {str(label): (old, new) for label, old, new in entry.labelled_changes()}
    assert entry.user == world.district_a
    assert changes["รายได้ต่อเดือนก่อนอบรม (บาท)"][1].startswith("2,000")

    client.force_login(world.tao_a)  # the office sees the visit in the training's change log
    page = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert 'data-testid="training-history"' in page and str(follow_up) in page
    client.force_login(world.district_a)  # the district may record visits but does not read the office's log
    page = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert 'data-testid="training-history"' not in page
