"""The target-village pages: reached from the plan page, the district's list with each rule's reason, the
picker, the moves, the exclusions; who sees what (tests/scoping.py helpers)."""

import html
import re

import pytest
from django.urls import reverse

from reports.models import Exclusion, ListStatus, TargetList, TargetVillage
from reports.policies.targets import ANOTHER_DISTRICT, OWN_DISTRICT, READ_ON_VILLAGE
from tests.factories import UserFactory, district_office
from tests.reports.targets_helpers import SECURITY, SUFFICIENCY, funded, project, ready_village, target_plan
from tests.scoping import assert_refused, assert_refused_for, assert_scoped


@pytest.fixture
def setup(world):
    plan, programme = target_plan(world)
    good, short_team, excluded = ready_village(1), ready_village(2, experts=4), ready_village(3)
    funded(excluded, SECURITY, 2564)
    return world, plan, programme, good, short_team, excluded


def urls(plan, programme, district="4601"):
    return {
        name: reverse(f"reports:{name}", args=[plan.pk, programme.pk, district])
        for name in ("targets_district", "targets_pick", "targets_move")
    }


def text(response):
    return html.unescape(response.content.decode())


def test_the_plan_page_leads_to_the_target_villages_and_shows_the_exclusions(client, setup):
    world, plan, programme, *_ = setup
    for user in (world.province_a, world.district_a):
        client.force_login(user)
        body = text(client.get(reverse("reports:plan", args=[plan.pk])))
        assert reverse("reports:targets", args=[plan.pk, programme.pk]) in body
        assert "2563–2564" in body and SUFFICIENCY in body
    client.force_login(world.district_a)  # the district officer lands on their district's list
    response = client.get(reverse("reports:targets", args=[plan.pk, programme.pk]))
    assert response.url == urls(plan, programme)["targets_district"]


def test_the_district_proposes_with_every_reason_shown(client, setup):
    world, plan, programme, good, short_team, excluded = setup
    url = urls(plan, programme)
    client.force_login(world.district_a)
    picker = text(client.get(url["targets_pick"]))
    assert SECURITY in picker and "2564" in picker  # the excluded village's reason
    assert "นายทองดี ปราชญ์ดี" in picker  # the short team's warning names who is there
    # one refused village among the chosen: none is added, the reason is shown
    refused = client.post(url["targets_pick"], {"villages": [good.pk, excluded.pk]})
    assert refused.status_code == 200 and SECURITY in text(refused)
    assert not TargetVillage.objects.exists()
    added = client.post(url["targets_pick"], {"villages": [good.pk, short_team.pk]})
    assert added.url == url["targets_district"]
    page = text(client.get(url["targets_district"]))
    assert "2 / 30" in " ".join(re.sub("<[^>]+>", "", page).split())  # the quota used
    assert "นางบัวผัน ปราชญ์ดี" in page  # the short team's warning stays on the list
    submitted = client.post(url["targets_move"], {"to": ListStatus.SUBMITTED})
    assert submitted.status_code == 302
    assert TargetList.objects.get().status == ListStatus.SUBMITTED


def test_the_province_approves_or_sends_back_with_a_reason(client, setup):
    world, plan, programme, good, *_ = setup
    url = urls(plan, programme)
    client.force_login(world.district_a)
    client.post(url["targets_pick"], {"villages": [good.pk]})
    client.post(url["targets_move"], {"to": ListStatus.SUBMITTED})
    client.force_login(world.province_a)
    overview = text(client.get(reverse("reports:targets", args=[plan.pk, programme.pk])))
    assert url["targets_district"] in overview and str(ListStatus.SUBMITTED.label) in overview
    page = text(client.get(url["targets_district"]))
    assert 'value="approved"' in page and 'value="draft"' in page
    client.post(url["targets_move"], {"to": ListStatus.DRAFT, "reason": ""})
    assert TargetList.objects.get().status == ListStatus.SUBMITTED  # no reason: not sent back
    client.post(url["targets_move"], {"to": ListStatus.APPROVED})
    assert TargetList.objects.get().status == ListStatus.APPROVED
    assert 'name="to"' in text(
        client.get(url["targets_district"])
    )  # sending back an approved list stays possible


