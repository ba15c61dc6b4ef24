"""Demo registers for Kalasin: households and people, the occupation register and needs survey,
raw materials, village experts, the instructor teams of อบต.ลำปาว, target households and mentoring.

Called as the last step of `registry.demo.seed()`, inside its transaction. Every value comes from
`random.Random(2569)`, so every run builds the same data; a second run finds the people already there and only
makes sure the จปฐ. thresholds exist.

Then the village programme of the current fiscal year (registry/demo_programme.py).
"""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kit.thai import fiscal_year_now
from registry.models import (
    Expert,
    Household,
    InstructorTeam,
    JptThreshold,
    MaterialCategory,
    Mentorship,
    Occupation,
    OccupationKind,
    Person,
    PersonOccupation,
    RawMaterial,
    Sex,
    TargetCriterion,
    TargetHousehold,
    TeamMember,
    Title,
    Village,
    WantedOccupation,
)
from registry.models.materials import mask_from_months
from tests.benchmarks.data import national_id

RANDOM_SEED = 2569
DEMO_SUB_DISTRICTS = ["460105", "460119", "460702", "460704"]
THRESHOLD = Decimal(38000)  # จปฐ. income line, baht per person per year
THRESHOLD_YEARS = [2567, 2568, 2569]
SURVEY_YEAR = 2568  # TPMAP and จปฐ. data the households were matched against
FISCAL_YEAR = 2569
FORUM_DATE = date(2025, 11, 15)  # เวทีประชาคม that chose the target households
TEAM_SUB_DISTRICT = "460105"  # อบต.ลำปาว
TEAM_VILLAGES = [1, 2]  # หมู่ 1 and หมู่ 2 of ลำปาว get a team and target households
TODAY_YEAR = 2025  # ages are counted as of the demo's "now" (fiscal year 2569)

MALE_OLDER = [
    "สมชาย",
    "บุญมี",
    "ประยูร",
    "วิชัย",
    "ทองใบ",
    "ประเสริฐ",
    "สุรชัย",
    "สมศักดิ์",
    "บุญเลิศ",
    "อุดม",
    "สมบัติ",
    "คำพอง",
    "บุญช่วย",
    "ประสิทธิ์",
    "สมหมาย",
    "สุพจน์",
    "บุญธรรม",
    "ทองคำ",
    "คำตัน",
    "หนูกัน",
    "บุญส่ง",
    "สงวน",
    "ไพบูลย์",
    "เสถียร",
    "ชาญ",
    "สุวิทย์",
    "บัวลา",
    "ทองพูล",
]
MALE_YOUNGER = [
    "ธนากร",
    "อนุชา",
    "พงษ์ศักดิ์",
    "สุริยา",
    "วีระพงษ์",
    "ณัฐพล",
    "กิตติพงษ์",
    "เกียรติศักดิ์",
    "จักรพันธ์",
    "ศักดิ์ชัย",
    "อภิสิทธิ์",
    "ธีรวัฒน์",
    "ชัยวัฒน์",
    "ปิยะพงษ์",
    "วุฒิชัย",
    "ภานุวัฒน์",
    "ศุภชัย",
    "อดิศักดิ์",
]
FEMALE_OLDER = [
    "สมหญิง",
    "มาลี",
    "จันทร์เพ็ญ",
    "สุภาพร",
    "อรุณี",
    "กาญจนา",
    "นงลักษณ์",
    "บัวผัน",
    "หนูเพียร",
    "บุญเรือน",
    "คำแพง",
    "ลำดวน",
    "สมจิตร",
    "ประไพ",
    "อัมพร",
    "รัตนา",
    "ปราณี",
    "บัวเรียน",
    "ทองม้วน",
    "แสงเดือน",
    "คำมี",
    "สมปอง",
    "บุญหลาย",
    "ทองสา",
    "เพ็ญศรี",
    "ละมัย",
]
FEMALE_YOUNGER = [
    "วิไลวรรณ",
    "สุดารัตน์",
    "ประภาพร",
    "พรทิพย์",
    "ศิริพร",
    "กัลยา",
    "นิตยา",
    "จิราพร",
    "สุกัญญา",
    "ณัฐธิดา",
    "อรอุมา",
    "พิมพ์ชนก",
    "กนกวรรณ",
    "ปิยะนุช",
    "ธิดารัตน์",
    "อัญชลี",
    "เบญจวรรณ",
    "รุ่งนภา",
]
SURNAMES = [
    "ศรีสุข",
    "บุญเรือง",
    "แก้วมณี",
    "พรหมมา",
    "ทองดี",
    "สายสุด",
    "จันทร์หอม",
    "ภูผา",
    "คำแสน",
    "ภูมิสะอาด",
    "พลศรี",
    "ไชยคำ",
    "นามบุตร",
    "แสนโสม",
    "ศรีบุญเรือง",
    "วงศ์ษา",
    "มูลมณี",
    "ธรรมวงศ์",
    "ภูครองหิน",
    "ศรีจันทร์",
    "ไชยสงคราม",
    "พิมพ์ศรี",
    "บุตรดา",
    "คำภูษา",
    "ภูกองไชย",
    "อุ่นแก้ว",
    "จันทะคุณ",
    "โพธิ์ศรี",
    "สีหามาตย์",
    "ภูนาเพชร",
    "ศรีวงษา",
    "นาคำ",
    "ไชยรา",
    "พันธุ์โยธี",
    "คำหงษา",
    "ภูโคกหิน",
    "ดอนลาดลี",
    "ภูชะธาตุ",
    "ศรีลาคำ",
    "ทุมสิทธิ์",
    "อินทร์พิมพ์",
    "ภูแล่นกี่",
]

