"""Demo occupation groups (seed_demo): one formed from the finished demo training with its past years closed
(level A), one registered group with gaps (level B or C), one still forming (level D), and one in another TAO.

Dates are counted back from today, so the readiness levels hold whenever the demo is built."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from groups import services
from groups.models import CommitteeRole, EntryKind, Group, MeetingKind
from registry.models import Occupation, Office, Person, User, Village
from training.models import Step, Training

RULES_TEXT = """1. สมาชิกต้องเป็นผู้ที่อาศัยในตำบลและประกอบอาชีพเดียวกับกลุ่ม
2. สมาชิกบันทึกเวลาทำงานให้กลุ่มทุกครั้ง เงินปันผลจ่ายตามผลงาน “ทำมากได้มาก ทำน้อยได้น้อย ไม่ทำไม่ได้”
3. กลุ่มประชุมอย่างน้อยเดือนละ 1 ครั้ง และประชุมใหญ่สรุปงบกำไรขาดทุนปีละ 1 ครั้ง
4. ปัญหาในกลุ่มให้คุยกันในกลุ่มก่อน หากแก้ไขไม่ได้ให้ปรึกษาพัฒนากร
5. กำไรสุทธิประจำปีจัดสรรตามสัดส่วนที่ที่ประชุมใหญ่กำหนด"""
ALLOCATION = {"dividend_pct": 60, "reserve_pct": 15, "welfare_pct": 10, "committee_pct": 10, "other_pct": 5}


def _months_back(day: datetime.date, n: int) -> datetime.date:
    month = day.month - n
    return datetime.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@transaction.atomic
def seed(log=print):
    office = Office.objects.get(code="6460105")
    if Group.objects.filter(office=office).exists():
        log("groups: demo groups already there")
        return
    user = User.objects.get(username="tao_lampao")
    today = timezone.localdate()
    rng = random.Random(2569)
    made = [
        _weavers(user, office, today, rng),
        _pla_som(user, office, today, rng),
        _mushrooms(user, office, today),
    ]
    other = Office.objects.filter(code="6460119").first()
    other_user = User.objects.filter(username="tao_phonthong").first()
    if other and other_user:
        made.append(_basketry(other_user, other, today, rng))
    visitor = User.objects.filter(username="cd_mueang").first()
    if visitor:
        for group in made[:2]:
            services.visit_record(
                user=visitor,
                group=group,
                visited_on=today - datetime.timedelta(days=10),
                notes="ติดตามการบันทึกบัญชีและผลงานสมาชิก แนะนำให้ประชุมทุกเดือน",
            )
    log(f"groups: {len(made)} demo groups")


def _people(sub_district, count, skip=0, village=None):
    people = Person.objects.filter(sub_district_id=sub_district, birth_date__lt=datetime.date(2000, 1, 1))
    if village is not None:
        people = people.filter(village=village)
    return list(people.exclude(group_memberships__isnull=False).order_by("pk")[skip : skip + count])


def _monthly_meetings(user, group, start, today, rng, *, skip_months=()):
    """A meeting in every month from `start` to last month
    (less `skip_months` back from today); returns them."""
    meetings, month = [], start.replace(day=1)
    while month < today.replace(day=1):
        back = (today.year - month.year) * 12 + today.month - month.month
        day = month + datetime.timedelta(days=rng.randint(4, 20))
        if back not in skip_months and day >= group.founded_on:
            members = [m for m in group.memberships.all() if m.active_on(day)]
            present = rng.sample(members, max(1, len(members) - rng.randint(0, 2)))
            meetings.append(
                services.meeting_record(
                    user=user,
                    group=group,
                    kind=MeetingKind.MONTHLY,
                    date=day,
                    held=True,
                    agenda="ติดตามการผลิต ยอดขาย และบัญชีของกลุ่ม",
                    resolutions="รับทราบยอดขายเดือนที่ผ่านมา มอบหมายงานผลิตเดือนนี้",
                    present=present,
                )
            )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return meetings


def _work_and_money(user, group, start, today, rng, *, sale=(6000, 14000), cost=(2000, 5000)):
    """Weekly work for every member and monthly sales and material costs, from `start` to yesterday."""
    day = start
    while day < today:
        members = [m for m in group.memberships.all() if m.active_on(day)]
        units = {m.pk: str(rng.choice([2, 3, 4, 4, 5, 6, 8])) for m in members if rng.random() > 0.2}
        if units:
            services.work_log_day(user=user, group=group, date=day, units=units, note="งานผลิตประจำสัปดาห์")
        if day.day <= 7:
            services.ledger_add(
                user=user,
                group=group,
                date=day,
                kind=EntryKind.INCOME,
                category="sales",
                amount=Decimal(rng.randrange(*sale, 50)),
                description="ขายสินค้าให้ร้านค้าและตลาดนัดชุมชน",
                document_number=f"RC-{day:%y%m}",
            )
            services.ledger_add(
                user=user,
                group=group,
                date=day + datetime.timedelta(days=1),
                kind=EntryKind.EXPENSE,
                category="materials",
                amount=Decimal(rng.randrange(*cost, 50)),
                description="ซื้อวัตถุดิบ",
                document_number=f"INV-{day:%y%m}",
            )
        day += datetime.timedelta(days=7)


def _committee(user, group, day, roles):
    for membership, role in zip(group.memberships.order_by("pk"), roles, strict=False):
        services.seat_add(user=user, group=group, membership=membership, role=role, starts_on=day)


def _weavers(user, office, today, rng):
    """Formed from the finished demo training; every rule met; its ended years closed by general meetings."""
    training = Training.objects.filter(office=office, step=Step.FOLLOW_UP).order_by("pk").first()
    founded = min(training.end_date + datetime.timedelta(days=12), today - datetime.timedelta(days=120))
    trainees = list(
        Person.objects.filter(
            pk__in=training.enrollments.filter(certificate__isnull=False).values("person")
        ).order_by("pk")[:8]
    )
    group = services.group_from_training(
        user=user,
        training=training,
        people=trainees,
        name="กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์",
        founded_on=founded,
        products="ผ้าไหมลายขิด ผ้าพันคอ ย่าม",
    )
    services.group_update(
        user=user,
        group=group,
        fields={
            "product_type": "textiles",
            "licences": "มผช. ผ้าไหม",
            "community_link": "labour",
            "year_start_month": 10,
        },
    )
    first = services.meeting_record(
        user=user,
        group=group,
        kind=MeetingKind.SPECIAL,
        date=founded,
        held=True,
        agenda="จัดตั้งกลุ่ม เลือกคณะกรรมการ ร่างกฎกติกา",
        resolutions="ตั้งกลุ่ม เลือกคณะกรรมการ และรับรองกฎกติกาฉบับที่ 1",
        present=list(group.memberships.all()),
    )
    _committee(
        user,
        group,
        founded,
        [
            CommitteeRole.PRESIDENT,
            CommitteeRole.VICE_PRESIDENT,
            CommitteeRole.TREASURER,
            CommitteeRole.ACCOUNTING,
            CommitteeRole.MARKETING,
            CommitteeRole.PRODUCTION,
        ],
    )
    services.rules_adopt(
        user=user,
        group=group,
        meeting=first,
        effective_from=founded,
        text=RULES_TEXT,
        work_unit="hours",
        allocation=ALLOCATION,
    )
    services.group_register(
        user=user, group=group, number="กศ 0105/2569", registered_on=founded + datetime.timedelta(days=20)
    )
    meetings = _monthly_meetings(user, group, founded, today, rng)
    for meeting in meetings[-3:]:
        services.activity_add(
            user=user,
            group=group,
            meeting=meeting,
            kind="production",
            title=f"ผลิตผ้าไหมลายขิด {rng.randint(20, 40)} ผืน",
            starts_on=meeting.date,
            ends_on=meeting.date + datetime.timedelta(days=25),
            target="ส่งร้าน OTOP จังหวัด",
        )
    _work_and_money(user, group, founded, today, rng)
    for year in range(group.year_of(founded), group.year_of(today)):
        _starts, ends = group.year_bounds(year)
        general_day = ends + datetime.timedelta(days=15)
        if general_day <= today:
            general = services.meeting_record(
                user=user,
                group=group,
                kind=MeetingKind.GENERAL,
                date=general_day,
                held=True,
                agenda=f"พิจารณางบกำไรขาดทุนปี {year} และจัดสรรกำไร",
                resolutions=f"อนุมัติงบกำไรขาดทุนปี {year}",
                present=[m for m in group.memberships.all() if m.active_on(general_day)],
            )
            services.year_close(user=user, group=group, year=year, meeting=general)
    return group


def _pla_som(user, office, today, rng):
    """Registered, with rules; no accounting member and a month without a meeting: level B or C."""
    village = Village.objects.filter(sub_district_id="460105").order_by("number")[1]
    founded = today - datetime.timedelta(days=500)
    group = services.group_create(
        user=user,
        office=office,
        name="กลุ่มแปรรูปปลาส้มลำปาว",
        occupation=Occupation.objects.get(name="ทำปลาส้ม"),
        village=village,
        founded_on=founded,
        founders=_people("460105", 7, skip=10),
        products="ปลาส้ม ปลาร้าบอง",
        product_type="food",
        licences="อย.",
        community_link="labour",
    )
    first = services.meeting_record(
        user=user,
        group=group,
        kind=MeetingKind.SPECIAL,
        date=founded,
        held=True,
        agenda="จัดตั้งกลุ่ม",
        resolutions="ตั้งกลุ่มและรับรองกฎกติกา",
        present=list(group.memberships.all()),
    )
    _committee(
        user, group, founded, [CommitteeRole.PRESIDENT, CommitteeRole.TREASURER, CommitteeRole.PRODUCTION]
    )
    services.rules_adopt(
        user=user,
        group=group,
        meeting=first,
        effective_from=founded,
        text=RULES_TEXT,
        work_unit="pieces",
        allocation={
            "dividend_pct": 50,
            "reserve_pct": 20,
            "welfare_pct": 15,
            "committee_pct": 10,
            "other_pct": 5,
        },
    )
    services.group_register(
        user=user, group=group, number="กศ 0112/2568", registered_on=founded + datetime.timedelta(days=30)
    )
    _monthly_meetings(user, group, _months_back(today, 8), today, rng, skip_months=(2,))
    _work_and_money(
        user, group, today - datetime.timedelta(days=150), today, rng, sale=(3000, 8000), cost=(1500, 3500)
    )
    return group


def _mushrooms(user, office, today):
    """Still forming: three founders, nothing else yet (level D)."""
    village = Village.objects.filter(sub_district_id="460105").order_by("number")[2]
    return services.group_create(
        user=user,
        office=office,
        name="กลุ่มเพาะเห็ดนางฟ้าบ้านโนนสูง",
        occupation=Occupation.objects.get(name="เพาะเห็ด"),
        village=village,
        founded_on=today - datetime.timedelta(days=20),
        founders=_people("460105", 3, skip=30),
        products="เห็ดนางฟ้าสด",
    )


def _basketry(user, office, today, rng):
    village = Village.objects.filter(sub_district__in=office.sub_districts.all()).order_by("code").first()
    sub = village.sub_district_id
    founded = today - datetime.timedelta(days=300)
    occupation = Occupation.objects.filter(name__contains="จักสาน").first() or Occupation.objects.first()
    group = services.group_create(
        user=user,
        office=office,
        name="กลุ่มจักสานผักตบชวาโพนทอง",
        occupation=occupation,
        village=village,
        founded_on=founded,
        founders=_people(sub, 6),
        products="กระเป๋าผักตบชวา ตะกร้า",
        product_type="household",
    )
    first = services.meeting_record(
        user=user,
        group=group,
        kind=MeetingKind.SPECIAL,
        date=founded,
        held=True,
        agenda="จัดตั้งกลุ่ม",
        resolutions="ตั้งกลุ่ม",
        present=list(group.memberships.all()),
    )
    _committee(
        user, group, founded, [CommitteeRole.PRESIDENT, CommitteeRole.TREASURER, CommitteeRole.ACCOUNTING]
    )
    services.rules_adopt(
        user=user,
        group=group,
        meeting=first,
        effective_from=founded,
        text=RULES_TEXT,
        work_unit="pieces",
        allocation=ALLOCATION,
    )
    _monthly_meetings(user, group, _months_back(today, 5), today, rng)
    return group
