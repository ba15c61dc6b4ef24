"""Who reads and who writes a province's plan, with the shared helpers of tests/scoping.py: the province's
officer writes, another province's officer gets a 404, the district officer reads (their district's rows), TAO
staff are refused with the reason."""

import pytest
from django.urls import reverse

from reports.policies.plans import PROVINCE_ONLY, READERS_ONLY
from tests.reports.helpers import kalasin_plan
from tests.scoping import assert_refused, assert_refused_for, assert_scoped


@pytest.fixture
def seeded(world):
    return (world, *kalasin_plan(world.province_a))


def test_the_plan_is_read_in_its_province_only(client, seeded):
    world, plan, village, groups, indicators = seeded
    for url in (reverse("reports:plan", args=[plan.pk]), reverse("reports:targets_export", args=[plan.pk])):
        assert_scoped(
            client,
            url,
            visible_to=["province_a", "district_a", "admin"],
            hidden_from=["province_b", "tao_b"],
            world=world,
        )
    for url in (
        reverse("reports:programme_edit", args=[plan.pk, village.pk]),
        reverse("reports:targets_edit", args=[plan.pk, village.pk]),
        reverse("reports:targets_import", args=[plan.pk]),
    ):
        assert_scoped(
            client, url, visible_to=["province_a", "admin"], hidden_from=["province_b", "tao_b"], world=world
        )


def test_tao_staff_are_refused_with_the_reason(client, seeded):
    world, plan, *_ = seeded
    for name in ("tao_a", "tao_a2"):
        client.force_login(getattr(world, name))
        assert_refused(client.get(reverse("reports:plan", args=[plan.pk])), READERS_ONLY)
        assert_refused(client.get(reverse("reports:plans")), READERS_ONLY)


def test_the_district_officer_reads_but_does_not_write(client, seeded):
    world, plan, village, *_ = seeded
    client.force_login(world.district_a)
    body = client.get(reverse("reports:plan", args=[plan.pk])).content.decode()
    assert "เมืองกาฬสินธุ์" in body and 'data-testid="read-only"' in body
    assert "นามน" not in body  # another district's row is not theirs to read
    assert reverse("reports:targets_edit", args=[plan.pk, village.pk]) not in body
    for url, method in (
        (reverse("reports:programme_edit", args=[plan.pk, village.pk]), "get"),
        (reverse("reports:targets_edit", args=[plan.pk, village.pk]), "post"),
        (reverse("reports:plan_publish", args=[plan.pk]), "post"),
        (reverse("reports:plan_create"), "get"),
    ):
        assert_refused_for(client, url, refused_to=["district_a"], world=world, method=method)
    client.force_login(world.district_a)
    assert_refused(client.get(reverse("reports:targets_import", args=[plan.pk])), PROVINCE_ONLY)


def test_the_provinces_officer_writes_and_the_menu_says_so(client, seeded):
    world, plan, village, *_ = seeded
    client.force_login(world.province_a)
    body = client.get(reverse("reports:plans")).content.decode()
    assert reverse("reports:plan", args=[plan.pk]) in body and reverse("reports:plan_create") in body
    response = client.post(reverse("reports:plan_publish", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_published
    client.force_login(world.district_a)
    assert reverse("reports:plan_create") not in client.get(reverse("reports:plans")).content.decode()
