"""The provincial guideline's rules for target villages (reports/selectors/targets.py), each shown with its
reason, and the service that adds villages all or nothing (reports/services/targets.py)."""

import pytest
from django.core.exceptions import ValidationError

from registry.models import District
from reports.models import TargetVillage
from reports.selectors.targets import Pick, check_picks
from reports.services import plans as plan_services
from reports.services import targets as services
from tests.reports.targets_helpers import SAMMACHIP, SECURITY, SUFFICIENCY, funded, ready_village, target_plan


@pytest.fixture
def setup(world):
    plan, programme = target_plan(world)
    return world, plan, programme, District.objects.get(pk="4601")


def add(world, programme, district, *picks):
    return services.target_villages_add(
        user=world.district_a,
        programme=programme,
        district=district,
        picks=[p if isinstance(p, Pick) else Pick(village=p) for p in picks],
    )


def refusals(setup, village, **pick):
    _world, _plan, programme, district = setup
    [check] = check_picks(programme=programme, district=district, picks=[Pick(village=village, **pick)])
    return check.refusals


def test_a_village_meeting_every_rule_is_added_without_a_warning(setup):
    world, _plan, programme, district = setup
    village = ready_village(1)
    [row] = add(world, programme, district, village)
    [check] = check_picks(programme=programme, district=district, picks=[Pick(village=village)])
    assert (check.refusals, check.warnings, check.households) == ([], [], 20)
    assert row.target_list.district_id == "4601" and row.added_by == world.district_a


@pytest.mark.parametrize(
    "name, year, refused",
    [
        (SAMMACHIP, 2559, False),
        (SAMMACHIP, 2560, True),
        (SAMMACHIP, 2562, True),
        (SAMMACHIP, 2563, False),
        (SECURITY, 2562, False),
        (SECURITY, 2563, True),
        (SECURITY, 2564, True),
        (SECURITY, 2565, False),
    ],
)
def test_each_exclusion_names_its_project_and_year(setup, name, year, refused):
    village = ready_village(2)
    funded(village, name, year)
    reasons = refusals(setup, village)
    assert bool(reasons) is refused
    if refused:
        assert name in reasons[0] and str(year) in reasons[0]


def test_the_same_years_sufficiency_village_is_refused_another_years_is_allowed(setup):
    same, other = ready_village(3), ready_village(4)
    funded(same, SUFFICIENCY, 2565)
    funded(other, SUFFICIENCY, 2564)
    [reason] = refusals(setup, same)
    assert SUFFICIENCY in reason and "2565" in reason
    assert refusals(setup, other) == []


def test_exclusions_are_data_of_the_plan(setup):
    world, _plan, programme, _district = setup
    village = ready_village(5)
    funded(village, SAMMACHIP, 2561)
    assert refusals(setup, village)
    exclusion = programme.exclusions.get(project__name=SAMMACHIP)
    services.exclusion_remove(
        user=world.province_a, exclusion=exclusion, reason="กรมฯ ยกเลิกเงื่อนไขปี 2560-2562"
    )
    assert refusals(setup, village) == []
    assert "กรมฯ ยกเลิกเงื่อนไข" in programme.plan.changes.get().reason  # a published plan's change is logged


def test_over_the_quota_nothing_is_added(setup):
    world, _plan, programme, district = setup
    plan_services.district_targets_save(
        user=world.province_a,
        programme=programme,
        reason="ลดเป้าหมาย",
        rows={"4601": {"units": 1, "budget": 24000}},
    )
    one, two = ready_village(6), ready_village(7)
    with pytest.raises(ValidationError) as refused:
        add(world, programme, district, one, two)
    assert any("Over the quota" in m or "เกินโควตา" in m for m in refused.value.messages)
    assert not TargetVillage.objects.exists()
    add(world, programme, district, one)
    with pytest.raises(ValidationError):
        add(world, programme, district, two)
    assert TargetVillage.objects.count() == 1


def test_a_village_chosen_twice_is_refused(setup):
    world, _plan, programme, district = setup
    village, other = ready_village(8), ready_village(9)
    with pytest.raises(ValidationError):
        add(world, programme, district, other, village, village)
    assert not TargetVillage.objects.exists()  # the good one was not added either
    add(world, programme, district, village)
    with pytest.raises(ValidationError) as refused:
        add(world, programme, district, village)
    assert str(village) in refused.value.messages[0]
    assert TargetVillage.objects.count() == 1


