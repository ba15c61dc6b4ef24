"""The district offices run the village programme (the provincial guideline: the district community
development office carries the village programme out, not the TAO): the district officer organises the one-day
village training in a target village of the district, runs it through its steps, records the practice
materials each household received and forms the occupation group from its trainees (the group-formation day);
the TAO of the area sees all of it and changes none of it; the district office changes none of the TAO's own
trainings and nothing of another district.

Who: tao_a (office A, sub-district 460105 of อ.เมืองกาฬสินธุ์), district_a (that district's office),
district_b (the office of อ.นามน, another district of the province), tao_a2 (another sub-district of district
A), tao_b, the provincial officers and admin (tests/scoping.py)."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from groups import policies as group_policies
from groups import services as group_services
from groups.models import Group, MeetingKind
from kit import programmes
from registry.models import Expert, Household, InstructorTeam, TargetHousehold, TeamMember, Village
from registry.ownership import KEPT_BY
from registry.scoping import Role
from tests import areas
from tests.factories import UserFactory, district_office
from tests.registers.helpers import make_person
from tests.scoping import ScopeWorld, assert_refused, assert_refused_for, assert_scoped
from tests.training.helpers import programme_targets, training_at, village_a
from training import policies, services
from training.models import MaterialReceipt, Step, Training

YEAR = 2569  # fiscal year 2569: October 2025 to September 2026
DAY = datetime.date(2026, 2, 10)
HOUSEHOLDS = 6  # a group formed from them may register (at least 5 members)
SUB_OTHER_DISTRICT = "460201"  # ต.หนองกุง, อ.นามน


@pytest.fixture
def targets():
    """The fiscal year's approved target villages, as the plan's app will provide them (kit/programmes.py):
    this test's own provider, registered for the test and taken away after it."""
    chosen: dict[int, set] = {}

    def provider(fiscal_year):
        return Village.objects.filter(pk__in=chosen.get(fiscal_year, set()))

    with programme_targets(provider):
        yield chosen


@pytest.fixture
def district_b(world):
    return UserFactory(username="district_b", role=Role.DISTRICT_OFFICER, office=district_office("4602"))


def team_in(village, *, first=0):
    """A village's instructor team of 5 experts and its target households of the year."""
    team = InstructorTeam.objects.create(village=village, fiscal_year=YEAR)
    for n in range(5):
        expert = Expert.objects.create(person=make_person(village, first + n, first_name=f"ปราชญ์{n}"))
        TeamMember.objects.create(team=team, expert=expert, is_lead=n == 0)
    for n in range(HOUSEHOLDS):
        head = make_person(village, first + 50 + n, first_name=f"หัวหน้า{n}", last_name="ใจงาม")
        household = Household.objects.create(village=village, house_number=f"{n + 1}/{first}", head=head)
        TargetHousehold.objects.create(
            household=household,
            village=village,
            fiscal_year=YEAR,
            criterion="jpt",
            forum_date=datetime.date(2025, 11, 15),
        )
    return team


def other_village(sub_district_code, number, name):
    return Village.objects.get_or_create(
        sub_district=areas.sub_district(sub_district_code), number=number, defaults={"name": name}
    )[0]


def form_data(team, catalogue, **extra):
    return {
        "team": team.pk,
        "topic": "การทำปุ๋ยหมักชีวภาพ",
        "occupation": catalogue["ทำปุ๋ยอินทรีย์"].pk,
        "date": "10/02/2569",
        "hours": "6",
        "venue": "ศาลาประชาคมบ้านดอนสวรรค์",
        **extra,
    }


def text(response) -> str:
    return html.unescape(response.content.decode())


def thai(sentence, **values) -> str:
    with translation.override("th"):
        return str(sentence) % values if values else str(sentence)


def kept_by_district(world) -> str:
    return thai(KEPT_BY, office=world.district_a.office.name)


@pytest.fixture
def district_training(world, targets, catalogue):
    """A village training organised by district A's office in a target village of its district."""
    team = team_in(village_a(), first=900)
    targets[YEAR] = {team.village_id}
    return services.village_training_create(
        user=world.district_a,
        team=team,
        topic="การทำปุ๋ยหมักชีวภาพ",
        occupation=catalogue["ทำปุ๋ยอินทรีย์"],
        date=DAY,
        hours=Decimal(6),
    )


# --- organising the village training ------------------------------------------------------------------------


