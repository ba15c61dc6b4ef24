"""In Chromium, a grant request from end to end: the TAO officer enters a request for the demo weaving group
from the group's page, screens it and sends it to the executive; the executive approves it from a budget line;
finance pays; the treasurer's ledger entry (entered on the group's page) is tagged to the grant; the report is
accepted, the money left is returned and the request closed. The group follows it on the public status page
after each step. The decision letter, the agreement and the grant file are downloaded and turned into PNG
(var/screenshots/) to be looked at."""

import datetime
import re
import subprocess

import pytest

from tests.browser.conftest import pdf_pages_to_png
from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์"


def be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def alert_text(page):
    return " ".join(page.locator(".alert").all_inner_texts())


def move(page, label, reason=None):
    """Press a move's button on the request's page (with its reason where the move asks for one)."""
    box = page.locator("#moves .move", has=page.get_by_role("button", name=label, exact=True))
    if reason is not None:
        box.locator("input[name=reason]").fill(reason)
    box.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def state(page) -> str:
    return page.get_by_test_id("state").inner_text().strip()


def public_status(browser_page, base, number, registration, *, from_login=False) -> str:
    """What the group sees on the public status page (no login); `from_login`: found as a citizen finds it,
    from the sign-in page's link."""
    if from_login:
        browser_page.goto(f"{base}/accounts/login/")
        browser_page.locator("main").get_by_role("link", name="ติดตามคำร้องขอรับการสนับสนุน").click()
        browser_page.wait_for_url(re.compile(r".*/grants/status/$"))
    else:
        browser_page.goto(f"{base}/grants/status/")
    browser_page.locator("#id_number").fill(number)
    browser_page.locator("#id_registration").fill(registration)
    browser_page.get_by_role("button", name="ตรวจสอบสถานะ").click()
    browser_page.wait_for_load_state()
    return browser_page.locator("main").inner_text()


