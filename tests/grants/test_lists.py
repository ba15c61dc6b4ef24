"""The request list (filters, export), the due list, the home page's work and the group page's marker."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants import services as grant_services
from grants.models import BudgetLine, GrantRequest, Status
from groups import services as groups
from registry.models import Village
from registry.scoping import Role
from tests.factories import UserFactory
from tests.grants.helpers import (
    ROAD,
    GrantWorld,
    advance,
    days_ago,
    fiscal_year,
    grant_world,
    make_request,
    refresh,
)
from tests.registers.helpers import make_person


@pytest.fixture
def gw(world):
    return grant_world(world)


def world_b(world) -> GrantWorld:
    """Office B (Chiang Mai) with its own group, line and people: its requests never show for office A."""
    office = world.office_b
    village = Village.objects.create(sub_district=office.sub_districts.get(), number=3, name="บ้านป่าสัก")
    people = [make_person(village, 9100 + i, last_name=f"แก้วมา{i}") for i in range(5)]
    from registry.models import Occupation

    occupation = Occupation.objects.get_or_create(name="จักสาน", defaults={"category": "handicraft"})[0]
    group = groups.group_create(
        user=world.tao_b,
        office=office,
        name="กลุ่มจักสานไม้ไผ่บ้านป่าสัก",
        occupation=occupation,
        village=village,
        founded_on=days_ago(800),
        founders=people,
        products="ตะกร้าไม้ไผ่",
    )
    groups.group_register(user=world.tao_b, group=group, number="ชม 0044/2566", registered_on=days_ago(700))
    line = BudgetLine.objects.create(
        office=office,
        fiscal_year=fiscal_year(),
        plan_code="00230",
        project="โครงการส่งเสริมอาชีพตำบลช้างคลาน",
        appropriated=Decimal("50000"),
    )
    return GrantWorld(
        staff=world.tao_b,
        finance=UserFactory(username="finance_b", role=Role.FINANCE, office=office),
        executive=UserFactory(username="executive_b", role=Role.EXECUTIVE, office=office),
        group=group,
        line=line,
    )


def go_on(gw, request, to):
    """Like `advance`, from the request's current state."""
    steps = [state for state, _step in ROAD]
    for state, step in ROAD[steps.index(request.status) + 1 :]:
        step(gw, refresh(request))
        if state == to:
            break
    return refresh(request)


def overdue(gw, days_late=40):
    """A request under way whose project ended long ago: its report `days_late` days late (30 allowed)."""
    request = make_request(
        gw, title="เลี้ยงไก่ไข่อารมณ์ดี", starts_on=days_ago(200), ends_on=days_ago(30 + days_late)
    )
    return advance(gw, request, Status.IN_PROGRESS)


def test_the_list_filters_by_state_year_group_overdue_and_search(client, gw):
    draft = make_request(gw, title="ทอเสื่อกกลายใหม่")
    late = overdue(gw)
    client.force_login(gw.staff)
    url = reverse("grants:list")
    page = client.get(url).content.decode()
    assert draft.number in page and late.number in page
    assert "40 วัน" in page  # how late, in Thai
    assert draft.number not in client.get(url, {"status": Status.IN_PROGRESS}).content.decode()
    only_late = client.get(url, {"overdue": "on"}).content.decode()
    assert late.number in only_late and draft.number not in only_late
    assert draft.number in client.get(url, {"q": "เสื่อกก"}).content.decode()
    assert late.number not in client.get(url, {"q": "เสื่อกก"}).content.decode()
    last_year = make_request(gw, fiscal_year=draft.fiscal_year - 1)
    this_year = client.get(url, {"fiscal_year": draft.fiscal_year}).content.decode()
    assert draft.number in this_year and last_year.number not in this_year
    assert last_year.number in client.get(url, {"fiscal_year": last_year.fiscal_year}).content.decode()
    # Junk in any filter is ignored, never a server error.
    for junk in (
        {"status": "x" * 500},
        {"fiscal_year": "abc"},
        {"group": "'; drop"},
        {"page": "-1"},
        {"district": "9999"},
        {"q": "ลำปาว" * 200},
        {"overdue": "maybe"},
    ):
        assert client.get(url, junk).status_code == 200, junk