def test_a_village_outside_the_district_is_refused(setup):
    world, _plan, programme, district = setup
    outside = ready_village(10, sub="460201")  # อ.กมลาไสย
    reasons = refusals(setup, outside)
    assert len(reasons) == 1 and "กมลาไสย" not in reasons[0] and district.name_th in reasons[0]
    with pytest.raises(ValidationError):
        services.target_villages_add(
            user=world.admin, programme=programme, district=district, picks=[Pick(village=outside)]
        )
    assert not TargetVillage.objects.exists()


def test_a_short_team_is_a_warning_naming_who_is_there_and_how_many_are_missing(setup):
    world, _plan, programme, district = setup
    short, none = ready_village(11, experts=3), ready_village(12, experts=None)
    [check_short, check_none] = check_picks(
        programme=programme, district=district, picks=[Pick(village=short), Pick(village=none)]
    )
    assert check_short.refusals == [] and len(check_short.warnings) == 1
    warning = check_short.warnings[0]
    assert "3" in warning and "2" in warning and "นายทองดี ปราชญ์ดี" in warning and "นายสมบัติ ปราชญ์ดี" in warning
    assert "นางมาลี" not in warning
    assert check_none.refusals == [] and "2565" in check_none.warnings[0]
    add(world, programme, district, short, none)  # a warning does not stop the proposal
    assert TargetVillage.objects.count() == 2


def test_fewer_than_20_households_is_refused(setup):
    world, _plan, programme, district = setup
    village = ready_village(13, households=15)
    [reason] = refusals(setup, village)
    assert "15" in reason and "20" in reason and "5" in reason
    with pytest.raises(ValidationError):
        add(world, programme, district, village)
    assert not TargetVillage.objects.exists()


def test_households_borrowed_from_a_nearby_earlier_target_village_are_accepted_and_recorded(setup):
    world, _plan, programme, district = setup
    village = ready_village(14, households=15)
    lender = ready_village(15, households=0, experts=None)
    funded(lender, SAMMACHIP, 2563)  # a สัมมาชีพชุมชน village of 2563, not excluded
    note = "ครัวเรือนบ้านข้างเคียงร่วมกิจกรรม ตามข้อเสนอแนะข้อ 2"
    too_few = Pick(village=village, borrowed_from=lender, borrowed_households=4, note=note)
    assert any(
        "1" in r for r in refusals(setup, village, borrowed_from=lender, borrowed_households=4, note=note)
    )
    with pytest.raises(ValidationError):
        add(world, programme, district, too_few)
    [row] = add(
        world,
        programme,
        district,
        Pick(village=village, borrowed_from=lender, borrowed_households=5, note=note),
    )
    row.refresh_from_db()
    assert (row.borrowed_from, row.borrowed_households, row.borrowed_note) == (lender, 5, note)


def test_borrowing_needs_an_earlier_target_village_nearby_and_a_note(setup):
    village = ready_village(16, households=15)
    not_earlier = ready_village(17, households=0, experts=None)
    far = ready_village(18, households=0, experts=None, sub="460201")
    funded(far, SAMMACHIP, 2563)
    assert any(
        "earlier" in r or "ก่อน" in r
        for r in refusals(setup, village, borrowed_from=not_earlier, borrowed_households=5, note="x")
    )
    assert any(
        "nearby" in r or "ใกล้เคียง" in r
        for r in refusals(setup, village, borrowed_from=far, borrowed_households=5, note="x")
    )
    lender = ready_village(19, households=0, experts=None)
    funded(lender, SAMMACHIP, 2564)
    assert len(refusals(setup, village, borrowed_from=lender, borrowed_households=5, note="  ")) == 1


def test_proposing_needs_a_published_plan(world):
    _plan, programme = target_plan(world, publish=False)
    with pytest.raises(ValidationError):
        add(world, programme, District.objects.get(pk="4601"), ready_village(20))
    assert not TargetVillage.objects.exists()


def test_the_exclusions_are_copied_with_the_plan(setup):
    world, plan, programme, _district = setup
    copy = plan_services.plan_copy(user=world.province_a, source=plan, fiscal_year=2566)
    copied = copy.programmes.get(number=programme.number)
    assert copied.project == programme.project
    assert sorted(map(str, copied.exclusions.all())) == sorted(map(str, programme.exclusions.all()))
    assert copied.exclusions.count() == 3