def test_the_district_officer_organises_the_village_training_in_a_target_village(
    client, world, targets, catalogue
):
    team = team_in(village_a(), first=900)
    targets[YEAR] = {team.village_id}
    client.force_login(world.district_a)
    page = client.get(reverse("training:village_training"))
    assert page.status_code == 200 and str(team.village) in text(
        page
    )  # listed among the year's target villages
    response = client.post(reverse("training:village_training"), form_data(team, catalogue))
    training = Training.objects.get()
    assert response.status_code == 302 and response.url == reverse("training:detail", args=[training.pk])
    assert training.office == world.district_a.office  # kept by the district office, not the TAO
    assert (training.village, training.start_date, training.fiscal_year) == (team.village, DAY, YEAR)
    assert training.instructors.count() == 5 and training.enrollments.count() == HOUSEHOLDS


def test_not_a_target_village_is_refused_with_its_reason_and_nothing_is_saved(
    client, world, targets, catalogue
):
    team = team_in(village_a(), first=900)  # in district A, but not a target village of the year
    targets[YEAR] = {other_village(ScopeWorld.SUB_A, 2, "บ้านโนนสูง").pk}
    client.force_login(world.district_a)
    response = client.post(reverse("training:village_training"), form_data(team, catalogue))
    assert response.status_code == 200
    assert thai(policies.NOT_TARGET, village=team.village, year=YEAR) in text(response)
    assert not Training.objects.exists() and not MaterialReceipt.objects.exists()


def test_no_target_villages_registered_means_none_allowed(world, catalogue):
    """Without the plan's provider (kit/programmes.py) there are no target villages: nothing to organise."""
    team = team_in(village_a(), first=900)
    assert not programmes.target_villages(YEAR).exists()
    with pytest.raises(ValidationError, match=thai(policies.NOT_TARGET, village=team.village, year=YEAR)):
        services.village_training_create(
            user=world.district_a,
            team=team,
            topic="การทำปุ๋ยหมัก",
            occupation=catalogue["ทำปุ๋ยอินทรีย์"],
            date=DAY,
            hours=Decimal(6),
        )
    assert not Training.objects.exists()


def test_another_districts_village_is_refused(client, world, targets, catalogue, district_b):
    team = team_in(other_village(SUB_OTHER_DISTRICT, 1, "บ้านหนองกุง"), first=900)
    targets[YEAR] = {team.village_id}  # a target village, of district B
    client.force_login(world.district_a)
    response = client.post(reverse("training:village_training"), form_data(team, catalogue))
    assert response.status_code == 200 and not Training.objects.exists()  # not among district A's teams
    assert "team" in response.context["form"].errors
    with pytest.raises(ValidationError, match=thai(policies.NOT_IN_DISTRICT, village=team.village)):
        services.village_training_create(
            user=world.district_a,
            team=team,
            topic="การทำปุ๋ยหมัก",
            occupation=catalogue["ทำปุ๋ยอินทรีย์"],
            date=DAY,
            hours=Decimal(6),
        )
    assert not Training.objects.exists()
    # district B's own officer may: the same rule, in its own district
    training = services.village_training_create(
        user=district_b,
        team=team,
        topic="การทำปุ๋ยหมัก",
        occupation=catalogue["ทำปุ๋ยอินทรีย์"],
        date=DAY,
        hours=Decimal(6),
    )
    assert training.office == district_b.office


def test_a_district_office_creates_no_other_training(client, world):
    client.force_login(world.district_a)
    assert_refused(client.get(reverse("training:create")), thai(policies.VILLAGE_ONLY))
    with pytest.raises(ValidationError, match=thai(policies.VILLAGE_ONLY)):
        services.training_create(
            user=world.district_a, office=world.district_a.office, village=village_a(), topic="การทำขนมไทย"
        )
    assert not Training.objects.exists()
    assert_refused_for(client, reverse("training:village_training"), refused_to=["province_a"], world=world)


def test_the_district_training_stays_in_a_target_village(world, targets, district_training):
    """Moving the district's training to a village not a target of the year is refused; nothing saved."""
    elsewhere = other_village(ScopeWorld.SUB_A, 3, "บ้านหนองบัว")
    with pytest.raises(ValidationError, match=thai(policies.NOT_TARGET, village=elsewhere, year=YEAR)):
        services.training_update(
            user=world.district_a, training=district_training, fields={"village": elsewhere}
        )
    district_training.refresh_from_db()
    assert district_training.village == village_a()


# --- running it, and who sees and changes what --------------------------------------------------------------