def test_the_group_filter_and_the_area_steps_for_a_district_officer(client, gw, world):
    request = make_request(gw)
    client.force_login(world.district_a)
    url = reverse("grants:list")
    page = client.get(url).content.decode()
    assert (
        request.number in page and gw.line.office.name in page
    )  # the office is named for a district officer
    assert request.number in client.get(url, {"village": request.village_id}).content.decode()
    assert request.number in client.get(url, {"office": gw.line.office_id}).content.decode()


def test_another_offices_requests_are_never_listed_exported_or_due(client, gw, world):
    mine = overdue(gw)
    gb = world_b(world)
    theirs = make_request(gb, title="จักสานลายใหม่", starts_on=days_ago(200), ends_on=days_ago(90))
    theirs = advance(gb, theirs, Status.IN_PROGRESS)
    for user, seen, unseen in (
        (gw.staff, mine, theirs),
        (world.tao_b, theirs, mine),
        (world.province_a, mine, theirs),
        (world.province_b, theirs, mine),
    ):
        client.force_login(user)
        for name in ("grants:list", "grants:due"):
            page = client.get(reverse(name)).content.decode()
            assert seen.number in page and unseen.number not in page, (user, name)
        numbers = _export_rows(client.get(reverse("grants:export")))
        assert seen.number in {row[0] for row in numbers[1:]}
        assert unseen.number not in {row[0] for row in numbers[1:]}
    client.force_login(gw.staff)
    page = client.get(reverse("grants:lines")).content.decode()
    assert gw.line.project in page and gb.line.project not in page
    assert client.get(reverse("grants:line", args=[gb.line.pk])).status_code == 404
    assert client.get(reverse("grants:line_edit", args=[gb.line.pk])).status_code == 404


def _export_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_has_thai_headers_the_current_filters_and_no_personal_data(client, gw):
    draft = make_request(gw, title="ทอเสื่อกกลายใหม่")
    late = overdue(gw)
    client.force_login(gw.staff)
    rows = _export_rows(client.get(reverse("grants:export")))
    assert rows[0] == [
        "เลขที่คำร้อง",
        "ปีงบประมาณ",
        "ชื่อโครงการ",
        "กลุ่มอาชีพ",
        "หน่วยงานที่สนับสนุน",
        "สถานะ",
        "จำนวนเงินที่ขอ (บาท)",
        "จำนวนเงินที่อนุมัติ (บาท)",
        "จ่ายแล้ว (บาท)",
        "คืนแล้ว (บาท)",
        "กำหนดส่งรายงาน",
        "ล่าช้า (วัน)",
    ]
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {draft.number, late.number}
    assert by_number[late.number][8] == 20000 and by_number[late.number][11] == 40
    filtered = _export_rows(client.get(reverse("grants:export"), {"overdue": "on"}))
    assert [row[0] for row in filtered[1:]] == [late.number]
    text = repr(rows)
    for person in gw.group.memberships.select_related("person"):
        assert person.person.national_id not in text and person.person.last_name not in text


def test_the_list_costs_the_same_queries_for_3_rows_as_for_25(client, gw, django_assert_max_num_queries):
    for _ in range(3):
        advance(gw, make_request(gw), Status.DISBURSING)
    client.force_login(gw.staff)
    url = reverse("grants:list")
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for _ in range(22):
        make_request(gw, documents=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("grants:export")).status_code == 200


def test_the_due_list_sorts_by_lateness_with_the_results_due(client, gw, world, monkeypatch):
    # Approved before any report is late (a late report makes the group ineligible: for the next screening and
    # the next approval).
    later, latest, soon = (
        advance(gw, make_request(gw, starts_on=days_ago(200), ends_on=days_ago(30 + late)), Status.APPROVED)
        for late in (5, 60, -5)
    )
    later, latest, soon = (go_on(gw, r, Status.IN_PROGRESS) for r in (later, latest, soon))
    not_due = make_request(gw)
    client.force_login(gw.staff)
    response = client.get(reverse("grants:due"))
    reports = response.context["tables"][0][1].rows
    assert [row.request.pk for row in reports] == [latest.pk, later.pk, soon.pk]
    assert [row.days_late for row in reports] == [60, 5, 0]
    results = response.context["tables"][1][1].rows  # the provincial guideline: within 7 days of the end
    assert [(row.request.pk, row.days_late) for row in results] == [
        (latest.pk, 83),
        (later.pk, 28),
        (soon.pk, 18),
    ]
    assert not_due.number not in response.content.decode()
    client.force_login(world.district_a)  # a district officer reads the district's
    assert latest.number in client.get(reverse("grants:due")).content.decode()
    # A province with thousands due: the latest are shown, the rest counted with the way to find them.
    from grants import selectors

    monkeypatch.setattr(selectors.reports_due, "__defaults__", (2,))  # the page's limit, as if 2
    response = client.get(reverse("grants:due"))
    table = response.context["tables"][0][1]
    assert [row.request.pk for row in table.rows] == [latest.pk, later.pk] and table.total == 3
    assert "2 รายการที่ล่าช้าที่สุดจากทั้งหมด 3 รายการ" in response.content.decode()