def pdf_to_png(page, href, name, tmp_path):
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf", (
        href,
        response.status,
    )
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(response.body())
    pdf_pages_to_png(path, name)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def test_a_grant_from_request_to_closed(live_server, demo, page_at, screenshot, tmp_path):
    from django.utils import timezone

    from grants.models import BudgetLine, GrantRequest, Status
    from groups.models import Group, LedgerEntry
    from kit import thai

    base = live_server.url
    today = timezone.localdate()
    group = Group.objects.get(name=GROUP)
    public = page_at(375, 800)

    # The TAO officer: home → groups → the weaving group → "new grant request for this group".
    page = page_at(1366, 1000)
    login(page, base)
    page.locator(".navbar .dropdown-toggle", has_text="กลุ่มอาชีพ").click()
    page.get_by_role("link", name="รายชื่อกลุ่มอาชีพ").click()
    page.get_by_role("link", name=GROUP).first.click()
    page.get_by_role("link", name="ยื่นคำร้องขอรับการสนับสนุนให้กลุ่มนี้").click()
    assert page.locator("#id_group").input_value() == str(group.pk)
    page.locator("#id_title").fill("ฝึกทักษะการออกแบบลายขิดและการบริหารกลุ่ม")
    page.get_by_label("พัฒนาการบริหารจัดการ").check()
    page.get_by_label("เพิ่มทักษะ").check()
    page.get_by_label("วัสดุ", exact=True).check()
    page.locator("#id_activities").fill("อบรมการออกแบบลายขิด ทดลองทอผ้าลายใหม่ ประชุมวางระบบบัญชีกลุ่ม")
    page.locator("#id_starts_on").fill(be(today - datetime.timedelta(days=20)))
    page.locator("#id_ends_on").fill(be(today - datetime.timedelta(days=1)))
    page.locator("#id_expected_results").fill("ผ้าลายใหม่ 3 ลาย สมาชิกทำบัญชีได้ทุกคน")
    page.locator("#id_amount_requested").fill("12,500")
    page.locator("#id_received_on").fill(be(today - datetime.timedelta(days=25)))
    screenshot(page, "grant-01-new-request")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(re.compile(r".*/grants/\d+/edit/$"))
    request = GrantRequest.objects.get(group=group, title="ฝึกทักษะการออกแบบลายขิดและการบริหารกลุ่ม")
    assert request.status == Status.DRAFT and request.office.code == "6460105"

    # Cost lines: materials, and a transport line (another expense) that the committee will drop.
    for n, (item, quantity, unit, price) in enumerate(
        (
            ("เส้นไหมสำหรับทดลองลาย", "10", "กิโลกรัม", "900"),
            ("สีย้อมธรรมชาติ", "10", "ชุด", "300"),
            ("ค่าขนส่งวัสดุ", "1", "เที่ยว", "500"),
        )
    ):
        page.locator(f"#id_cost-{n}-item").fill(item)
        page.locator(f"#id_cost-{n}-quantity").fill(quantity)
        page.locator(f"#id_cost-{n}-unit").fill(unit)
        page.locator(f"#id_cost-{n}-unit_price").fill(price)
    page.locator("#id_cost-2-kind").select_option("other")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(re.compile(r".*/grants/\d+/$"))
    assert request.cost_lines.count() == 3
    # Submitting without the documents is refused with what is missing, from the table.
    assert "หนังสือขอรับการสนับสนุน" in page.get_by_test_id("move-submitted").inner_text()
    pdf = tmp_path / "เอกสาร.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    bad = tmp_path / "ไวรัส.pdf"
    bad.write_bytes(b"MZ\x90\x00 not a pdf at all")
    page.locator("#document-kind").select_option("request_letter")
    page.locator("#document-file").set_input_files(str(bad))
    page.get_by_role("button", name="แนบไฟล์").click()
    page.wait_for_load_state()
    assert "PDF" in alert_text(page) and not request.documents.exists()
    for kind in ("request_letter", "project_plan", "registration", "minutes"):
        page.locator("#document-kind").select_option(kind)
        page.locator("#document-file").set_input_files(str(pdf))
        page.get_by_role("button", name="แนบไฟล์").click()
        page.wait_for_load_state()
    assert request.documents.count() == 4
    move(page, "ยื่นคำร้อง")
    number = GrantRequest.objects.get(pk=request.pk).number
    assert "ยื่นคำร้องแล้ว" in public_status(public, base, number, group.registration_number, from_login=True)
    screenshot(public, "grant-02-public-status-submitted")

    # Screening: eligible (registered, 5+ members, nothing overdue), so on to the committee, then the
    # executive.
    move(page, "เริ่มตรวจสอบคุณสมบัติ")
    assert "สมาชิก" in page.get_by_test_id("eligibility").inner_text()
    move(page, "มีคุณสมบัติ: ส่งคณะกรรมการพิจารณา")
    page.locator("#review-meeting_on").fill(be(today - datetime.timedelta(days=22)))
    # The committee drops the transport line, with its reason: 12,500 asked, 12,000 recommended.
    transport = page.get_by_test_id("review-lines").locator("tr", has_text="ค่าขนส่งวัสดุ")
    transport.locator("input[name$='-removed']").check()
    transport.locator("input[name$='-reason']").fill("กลุ่มขนวัสดุเองได้ งบวัสดุไม่จ่ายค่าขนส่ง")
    page.locator("#review-recommended_amount").fill("12000")
    page.locator("#review-score").fill("85")
    page.locator("#review-committee_notes").fill("กลุ่มมีความพร้อม แผนชัดเจน")
    page.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    page.wait_for_load_state()
    move(page, "ส่งผู้บริหารพิจารณา")
    assert "รอผู้บริหาร" in state(page)
    screenshot(page, "grant-03-waiting-for-the-executive")

    # The executive: the request is on the home page; approve from the materials-only line.
    executive = page_at(1366, 1000)
    login(executive, base, "exec_lampao")
    executive.get_by_role("link", name=number).first.click()
    line = BudgetLine.objects.get(office=request.office, materials_only=True)
    assert (
        "บาท" in executive.locator(f"#approve-line option[value='{line.pk}']").inner_text()
    )  # its live balance
    executive.locator("#approve-line").select_option(str(line.pk))
    executive.locator("#approve-amount").fill("12000")
    screenshot(executive, "grant-04-executive-approves")
    executive.get_by_role("button", name="อนุมัติจากรายการนี้").click()
    executive.wait_for_load_state()
    assert state(executive) == "ได้รับอนุมัติ", alert_text(executive)
    request.refresh_from_db()
    assert request.approved_amount == 12000 and request.versions.count() == 1
    # The approved version lists exactly what was approved: the transport line is out, with the reason.
    version = request.versions.get()
    assert sorted(line["item"] for line in version.cost_lines) == ["สีย้อมธรรมชาติ", "เส้นไหมสำหรับทดลองลาย"]
    assert "ค่าขนส่งวัสดุ" in str(version.adjustments) and "ขนวัสดุเอง" in str(version.adjustments)
    decision = pdf_to_png(
        executive, f"{base}/grants/{request.pk}/decision.pdf", "grant-pdf-decision", tmp_path
    )
    assert "๑๒,๐๐๐" in decision or "12,000" in decision
    assert "คณะกรรมการพิจารณาคำร้องได้ประชุมพิจารณาคำร้องดังกล่าวเมื่อวันที่" in "".join(decision.split())
    assert "ค่าขนส่งวัสดุ" in decision and "ขนวัสดุเอง" in decision  # the annex: the line dropped and why
    assert "อนุมัติแล้ว" in public_status(public, base, number, group.registration_number)

    # The officer makes the agreement, prints it, attaches the signed scan and sends it to finance.
    page.reload()
    move(page, "ทำบันทึกข้อตกลง")
    agreement = pdf_to_png(page, f"{base}/grants/{request.pk}/agreement.pdf", "grant-pdf-agreement", tmp_path)
    assert "บันทึกข้อตกลง" in agreement and "หนึ่งหมื่นสองพันบาทถ้วน" in agreement
    page.locator("#document-kind").select_option("agreement")
    page.locator("#document-file").set_input_files(str(pdf))
    page.get_by_role("button", name="แนบไฟล์").click()
    page.wait_for_load_state()
    move(page, "ลงนามบันทึกข้อตกลงแล้ว: เบิกจ่าย")

    # Finance pays (first dated before the agreement made today, then too much: both refused), then moves the
    # project under way.
    finance = page_at(1366, 1000)
    login(finance, base, "fin_lampao")
    finance.get_by_role("link", name=number).first.click()
    finance.locator("#payment-amount").fill("12000")
    finance.locator("#payment-paid_on").fill(be(today - datetime.timedelta(days=1)))
    finance.locator("#payment-voucher_number").fill("ฎ 0301/2570")
    finance.get_by_role("button", name="บันทึกการจ่ายเงิน").click()
    finance.wait_for_load_state()
    assert "วันที่ทำบันทึกข้อตกลง" in alert_text(finance) and not request.payments.exists()
    finance.locator("#payment-paid_on").fill(be(today))
    finance.locator("#payment-amount").fill("12000.01")
    finance.get_by_role("button", name="บันทึกการจ่ายเงิน").click()
    finance.wait_for_load_state()
    assert "12,000.00" in alert_text(finance) and not request.payments.exists()
    finance.locator("#payment-amount").fill("12000")
    finance.locator("#payment-voucher_number").fill("ฎ 0301/2570")
    finance.locator("#payment-transfer_reference").fill("KTB 0045-13001")
    finance.get_by_role("button", name="บันทึกการจ่ายเงิน").click()
    finance.wait_for_load_state()
    move(finance, "จ่ายเงินแล้ว: เริ่มดำเนินโครงการ")
    assert "ดำเนิน" in state(finance), alert_text(finance)
    assert LedgerEntry.objects.filter(group=group, category="grant", amount=12000).exists()

    # The treasurer's receipt goes into the group's books (on the group's page); the officer tags it to the
    # grant.
    page.goto(f"{base}/groups/{group.pk}/")
    page.locator("#ledger details summary").first.click()
    page.locator("#ledger input[name=date]").fill(be(today))  # spent after the payment
    page.locator("#ledger select[name=kind]").select_option("expense")
    page.locator("#ledger select[name=category]").select_option("materials")
    page.locator("#ledger input[name=amount]").fill("10800")
    page.locator("#ledger input[name=description]").fill("ซื้อเส้นไหมและสีย้อมสำหรับทดลองลาย")
    page.locator("#ledger input[name=document_number]").fill("บิล 2570/118")
    page.get_by_role("button", name="บันทึกรายการ").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=number).first.click()
    page.locator("#spending").get_by_label(re.compile("ซื้อเส้นไหมและสีย้อมสำหรับทดลองลาย")).check()
    page.get_by_role("button", name="ผูกเป็นรายจ่ายจากเงินอุดหนุนนี้").click()
    page.wait_for_load_state()
    assert request.spending.count() == 1

    # The report: results, the report file, then reviewed and accepted; 1,200 baht is left to return.
    move(page, "กลุ่มรายงานผล")
    page.locator("#report-results").fill("ออกแบบลายขิดใหม่ได้ 3 ลาย ทอผ้าได้ 24 ผืน สมาชิกทำบัญชีครบทุกคน")
    page.locator("#report-reported_on").fill(be(today))
    page.get_by_role("button", name="บันทึกรายงานผล").click()
    page.wait_for_load_state()
    page.locator("#document-kind").select_option("report")
    page.locator("#document-file").set_input_files(str(pdf))
    page.get_by_role("button", name="แนบไฟล์").click()
    page.wait_for_load_state()
    move(page, "ส่งรายงานผลให้ตรวจ")
    assert "1,200.00" in page.get_by_test_id("money").inner_text()
    move(page, "รับรายงาน: มีเงินต้องคืน")
    assert "คืน" in state(page)
    move_close = page.get_by_test_id("move-closed").inner_text()
    assert "1,200.00" in move_close  # closing waits for the money left

    # Finance records the money returned; the officer closes the request.
    finance.reload()
    finance.locator("#refund-amount").fill("1200")
    finance.locator("#refund-refunded_on").fill(be(today))
    finance.locator("#refund-receipt_number").fill("ใบเสร็จ 0088/2570")
    finance.get_by_role("button", name="บันทึกการคืนเงิน").click()
    finance.wait_for_load_state()
    assert LedgerEntry.objects.filter(group=group, category="returned", amount=1200).exists()
    page.reload()
    move(page, "ปิดโครงการ")
    assert GrantRequest.objects.get(pk=request.pk).status == Status.CLOSED
    screenshot(page, "grant-05-closed")
    narrow = page_at(375, 800)
    login(narrow, base)
    narrow.goto(f"{base}/grants/{request.pk}/")
    screenshot(narrow, "grant-06-closed-phone")

    # The whole file for auditors, made by the worker (immediate in tests), downloaded and looked at.
    page.get_by_role("button", name="จัดทำแฟ้มเอกสารสำหรับผู้ตรวจสอบ").click()
    page.wait_for_load_state()
    href = page.get_by_role("link", name="แฟ้มสำหรับผู้ตรวจสอบ (PDF)").get_attribute("href")
    text = pdf_to_png(page, base + href, "grant-pdf-file", tmp_path)
    # Official documents write numbers in Thai digits, the document numbers too.
    assert thai.thai_digits("บิล 2570/118") in text and thai.thai_digits("ใบเสร็จ 0088/2570") in text

    shown = public_status(public, base, number, group.registration_number)
    for step in ("ยื่นคำร้องแล้ว", "อนุมัติแล้ว", "ดำเนินโครงการ", "ปิดโครงการแล้ว"):
        assert step in shown, step
    assert "ใบเสร็จ" not in shown and "ฎ 0301" not in shown  # dates and states only
    screenshot(public, "grant-07-public-status-closed")
