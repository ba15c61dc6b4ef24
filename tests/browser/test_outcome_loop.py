"""In Chromium, the outcome loop on the demo province: one household, from a target-household list
through the village training, its certificate, the 3-month follow-up (uses the skill, income up), a group
formed from the training and a grant paid to that group, and after each step the provincial officer's
dashboard, where the right figure moved by one in the district's row and in the total, and nothing else moved
that should not.

The household: one of บ้านดอนสวรรค์'s (ต.ลำปาว หมู่ 1) target households of last fiscal year that was not
trained then, borrowed into this year's village training of บ้านนาโก (หมู่ 5, an approved target village with
16 target households of its own and, on the approved list, 4 households borrowed from หมู่ 1 to make 20). The
demo (seed_demo) has organised that training for the district office (cd_mueang), with the village's target
households enrolled.

In the browser, as the user whose work it is: the district officer enrols the household (search as you type),
enters its retaken post-test score and issues the certificate, records the 3-month visit, forms the group; the
TAO's finance officer pays the grant; the provincial officer reads the dashboard (from the menu, then
reloading it), exports its Excel workbook, opens the records behind a count, drills down to the district (and
exports its printed book), the sub-district and the village. The workbook's cells and the book's text
(pdftotext) show the numbers on the screen.

With the app's services (each step's own page is driven by tests/browser/test_training_flow.py,
test_group_flow.py and test_grant_flow.py, and would cost minutes here): the training's steps 1 to 8 with the
other trainees' attendance, scores and certificates (the household first failed the post-test, so its
certificate waits for the retake); steps 9 and 10; the group's registration with the district office; the
grant request from its entry to the signed agreement (the TAO's staff, its executive approving from a budget
line).

The 3-month visit is recorded today: the app takes a visit on any day up to today, and this fiscal year's
trainings are not three months old yet."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from reports.services.snapshots import mark_changed
from tests.browser.conftest import pdf_pages_to_png
from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISTRICT = "4601"  # อำเภอเมืองกาฬสินธุ์ (cd_mueang); the other district of the demo is 4607
COUNTS = (
    "target_villages_done",
    "experts_taught",
    "households_trained",
    "households_promoted",
    "households_higher_income",
    "higher_income_share",
    "income_rise",
    "groups_formed",
    "groups_registered",
    "grants_approved",
    "grants_paid",
)  # reports/selectors/dashboard.py PROGRAMME_COLUMNS, in order
TAO_COLUMNS = ("tao_trainings", "tao_certificates", "tao_groups", "tao_grants", "tao_grants_baht")


def be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def _value(text: str):
    text = text.strip()
    if text in ("", "—"):
        return None
    number = text.replace(",", "").replace("%", "").strip()
    return Decimal(number) if "." in number else int(number)


def read_row(page, testid: str, place: str, columns) -> dict:
    cells = page.get_by_test_id(testid).locator(f"tr[data-place='{place}'] td").all_inner_texts()
    assert len(cells) == len(columns), (testid, place, cells)
    return {key: _value(text) for key, text in zip(columns, cells, strict=True)}


def read_board(page) -> dict:
    """What the provincial officer reads: the district's row and the total row of both results tables."""
    return {
        place: {**read_row(page, "results", place, COUNTS), **read_row(page, "tao-work", place, TAO_COLUMNS)}
        for place in (DISTRICT, "total")
    }


def moved(before: dict, after: dict, **changes):
    """Every figure of the district's row and of the total equals its value before plus `changes` (a number to
    add, or for a percentage the value now expected); nothing else moved."""
    for place in (DISTRICT, "total"):
        expected = dict(before[place])
        for key, change in changes.items():
            if key in ("higher_income_share", "income_rise"):
                expected[key] = change
            else:
                expected[key] = (expected[key] or 0) + change
        assert after[place] == expected, (
            place,
            {k: (expected[k], after[place][k]) for k in expected if expected[k] != after[place][k]},
        )


def export(page, button: str, tmp_path):
    """Export the dashboard the officer is on with one of its buttons; the worker makes the file (the
    immediate backend in tests: inside the request); the job page shows it ready and links to it; back to the
    dashboard after."""
    dashboard = page.url
    page.get_by_test_id("export-form").get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r".*/reports/exports/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("export-ready")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("export-state").get_by_role("link", name=re.compile("^ดาวน์โหลด")).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    page.goto(dashboard)
    return path