def test_borrowed_households_through_the_page(client, setup):
    world, plan, programme, *_ = setup
    village, lender = ready_village(4, households=12), ready_village(5, households=0, experts=None)
    funded(lender, SUFFICIENCY, 2562)
    url = urls(plan, programme)
    client.force_login(world.district_a)
    response = client.post(
        url["targets_pick"],
        {
            "borrow-village": village.pk,
            "borrow-borrowed_from": lender.pk,
            "borrow-households": "8",
            "borrow-note": "ยืมครัวเรือนหมู่ 5",
        },
    )
    assert response.status_code == 302, text(response)[:3000]
    row = TargetVillage.objects.get()
    assert (row.village, row.borrowed_from, row.borrowed_households) == (village, lender, 8)
    assert "ยืมครัวเรือนหมู่ 5" in text(client.get(url["targets_district"]))


def test_who_sees_the_lists(client, setup):
    world, plan, programme, *_ = setup
    url = urls(plan, programme)
    assert_scoped(
        client,
        url["targets_district"],
        visible_to=["district_a", "province_a", "admin"],
        hidden_from=["province_b", "tao_b"],
        world=world,
    )
    assert_scoped(
        client,
        reverse("reports:targets", args=[plan.pk, programme.pk]),
        visible_to=["province_a", "admin"],
        hidden_from=["province_b", "tao_b"],
        world=world,
    )
    assert_refused_for(client, url["targets_district"], refused_to=["tao_a", "tao_a2"], world=world)
    client.force_login(world.tao_a)
    assert_refused(client.get(url["targets_district"]), READ_ON_VILLAGE)
    other = UserFactory(username="district_4602", role="district_officer", office=district_office("4602"))
    client.force_login(other)
    assert_refused(client.get(url["targets_district"]), ANOTHER_DISTRICT)
    client.force_login(world.province_a)
    assert_refused(client.get(url["targets_pick"]), OWN_DISTRICT)
    assert_refused(client.post(url["targets_pick"], {"villages": []}), OWN_DISTRICT)


def test_tao_staff_read_their_villages_status_on_the_village_page(client, setup):
    world, plan, programme, good, *_ = setup
    client.force_login(world.district_a)
    client.post(urls(plan, programme)["targets_pick"], {"villages": [good.pk]})
    client.force_login(world.tao_a)
    page = text(client.get(reverse("registry:village_detail", args=[good.pk])))
    assert 'data-testid="village-targets"' in page and programme.name in page


def test_the_province_edits_the_exclusions_with_a_reason(client, setup):
    world, plan, programme, *_ = setup
    url = reverse("reports:exclusions", args=[plan.pk, programme.pk])
    assert_refused_for(client, url, refused_to=["district_a", "tao_a"], world=world)
    new = project("โครงการหมู่บ้านอื่น")
    client.force_login(world.province_a)
    bad = client.post(url, {"project": new.pk, "from_year": "2566", "to_year": "2560", "reason": "ปรับ"})
    assert bad.status_code == 200 and programme.exclusions.count() == 3
    no_reason = client.post(url, {"project": new.pk, "from_year": "2558", "to_year": "2559"})
    assert no_reason.status_code == 200 and programme.exclusions.count() == 3
    done = client.post(
        url, {"project": new.pk, "from_year": "2558", "to_year": "2559", "reason": "ตามหนังสือกรมฯ"}
    )
    assert done.status_code == 302 and programme.exclusions.count() == 4
    exclusion = Exclusion.objects.get(project=new)
    client.post(url, {"remove-exclusion": exclusion.pk, "remove-reason": "ยกเลิก"})
    assert programme.exclusions.count() == 3
    assert plan.changes.count() == 2


def test_the_pages_query_count_does_not_grow_with_the_villages(client, setup):
    """The rules are checked in bulk: the district page and the picker cost the same with 3 or 9 villages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world, plan, programme, good, short_team, _excluded = setup
    url = urls(plan, programme)
    client.force_login(world.district_a)
    client.post(url["targets_pick"], {"villages": [good.pk, short_team.pk]})

    def count(page):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url[page]).status_code == 200
        return len(queries)

    before = {page: count(page) for page in ("targets_district", "targets_pick")}
    more = [ready_village(n, experts=2) for n in range(10, 16)]
    client.post(url["targets_pick"], {"villages": [v.pk for v in more[:3]]})
    assert TargetVillage.objects.count() == 5
    assert {page: count(page) for page in ("targets_district", "targets_pick")} == before


@pytest.mark.parametrize("district", ["%00", "4601%00", "99999999999999999999", "5001", "abc", "4602"])
def test_a_hostile_or_foreign_district_is_not_found(client, setup, district):
    world, plan, programme, *_ = setup
    client.force_login(world.admin)
    response = client.get(f"/reports/plans/{plan.pk}/programmes/{programme.pk}/villages/{district}/")
    assert response.status_code == (200 if district == "4602" else 404)