def test_the_group_page_marks_a_report_more_than_30_days_late(client, gw):
    client.force_login(gw.staff)
    url = reverse("groups:detail", args=[gw.group.pk])
    late = overdue(gw, days_late=20)
    assert 'data-testid="grant-very-late"' not in client.get(url).content.decode()
    GrantRequest.objects.filter(pk=late.pk).update(report_due_on=days_ago(31))
    page = client.get(url).content.decode()
    assert 'data-testid="grant-very-late"' in page and late.number in page
    assert reverse("grants:detail", args=[late.pk]) in page


def test_the_finance_and_executive_homes_show_their_work(client, gw):
    waiting = advance(gw, make_request(gw, title="รอการอนุมัติ"), Status.APPROVAL)
    paying = advance(gw, make_request(gw, title="รอจ่ายเงิน"), Status.DISBURSING)
    client.force_login(gw.finance)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-to-pay"' in page and paying.number in page and waiting.number not in page
    assert "20,000.00" in page
    client.force_login(gw.executive)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-approvals"' in page and waiting.number in page and paying.number not in page
    client.force_login(gw.staff)  # the staff's home is the TAO's: no duty panels
    assert 'data-testid="home-to-pay"' not in client.get(reverse("home")).content.decode()


def test_the_navigation_offers_the_grant_pages(client, gw):
    client.force_login(gw.staff)
    page = client.get(reverse("grants:list")).content.decode()
    for name in ("grants:list", "grants:due", "grants:lines", "grants:create"):
        assert f'href="{reverse(name)}"' in page, name
    client.force_login(gw.finance)
    page = client.get(reverse("grants:list")).content.decode()
    assert f'href="{reverse("grants:create")}"' not in page  # only staff enter requests


@pytest.mark.parametrize("role", [Role.FINANCE, Role.EXECUTIVE])
def test_the_new_roles_sign_in_and_read_their_offices_area(client, world, role):
    user = UserFactory(username=f"duty_{role}", role=role, office=world.office_a)
    user.set_password("kalasin2569")
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": "kalasin2569"})
    assert response.status_code == 302
    for name in (
        "home",
        "grants:list",
        "grants:due",
        "grants:lines",
        "registry:village_list",
        "groups:group_list",
    ):
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize("role", [Role.FINANCE, Role.EXECUTIVE])
def test_the_new_roles_work_only_in_a_local_or_district_office(world, role):
    from django.core.exceptions import ValidationError

    from tests.factories import district_office, province_office

    for office in (world.office_a, district_office("4601")):
        UserFactory.build(username="x", role=role, office=office).clean()
    with pytest.raises(ValidationError, match="office"):
        UserFactory.build(username="y", role=role, office=province_office("46")).clean()
    with pytest.raises(ValidationError):
        UserFactory.build(username="z", role=role, office=None).clean()


def test_the_admin_assigns_the_new_roles(admin_client, world):
    page = admin_client.get(reverse("admin:registry_user_add")).content.decode()
    assert 'value="finance"' in page and 'value="executive"' in page


def test_requests_funded_by_the_district_office_are_found_by_their_funder(client, gw, world):
    """The area steps list local offices; a district office funds groups too (the provincial guideline's
    group-formation money): the "funded by" filter."""
    local = make_request(gw, title="ทุนจาก อบต.")
    district = grant_services.request_create(user=world.district_a, group=gw.group, title="ทุนจัดตั้งกลุ่มจากอำเภอ")
    assert district.office.kind == "district_cd"
    client.force_login(world.district_a)
    body = client.get(reverse("grants:list") + "?funder=district").content.decode()
    assert district.number in body and local.number not in body
    body = client.get(reverse("grants:list") + "?funder=local").content.decode()
    assert local.number in body and district.number not in body