# Main occupations: name -> (weight for men, weight for women, income range in baht per year).
MAIN_OCCUPATIONS = {
    "ทำนา": (30, 30, (15000, 45000)),
    "ทำไร่มันสำปะหลัง": (10, 7, (20000, 60000)),
    "ทำไร่อ้อย": (8, 5, (25000, 70000)),
    "เลี้ยงโคเนื้อ": (7, 2, (15000, 50000)),
    "รับจ้างทั่วไป": (15, 12, (30000, 70000)),
    "ทอผ้าไหม": (0, 10, (20000, 60000)),
    "เกษตรผสมผสาน": (4, 3, (25000, 70000)),
    "ช่างก่อสร้าง": (5, 0, (60000, 120000)),
    "ค้าขายของชำ": (1, 4, (40000, 100000)),
    "ขายอาหาร": (1, 4, (36000, 90000)),
    "ช่างซ่อมรถจักรยานยนต์": (2, 0, (48000, 100000)),
    "พนักงานบริษัท": (3, 3, (108000, 180000)),
    "รับราชการ": (1, 1, (150000, 240000)),
    "ประมงน้ำจืด": (0, 0, (30000, 70000)),  # only on the shore of the Lam Pao dam, see _pick_job()
}
YOUNG_BOOST = {"พนักงานบริษัท": 8, "รับจ้างทั่วไป": 8, "ขายอาหาร": 2}
LAMPAO_BOOST = {"ประมงน้ำจืด": (9, 2)}  # ตำบลลำปาว lies on the dam
SECONDARY_OCCUPATIONS = {
    # name -> (weight for men, weight for women, income range)
    "ทอผ้าไหม": (0, 8, (6000, 30000)),
    "ทอเสื่อกก": (0, 3, (3000, 15000)),
    "จักสานไม้ไผ่": (5, 1, (3000, 18000)),
    "เลี้ยงไก่พื้นเมือง": (4, 4, (3000, 15000)),
    "ปลูกผักสวนครัว": (2, 4, (3000, 12000)),
    "ทำปลาส้ม": (0, 3, (6000, 25000)),
    "เลี้ยงปลานิล": (3, 1, (5000, 20000)),
    "เลี้ยงโคเนื้อ": (3, 1, (8000, 30000)),
    "ทำไม้กวาด": (1, 2, (3000, 10000)),
    "รับจ้างทั่วไป": (4, 2, (6000, 24000)),
}
WANTED_OCCUPATIONS = {
    "ทำน้ำพริก": 6,
    "เพาะเห็ด": 8,
    "เลี้ยงจิ้งหรีด": 5,
    "ทำขนมไทย": 5,
    "ขายสินค้าออนไลน์": 6,
    "ปลูกผักปลอดสารพิษ": 7,
    "ทำปุ๋ยอินทรีย์": 4,
    "ทำแหนม/ไส้กรอกอีสาน": 3,
    "เลี้ยงไก่ไข่": 3,
    "เลี้ยงกบ": 2,
    "เลี้ยงปลาดุก": 2,
    "ทำสบู่/แชมพูสมุนไพร": 2,
    "ทำน้ำยาอเนกประสงค์": 3,
    "นวดแผนไทย": 2,
    "ทำข้าวกล้องงอก": 2,
}

