"""Removing a programme or an indicator from a plan: asked first on a page of its own; from a draft freely,
from a published plan only with a written reason (logged as a PlanChange), never its last programme or a
programme's last indicator; only by those who may change the plan."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import DistrictAllocation, DistrictTarget, Indicator, PlanChange, Programme
from reports.services import plans as services
from tests.reports.helpers import kalasin_plan

SKILL_SHARE = "ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"


@pytest.fixture
def seeded(world):
    return (world, *kalasin_plan(world.province_a))


def _text(response):
    return response.content.decode()


def test_a_draft_programme_is_removed_after_the_confirmation_page(client, seeded):
    world, plan, village, groups, _indicators = seeded
    client.force_login(world.province_a)
    url = reverse("reports:programme_remove", args=[plan.pk, groups.pk])
    assert url in _text(client.get(reverse("reports:plan", args=[plan.pk])))  # the plan page links to it
    page = client.get(url)
    assert page.status_code == 200 and "ลบโครงการ “2. จัดตั้งและพัฒนากลุ่มอาชีพ” ออกจากแผนหรือไม่" in _text(page)
    assert 'name="reason"' not in _text(page)  # a draft: no reason asked
    assert Programme.objects.filter(pk=groups.pk).exists()  # asking removes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not Programme.objects.filter(pk=groups.pk).exists()
    assert not Indicator.objects.filter(programme_id=groups.pk).exists()
    assert not DistrictAllocation.objects.filter(programme_id=groups.pk).exists()
    assert not PlanChange.objects.exists()  # a draft is still being written: nothing to log
    assert plan.programmes.get() == village


def test_a_draft_indicator_is_removed_with_its_district_targets(client, seeded):
    world, plan, village, _groups, indicators = seeded
    share = indicators[SKILL_SHARE]
    client.force_login(world.province_a)
    url = reverse("reports:indicator_remove", args=[plan.pk, share.pk])
    assert url in _text(client.get(reverse("reports:plan", args=[plan.pk])))
    assert "ลบตัวชี้วัด" in _text(client.get(url))
    assert client.post(url).status_code == 302
    assert not Indicator.objects.filter(pk=share.pk).exists()
    assert not DistrictTarget.objects.filter(indicator_id=share.pk).exists()
    assert village.indicators.count() == 3


def test_a_published_plan_loses_a_programme_only_with_a_logged_reason(client, seeded):
    world, plan, _village, groups, _indicators = seeded
    services.plan_publish(user=world.province_a, plan=plan)
    client.force_login(world.province_a)
    url = reverse("reports:programme_remove", args=[plan.pk, groups.pk])
    assert 'name="reason"' in _text(client.get(url))
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and Programme.objects.filter(pk=groups.pk).exists()
    with pytest.raises(ValidationError, match="เขียนเหตุผล"):
        services.programme_remove(user=world.province_a, programme=groups)
    assert client.post(url, {"reason": "จังหวัดโอนงบกลุ่มอาชีพไปโครงการอื่นตามหนังสือกรมฯ"}).status_code == 302
    assert not Programme.objects.filter(pk=groups.pk).exists()
    change = PlanChange.objects.get()
    assert change.reason == "จังหวัดโอนงบกลุ่มอาชีพไปโครงการอื่นตามหนังสือกรมฯ" and change.user == world.province_a
    assert "2. จัดตั้งและพัฒนากลุ่มอาชีพ" in change.what


def test_a_published_plan_keeps_a_programme_and_each_programme_an_indicator(client, seeded):
    world, plan, village, groups, _indicators = seeded
    services.plan_publish(user=world.province_a, plan=plan)
    services.programme_remove(user=world.province_a, programme=groups, reason="ยุบรวมโครงการ")
    with pytest.raises(ValidationError, match="ต้องมีโครงการอย่างน้อยหนึ่งโครงการ"):
        services.programme_remove(user=world.province_a, programme=village, reason="ทดสอบ")
    for indicator in list(village.indicators.order_by("number"))[:-1]:
        services.indicator_remove(user=world.province_a, indicator=indicator, reason="ปรับตัวชี้วัดตามกรมฯ")
    last = village.indicators.get()
    client.force_login(world.province_a)
    response = client.post(reverse("reports:indicator_remove", args=[plan.pk, last.pk]), {"reason": "ทดสอบ"})
    assert response.status_code == 400 and "ต้องมีตัวชี้วัดอย่างน้อยหนึ่งตัว" in _text(response)
    assert Indicator.objects.filter(pk=last.pk).exists()
    assert PlanChange.objects.count() == 4  # the programme and three indicators, each with its reason


def test_only_who_may_change_the_plan_removes(client, seeded):
    world, plan, _village, groups, indicators = seeded
    for user in (world.district_a, world.tao_a):
        client.force_login(user)
        for url in (
            reverse("reports:programme_remove", args=[plan.pk, groups.pk]),
            reverse("reports:indicator_remove", args=[plan.pk, indicators[SKILL_SHARE].pk]),
        ):
            assert client.post(url).status_code == 403
    client.force_login(world.province_b)  # another province's officer: not even found
    assert client.post(reverse("reports:programme_remove", args=[plan.pk, groups.pk])).status_code == 404
    assert Programme.objects.filter(pk=groups.pk).exists()
    assert Indicator.objects.filter(pk=indicators[SKILL_SHARE].pk).exists()


def test_a_programme_with_the_districts_target_villages_is_not_removed(world):
    from reports.models import TargetList
    from reports.selectors.targets import Pick
    from reports.services import targets as target_services
    from tests.reports.targets_helpers import ready_village, target_plan

    plan, village_programme = target_plan(world)
    services.programme_save(
        user=world.province_a,
        programme=Programme(plan=plan, number=3, name="โครงการอื่น", unit_label="หมู่บ้าน"),
        reason="เพิ่มโครงการ",
    )
    target_services.target_villages_add(
        user=world.district_a,
        programme=village_programme,
        district=world.district_a.office.district,
        picks=[Pick(village=ready_village(31))],
    )
    with pytest.raises(ValidationError, match="หมู่บ้านเป้าหมาย"):
        services.programme_remove(user=world.province_a, programme=village_programme, reason="ไม่ใช้แล้ว")
    assert Programme.objects.filter(pk=village_programme.pk).exists() and TargetList.objects.count() == 1
    assert not PlanChange.objects.filter(reason="ไม่ใช้แล้ว").exists()