def test_the_district_officer_runs_it_through_its_steps(client, world, district_training, catalogue):
    t, officer = district_training, world.district_a

    def advance():
        return services.training_advance(user=officer, training=Training.objects.get(pk=t.pk))

    advance()  # 1: the topic and occupation came with the village training
    services.training_update(
        user=officer,
        training=t,
        fields={"target_availability": "หลังเก็บเกี่ยว", "curriculum": "การหมักปุ๋ย การใช้ปุ๋ยในแปลงผัก"},
    )
    advance()
    services.training_update(
        user=officer, training=t, fields={"documents_ready": True, "materials_ready": True}
    )
    advance()
    from training.models import BudgetLine, Session

    services.training_row_add(
        user=officer,
        training=t,
        related="budget_lines",
        row=BudgetLine(item="ค่าวัสดุฝึกปฏิบัติ", quantity=HOUSEHOLDS, unit="ชุด", unit_cost=300),
    )
    advance()
    services.training_update(
        user=officer,
        training=t,
        fields={"budget_approved": Decimal(24000), "ordinance_reference": "งบกรมการพัฒนาชุมชน 2569"},
    )
    advance()
    session = services.training_row_add(
        user=officer,
        training=t,
        related="sessions",
        row=Session(date=DAY, start_time=datetime.time(9), end_time=datetime.time(15)),
    )
    advance()
    enrollments = list(t.enrollments.order_by("pk"))
    services.attendance_save(user=officer, training=t, hours={(e.pk, session.pk): "6" for e in enrollments})
    services.scores_save(user=officer, training=t, scores={e.pk: ("", "80") for e in enrollments})
    advance()
    issued = services.certificates_issue(user=officer, training=t)
    assert len(issued) == HOUSEHOLDS and {c.office for c in issued} == {
        officer.office
    }  # the district's numbering
    advance()
    services.training_update(user=officer, training=t, fields={"no_survey_reason": "ครัวเรือนตอบด้วยวาจาในเวที"})
    assert advance().step == Step.FOLLOW_UP
    # the practice materials each household received: the signed record, from the page
    client.force_login(officer)
    url = reverse("training:detail", args=[t.pk])
    client.post(
        url,
        {
            "action": "material_add",
            "enrollment": enrollments[0].pk,
            "item": "ถังหมักปุ๋ย",
            "quantity": "1",
            "unit": "ใบ",
            "received_on": "10/02/2569",
        },
    )
    assert list(MaterialReceipt.objects.values_list("enrollment", "item")) == [(enrollments[0].pk, "ถังหมักปุ๋ย")]


def test_the_tao_sees_the_district_training_and_changes_nothing(client, world, district_training, district_b):
    t = district_training
    url = reverse("training:detail", args=[t.pk])
    assert_scoped(
        client,
        url,
        visible_to=["tao_a", "district_a", "province_a", "admin"],
        hidden_from=["tao_a2", "tao_b", "province_b"],
        world=world,
        contains=t.topic,
    )
    assert_scoped(
        client,
        reverse("training:materials_pdf", args=[t.pk]),
        visible_to=["tao_a", "district_a"],
        hidden_from=["tao_a2", "tao_b"],
        world=world,
    )
    client.force_login(district_b)
    assert client.get(url).status_code == 404  # another district's office: out of its area
    client.force_login(world.tao_a)
    assert kept_by_district(world) in text(client.get(url))  # the read-only page says which office keeps it
    enrollment = t.enrollments.first()
    for action in (
        {"action": "advance"},
        {
            "action": "material_add",
            "enrollment": enrollment.pk,
            "item": "ถังหมักปุ๋ย",
            "quantity": "1",
            "unit": "ใบ",
            "received_on": "10/02/2569",
        },
        {"action": "enroll_remove", "id": enrollment.pk, "confirmed": "1"},
    ):
        assert_refused(client.post(url, action), kept_by_district(world))
    assert_refused_for(
        client,
        url,
        refused_to=["tao_a", "province_a"],
        world=world,
        method="post",
        data={"action": "advance"},
    )
    with pytest.raises(ValidationError, match=kept_by_district(world)):
        services.training_update(user=world.tao_a, training=t, fields={"venue": "วัดบ้านดอนสวรรค์"})
    t.refresh_from_db()
    assert t.step == Step.TOPIC and t.venue == "" and not MaterialReceipt.objects.exists()
    assert t.enrollments.count() == HOUSEHOLDS