def workbook_rows(path, district_name: str) -> dict:
    """The summary sheet's results table: the district's row and the total row, by column."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "อำเภอ" and len(row) > len(COUNTS))
    found = {}
    for row in rows[header + 1 :]:
        if row[0] in (district_name, "รวม") and row[0] not in found:
            found[row[0]] = row[1 : 1 + len(COUNTS) + len(TAO_COLUMNS)]
        if row[0] is None:
            break
    return found


def pdf_text(path) -> list:
    """The book's lines as words (pdftotext keeps a table's row on one line); its first pages as PNG, looked
    at."""
    pdf_pages_to_png(path, "outcome-book", resolution=60, last_page=4)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.split() for line in text.splitlines()]


def test_one_household_from_the_target_list_to_the_provincial_dashboard(
    live_server, demo, page_at, screenshot, tmp_path
):
    from django.utils import timezone

    from grants import services as grants
    from grants.models import BudgetLine, DocumentKind, GrantRequest, Status
    from grants.selectors import line_money
    from groups import services as groups
    from groups.models import Group
    from kit import thai
    from registry.models import InstructorTeam, TargetHousehold, User, Village
    from tests.grants.helpers import pdf
    from training import services as training
    from training.models import BudgetLine as TrainingBudgetLine
    from training.models import Enrollment, FollowUp, Session, Step, Training

    base, today, year = live_server.url, timezone.localdate(), thai.fiscal_year_now()
    district_officer, tao, executive = (
        User.objects.get(username=name) for name in ("cd_mueang", "tao_lampao", "exec_lampao")
    )
    nakok = Village.objects.get(sub_district_id="460105", number=5)
    course = Training.objects.get(village=nakok, fiscal_year=year, office=district_officer.office)
    team_size = InstructorTeam.objects.get(village=nakok, fiscal_year=year).members.count()
    others = course.enrollments.count()
    target = (
        TargetHousehold.objects.filter(
            village__sub_district_id="460105",
            village__number=1,
            fiscal_year=year - 1,
            household__head__isnull=False,
        )
        .exclude(household__members__enrollments__isnull=False)
        .select_related("household__head")
        .order_by("household_id")
        .first()
    )
    household, head = target.household, target.household.head
    house = f"บ้านเลขที่ {household.house_number}"

    # The provincial officer opens the dashboard from the menu.
    province = page_at(1366, 900)
    login(province, base, "pcd_kalasin")
    province.locator(".navbar .dropdown-toggle", has_text="แผนและรายงาน").click()
    province.locator(".navbar").get_by_role("link", name="แดชบอร์ดผลการดำเนินงาน", exact=True).click()
    province.wait_for_url(re.compile(r".*/reports/dashboard/$"))
    start = read_board(province)
    assert start["total"]["households_trained"] > 0 and start[DISTRICT]["households_promoted"] == 0

    def reread():
        # Some steps below call the services directly rather than sending the request that would: mark the
        # province changed as that request does (reports/middleware.py); the worker (here: at once) makes its
        # figures again, as it does within a minute for anyone but the writer
        # (tests/reports/test_snapshots.py).
        mark_changed("46")
        province.reload()
        return read_board(province)

    # 1. The household on the target-household list of หมู่ 1, and enrolled in บ้านนาโก's training by the
    # district officer (search as you type on the training's page): households trained +1.
    district = page_at(1366, 1000)
    login(district, base, "cd_mueang")
    district.goto(f"{base}/registry/targets/?fiscal_year={year - 1}&village={household.village_id}")
    expect(district.locator("main table")).to_contain_text(f"{house} {household.village}")
    district.goto(f"{base}/training/{course.pk}/")
    district.locator("#enrol-q").press_sequentially(head.first_name[:4], delay=40)
    # Two people share the head's name: the officer tells them apart by the village shown beside each.
    result = district.get_by_test_id("enrol-results").locator(
        "li", has=district.locator(f"input[name=person][value='{head.pk}']")
    )
    expect(result).to_contain_text(str(head))
    expect(result).to_contain_text(household.village.name)
    result.get_by_role("button", name="ลงทะเบียน", exact=True).click()
    district.wait_for_load_state()
    enrollment = Enrollment.objects.get(training=course, person=head)
    after_enrolment = reread()
    moved(start, after_enrolment, households_trained=1)

    # 2. The training is held (services, steps 1 to 8): the household failed the post-test; the others passed
    # and have their certificates. Target villages done +1, its team's experts counted, the other households
    # promoted.
    training.training_update(
        user=district_officer,
        training=course,
        fields={
            "target_availability": "หลังเก็บเกี่ยว",
            "curriculum": "การเลือกวัตถุดิบ การคั่ว การบรรจุขวด การตั้งราคา",
            "documents_ready": True,
            "materials_ready": True,
            "budget_approved": Decimal(3000),
            "ordinance_reference": "แผนปฏิบัติงานสำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์ ปี " + str(year),
        },
    )
    training.training_row_add(
        user=district_officer,
        training=course,
        related="budget_lines",
        row=TrainingBudgetLine(item="วัตถุดิบฝึกปฏิบัติ", quantity=20, unit_cost=150),
    )
    for _step in range(Step.TOPIC, Step.RUN):
        course = training.training_advance(user=district_officer, training=course)
    session = training.training_row_add(
        user=district_officer,
        training=course,
        related="sessions",
        row=Session(date=course.start_date, start_time=datetime.time(9), end_time=datetime.time(15)),
    )
    course = training.training_advance(user=district_officer, training=course)
    enrolled = list(course.enrollments.all())
    training.attendance_save(
        user=district_officer, training=course, hours={(e.pk, session.pk): session.hours for e in enrolled}
    )
    training.scores_save(
        user=district_officer,
        training=course,
        scores={e.pk: (50, 40 if e.pk == enrollment.pk else 80) for e in enrolled},
    )
    course = training.training_advance(user=district_officer, training=course)
    assert len(training.certificates_issue(user=district_officer, training=course)) == others
    held = reread()
    moved(
        after_enrolment,
        held,
        target_villages_done=1,
        experts_taught=team_size,
        households_promoted=others,
        higher_income_share=Decimal(0),
    )

    # 3. The retaken post-test, then the certificate, on the training's page: households promoted +1.
    district.reload()
    district.locator(f"#scores input[name=post-{enrollment.pk}]").fill("75")
    district.get_by_role("button", name="บันทึกคะแนน").click()
    district.wait_for_load_state()
    district.get_by_role("button", name="ออกใบรับรองให้ผู้มีสิทธิ์ทุกคน").click()
    district.wait_for_load_state()
    assert enrollment.certificate.revoked_at is None
    certified = reread()
    moved(held, certified, households_promoted=1)

    # 4. Steps 9 and 10 (services), then the 3-month visit on the training's page: using the skill with higher
    #    income +1 (1 of the promoted households), the rise of the average income shown.
    training.training_update(
        user=district_officer,
        training=course,
        fields={"no_survey_reason": "ฝึกอบรมหนึ่งวัน ประเมินความพึงพอใจด้วยการสนทนากลุ่ม"},
    )
    course = training.training_advance(user=district_officer, training=course)
    course = training.training_advance(user=district_officer, training=course)
    visit = FollowUp.objects.get(enrollment=enrollment, round=3)
    district.reload()
    row = district.locator(f"#follow-up-{visit.pk}")
    row.locator("input[name=visited_on]").fill(be(today))
    row.locator("select[name=uses_skill]").select_option("true")
    row.locator("input[name=income_before]").fill("4500")
    row.locator("input[name=income_after]").fill("6000")
    row.locator("button").first.click()
    district.wait_for_load_state()
    visit.refresh_from_db()
    assert visit.visited_on == today and visit.income_after == 6000
    promoted = certified[DISTRICT]["households_promoted"]
    followed = reread()
    share = (Decimal(100) / promoted).quantize(Decimal("0.01"))
    moved(
        certified,
        followed,
        households_higher_income=1,
        higher_income_share=share,
        income_rise=Decimal("33.33"),
    )

    # 5. A group formed from the training, on its page (its certified trainees ticked): groups formed +1.
    district.goto(f"{base}/training/{course.pk}/")
    district.get_by_role("link", name="จัดตั้งกลุ่มจากการฝึกอบรมนี้").click()
    district.locator("#id_name").fill("กลุ่มน้ำพริกสมุนไพรบ้านนาโก")
    district.locator("#id_founded_on").fill(be(today))
    assert district.locator(f"input[name=people][value='{head.pk}']").is_checked()
    district.get_by_role("button", name="จัดตั้งกลุ่ม").click()
    district.wait_for_url(re.compile(r".*/groups/\d+/$"))
    group = Group.objects.get(name="กลุ่มน้ำพริกสมุนไพรบ้านนาโก")
    assert group.formed_from == course and group.memberships.filter(person=head).exists()
    formed = reread()
    moved(followed, formed, groups_formed=1)

    # 6. Registered with the district office; the TAO of ลำปาว funds it (services, up to the signed
    # agreement): groups registered +1, grants approved +1 (a TAO's grant: the local offices' work moves too).
    groups.group_register(user=district_officer, group=group, number=f"กษ 0107/{year}", registered_on=today)
    line = max(
        BudgetLine.objects.filter(office=tao.office, fiscal_year=year),
        key=lambda line: line_money(line).money_available,
    )
    request = grants.request_create(
        user=tao,
        group=group,
        title="วัสดุผลิตน้ำพริกสมุนไพรบรรจุขวด",
        purposes=["output", "quality"],
        support_kinds=["materials"],
        activities="จัดซื้อขวดแก้ว ฉลาก และวัตถุดิบ ผลิตน้ำพริกจำหน่ายในตลาดชุมชน",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
        expected_results="น้ำพริกเดือนละ 300 ขวด",
        amount_requested=Decimal(6000),
        received_on=today,
    )
    grants.cost_lines_replace(
        user=tao,
        request=request,
        lines=[
            {"item": "ขวดแก้วพร้อมฝา", "quantity": "400", "unit": "ใบ", "unit_price": "10", "kind": "material"},
            {
                "item": "พริกแห้งและสมุนไพร",
                "quantity": "40",
                "unit": "กิโลกรัม",
                "unit_price": "50",
                "kind": "material",
            },
        ],
    )
    for kind in (
        DocumentKind.REQUEST_LETTER,
        DocumentKind.PROJECT_PLAN,
        DocumentKind.GROUP_REGISTRATION,
        DocumentKind.MINUTES,
    ):
        grants.document_add(user=tao, request=request, kind=kind, upload=pdf())
    for state in (Status.SUBMITTED, Status.SCREENING, Status.REVIEW):
        grants.move(user=tao, request=GrantRequest.objects.get(pk=request.pk), to=state)
    grants.review_record(
        user=tao,
        request=GrantRequest.objects.get(pk=request.pk),
        recommended_amount=Decimal(6000),
        committee_notes="กลุ่มจัดตั้งจากการฝึกอาชีพของหมู่บ้าน แผนเหมาะสม",
        score=85,
    )
    grants.move(user=tao, request=GrantRequest.objects.get(pk=request.pk), to=Status.APPROVAL)
    grants.approve(
        user=executive, request=GrantRequest.objects.get(pk=request.pk), line=line, amount=Decimal(6000)
    )
    grants.move(user=tao, request=GrantRequest.objects.get(pk=request.pk), to=Status.AGREEMENT)
    grants.document_add(
        user=tao, request=request, kind=DocumentKind.SIGNED_AGREEMENT, upload=pdf("ข้อตกลง.pdf")
    )
    grants.move(user=tao, request=GrantRequest.objects.get(pk=request.pk), to=Status.DISBURSING)
    approved = reread()
    moved(
        formed,
        approved,
        groups_registered=1,
        grants_approved=1,
        tao_groups=1,
        tao_grants=1,
        tao_grants_baht=6000,
    )

    # 7. The TAO's finance officer pays the group, from the request's page: grants paid +1.
    finance = page_at(1366, 1000)
    login(finance, base, "fin_lampao")
    finance.goto(f"{base}/grants/{request.pk}/")
    finance.locator("#payment-amount").fill("6000")
    finance.locator("#payment-paid_on").fill(be(today))
    finance.locator("#payment-voucher_number").fill(f"ฎ 0412/{year}")
    finance.get_by_role("button", name="บันทึกการจ่ายเงิน").click()
    finance.wait_for_load_state()
    assert request.payments.count() == 1
    paid = reread()
    moved(approved, paid, grants_paid=1)

    # The whole loop against the start: each figure moved by the household's steps (and the training's
    # others).
    moved(
        start,
        paid,
        households_trained=1,
        target_villages_done=1,
        experts_taught=team_size,
        households_promoted=others + 1,
        households_higher_income=1,
        higher_income_share=share,
        income_rise=Decimal("33.33"),
        groups_formed=1,
        groups_registered=1,
        grants_approved=1,
        grants_paid=1,
        tao_groups=1,
        tao_grants=1,
        tao_grants_baht=6000,
    )
    screenshot(province, "outcome-dashboard-province-1366")
    province.set_viewport_size({"width": 375, "height": 800})
    screenshot(province, "outcome-dashboard-province-375")
    province.set_viewport_size({"width": 1366, "height": 900})

    # The Excel workbook, exported from the page, shows the numbers on the screen.
    book = workbook_rows(export(province, "สมุดงาน Excel", tmp_path), "เมืองกาฬสินธุ์")
    for place, name in ((DISTRICT, "เมืองกาฬสินธุ์"), ("total", "รวม")):
        assert [_value(str(v)) if v is not None else None for v in book[name]] == [
            *(paid[place][key] for key in COUNTS),
            *(paid[place][key] for key in TAO_COLUMNS),
        ], place

    # The records behind the count: the district's households promoted include the household.
    results = province.get_by_test_id("results")
    results.locator(f"tr[data-place='{DISTRICT}'] td").nth(COUNTS.index("households_promoted")).locator(
        "a"
    ).click()
    records = province.get_by_test_id("figure-records")
    expect(records).to_contain_text(house)
    expect(records.locator("tr", has_text=house)).to_contain_text("บ้านดอนสวรรค์")
    expect(records.locator("tbody tr")).to_have_count(promoted)

    # Drill down from the province: the district, its sub-district ลำปาว, the village บ้านนาโก.
    province.go_back()
    province.get_by_test_id("results").locator(f"tr[data-place='{DISTRICT}'] th a").click()
    province.wait_for_url(re.compile(rf".*/dashboard/districts/{DISTRICT}/.*"))
    lampao = read_row(province, "results", "460105", COUNTS)
    assert lampao == {key: paid[DISTRICT][key] for key in COUNTS}  # the district's figures are all in ต.ลำปาว
    # The printed book of the district (the province's has a section for each of its 18 districts: 49 pages,
    # some 20 seconds to make) shows the numbers on the screen: ต.ลำปาว's row and the district's total, in its
    # three parts.
    text = pdf_text(export(province, "รูปเล่มรายงาน (PDF)", tmp_path))
    for place, name in (("460105", "ลำปาว"), ("total", "รวม")):
        screen, own = (
            province.get_by_test_id(testid).locator(f"tr[data-place='{place}'] td").all_inner_texts()
            for testid in ("results", "tao-work")
        )
        for part in (screen[:7], screen[7:], own):
            assert [name, *part] in text, (name, part)
    province.get_by_test_id("results").locator("tr[data-place='460105'] th a").click()
    province.wait_for_url(re.compile(r".*/dashboard/sub-districts/460105/.*"))
    village = read_row(province, "results", str(nakok.pk), COUNTS)
    assert village == {
        **village,
        "target_villages_done": 1,
        "experts_taught": team_size,
        "households_trained": others + 1,
        "households_promoted": others + 1,
        "households_higher_income": 1,
        "groups_formed": 1,
        "groups_registered": 1,
        "grants_approved": 1,
        "grants_paid": 1,
    }
    province.get_by_test_id("results").locator(f"tr[data-place='{nakok.pk}'] th a").click()
    province.wait_for_url(re.compile(rf".*/dashboard/villages/{nakok.pk}/.*"))
    assert read_row(province, "results", "total", COUNTS) == village
    expect(province.get_by_test_id("village-groups")).to_contain_text(group.name)
    expect(province.get_by_test_id("village-grants")).to_contain_text(request.number)
