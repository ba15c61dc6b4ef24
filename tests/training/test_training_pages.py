"""A TAO officer takes a training through the ten steps on its page; bad input is refused, nothing kept."""

import datetime

import pytest
from django.urls import reverse

from tests.registers.helpers import make_person
from tests.scoping import assert_refused
from tests.training.helpers import training_at, village_a
from training.models import Attendance, Certificate, Enrollment, FollowUp, Step, Training
from training.workflow import TRAINING

pytestmark = pytest.mark.django_db


def act(client, training, action, **data):
    return client.post(
        reverse("training:detail", args=[training.pk]), {"action": action, **data}, follow=True
    )


def step_of(training):
    training.refresh_from_db()
    return training.step


def page_text(response):
    return response.content.decode()


def test_from_step_1_to_10_on_the_page(client, world, catalogue):
    client.force_login(world.tao_a)
    village = village_a()
    response = client.post(
        reverse("training:create"),
        {
            "topic": "การทอผ้าไหมลายขิด",
            "occupation": catalogue["ทอผ้าไหม"].pk,
            "village": village.pk,
            "venue": "ศาลาประชาคม",
        },
        follow=True,
    )
    training = Training.objects.get()
    assert "ขั้นตอนที่ 1" in page_text(response)
    act(client, training, "advance")
    assert step_of(training) == Step.STUDY
    blocked = act(client, training, "advance")
    assert "ยังขาด" in page_text(blocked) and step_of(training) == Step.STUDY
    act(
        client,
        training,
        "facts",
        target_group="ครัวเรือนเป้าหมาย",
        target_availability="มกราคม–มีนาคม",
        curriculum="การย้อม การมัดหมี่ การทอ",
    )
    act(client, training, "advance")
    assert step_of(training) == Step.PREPARE
    act(client, training, "instructor_add", name="นางคำปุน ศรีใส", organisation="ศูนย์ทอผ้า")
    act(
        client,
        training,
        "facts",
        village=village.pk,
        venue="ศาลาประชาคม",
        start_date="20/01/2569",
        end_date="21/01/2569",
        hours="12",
        capacity="2",
        documents_ready="on",
        materials_ready="on",
    )
    act(client, training, "advance")
    assert step_of(training) == Step.PLAN
    act(client, training, "budget_add", item="เส้นไหม", quantity="10", unit="กิโลกรัม", unit_cost="1,500")
    act(client, training, "advance")
    act(client, training, "facts", budget_approved="15,000", ordinance_reference="ข้อบัญญัติ 2569 หน้า 12")
    act(client, training, "advance")
    assert step_of(training) == Step.RUN
    act(client, training, "session_add", date="20/01/2569", start_time="09:00", end_time="16:00")
    act(client, training, "session_add", date="21/01/2569", start_time="09:00", end_time="14:00")
    people = [make_person(village, 900 + n, first_name=f"ช่างทอ{n}") for n in range(3)]
    for person in people[:2]:
        act(client, training, "enroll", person=person.pk)
    over = act(client, training, "enroll", person=people[2].pk)
    assert "รับผู้เข้าอบรม 2 คน" in page_text(over) and training.enrollments.count() == 2
    twice = act(client, training, "enroll", person=people[0].pk)
    assert "ลงทะเบียนแล้ว" in page_text(twice) and training.enrollments.count() == 2
    act(client, training, "advance")
    assert step_of(training) == Step.EVALUATE

    e1, e2 = training.enrollments.order_by("person__first_name")
    s1, s2 = training.sessions.order_by("date")
    too_long = act(
        client,
        training,
        "attendance",
        **{
            f"h-{e1.pk}-{s1.pk}": "9",
            f"h-{e1.pk}-{s2.pk}": "5",
            f"h-{e2.pk}-{s1.pk}": "7",
            f"h-{e2.pk}-{s2.pk}": "1",
        },
    )
    assert "มากกว่าเวลาของรอบ" in page_text(too_long) and not Attendance.objects.exists()
    act(
        client,
        training,
        "attendance",
        **{
            f"h-{e1.pk}-{s1.pk}": "7",
            f"h-{e1.pk}-{s2.pk}": "5",
            f"h-{e2.pk}-{s1.pk}": "7",
            f"h-{e2.pk}-{s2.pk}": "1",
        },
    )
    assert Attendance.objects.count() == 4
    too_high = act(
        client,
        training,
        "scores",
        **{f"pre-{e1.pk}": "30", f"post-{e1.pk}": "150", f"pre-{e2.pk}": "20", f"post-{e2.pk}": "90"},
    )
    assert "สูงกว่าคะแนนเต็ม" in page_text(too_high)
    assert not Enrollment.objects.filter(post_score__isnull=False).exists()
    page = act(
        client,
        training,
        "scores",
        **{f"pre-{e1.pk}": "30", f"post-{e1.pk}": "85", f"pre-{e2.pk}": "20", f"post-{e2.pk}": "90"},
    )
    assert "มีสิทธิ์ได้รับใบรับรอง" in page_text(page) and "เวลาเข้าอบรมไม่ถึง 80%" in page_text(page)
    act(client, training, "advance")
    assert step_of(training) == Step.CERTIFY
    act(client, training, "issue")
    certificate = Certificate.objects.get()
    assert certificate.enrollment == e1 and certificate.serial == "1/2569"
    act(client, training, "advance")
    assert step_of(training) == Step.SATISFACTION
    act(
        client,
        training,
        "facts",
        limits_and_problems="ฝนตก",
        suggestions="จัดช่วงหน้าแล้ง",
        no_survey_reason="ตอบด้วยวาจา",
        budget_spent="14,250",
    )
    act(client, training, "advance")
    assert step_of(training) == Step.FOLLOW_UP
    follow_up = FollowUp.objects.get(round=3)
    assert follow_up.due_on == datetime.date(2026, 4, 21)
    act(
        client,
        training,
        "follow_up",
        id=follow_up.pk,
        visited_on="25/04/2569",
        uses_skill="true",
        income_before="3,000",
        income_after="5,500",
    )
    follow_up.refresh_from_db()
    assert follow_up.uses_skill and follow_up.income_after == 5500 and follow_up.recorded_by == world.tao_a
    back = act(client, training, "back", to_step="9", reason="")
    assert "โปรดระบุเหตุผล" in page_text(back) and step_of(training) == Step.FOLLOW_UP


