"""A district's list: proposed by its district officer, submitted, approved or sent back with a reason by the
province's officer (kit/workflow.py), each move logged; an approved list is final; and the contract with the
training and groups apps: `kit.programmes.target_villages(year)` is exactly the approved villages."""

import pytest
from django.core.exceptions import ValidationError

from kit import programmes
from kit.workflow import TransitionRefused
from registry.models import District, TargetHousehold
from registry.scoping import Role
from reports.models import FundedSource, FundedVillage, ListStatus, TargetList
from reports.selectors.targets import Pick, approved_villages
from reports.services import targets as services
from tests.factories import UserFactory, district_office
from tests.reports.targets_helpers import SAMMACHIP, ready_village, target_plan


@pytest.fixture
def proposed(world):
    plan, programme = target_plan(world)
    district = District.objects.get(pk="4601")
    villages = [ready_village(1), ready_village(2)]
    services.target_villages_add(
        user=world.district_a,
        programme=programme,
        district=district,
        picks=[Pick(village=v) for v in villages],
    )
    return world, plan, programme, TargetList.objects.get(), villages


def move(user, target_list, to, reason=""):
    return services.target_list_move(user=user, target_list=target_list, to=to, reason=reason)


def test_submit_approve_and_the_log(proposed):
    world, _plan, _programme, target_list, villages = proposed
    move(world.district_a, target_list, ListStatus.SUBMITTED)
    move(world.province_a, target_list, ListStatus.APPROVED)
    target_list.refresh_from_db()
    assert target_list.status == ListStatus.APPROVED
    assert [(m.from_state, m.to_state, m.user) for m in target_list.moves.all()] == [
        ("draft", "submitted", world.district_a),
        ("submitted", "approved", world.province_a),
    ]
    # the approved villages enter the register of funded villages under the programme's project
    assert set(
        FundedVillage.objects.filter(
            project__name=SAMMACHIP, fiscal_year=2565, source=FundedSource.PRODUCT
        ).values_list("village", flat=True)
    ) == {v.pk for v in villages}


@pytest.mark.parametrize(
    "who, to",
    [
        ("province_a", ListStatus.SUBMITTED),
        ("tao_a", ListStatus.SUBMITTED),
        ("province_b", ListStatus.SUBMITTED),
        ("other_district", ListStatus.SUBMITTED),
        ("district_a", ListStatus.APPROVED),
        ("tao_a", ListStatus.APPROVED),
        ("province_b", ListStatus.APPROVED),
    ],
)
def test_who_may_move_the_list(proposed, who, to):
    world, _plan, _programme, target_list, _villages = proposed
    if to == ListStatus.APPROVED:
        move(world.district_a, target_list, ListStatus.SUBMITTED)
    user = (
        UserFactory(username="d2", role=Role.DISTRICT_OFFICER, office=district_office("4602"))
        if who == "other_district"
        else getattr(world, who)
    )
    before = target_list.moves.count()
    with pytest.raises(TransitionRefused):
        move(user, target_list, to)
    assert target_list.moves.count() == before


def test_sent_back_with_a_reason_only(proposed):
    world, _plan, _programme, target_list, _villages = proposed
    move(world.district_a, target_list, ListStatus.SUBMITTED)
    with pytest.raises(TransitionRefused):
        move(world.province_a, target_list, ListStatus.DRAFT)
    move(world.province_a, target_list, ListStatus.DRAFT, reason="หมู่ 2 ยังไม่ผ่านเวทีประชาคม")
    assert target_list.moves.last().reason == "หมู่ 2 ยังไม่ผ่านเวทีประชาคม"


def test_an_approved_list_is_final_until_sent_back(proposed):
    world, _plan, programme, target_list, _villages = proposed
    move(world.district_a, target_list, ListStatus.SUBMITTED)
    move(world.province_a, target_list, ListStatus.APPROVED)
    third = ready_village(3)
    with pytest.raises(ValidationError):
        services.target_villages_add(
            user=world.district_a,
            programme=programme,
            district=target_list.district,
            picks=[Pick(village=third)],
        )
    with pytest.raises(ValidationError):
        services.target_village_remove(user=world.district_a, row=target_list.villages.first())
    assert target_list.villages.count() == 2
    move(world.province_a, target_list, ListStatus.DRAFT, reason="เปลี่ยนหมู่บ้านตามมติอำเภอ")
    assert not FundedVillage.objects.filter(source=FundedSource.PRODUCT).exists()
    services.target_village_remove(user=world.district_a, row=target_list.villages.first())
    assert target_list.villages.count() == 1


def test_the_province_approves_only_when_no_refusal_remains(proposed):
    world, _plan, _programme, target_list, villages = proposed
    move(world.district_a, target_list, ListStatus.SUBMITTED)
    three = list(TargetHousehold.objects.filter(village=villages[0]).values_list("pk", flat=True)[:3])
    TargetHousehold.objects.filter(pk__in=three).delete()  # the village now has 17 target households
    with pytest.raises(TransitionRefused) as refused:
        move(world.province_a, target_list, ListStatus.APPROVED)
    assert str(villages[0]) in " ".join(map(str, refused.value.reasons))
    target_list.refresh_from_db()
    assert target_list.status == ListStatus.SUBMITTED


def test_the_contract_target_villages_are_exactly_the_approved_ones(proposed):
    world, _plan, programme, target_list, villages = proposed
    other = TargetList.objects.create(programme=programme, district=District.objects.get(pk="4602"))
    outside = ready_village(4, sub="460201")
    other.villages.create(village=outside, added_by=world.admin)  # a list not approved
    assert list(programmes.target_villages(2565)) == []
    move(world.district_a, target_list, ListStatus.SUBMITTED)
    assert list(programmes.target_villages(2565)) == []
    move(world.province_a, target_list, ListStatus.APPROVED)
    assert set(programmes.target_villages(2565)) == set(villages)
    assert list(programmes.target_villages(2566)) == []
    assert set(approved_villages(2565)) == set(villages)
    move(world.province_a, target_list, ListStatus.DRAFT, reason="ทบทวน")
    assert list(programmes.target_villages(2565)) == []
