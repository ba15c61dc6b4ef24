"""In Chromium: the demo TAO officer forms a group from the demo training's trainees, adds the committee and
the rules, holds a meeting, logs work and ledger entries, closes the year at the general meeting and downloads
the dividend sheet. Dates are counted from today, so the test holds on any day."""

import datetime
import re
import subprocess

import pytest

from tests.browser.conftest import pdf_pages_to_png
from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def open_details(page, section, summary):
    """Open a collapsed form of the group page (the page opens some itself while they are empty)."""
    details = page.locator(f"#{section} details", has=page.locator("summary", has_text=summary)).first
    if details.get_attribute("open") is None:
        details.locator("summary").first.click()


def alert_text(page):
    return " ".join(page.locator(".alert").all_inner_texts())


def test_form_a_group_run_it_and_close_the_year(live_server, demo, page_at, screenshot, tmp_path):
    from django.utils import timezone

    from groups.models import Group
    from training.models import Step, Training

    base = live_server.url
    today = timezone.localdate()
    training = Training.objects.filter(office__code="6460105", step=Step.FOLLOW_UP).first()
    page = page_at(1366, 1000)
    login(page, base)

    # Form the group from the finished training; trainees with a certificate are ticked already.
    page.goto(f"{base}/training/{training.pk}/")
    page.get_by_role("link", name="จัดตั้งกลุ่มจากการฝึกอบรมนี้").click()
    probe = Group(year_start_month=10)
    last_year = probe.year_of(today) - 1
    starts, ends = probe.year_bounds(last_year)
    founded = starts + datetime.timedelta(days=10)
    page.locator("#id_name").fill("กลุ่มทอผ้าไหมรุ่นที่สอง")
    page.locator("#id_founded_on").fill(be(founded))
    ticked = page.locator("input[name=people]:checked").count()
    assert ticked >= 5
    screenshot(page, "group-from-training")
    page.get_by_role("button", name="จัดตั้งกลุ่ม").click()
    page.wait_for_url(re.compile(r".*/groups/\d+/$"))
    group = Group.objects.get(name="กลุ่มทอผ้าไหมรุ่นที่สอง")
    assert group.memberships.filter(founder=True).count() == ticked and group.formed_from == training
    members = list(group.memberships.order_by("person__first_name").select_related("person"))

    # Committee: president, treasurer, accounting; a second president is refused with a clear message.
    for member, role in zip(members, ("president", "treasurer", "accounting"), strict=False):
        open_details(page, "committee", "แต่งตั้งกรรมการ")
        page.locator("#committee select[name=membership]").select_option(str(member.pk))
        page.locator("#committee select[name=role]").select_option(role)
        page.locator("#committee input[name=starts_on]").fill(be(founded))
        page.get_by_role("button", name="แต่งตั้งกรรมการ").click()
        page.wait_for_load_state()
    open_details(page, "committee", "แต่งตั้งกรรมการ")
    page.locator("#committee select[name=membership]").select_option(str(members[3].pk))
    page.locator("#committee select[name=role]").select_option("president")
    page.locator("#committee input[name=starts_on]").fill(be(founded))
    page.get_by_role("button", name="แต่งตั้งกรรมการ").click()
    page.wait_for_load_state()
    assert "กลุ่มมีประธาน" in alert_text(page)
    assert group.committee.count() == 3

    # A monthly meeting with everyone present, then the rules adopted at it (a bad split first).
    meeting_day = founded + datetime.timedelta(days=1)
    open_details(page, "meetings", "บันทึกการประชุม")
    page.locator("#meetings select[name=kind]").select_option("monthly")
    page.locator("#meetings input[name=date]").fill(be(meeting_day))
    page.locator("#meetings textarea[name=agenda]").fill("ร่างกฎกติกาของกลุ่ม วางแผนการผลิต")
    page.locator("#meetings textarea[name=resolutions]").fill("รับรองกฎกติกาฉบับที่ 1 และแผนการผลิต")
    for box in page.locator("#meetings input[name=present]").all():
        box.check()
    page.get_by_role("button", name="บันทึกการประชุม", exact=True).click()
    page.wait_for_load_state()
    meeting = group.meetings.get()
    assert meeting.present.count() == len(members)

    def adopt(dividend):
        open_details(page, "rules", "รับรองกฎกติกาฉบับใหม่")
        page.locator("#rules select[name=adopted_at]").select_option(str(meeting.pk))
        page.locator("#rules input[name=effective_from]").fill(be(meeting_day))
        page.locator("#rules textarea[name=text]").fill("ปันผลตามผลงาน ทำมากได้มาก ทำน้อยได้น้อย ไม่ทำไม่ได้")
        page.locator("#rules select[name=work_unit]").select_option("hours")
        page.locator("#rules input[name=dividend_pct]").fill(dividend)
        page.get_by_role("button", name="รับรองกฎกติกา", exact=True).click()
        page.wait_for_load_state()

    adopt("70")
    assert "ร้อยละ 100" in alert_text(page) and not group.rules.exists()
    adopt("60")
    assert group.rules.count() == 1

    # A day's work for three members, and the year's sales and material costs.
    page.locator("#work input[name=date]").fill(be(founded + datetime.timedelta(days=7)))
    for member, hours in zip(members, ("12", "8", "5"), strict=False):
        page.locator(f"#work input[name=u-{member.pk}]").fill(hours)
    page.get_by_role("button", name="บันทึกผลงานประจำวัน").click()
    page.wait_for_load_state()
    assert group.work.count() == 3
    for kind, category, amount, text, days in (
        ("income", "sales", "12,000", "ขายผ้าไหม 6 ผืน", 20),
        ("expense", "materials", "3,500", "ซื้อเส้นไหม", 21),
    ):
        open_details(page, "ledger", "เพิ่มรายการ")
        page.locator("#ledger input[name=date]").fill(be(founded + datetime.timedelta(days=days)))
        page.locator("#ledger select[name=kind]").select_option(kind)
        page.locator("#ledger select[name=category]").select_option(category)
        page.locator("#ledger input[name=amount]").fill(amount)
        page.locator("#ledger input[name=description]").fill(text)
        page.get_by_role("button", name="บันทึกรายการ").click()
        page.wait_for_load_state()
    assert group.ledger.count() == 2
    # A line typed twice is removed: the page asks first (no script needed), naming the line.
    open_details(page, "ledger", "เพิ่มรายการ")
    page.locator("#ledger input[name=date]").fill(be(founded + datetime.timedelta(days=21)))
    page.locator("#ledger select[name=kind]").select_option("expense")
    page.locator("#ledger select[name=category]").select_option("materials")
    page.locator("#ledger input[name=amount]").fill("3,500")
    page.locator("#ledger input[name=description]").fill("ซื้อเส้นไหม (ซ้ำ)")
    page.get_by_role("button", name="บันทึกรายการ").click()
    page.wait_for_load_state()
    page.locator("[data-testid=ledger] tr", has_text="ซื้อเส้นไหม (ซ้ำ)").get_by_role("button").click()
    page.wait_for_load_state()
    assert "ซื้อเส้นไหม (ซ้ำ)" in page.get_by_test_id("confirm").inner_text() and group.ledger.count() == 3
    page.get_by_role("button", name="ใช่ นำออก").click()
    page.wait_for_url(re.compile(r".*/groups/\d+/#ledger$"))
    assert group.ledger.count() == 2
    screenshot(page, "group-page")

    # The yearly general meeting after the year ended approves the statement: the year closes and locks.
    open_details(page, "meetings", "บันทึกการประชุม")
    page.locator("#meetings select[name=kind]").select_option("general")
    page.locator("#meetings input[name=date]").fill(be(ends + datetime.timedelta(days=1)))
    page.locator("#meetings textarea[name=resolutions]").fill(f"อนุมัติงบกำไรขาดทุนปี {last_year}")
    for box in page.locator("#meetings input[name=present]").all():
        box.check()
    page.get_by_role("button", name="บันทึกการประชุม", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name=f"ปี {last_year}").click()
    page.wait_for_url(re.compile(rf".*/years/{last_year}/$"))
    assert page.get_by_test_id("profit").inner_text() == "8,500.00"
    page.locator("select[name=meeting]").select_option(index=1)
    page.get_by_role("button", name="ที่ประชุมอนุมัติแล้ว: ปิดบัญชี").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("year-closed").is_visible()
    # 60% of 8,500 = 5,100 baht by 12 : 8 : 5 hours -> 2,448 / 1,632 / 1,020
    dividends = page.get_by_test_id("dividends").inner_text()
    assert "2,448.00" in dividends and "1,632.00" in dividends and "1,020.00" in dividends
    screenshot(page, "group-year-closed")

    with page.expect_download() as download:
        page.get_by_role("link", name="บัญชีจ่ายเงินปันผล (PDF)").click()
    pdf_path = tmp_path / "dividends.pdf"
    download.value.save_as(pdf_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "บัญชีจ่ายเงินปันผลตามผลงานสมาชิก" in text and "2,448.00" in text and str(members[0].person) in text
    assert "ร่าง" not in text
    pdf_pages_to_png(pdf_path, "group-dividend-sheet", resolution=70, last_page=1)  # looked at as a PNG
    with page.expect_download() as download:
        page.get_by_role("link", name="บัญชีจ่ายเงินปันผล (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # Locked: an entry dated in the closed year is refused on the group page.
    page.goto(f"{base}/groups/{group.pk}/")
    open_details(page, "ledger", "เพิ่มรายการ")
    page.locator("#ledger input[name=date]").fill(be(ends))
    page.locator("#ledger select[name=kind]").select_option("income")
    page.locator("#ledger select[name=category]").select_option("sales")
    page.locator("#ledger input[name=amount]").fill("100")
    page.locator("#ledger input[name=description]").fill("ขายเพิ่ม")
    page.get_by_role("button", name="บันทึกรายการ").click()
    page.wait_for_load_state()
    assert "ปิดบัญชี" in alert_text(page) and group.ledger.count() == 2