def test_the_district_office_changes_none_of_the_taos_trainings(client, world, district_b):
    tao_training = training_at(world.office_a, Step.FOLLOW_UP, ready=True)
    url = reverse("training:detail", args=[tao_training.pk])
    kept = thai(KEPT_BY, office=world.office_a.name)
    client.force_login(world.district_a)
    enrollment = tao_training.enrollments.first()
    for action in (
        {"action": "back", "to_step": "9", "reason": "แก้ไขข้อมูล"},
        {
            "action": "material_add",
            "enrollment": enrollment.pk,
            "item": "ถังหมักปุ๋ย",
            "quantity": "1",
            "unit": "ใบ",
            "received_on": "10/02/2569",
        },
    ):
        assert_refused(client.post(url, action), kept)
    assert_refused(client.get(reverse("groups:from_training", args=[tao_training.pk])), kept)
    with pytest.raises(ValidationError, match=kept):
        services.training_update(user=world.district_a, training=tao_training, fields={"venue": "อำเภอ"})
    with pytest.raises(ValidationError, match=kept):
        group_services.group_from_training(
            user=world.district_a,
            training=tao_training,
            people=[enrollment.person],
            name="กลุ่มน้ำพริก",
            founded_on=DAY,
        )
    tao_training.refresh_from_db()
    assert (
        tao_training.step == Step.FOLLOW_UP
        and not MaterialReceipt.objects.exists()
        and not Group.objects.exists()
    )
    client.force_login(district_b)
    assert client.get(url).status_code == 404


# --- the group-formation day --------------------------------------------------------------------------------


@pytest.fixture
def finished(world, district_training):
    """The district's village training, run to its last step (facts set directly: steps are tested above)."""
    from tests.training.helpers import satisfy

    t = district_training
    for step in range(Step.TOPIC, Step.FOLLOW_UP):
        if step not in (Step.RUN, Step.EVALUATE, Step.CERTIFY):
            satisfy(t, step)
        t.step = step
    t.step = Step.FOLLOW_UP
    t.save()
    return t


def test_the_formation_day_forms_a_group_kept_by_the_district_office(client, world, finished, district_b):
    trainees = list(finished.enrollments.values_list("person", flat=True))
    client.force_login(world.district_a)
    url = reverse("groups:from_training", args=[finished.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "กลุ่มปุ๋ยอินทรีย์บ้านดอนสวรรค์",
            "products": "ปุ๋ยหมักชีวภาพ",
            "founded_on": "10/02/2569",
            "people": trainees,
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert group.office == world.district_a.office and group.formed_from == finished
    assert set(group.memberships.filter(founder=True).values_list("person", flat=True)) == set(trainees)
    # the formation day's meeting with the founders present, and the registration with the district office
    founders = list(group.memberships.all())
    group_services.meeting_record(
        user=world.district_a,
        group=group,
        kind=MeetingKind.SPECIAL,
        date=DAY,
        held=True,
        agenda="จัดตั้งกลุ่มอาชีพตามหลัก 5 ก",
        present=founders,
    )
    group_services.group_register(
        user=world.district_a, group=group, number="กอ.4601/2569", registered_on=datetime.date(2026, 2, 11)
    )
    # the TAO sees it and changes nothing; another district does not see it
    page = reverse("groups:detail", args=[group.pk])
    assert_scoped(
        client,
        page,
        visible_to=["tao_a", "district_a", "province_a"],
        hidden_from=["tao_b", "tao_a2"],
        world=world,
        contains=group.name,
    )
    client.force_login(district_b)
    assert client.get(page).status_code == 404
    client.force_login(world.tao_a)
    assert_refused(client.get(reverse("groups:edit", args=[group.pk])), kept_by_district(world))
    with pytest.raises(ValidationError, match=kept_by_district(world)):
        group_services.group_update(user=world.tao_a, group=group, fields={"products": "ปุ๋ยน้ำ"})
    with pytest.raises(ValidationError, match=kept_by_district(world)):
        group_services.meeting_record(
            user=world.tao_a, group=group, kind=MeetingKind.MONTHLY, date=DAY, held=True
        )
    assert list(group.meetings.values_list("kind", flat=True)) == [MeetingKind.SPECIAL]
    group.refresh_from_db()
    assert group.products == "ปุ๋ยหมักชีวภาพ" and group.registration_number == "กอ.4601/2569"


def test_the_tao_does_not_form_a_group_from_the_district_training(client, world, finished):
    client.force_login(world.tao_a)
    assert_refused(client.get(reverse("groups:from_training", args=[finished.pk])), kept_by_district(world))
    with pytest.raises(ValidationError, match=kept_by_district(world)):
        group_services.group_from_training(
            user=world.tao_a,
            training=finished,
            people=[finished.enrollments.first().person],
            name="กลุ่มปุ๋ยอินทรีย์",
            founded_on=DAY,
        )
    assert not Group.objects.exists()


def test_a_district_office_forms_groups_only_from_its_trainings(client, world):
    client.force_login(world.district_a)
    assert_refused(client.get(reverse("groups:create")), thai(group_policies.FROM_TRAINING_ONLY))
