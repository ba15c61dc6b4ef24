"""Test data for target villages: the provincial guideline's plan (Kalasin, fiscal year 2565) with its village
programme naming the สัมมาชีพชุมชน project and the plan's exclusions (สัมมาชีพชุมชน 2560–2562,
ความมั่นคงด้านอาชีพฯ 2563–2564, the same year's sufficiency-village project), published; and villages of
office A's sub-district with their target households and instructor team of the fiscal year."""

import datetime
import itertools

from registry.models import Expert, Household, InstructorTeam, TargetHousehold, TeamMember, Village
from reports.models import Exclusion, FundedSource, FundedVillage, Project
from reports.services import plans as plan_services
from reports.services import targets as services
from tests import areas
from tests.registers.helpers import make_person
from tests.reports.helpers import kalasin_plan

YEAR = 2565
SAMMACHIP = "โครงการสร้างสัมมาชีพชุมชนตามหลักปรัชญาของเศรษฐกิจพอเพียง"
SECURITY = "โครงการสร้างความมั่นคงด้านอาชีพและรายได้ ตามหลักปรัชญาของเศรษฐกิจพอเพียง"
SUFFICIENCY = "โครงการพัฒนาหมู่บ้านเศรษฐกิจพอเพียง"
EXPERTS = (("mr", "ทองดี"), ("mrs", "บัวผัน"), ("mr", "สมบัติ"), ("mrs", "มาลี"), ("mr", "บุญมา"))
_people = itertools.count(5000)


def project(name) -> Project:
    return Project.objects.get_or_create(name=name)[0]


def target_plan(world, *, publish=True):
    """(plan, village programme) of the provincial guideline, with its exclusions; the district officer's 4601
    has 30 villages."""
    plan, village_programme, _groups, _indicators = kalasin_plan(world.province_a)
    village_programme.project = project(SAMMACHIP)
    plan_services.programme_save(user=world.province_a, programme=village_programme)
    for name, start, end, same in (
        (SAMMACHIP, 2560, 2562, False),
        (SECURITY, 2563, 2564, False),
        (SUFFICIENCY, None, None, True),
    ):
        services.exclusion_add(
            user=world.province_a,
            exclusion=Exclusion(
                programme=village_programme,
                project=project(name),
                from_year=start,
                to_year=end,
                same_year=same,
            ),
        )
    if publish:
        plan_services.plan_publish(user=world.province_a, plan=plan)
        plan.refresh_from_db()
    village_programme.refresh_from_db()
    return plan, village_programme


def ready_village(number, *, name=None, households=20, experts=5, sub="460105") -> Village:
    """A village with `households` target households of fiscal year 2565 (chosen at a village forum) and an
    instructor team of `experts` (None: no team)."""
    village = Village.objects.create(
        sub_district=areas.sub_district(sub), number=number, name=name or f"บ้านโนนสวรรค์{number}"
    )
    for _n in range(households):
        n = next(_people)
        head = make_person(village, n, first_name=f"หัวหน้าครัวเรือน{n}")
        household = Household.objects.create(village=village, house_number=str(n), head=head)
        TargetHousehold.objects.create(
            household=household,
            village=village,
            fiscal_year=YEAR,
            criterion="jpt",
            forum_date=datetime.date(2021, 11, 15),
        )
    if experts is not None:
        team = InstructorTeam.objects.create(village=village, fiscal_year=YEAR)
        for i in range(experts):
            title, first_name = EXPERTS[i]
            person = make_person(
                village, next(_people), title=title, first_name=first_name, last_name="ปราชญ์ดี"
            )
            TeamMember.objects.create(team=team, expert=Expert.objects.create(person=person), is_lead=i == 0)
    return village


def funded(village, name, year, source=FundedSource.IMPORTED):
    return FundedVillage.objects.create(
        project=project(name), fiscal_year=year, village=village, source=source
    )