# name, category, unit, (quantity range), (price range per unit), months, occupations, products, source kind
RAW_MATERIALS = [
    (
        "ไม้ไผ่",
        MaterialCategory.FOREST,
        "ลำ",
        (300, 2000),
        (15, 30),
        [11, 12, 1, 2, 3, 4],
        ["จักสานไม้ไผ่"],
        "กระติบข้าว หวดนึ่งข้าว ตะกร้า ไซดักปลา",
        "forest",
    ),
    (
        "ต้นกก",
        MaterialCategory.CROP,
        "กิโลกรัม",
        (500, 3000),
        (10, 20),
        [3, 4, 5, 9, 10, 11],
        ["ทอเสื่อกก"],
        "เสื่อกก กระเป๋ากก ที่รองจาน",
        "owner",
    ),
    (
        "ใบตอง",
        MaterialCategory.CROP,
        "มัด",
        (100, 600),
        (10, 20),
        list(range(1, 13)),
        ["ทำขนมไทย", "แปรรูปอาหาร"],
        "ห่อขนมใส่ไส้ ห่อหมก กระทงใบตอง",
        "owner",
    ),
    (
        "ข้าวหอมมะลิ",
        MaterialCategory.CROP,
        "ตัน",
        (20, 150),
        (12000, 15500),
        [11, 12, 1],
        ["ทำข้าวกล้องงอก", "ทำขนมไทย"],
        "ข้าวกล้องงอก ข้าวสารบรรจุถุง ข้าวเกรียบ ข้าวหลาม",
        "owner",
    ),
    (
        "มันสำปะหลัง",
        MaterialCategory.CROP,
        "ตัน",
        (50, 400),
        (2500, 3500),
        [11, 12, 1, 2, 3],
        ["แปรรูปอาหาร", "ทำขนมไทย"],
        "มันเส้น แป้งมัน ขนมมันสำปะหลัง",
        "owner",
    ),
    (
        "ฝ้าย",
        MaterialCategory.CROP,
        "กิโลกรัม",
        (100, 800),
        (60, 90),
        [11, 12, 1],
        ["ทอผ้าฝ้าย"],
        "ผ้าฝ้ายทอมือ ผ้าขาวม้า ผ้าพันคอ",
        "owner",
    ),
    (
        "เส้นไหม",
        MaterialCategory.ANIMAL,
        "กิโลกรัม",
        (20, 120),
        (1800, 2600),
        [8, 9, 10, 11, 12, 1, 2],
        ["ทอผ้าไหม"],
        "ผ้าไหมแพรวา ผ้าไหมมัดหมี่ ผ้าซิ่นตีนจก",
        "owner",
    ),
    (
        "ผักตบชวา",
        MaterialCategory.WASTE,
        "กิโลกรัม",
        (1000, 8000),
        (5, 10),
        list(range(1, 13)),
        ["จักสานผักตบชวา", "ทำปุ๋ยอินทรีย์"],
        "กระเป๋าผักตบชวา ตะกร้า ปุ๋ยหมัก",
        "pond",
    ),
    (
        "ดินเหนียว",
        MaterialCategory.SOIL,
        "ตัน",
        (30, 200),
        (300, 600),
        [1, 2, 3, 4],
        ["ทำเครื่องปั้นดินเผา"],
        "หม้อดิน กระถางต้นไม้ เตาอั้งโล่",
        "pond",
    ),
    (
        "มูลวัว",
        MaterialCategory.ANIMAL,
        "กระสอบ",
        (100, 600),
        (25, 40),
        list(range(1, 13)),
        ["ทำปุ๋ยอินทรีย์", "เพาะเห็ด"],
        "ปุ๋ยคอก ปุ๋ยหมัก วัสดุเพาะเห็ด",
        "owner",
    ),
    (
        "ฟางข้าว",
        MaterialCategory.WASTE,
        "มัด",
        (500, 4000),
        (20, 35),
        [11, 12, 1],
        ["เพาะเห็ด", "เลี้ยงโคเนื้อ"],
        "เห็ดฟาง อาหารโค วัสดุคลุมดิน",
        "owner",
    ),
    (
        "ตะไคร้และสมุนไพรพื้นบ้าน",
        MaterialCategory.CROP,
        "กิโลกรัม",
        (100, 600),
        (15, 40),
        list(range(1, 13)),
        ["ทำเครื่องดื่มสมุนไพร", "ทำสบู่/แชมพูสมุนไพร"],
        "น้ำตะไคร้ สบู่สมุนไพร ลูกประคบ",
        "owner",
    ),
]
LAMPAO_FISH = (
    "ปลาน้ำจืดจากเขื่อนลำปาว",
    MaterialCategory.FISHERY,
    "กิโลกรัม",
    (500, 5000),
    (60, 100),
    [10, 11, 12, 1, 2, 3, 4],
    ["ทำปลาส้ม", "แปรรูปปลาร้า"],
    "ปลาส้ม ปลาร้า ปลาแดดเดียว",
    "fishers",
)

