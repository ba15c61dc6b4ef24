"""In Chromium: the demo TAO officer takes a training from step 1 to step 10; then a trainee, without an
account, finds and downloads the certificate and verifies it."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url, username="tao_lampao"):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill("kalasin2569")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base_url}/")


def next_step(page, number):
    page.get_by_role("button", name="ไปขั้นตอนถัดไป →").click()
    page.wait_for_load_state()
    assert f"ไปขั้นตอนที่ {number}" in page.content(), page.locator(".alert").all_inner_texts()


def save_step(page):
    page.locator("#step").get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()


def test_training_from_step_1_to_10_then_the_trainee_downloads_and_verifies(
    live_server, demo, page_at, screenshot, tmp_path
):
    from registry.models import Person, TargetHousehold
    from training.models import Certificate, Session, Training
    from training.pdf import person_name

    base = live_server.url
    page = page_at(1366, 1000)
    login(page, base)
    page.goto(f"{base}/training/new/")
    page.locator("#id_topic").fill("การทำน้ำพริกปลาร้าบรรจุกระปุก")
    page.locator("#id_occupation").select_option(label="ทำน้ำพริก")
    page.locator("#id_village").select_option(index=1)
    page.get_by_role("button", name="สร้าง").click()
    page.wait_for_url(re.compile(r".*/training/\d+/$"))
    training = Training.objects.get(topic="การทำน้ำพริกปลาร้าบรรจุกระปุก")
    screenshot(page, "training-step1")
    next_step(page, 2)

    page.locator("#step #id_target_group").fill("ครัวเรือนเป้าหมายหมู่ที่ 1")
    page.locator("#step #id_target_availability").fill("หลังเก็บเกี่ยว มกราคม–มีนาคม")
    page.locator("#step #id_curriculum").fill("การคัดเลือกวัตถุดิบ การคั่ว การบรรจุ การตั้งราคา")
    save_step(page)
    next_step(page, 3)

    page.locator("#instructors [name=name]").fill("นางสมศรี ใจดี")
    page.get_by_role("button", name="เพิ่มวิทยากร").click()
    page.locator("#step #id_start_date").fill("20/01/2569")
    page.locator("#step #id_end_date").fill("21/01/2569")
    page.locator("#step #id_hours").fill("12")
    page.locator("#step #id_capacity").fill("25")
    page.locator("#step #id_documents_ready").check()
    page.locator("#step #id_materials_ready").check()
    save_step(page)
    next_step(page, 4)

    page.locator("#budget [name=item]").fill("ค่าวัสดุฝึกปฏิบัติ")
    page.locator("#budget [name=quantity]").fill("20")
    page.locator("#budget [name=unit_cost]").fill("250")
    page.get_by_role("button", name="เพิ่มรายการงบประมาณ").click()
    assert page.get_by_test_id("budget-planned").inner_text() == "5,000.00"
    next_step(page, 5)
    page.locator("#step #id_budget_approved").fill("5,000")
    page.locator("#step #id_ordinance_reference").fill("ข้อบัญญัติงบประมาณรายจ่าย 2569 หน้า 31")
    save_step(page)
    next_step(page, 6)

    for date, start, end in (("20/01/2569", "09:00", "16:00"), ("21/01/2569", "09:00", "14:00")):
        page.locator("#sessions [name=date]").fill(date)
        page.locator("#sessions [name=start_time]").fill(start)
        page.locator("#sessions [name=end_time]").fill(end)
        page.get_by_role("button", name="เพิ่มรอบการอบรม").click()
        page.wait_for_load_state()
    # A session added by mistake is removed: the page asks first (no script needed), then removes it.
    page.locator("#sessions [name=date]").fill("21/01/2569")
    page.locator("#sessions [name=start_time]").fill("17:00")
    page.locator("#sessions [name=end_time]").fill("18:00")
    page.get_by_role("button", name="เพิ่มรอบการอบรม").click()
    page.wait_for_load_state()
    page.locator("#sessions li", has_text="18:00").get_by_role("button", name="นำออก").click()
    page.wait_for_load_state()
    page.get_by_test_id("confirm").wait_for()
    screenshot(page, "training-confirm-remove")
    page.get_by_role("button", name="ใช่ นำออก").click()
    page.wait_for_url(re.compile(r".*/training/\d+/#sessions$"))
    assert Session.objects.filter(training=training).count() == 2
    village = training.village
    page.locator("#trainees select[name=village]").select_option(value=str(village.pk))
    page.get_by_role("button", name="ลงทะเบียนทั้งหมด", exact=True).click()
    page.wait_for_load_state()
    head_ids = TargetHousehold.objects.filter(
        village=village, fiscal_year=2569, household__head__isnull=False
    ).values_list("household__head", flat=True)
    heads = len(head_ids)
    assert training.enrollments.count() == heads > 0
    # One more trainee, found by typing part of a name (search as you type, no page load).
    extra = Person.objects.filter(village=village).exclude(pk__in=list(head_ids)).order_by("pk").first()
    page.locator("#enrol-q").press_sequentially(extra.first_name[:3], delay=60)
    result = page.get_by_test_id("enrol-results").locator("li", has_text=str(extra))
    result.wait_for()
    screenshot(page, "training-enrol-search")
    result.get_by_role("button", name="ลงทะเบียน", exact=True).click()
    page.wait_for_load_state()
    assert training.enrollments.filter(person=extra).exists()
    heads += 1
    next_step(page, 7)

    sessions = {s.pk: s.hours for s in Session.objects.filter(training=training)}
    fields = page.locator("[data-testid=attendance-grid] input").all()
    for field in fields:
        field.fill(str(sessions[int(field.get_attribute("name").split("-")[2])]))
    fields[0].fill("99")  # a typing slip: refused, with everything typed kept and the cell marked
    page.get_by_role("button", name="บันทึกเวลาเข้าอบรม (ชั่วโมง)").click()
    page.wait_for_load_state()
    first = page.locator("[data-testid=attendance-grid] input").first
    assert "is-invalid" in first.get_attribute("class") and first.input_value() == "99"
    assert page.locator("#attendance [data-testid=form-errors]").is_visible()
    # The browser comes back to the form (it posted to #attendance), its errors in view, not the top of the
    # page.
    expect(page.locator("#attendance [data-testid=form-errors]")).to_be_in_viewport()
    screenshot(page, "training-attendance-refused")
    first.fill(str(sessions[int(first.get_attribute("name").split("-")[2])]))
    page.get_by_role("button", name="บันทึกเวลาเข้าอบรม (ชั่วโมง)").click()
    page.wait_for_load_state()
    assert not training.enrollments.filter(attendance__isnull=True).exists()
    for field in page.locator("#scores input[name^=post-]").all():
        field.fill("80")
    page.get_by_role("button", name="บันทึกคะแนน").click()
    page.wait_for_load_state()
    screenshot(page, "training-step7")
    next_step(page, 8)
    page.get_by_role("button", name="ออกใบรับรองให้ผู้มีสิทธิ์ทุกคน").click()
    page.wait_for_load_state()
    assert Certificate.objects.filter(enrollment__training=training).count() == heads
    # All certificates as one PDF, prepared by the background worker (run at once in tests), then downloaded.
    page.get_by_role("button", name="เตรียมไฟล์ PDF ใบรับรองทั้งหมด").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.get_by_role("link", name="ใบรับรองทั้งหมด (PDF)").click()
    batch_pdf = tmp_path / "all.pdf"
    download.value.save_as(batch_pdf)
    assert batch_pdf.read_bytes().startswith(b"%PDF-")
    next_step(page, 9)

    # A trainee answers the satisfaction survey on a phone, from the link.
    enrollment = training.enrollments.order_by("person__first_name").first()
    phone = page_at(375)
    phone.goto(f"{base}/survey/{enrollment.survey_token}/")
    for key in ("q1", "q2", "q3", "q4", "q5"):
        phone.locator(f"label[for='{key}-5']").click()
    phone.get_by_role("button").filter(has_text="ส่ง").click()
    phone.wait_for_load_state()
    assert "ขอบคุณ" in phone.content()
    screenshot(phone, "survey-done-375")
    page.reload()
    next_step(page, 10)
    screenshot(page, "training-step10")

    # The trainee, without an account, finds and downloads the certificate, then verifies it.
    person = enrollment.person
    assert person.birth_date, "demo people have birth dates"
    certificate = Certificate.objects.get(enrollment=enrollment)
    trainee = page_at(375)
    trainee.goto(f"{base}/certificates/")
    # Bad input first: a short ID is explained; a wrong birth date gets the same answer as an unknown ID.
    trainee.locator("input[name=national_id]").fill(person.national_id[:12])
    trainee.locator("input[name=birth_date]").fill("01/01/2500")
    trainee.locator("form button[type=submit]").first.click()
    trainee.wait_for_load_state()
    assert "ต้องมี 13 หลัก" in trainee.content()
    trainee.locator("input[name=national_id]").fill(person.national_id)
    wrong_year = person.birth_date.year + 543 + 1
    trainee.locator("input[name=birth_date]").fill(
        f"{person.birth_date.day:02d}/{person.birth_date.month:02d}/{wrong_year}"
    )
    trainee.locator("form button[type=submit]").first.click()
    trainee.wait_for_load_state()
    assert "ไม่พบใบรับรองที่ตรงกับข้อมูลที่กรอก" in trainee.content()
    assert person.national_id not in trainee.content(), "what was typed is never echoed back"
    screenshot(trainee, "certificate-lookup-not-found-375")
    trainee.locator("input[name=national_id]").fill(person.national_id)
    trainee.locator("input[name=birth_date]").fill(
        f"{person.birth_date.day:02d}/{person.birth_date.month:02d}/{person.birth_date.year + 543}"
    )
    trainee.locator("form button[type=submit]").first.click()
    trainee.wait_for_load_state()
    assert "การทำน้ำพริกปลาร้าบรรจุกระปุก" in trainee.content()
    assert person.national_id not in trainee.content() and person.national_id not in trainee.url
    screenshot(trainee, "certificate-lookup-375")
    with trainee.expect_download() as download_info:
        trainee.locator("form").filter(has_text="ดาวน์โหลด").locator("button").first.click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert person_name(person) in [line.strip() for line in text.splitlines()], "the name reads back exactly"

    trainee.goto(f"{base}/verify/{certificate.code}/")
    text = trainee.content()
    assert person.first_name in text and "การทำน้ำพริกปลาร้าบรรจุกระปุก" in text and "ยังมีผล" in text
    screenshot(trainee, "verify-375")
