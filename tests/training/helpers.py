"""Build trainings standing at any of the ten steps, with realistic Thai data."""

import datetime
import itertools
from contextlib import contextmanager
from decimal import Decimal

from registry.models import Occupation, Village
from tests import areas
from tests.registers.helpers import make_person
from tests.scoping import ScopeWorld
from training.models import Attendance, BudgetLine, Enrollment, Session, Step, Training, TrainingInstructor

# National ID numbers for trainees, apart from those tests choose themselves (primary keys are not reset
# between tests on PostgreSQL, so they cannot make numbers).
TRAINEE_NUMBERS = itertools.count(10_000_000)


def village_a():
    sub = areas.sub_district(ScopeWorld.SUB_A)
    return Village.objects.get_or_create(sub_district=sub, number=1, defaults={"name": "บ้านดอนสวรรค์"})[0]


def new_training(office, **fields):
    defaults = {"office": office, "village": village_a(), "topic": "การทำน้ำพริกแปรรูปเพื่อจำหน่าย"}
    defaults.update(fields)
    return Training.objects.create(**defaults)


def satisfy(training, step):
    """Record what `step` needs before the training may leave it."""
    t = training
    if step == Step.TOPIC:
        t.occupation = Occupation.objects.get_or_create(name="ทำน้ำพริก", defaults={"category": "food"})[0]
    elif step == Step.STUDY:
        t.target_group = "ครัวเรือนเป้าหมาย 20 ครัวเรือน หมู่ที่ 1"
        t.target_availability = "หลังฤดูเก็บเกี่ยว (มกราคม–มีนาคม)"
        t.curriculum = "การเลือกวัตถุดิบ การคั่ว การบรรจุ การตั้งราคา"
    elif step == Step.PREPARE:
        TrainingInstructor.objects.create(training=t, name="นางสมศรี ใจดี", organisation="สำนักงานเกษตรอำเภอ")
        t.start_date, t.end_date = datetime.date(2026, 1, 20), datetime.date(2026, 1, 21)
        t.hours, t.capacity, t.documents_ready, t.materials_ready = Decimal(12), 20, True, True
    elif step == Step.PLAN:
        BudgetLine.objects.create(
            training=t, item="ค่าวัสดุฝึกปฏิบัติ", quantity=20, unit="ชุด", unit_cost=Decimal(250)
        )
        BudgetLine.objects.create(
            training=t, item="ค่าตอบแทนวิทยากร", quantity=12, unit="ชั่วโมง", unit_cost=Decimal(600)
        )
    elif step == Step.BUDGET:
        t.budget_approved, t.ordinance_reference = Decimal("12200"), "ข้อบัญญัติงบประมาณรายจ่าย ประจำปี 2569 หน้า 45"
    elif step == Step.RUN:
        Session.objects.create(
            training=t,
            date=datetime.date(2026, 1, 20),
            start_time=datetime.time(9),
            end_time=datetime.time(16),
        )
        Session.objects.create(
            training=t,
            date=datetime.date(2026, 1, 21),
            start_time=datetime.time(9),
            end_time=datetime.time(14),
        )
        for n in range(1, 4):
            Enrollment.objects.create(
                training=t, person=make_person(t.village, next(TRAINEE_NUMBERS), first_name=f"ผู้อบรม{n}")
            )
    elif step == Step.EVALUATE:
        sessions = list(t.sessions.all())
        for i, enrollment in enumerate(t.enrollments.order_by("pk")):
            for session in sessions:
                hours = session.hours if i != 1 else Decimal(2)  # the second trainee attends too little
                Attendance.objects.create(enrollment=enrollment, session=session, hours=hours)
            enrollment.post_score = Decimal(40) if i == 2 else Decimal(85)  # the third fails the test
            enrollment.save()
    elif step == Step.CERTIFY:
        from training.services import certificates_issue

        certificates_issue(user=_admin(), training=t)
    elif step == Step.SATISFACTION:
        t.no_survey_reason = "ผู้เข้ารับการอบรมไม่มีโทรศัพท์ตอบแบบสอบถาม บันทึกด้วยวาจาในที่ประชุม"
    t.save()
    return t


def _admin():
    from registry.models import User

    return User.objects.filter(role="admin").first()


def training_at(office, step, *, ready=False):
    """A training standing at `step`; with ready=True, that step's needs are recorded too."""
    t = new_training(office)
    for s in range(Step.TOPIC, step):
        t.step = s
        t.save()
        satisfy(t, s)
    t.step = step
    t.save()
    if ready:
        satisfy(t, step)
    t.refresh_from_db()
    return t


# --- reading a rendered page --------------------------------------------------------------------------------


def duplicate_ids(html: str) -> list[str]:
    """Every id attribute used more than once on the page (a label's `for` would find only the first)."""
    from collections import Counter
    from html.parser import HTMLParser

    seen = Counter()

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.update(value for name, value in attrs if name == "id")

    Ids().feed(html)
    return sorted(i for i, n in seen.items() if n > 1)


def form_with(html: str, action: str, row: str | None = None) -> str:
    """The markup of the page's form posting `action` (and `id=row`), from the card around it to its end: what
    a user sees next to that form."""
    marker = f'name="action" value="{action}"'
    start = (
        html.index(marker)
        if row is None
        else html.index(f'{marker}><input type="hidden" name="id" value="{row}"')
    )
    card = html.rfind('<div class="card', 0, start)
    return html[card : html.index("</form>", start)]


@contextmanager
def programme_targets(provider):
    """For the block, `provider(fiscal_year)` gives the fiscal year's approved target villages
    (kit/programmes.py) in place of the plan's own; the provider registered before the block (the reports
    app's) is put back after."""
    from kit import programmes

    previous = programmes._provider
    programmes.register(provider)
    try:
        yield provider
    finally:
        programmes.unregister(provider)
        if previous is not None:
            programmes.register(previous)