# Occupations that make a person a believable village expert, most specific first, with an achievement text.
EXPERT_FIELDS = {
    "ทอผ้าไหม": "รางวัลชนะเลิศการประกวดผ้าไหมแพรวา งานมหกรรมไหมแพรวาและของดีเมืองกาฬสินธุ์ ปี {year}; "
    "ถ่ายทอดการทอลายขิดและมัดหมี่ให้กลุ่มแม่บ้านในตำบล",
    "จักสานไม้ไผ่": "สานกระติบข้าวและหวดนึ่งข้าวจำหน่ายมากว่า {years} ปี; "
    "ผลิตภัณฑ์ได้รับการคัดสรรสุดยอดหนึ่งตำบลหนึ่งผลิตภัณฑ์ (OTOP) ระดับ 3 ดาว ปี {year}",
    "ทำปลาส้ม": "คิดค้นสูตรปลาส้มไร้ก้างของกลุ่มแม่บ้าน ได้มาตรฐานผลิตภัณฑ์ชุมชน (มผช.) ปี {year}; "
    "วิทยากรแปรรูปสัตว์น้ำให้ศูนย์ส่งเสริมการเรียนรู้อำเภอ",
    "ทอเสื่อกก": "ประธานกลุ่มทอเสื่อกก{village}; พัฒนาลายเสื่อกกแบบใหม่ส่งร้านของฝากในจังหวัด",
    "เลี้ยงโคเนื้อ": "เลี้ยงโคพันธุ์บราห์มันลูกผสม {herd} ตัว ปลูกหญ้าเนเปียร์เป็นอาหารเอง; "
    "เกษตรกรดีเด่นสาขาปศุสัตว์ระดับอำเภอ ปี {year}",
    "เกษตรผสมผสาน": "เจ้าของแปลงต้นแบบโคก หนอง นา โมเดล; ศูนย์เรียนรู้เศรษฐกิจพอเพียงประจำตำบล ปี {year}",
    "ประมงน้ำจืด": "ชาวประมงเขื่อนลำปาวมา {years} ปี; อาสาสมัครประมงหมู่บ้าน ดูแลเขตอนุรักษ์พันธุ์สัตว์น้ำ",
    "เลี้ยงไก่พื้นเมือง": "เลี้ยงไก่ประดู่หางดำแบบปล่อยลาน ผสมอาหารไก่จากวัตถุดิบในท้องถิ่น; ขยายพันธุ์ให้สมาชิกกลุ่มกว่า 30 ครัวเรือน",
    "ทำไม้กวาด": "ทำไม้กวาดดอกหญ้าส่งร้านค้าในอำเภอ; สอนกลุ่มผู้สูงอายุให้มีรายได้เสริม",
    "ปลูกผักสวนครัว": "ปลูกผักปลอดสารพิษส่งโรงพยาบาลส่งเสริมสุขภาพตำบลและตลาดเขียว ได้มาตรฐาน GAP ปี {year}",
    "ทำนา": "ทำนาอินทรีย์ข้าวหอมมะลิ 105 ได้รับรองมาตรฐาน Organic Thailand ปี {year}; ปราชญ์ด้านการคัดพันธุ์ข้าวและทำปุ๋ยหมัก",
}
EXPERTS_PER_SUB_DISTRICT = {"460105": 10, "460119": 3, "460702": 1, "460704": 1}
COURSE_PASSED_PER_SUB_DISTRICT = {"460105": 7, "460119": 1, "460702": 0, "460704": 0}
PRISON_SOURCE = "เรือนจำจังหวัดกาฬสินธุ์"
# (sub-district, village number, consent date): the two households with a released prisoner who consented.
PRISONER_HOUSEHOLDS = [("460105", 2, date(2025, 9, 18)), ("460702", 3, date(2025, 10, 7))]


def seed_registers(log=print):
    for year in THRESHOLD_YEARS:
        JptThreshold.objects.update_or_create(year=year, defaults={"income_per_person": THRESHOLD})
    villages = list(
        Village.objects.filter(sub_district_id__in=DEMO_SUB_DISTRICTS)
        .select_related("sub_district")
        .order_by("code")
    )
    if not villages:
        log("registry registers: no demo villages, nothing to fill")
        return
    if Person.objects.filter(sub_district_id=TEAM_SUB_DISTRICT).exists():
        log("registry registers: people of ตำบลลำปาว are already there, registers left as they are")
    else:
        _Builder(villages).build(log)
    from registry.demo_programme import seed_programme

    fiscal_year = fiscal_year_now()
    seed_programme(fiscal_year=fiscal_year, today=timezone.localdate(), log=log)
    log(_summary(fiscal_year))


