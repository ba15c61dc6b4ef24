"""Demo trainings of อบต.ลำปาว at different steps, one finished with certificates (seed_demo)."""

import datetime
from decimal import Decimal

from django.db import transaction

from registry.models import Expert, Occupation, Office, Person, User, Village
from training import services
from training.models import (
    BudgetLine,
    MaterialReceipt,
    SatisfactionResponse,
    Session,
    Step,
    Training,
    TrainingInstructor,
)

TOPICS = [
    # topic, occupation, step to reach
    ("การทอผ้าไหมลายขิดเพื่อจำหน่าย", "ทอผ้าไหม", Step.FOLLOW_UP),
    ("การแปรรูปปลาส้มจากปลาเขื่อนลำปาว", "ทำปลาส้ม", Step.EVALUATE),
    ("การเพาะเห็ดนางฟ้าในโรงเรือน", "เพาะเห็ด", Step.BUDGET),
    ("การทำน้ำพริกสมุนไพรบรรจุขวด", "ทำน้ำพริก", Step.STUDY),
]


@transaction.atomic
def seed(log=print):
    office = Office.objects.get(code="6460105")
    user = User.objects.get(username="tao_lampao")
    if Training.objects.filter(office=office).exists():
        log("training: demo trainings already there")
        return
    villages = list(Village.objects.filter(sub_district_id="460105").order_by("number"))
    made = []
    for index, (topic, occupation, target_step) in enumerate(TOPICS):
        village = villages[index % len(villages)]
        start = datetime.date(2026, 1, 20) + datetime.timedelta(days=21 * index)
        training = services.training_create(
            user=user,
            office=office,
            village=village,
            topic=topic,
            occupation=Occupation.objects.get(name=occupation),
            venue="ศาลาประชาคมหมู่บ้าน",
        )
        _reach(user, training, target_step, start)
        made.append(training)
    log(
        f"training: {len(made)} demo trainings at steps "
        + ", ".join(str(t.step) for t in Training.objects.filter(office=office))
    )


def _reach(user, training, target, start):
    """Record each step's facts, as an officer would, and move on until the target step."""
    while training.step < target:
        _record(user, training, Step(training.step), start)
        training.refresh_from_db()
        training = services.training_advance(user=user, training=training)


def _record(user, t, step, start):
    if step == Step.STUDY:
        t.target_group = "ครัวเรือนเป้าหมายและผู้สนใจในตำบลลำปาว"
        t.target_availability = "หลังฤดูเก็บเกี่ยวข้าว เดือนมกราคม–เมษายน"
        t.curriculum = "ความรู้พื้นฐาน การสาธิต การฝึกปฏิบัติ การตั้งราคาและการขาย"
    elif step == Step.PREPARE:
        experts = Expert.objects.filter(person__sub_district_id="460105", active=True)[:2]
        TrainingInstructor.objects.bulk_create(
            [TrainingInstructor(training=t, expert=e) for e in experts]
            + [
                TrainingInstructor(
                    training=t, name="นางสาวพิมพ์ชนก ศรีวงศ์", organisation="สำนักงานพัฒนาชุมชนอำเภอเมืองกาฬสินธุ์"
                )
            ]
        )
        t.start_date, t.end_date, t.hours, t.capacity = (
            start,
            start + datetime.timedelta(days=1),
            Decimal(12),
            20,
        )
        t.documents_ready = t.materials_ready = True
    elif step == Step.PLAN:
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(training=t, item="ค่าวัสดุฝึกปฏิบัติ", quantity=20, unit="ชุด", unit_cost=Decimal(350)),
                BudgetLine(
                    training=t, item="ค่าตอบแทนวิทยากร", quantity=12, unit="ชั่วโมง", unit_cost=Decimal(600)
                ),
                BudgetLine(
                    training=t, item="ค่าอาหารและเครื่องดื่ม", quantity=44, unit="มื้อ", unit_cost=Decimal(80)
                ),
            ]
        )
    elif step == Step.BUDGET:
        t.budget_approved, t.ordinance_reference = (
            Decimal("17720"),
            "ข้อบัญญัติงบประมาณรายจ่ายประจำปี 2569 แผนงานสร้างความเข้มแข็งของชุมชน",
        )
    elif step == Step.RUN:
        Session.objects.create(
            training=t,
            date=t.start_date,
            start_time=datetime.time(9),
            end_time=datetime.time(16),
            title="บรรยายและสาธิต",
        )
        Session.objects.create(
            training=t,
            date=t.end_date,
            start_time=datetime.time(9),
            end_time=datetime.time(14),
            title="ฝึกปฏิบัติ",
        )
        people = Person.objects.filter(village=t.village, birth_date__lt=datetime.date(2006, 1, 1)).order_by(
            "pk"
        )[:12]
        services.enrollments_add(user=user, training=t, people=people)
    elif step == Step.EVALUATE:
        hours = {}
        for i, e in enumerate(t.enrollments.order_by("pk")):
            for s in t.sessions.all():
                hours[(e.pk, s.pk)] = s.hours if i % 6 != 5 else Decimal(3)  # a few miss most of it
        services.attendance_save(user=user, training=t, hours=hours)
        services.scores_save(
            user=user,
            training=t,
            scores={
                e.pk: (str(40 + (i * 7) % 30), str(55 + (i * 11) % 45))
                for i, e in enumerate(t.enrollments.order_by("pk"))
            },
        )
        for e in t.enrollments.all()[:6]:
            MaterialReceipt.objects.create(
                enrollment=e, item="เส้นไหมย้อมสีธรรมชาติ", quantity=1, unit="กิโลกรัม", received_on=t.start_date
            )
    elif step == Step.CERTIFY:
        services.certificates_issue(user=user, training=t, issued_on=t.end_date)
    elif step == Step.SATISFACTION:
        for i, e in enumerate(t.enrollments.order_by("pk")[:8]):
            SatisfactionResponse.objects.create(
                training=t,
                enrollment=e,
                q1=5,
                q2=4 + i % 2,
                q3=3 + i % 3,
                q4=4,
                q5=5,
                comment="อยากให้จัดอบรมต่อยอดเรื่องการตลาดออนไลน์" if i == 0 else "",
            )
        t.limits_and_problems = "ผู้เข้ารับการอบรมบางคนติดภารกิจเก็บเกี่ยวในวันที่สอง"
        t.suggestions = "จัดรอบที่สองช่วงเดือนมีนาคม และเชิญผู้ประกอบการมาให้ความรู้ด้านการขาย"
        t.budget_spent = Decimal("16980")
    t.save()