def test_other_offices_and_officers(client, world, catalogue):
    training = training_at(world.office_a, Step.RUN)
    url = reverse("training:detail", args=[training.pk])
    for user, status in ((world.tao_b, 404), (world.tao_a2, 404), (world.province_b, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    for user in (world.province_a, world.district_a):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert_refused(client.post(url, {"action": "advance"}))  # readers are told why
    client.force_login(world.tao_b)
    assert training.pk not in [
        t.pk for t in client.get(reverse("training:training_list")).context["trainings"]
    ]


def test_village_training_template(client, world, catalogue):
    from registry.models import Expert, Household, InstructorTeam, TargetHousehold, TeamMember

    village = village_a()
    team = InstructorTeam.objects.create(village=village, fiscal_year=2569)
    for n in range(5):
        expert = Expert.objects.create(person=make_person(village, 700 + n, first_name=f"ปราชญ์{n}"))
        TeamMember.objects.create(team=team, expert=expert, is_lead=n == 0)
    for n in range(20):
        head = make_person(village, 800 + n, first_name=f"หัวหน้า{n}")
        household = Household.objects.create(village=village, house_number=str(n + 1), head=head)
        TargetHousehold.objects.create(
            household=household,
            village=village,
            fiscal_year=2569,
            criterion="jpt",
            forum_date=datetime.date(2025, 11, 15),
        )
    client.force_login(world.tao_a)
    response = client.post(
        reverse("training:village_training"),
        {
            "team": team.pk,
            "topic": "การทำปุ๋ยหมักชีวภาพ",
            "occupation": catalogue["ทำปุ๋ยอินทรีย์"].pk,
            "date": "10/02/2569",
            "hours": "6",
            "venue": "ศาลาประชาคม",
        },
        follow=True,
    )
    training = Training.objects.get()
    assert (training.start_date, training.end_date, training.hours) == (datetime.date(2026, 2, 10),) * 2 + (
        6,
    )
    assert training.instructors.count() == 5 and training.enrollments.count() == 20
    assert "ทีมวิทยากร" in response.content.decode() or response.status_code == 200


def test_ineligible_trainees_get_no_certificate_from_the_page(client, world, catalogue):
    training = training_at(world.office_a, Step.CERTIFY)
    client.force_login(world.tao_a)
    act(client, training, "issue")
    assert list(Certificate.objects.values_list("enrollment__person__first_name", flat=True)) == ["ผู้อบรม1"]


def test_district_officer_records_a_follow_up_visit_but_nothing_else(client, world, catalogue):
    from training.services import training_advance

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
    follow_up.refresh_from_db()
    assert follow_up.recorded_by == world.district_a and follow_up.income_after == 4000
    url = reverse("training:detail", args=[training.pk])
    assert_refused(client.post(url, {"action": "back", "to_step": "9", "reason": "x"}))
    client.force_login(world.province_a)
    assert_refused(client.post(url, {"action": "follow_up", "id": follow_up.pk}))


def test_survey_qr_codes_on_the_training_page(client, world, catalogue):
    training = training_at(world.office_a, Step.EVALUATE)
    client.force_login(world.tao_a)
    page = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    enrollment = training.enrollments.first()
    qr_url = reverse("training:survey_qr", args=[training.pk, enrollment.pk])
    assert f"/survey/{enrollment.survey_token}/" in page and qr_url in page
    qr = client.get(qr_url)  # each QR is its own lazily loaded SVG, so the page itself stays cheap
    assert qr["Content-Type"] == "image/svg+xml" and "<svg" in qr.content.decode()
    client.force_login(world.tao_b)
    assert client.get(qr_url).status_code == 404


def test_satisfaction_summary_means_count_and_comments(client, world, catalogue):
    from training.models import SatisfactionResponse

    training = training_at(world.office_a, Step.SATISFACTION)
    for i, enrollment in enumerate(training.enrollments.order_by("pk")[:2]):
        SatisfactionResponse.objects.create(
            training=training,
            enrollment=enrollment,
            q1=5,
            q2=4 - i,
            q3=3,
            q4=4,
            q5=5,
            comment="อยากให้มีรุ่นที่สอง" if i == 0 else "",
        )
    client.force_login(world.tao_a)
    response = client.get(reverse("training:detail", args=[training.pk]))
    assert response.context["survey"].answered == 2 and response.context["survey"].mean("q2") == 3.5
    assert "อยากให้มีรุ่นที่สอง" in response.content.decode()


def test_empty_instructor_is_refused(client, world, catalogue):
    t = training_at(world.office_a, Step.PREPARE)
    client.force_login(world.tao_a)
    r = client.post(
        reverse("training:detail", args=[t.pk]),
        {"action": "instructor_add", "name": "", "organisation": ""},
        follow=True,
    )
    assert "โปรดเลือกปราชญ์จากทะเบียนหรือระบุชื่อวิทยากร" in r.content.decode()
    assert not t.instructors.exists()


@pytest.mark.parametrize("step", [state.value for state in TRAINING.states if not state.editable_fields])
def test_a_step_without_facts_of_its_own_refuses_a_posted_facts_form(client, world, catalogue, step):
    training = training_at(world.office_a, step)
    client.force_login(world.tao_a)
    response = act(client, training, "facts", anchor="step", topic="หัวข้อใหม่")
    assert response.status_code == 200 and "ไม่มีข้อมูลของขั้นตอนให้บันทึก" in page_text(response)
    training.refresh_from_db()
    assert training.topic != "หัวข้อใหม่"