def _summary(fiscal_year):
    area = {"province_id": "46"}
    current = {"fiscal_year": fiscal_year, **area}
    person_area = {"person__province_id": "46"}
    return (
        "registry registers: "
        f"{Household.objects.filter(**area).count()} households, "
        f"{Person.objects.filter(**area).count()} people, "
        f"{PersonOccupation.objects.filter(**person_area).count()} occupations, "
        f"{WantedOccupation.objects.filter(**person_area).count()} wanted occupations, "
        f"{RawMaterial.objects.filter(**area).count()} raw materials, "
        f"{Expert.objects.filter(**person_area).count()} experts, "
        f"{InstructorTeam.objects.filter(fiscal_year=FISCAL_YEAR, **area).count()} instructor teams "
        f"({TeamMember.objects.filter(team__fiscal_year=FISCAL_YEAR, team__province_id='46').count()} "
        "members), "
        f"{TargetHousehold.objects.filter(fiscal_year=FISCAL_YEAR, **area).count()} target households, "
        f"{Mentorship.objects.filter(fiscal_year=FISCAL_YEAR, **area).count()} mentorships, "
        f"จปฐ. thresholds {THRESHOLD_YEARS[0]}–{THRESHOLD_YEARS[-1]}; "
        f"fiscal year {fiscal_year}: {InstructorTeam.objects.filter(**current).count()} instructor teams "
        f"({TeamMember.objects.filter(team__fiscal_year=fiscal_year, team__province_id='46').count()} "
        "members), "
        f"{TargetHousehold.objects.filter(**current).count()} target households"
    )


def _weighted(rnd, table, exclude=()):
    names = [name for name in table if name not in exclude and table[name] > 0]
    return rnd.choices(names, weights=[table[name] for name in names])[0]


def _money(rnd, low, high, step=1000):
    return Decimal(rnd.randrange(low // step, high // step + 1) * step)


class _Builder:
    def __init__(
        self, villages, *, rnd=None, fiscal_year=FISCAL_YEAR, survey_year=SURVEY_YEAR, today_year=TODAY_YEAR
    ):
        self.rnd = rnd or random.Random(RANDOM_SEED)
        self.villages = villages
        self.fiscal_year, self.survey_year, self.today_year = fiscal_year, survey_year, today_year
        self.occupations = {o.name: o for o in Occupation.objects.all()}
        self.next_id = 0
        self.households = []  # Household objects, in village and house-number order
        self.people = []  # Person objects
        self.members = {}  # id(household) -> [Person]
        self.jobs = []  # (person, occupation name, kind, income)
        self.targets = {}  # id(household) -> criterion, for the team villages

    def occupation(self, name):
        try:
            return self.occupations[name]
        except KeyError:
            raise LookupError(f"occupation {name!r} is not in the catalogue (see migration 0003)") from None

    def build(self, log):
        for village in self.villages:
            self.plan_village(village)
        self.mark_prisoners()
        self.choose_targets()
        self.save_people()
        self.save_materials()
        experts = self.save_experts()
        self.save_teams(experts, log)

    # ---- people and households -----------------------------------------------------------------------------

    def plan_village(self, village):
        rnd = self.rnd
        count = rnd.randint(8, 12)
        numbers = sorted(rnd.sample(range(1, 160), count))
        for number in numbers:
            self.plan_household(village, number)

    def plan_household(self, village, number):
        rnd = self.rnd
        house = str(number) if rnd.random() < 0.8 else f"{number}/{rnd.randint(1, 3)}"
        household = Household(village=village, house_number=house)
        household.set_areas()
        people = self.plan_members(village, household)
        self.members[id(household)] = people
        self.households.append(household)
        self.people.extend(people)
        self.plan_income(household, people)

    def plan_members(self, village, household):
        rnd = self.rnd
        size = rnd.choices([1, 2, 3, 4, 5], weights=[8, 22, 30, 25, 15])[0]
        surname = rnd.choice(SURNAMES)
        head_sex = Sex.MALE if rnd.random() < 0.7 else Sex.FEMALE
        head_year = rnd.randint(1950, 1974) if size >= 3 else rnd.randint(1950, 1995)
        spouse = size >= 2 and rnd.random() < 0.85
        used = set()

        def person(sex, year, last_name, married):
            pool = (
                (MALE_YOUNGER if year >= 1985 else MALE_OLDER)
                if sex == Sex.MALE
                else (FEMALE_YOUNGER if year >= 1985 else FEMALE_OLDER)
            )
            first = rnd.choice([name for name in pool if name not in used])
            used.add(first)
            title = Title.MR if sex == Sex.MALE else (Title.MRS if married else Title.MISS)
            birth = date(year, rnd.randint(1, 12), rnd.randint(1, 28))
            phone = ""
            if rnd.random() < (0.5 if year < 1955 else 0.85):
                phone = f"08{rnd.randint(0, 99999999):08d}"
            obj = Person(
                village=village,
                household=None,
                title=title,
                first_name=first,
                last_name=last_name,
                sex=sex,
                birth_date=birth,
                phone=phone,
                house_number=household.house_number,
                national_id=self.national_id(village, 3 if year < 1984 else 1),
            )
            obj.set_areas()
            return obj

        female_head_married = spouse or rnd.random() < 0.8  # a woman heading a house alone is often widowed
        people = [person(head_sex, head_year, surname, head_sex == Sex.MALE or female_head_married)]
        if spouse:
            sex = Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE
            year = min(2005, max(1950, head_year + rnd.randint(-4, 6) * (1 if sex == Sex.FEMALE else -1)))
            people.append(person(sex, year, surname if rnd.random() < 0.9 else rnd.choice(SURNAMES), True))
        while len(people) < size:
            if head_year >= 1975:  # a young head (size 2, no spouse) living with an elderly parent
                year, married = rnd.randint(1950, head_year - 20), True
            else:
                year = rnd.randint(head_year + 20, min(2005, head_year + 38))
                married = year < 1995 and rnd.random() < 0.5
            people.append(person(rnd.choice([Sex.MALE, Sex.FEMALE]), year, surname, married))
        for member in people:
            self.plan_occupations(village, member)
        return people

    def national_id(self, village, first_digit):
        self.next_id += 1
        return national_id(int(f"{village.district_id}{self.next_id:07d}"), first_digit)

    def plan_occupations(self, village, person):
        rnd = self.rnd
        age = self.today_year - person.birth_date.year
        person.demo_income = 0
        if age >= 60:
            person.demo_income += 600 * 12 if age < 70 else 700 * 12  # เบี้ยยังชีพผู้สูงอายุ
        if not ((age >= 70 and rnd.random() < 0.5) or rnd.random() < 0.06):  # retired or out of work
            main = self._pick_job(MAIN_OCCUPATIONS, person, village, young=age < 32)
            low, high = MAIN_OCCUPATIONS[main][2]
            income = _money(rnd, low, high)
            self.jobs.append((person, main, OccupationKind.MAIN, income))
            person.demo_income += income
            if rnd.random() < 0.35:
                second = self._pick_job(SECONDARY_OCCUPATIONS, person, village, exclude=(main,))
                low, high = SECONDARY_OCCUPATIONS[second][2]
                income = _money(rnd, low, high, step=500)
                self.jobs.append((person, second, OccupationKind.SECONDARY, income))
                person.demo_income += income
        person.demo_jobs = [name for p, name, _, _ in self.jobs[-2:] if p is person]

    def _pick_job(self, table, person, village, young=False, exclude=()):
        column = 0 if person.sex == Sex.MALE else 1
        weights = {name: spec[column] for name, spec in table.items() if name not in exclude}
        if table is MAIN_OCCUPATIONS:
            if village.sub_district_id == "460105":
                for name, boost in LAMPAO_BOOST.items():
                    weights[name] += boost[column]
            if young:
                for name, boost in YOUNG_BOOST.items():
                    weights[name] += boost
        elif village.sub_district_id == "460105" and "ทำปลาส้ม" in weights:
            weights["ทำปลาส้ม"] += 3 * column
        return _weighted(self.rnd, weights)

    def plan_income(self, household, people):
        rnd = self.rnd
        household.member_count = len(people)
        income = sum(p.demo_income for p in people)
        income = min(250000, max(30000, int(income) // 100 * 100))
        household.yearly_income = Decimal(income)
        per_person = household.yearly_income / household.member_count
        if per_person < 32000 and rnd.random() < 0.6:
            household.tpmap_poor, household.tpmap_year = True, self.survey_year
        if rnd.random() < 0.9:
            household.jpt_year = self.survey_year
        if rnd.random() < 0.06:
            self._interested(household)

    def _interested(self, household):
        household.interested_in_training = True
        household.interested_year = self.fiscal_year
        household.interested_source = "เวทีประชาคม"

    def mark_prisoners(self):
        for sub, number, consent in PRISONER_HOUSEHOLDS:
            candidates = [
                h for h in self.households if h.village.sub_district_id == sub and h.village.number == number
            ]
            if not candidates:
                continue
            household = self.rnd.choice(candidates)
            household.released_prisoner = household.prisoner_consent = True
            household.prisoner_consent_date = consent
            household.prisoner_source = PRISON_SOURCE
            # Works again after release: not poor on paper, so the forum picks it for this reason.
            household.tpmap_poor, household.tpmap_year = False, None
            if household.yearly_income / household.member_count < THRESHOLD:
                household.yearly_income = Decimal(min(250000, household.member_count * 52000))

    def choose_targets(self):
        for household in self.households:
            village = household.village
            if village.sub_district_id != TEAM_SUB_DISTRICT or village.number not in TEAM_VILLAGES:
                continue
            if household.tpmap_poor:
                criterion = TargetCriterion.TPMAP
            elif household.yearly_income / household.member_count < THRESHOLD:
                criterion = TargetCriterion.JPT
            elif household.released_prisoner:
                criterion = TargetCriterion.PRISON
            else:
                criterion = TargetCriterion.INTERESTED
                self._interested(household)
            self.targets[id(household)] = criterion

    def save_people(self):
        rnd = self.rnd
        Household.objects.bulk_create(self.households)
        for household in self.households:
            for person in self.members[id(household)]:
                person.household = household
        Person.objects.bulk_create(self.people)
        for household in self.households:
            household.head = self.members[id(household)][0]
        Household.objects.bulk_update(self.households, ["head"])
        PersonOccupation.objects.bulk_create(
            PersonOccupation(person=person, occupation=self.occupation(name), kind=kind, yearly_income=income)
            for person, name, kind, income in self.jobs
        )
        wanted = []
        for person in self.people:
            interested = person.household.interested_in_training
            if rnd.random() >= (0.7 if interested else 0.3):
                continue
            count = 1 if rnd.random() < 0.7 else 2
            chosen = []
            while len(chosen) < count:
                name = _weighted(rnd, WANTED_OCCUPATIONS, exclude=[*chosen, *person.demo_jobs])
                chosen.append(name)
            wanted += [
                WantedOccupation(
                    person=person,
                    occupation=self.occupation(name),
                    priority=priority,
                    survey_year=self.fiscal_year,
                )
                for priority, name in enumerate(chosen, start=1)
            ]
        WantedOccupation.objects.bulk_create(wanted)
        TargetHousehold.objects.bulk_create(
            self._with_areas(
                TargetHousehold(
                    village=h.village,
                    household=h,
                    fiscal_year=FISCAL_YEAR,
                    criterion=self.targets[id(h)],
                    forum_date=FORUM_DATE,
                    note="คัดเลือกโดยเวทีประชาคมหมู่บ้าน",
                )
            )
            for h in self.households
            if id(h) in self.targets
        )

    @staticmethod
    def _with_areas(obj):
        obj.set_areas()
        return obj

    # ---- raw materials -------------------------------------------------------------------------------------

    def save_materials(self):
        rnd = self.rnd
        people_by_village = defaultdict(list)
        for person in self.people:
            if 1950 < person.birth_date.year < 1990:
                people_by_village[person.village_id].append(person)
        materials, links = [], []
        for village in self.villages:
            pool = RAW_MATERIALS + ([LAMPAO_FISH] if village.sub_district_id == "460105" else [])
            place = village.name.removeprefix("บ้าน")
            for spec in rnd.sample(pool, rnd.randint(3, 5)):
                name, category, unit, quantities, prices, months, occupations, products, kind = spec
                (q_low, q_high), (p_low, p_high) = quantities, prices
                owners = people_by_village[village.pk]
                if kind == "forest":
                    source = f"ป่าชุมชนบ้าน{place}"
                elif kind == "pond":
                    source = f"หนองสาธารณะบ้าน{place}"
                elif kind == "fishers":
                    source = f"กลุ่มประมงพื้นบ้านบ้าน{place}"
                elif owners:
                    owner = rnd.choice(owners)
                    source = f"{owner.display_title}{owner.first_name} {owner.last_name}"
                else:
                    source = f"กลุ่มเกษตรกรบ้าน{place}"
                step = 10 if q_high >= 300 else 1
                price_step = 500 if p_low >= 1000 else (50 if p_low >= 100 else 1)
                material = RawMaterial(
                    village=village,
                    name=name,
                    category=category,
                    unit=unit,
                    quantity=Decimal(rnd.randrange(q_low // step, q_high // step + 1) * step),
                    months=mask_from_months(months),
                    source=source,
                    price_per_unit=Decimal(
                        rnd.randrange(p_low // price_step, p_high // price_step + 1) * price_step
                    ),
                    products=products,
                )
                material.set_areas()
                materials.append(material)
                links.append((material, occupations[: rnd.randint(1, len(occupations))]))
        RawMaterial.objects.bulk_create(materials)
        through = RawMaterial.occupations.through
        through.objects.bulk_create(
            through(rawmaterial_id=material.pk, occupation_id=self.occupation(name).pk)
            for material, names in links
            for name in names
        )

    # ---- experts, teams, mentoring -------------------------------------------------------------------------

    def save_experts(self):
        """Pick the experts among the people just created; returns {sub-district: [Expert]} in pick order."""
        rnd = self.rnd
        by_village = defaultdict(list)
        for person in self.people:
            if person.birth_date.year <= 1975:
                by_village[person.village].append(person)
        picked = {}
        for sub, wanted in EXPERTS_PER_SUB_DISTRICT.items():
            villages = [v for v in self.villages if v.sub_district_id == sub]
            if sub == TEAM_SUB_DISTRICT:  # 4 from each team village, the rest from the other villages
                plan = [(v, 4) for v in villages if v.number in TEAM_VILLAGES]
                others = [v for v in villages if v.number not in TEAM_VILLAGES]
                plan += [(v, 1) for v in rnd.sample(others, wanted - 4 * len(plan))]
            else:
                plan = [(v, 1) for v in rnd.sample(villages, min(wanted, len(villages)))]
            chosen = []
            for village, count in plan:
                candidates = sorted(
                    by_village[village],
                    key=lambda p: (not any(job in EXPERT_FIELDS for job in p.demo_jobs), p.national_id),
                )
                skilled = [p for p in candidates if any(job in EXPERT_FIELDS for job in p.demo_jobs)]
                pool = skilled if len(skilled) >= count else candidates
                chosen += rnd.sample(pool, min(count, len(pool)))
            picked[sub] = chosen
        experts = {}
        inactive_done = False
        for sub, people in picked.items():
            passed_count = min(COURSE_PASSED_PER_SUB_DISTRICT[sub], len(people))
            passed = set(rnd.sample(range(len(people)), passed_count))
            experts[sub] = []
            for index, person in enumerate(people):
                age = TODAY_YEAR - person.birth_date.year
                fields = sorted(
                    (job for job in person.demo_jobs if job in EXPERT_FIELDS), key=list(EXPERT_FIELDS).index
                )
                if not fields:  # nobody skilled enough in the village: their main job, or farming
                    fields = person.demo_jobs[:1] or ["ทำนา"]
                years = rnd.randint(10, max(10, min(40, age - 20)))
                template = EXPERT_FIELDS.get(fields[0], "ประกอบอาชีพ{field}มา {years} ปี; ถ่ายทอดความรู้ให้เพื่อนบ้าน")
                achievements = template.format(
                    year=rnd.randint(2558, 2567),
                    years=years,
                    herd=rnd.randint(15, 60),
                    village=person.village.name,
                    field=fields[0],
                )
                course_date = None
                if index in passed:
                    course_date = date(2024, 1, 8) + timedelta(days=rnd.randint(0, 620))
                active = True
                if not inactive_done and sub != TEAM_SUB_DISTRICT and index not in passed:
                    active, inactive_done = False, True
                    achievements += " (ย้ายไปอยู่กับบุตรที่กรุงเทพฯ ปี 2568)"
                expert = Expert.objects.create(
                    person=person,
                    years_experience=years,
                    achievements=achievements,
                    instructor_course_passed=course_date is not None,
                    instructor_course_date=course_date,
                    active=active,
                )
                expert.expertise.set([self.occupation(name) for name in fields[:2]])
                experts[sub].append(expert)
        return experts

    def save_teams(self, experts, log):
        available = [e for e in experts.get(TEAM_SUB_DISTRICT, []) if e.active]
        targets_by_village = defaultdict(list)
        for household in self.households:
            if id(household) in self.targets:
                targets_by_village[household.village_id].append(household)
        in_a_team = set()
        mentorships = []
        for village in self.villages:
            if village.sub_district_id != TEAM_SUB_DISTRICT or village.number not in TEAM_VILLAGES:
                continue
            # Experts living in the village first, then those of villages without a team of their own.
            free = [e for e in available if e.pk not in in_a_team]
            free.sort(
                key=lambda e: (e.person.village_id != village.pk, e.person.village.number in TEAM_VILLAGES)
            )
            if len(free) < 5:
                log(f"registry registers: fewer than 5 free experts for {village}, no instructor team")
                continue
            members = free[:5]
            in_a_team.update(e.pk for e in members)
            lead = max(
                members,
                key=lambda e: (
                    e.instructor_course_passed,
                    e.person.village_id == village.pk,
                    e.years_experience,
                ),
            )
            team = InstructorTeam.objects.create(village=village, fiscal_year=FISCAL_YEAR)
            TeamMember.objects.bulk_create(
                TeamMember(team=team, expert=e, is_lead=e is lead) for e in members
            )
            load = {e.pk: 0 for e in members}
            for household in targets_by_village[village.pk]:
                # Nobody mentors their own household; spread the households evenly, at most 4 each.
                choices = [e for e in members if e.person.household is not household and load[e.pk] < 4]
                if not choices:
                    continue
                mentor = min(choices, key=lambda e: load[e.pk])
                load[mentor.pk] += 1
                mentorships.append(
                    self._with_areas(
                        Mentorship(
                            village=village, expert=mentor, household=household, fiscal_year=FISCAL_YEAR
                        )
                    )
                )
        Mentorship.objects.bulk_create(mentorships)
