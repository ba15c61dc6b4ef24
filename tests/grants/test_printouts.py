"""The decision letter, the agreement and the grant file for auditors (grants/pdf.py, grants/tasks.py).

The PDFs are read back with poppler's pdftotext, which reads the exact text layer (kit.pdf's ActualText
spans), so any Thai may be asserted, SARA AM included."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import DocumentKind, GrantFile, Status
from grants.pdf import STATE_TH, has_agreement
from kit import thai
from tests.grants.helpers import ROAD, advance, days_ago, grant_world, make_request, pdf, refresh
from tests.groups.helpers import expense, full_committee
from tests.training.test_pdf import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture
def gw(world):
    gw = grant_world(world)
    office = world.office_a
    office.signer_name, office.signer_position = "นายสมชาย ใจดี", "นายกองค์การบริหารส่วนตำบลลำปาว"
    office.save()
    full_committee(world.tao_a, gw.group, days_ago(300))
    return gw


def _login(client, user):
    client.force_login(user)
    return client


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return squeeze(pdftotext(data))


def squeeze(text: str) -> str:
    """Without white space: a line may wrap anywhere in Thai, so the assertions ignore where it did."""
    return "".join(text.split())


def go_on(gw, request, to):
    """Along the main road from the request's state (tests.grants.helpers.advance starts from a draft)."""
    states = [state for state, _step in ROAD]
    for state, step in ROAD[states.index(refresh(request).status) + 1 :]:
        step(gw, refresh(request))
        if state == to:
            break
    return refresh(request)


def _closed_with_refund(gw):
    """The whole road: paid 20,000, 12,500 spent (tagged ledger lines with receipts), 7,500 returned."""
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    first = expense(gw.staff, gw.group, days_ago(30), "8000")
    first.document_number = "บจ 101/2569"
    first.save(update_fields=["document_number"])
    second = expense(gw.staff, gw.group, days_ago(20), "4500")
    services.spending_tag(user=gw.staff, request=refresh(request), entries=[first, second])
    request = go_on(gw, request, Status.REFUND_DUE)
    services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="7500",
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 45/2569",
    )
    services.document_add(
        user=gw.staff, request=refresh(request), kind=DocumentKind.RECEIPT, upload=pdf("ใบเสร็จร้านวัสดุ.pdf")
    )
    services.move(user=gw.staff, request=refresh(request), to=Status.CLOSED)
    return refresh(request)


def test_every_state_has_its_thai_label():
    assert set(STATE_TH) == set(Status)


def test_decision_letter_of_an_approval(gw, client):
    request = advance(gw, make_request(gw), Status.APPROVED)
    text = _pdf_text(_login(client, gw.staff).get(reverse("grants:decision_pdf", args=[request.pk])))
    assert squeeze("หนังสือแจ้งผลการพิจารณา") in text
    assert squeeze("อนุมัติ") in text and squeeze("๒๐,๐๐๐.๐๐ บาท (สองหมื่นบาทถ้วน)") in text
    assert squeeze("โครงการส่งเสริมอาชีพกลุ่มอาชีพในตำบล") in text  # the budget line
    assert squeeze("จัดทำบันทึกข้อตกลง") in text and squeeze("ภายใน ๓๐ วันนับแต่วันสิ้นสุดโครงการ") in text
    assert squeeze("คืนเงินที่เหลือจ่าย") in text and squeeze("ไม่ใช้จัดซื้อครุภัณฑ์") in text  # materials-only line
    assert squeeze("นายสมชาย ใจดี") in text and squeeze("นายกองค์การบริหารส่วนตำบลลำปาว") in text


def test_decision_letter_of_a_rejection_gives_the_reason(gw, client):
    request = advance(gw, make_request(gw), Status.APPROVAL)
    services.move(user=gw.executive, request=request, to=Status.REJECTED, reason="งบประมาณไม่เพียงพอในปีนี้")
    text = _pdf_text(_login(client, gw.staff).get(reverse("grants:decision_pdf", args=[request.pk])))
    assert squeeze("ไม่อนุมัติ") in text and squeeze("งบประมาณไม่เพียงพอในปีนี้") in text
    assert "สองหมื่นบาทถ้วน" not in text


def test_decision_letter_of_an_ineligible_request(gw, client):
    request = advance(gw, make_request(gw), Status.SCREENING)
    services.move(user=gw.staff, request=request, to=Status.INELIGIBLE, reason="มีสมาชิกไม่ถึง ๕ คน")
    text = _pdf_text(_login(client, gw.staff).get(reverse("grants:decision_pdf", args=[request.pk])))
    assert squeeze("ไม่ผ่านการตรวจสอบคุณสมบัติ") in text and squeeze("มีสมาชิกไม่ถึง ๕ คน") in text


def test_no_decision_and_no_agreement_yet_is_a_404(gw, client):
    request = advance(gw, make_request(gw), Status.APPROVAL)
    client = _login(client, gw.staff)
    assert client.get(reverse("grants:decision_pdf", args=[request.pk])).status_code == 404
    assert client.get(reverse("grants:agreement_pdf", args=[request.pk])).status_code == 404
    approved = go_on(gw, request, Status.APPROVED)
    assert not has_agreement(approved)
    assert client.get(reverse("grants:agreement_pdf", args=[request.pk])).status_code == 404


def test_agreement_with_both_parties_amount_in_words_and_duties(gw, client):
    request = advance(gw, make_request(gw), Status.AGREEMENT)
    text = _pdf_text(_login(client, gw.finance).get(reverse("grants:agreement_pdf", args=[request.pk])))
    assert squeeze("บันทึกข้อตกลง") in text and thai.thai_digits(request.agreement_number) in text
    assert squeeze("นายสมชาย ใจดี") in text  # the office's signer
    committee = {seat.role: str(seat.membership.person) for seat in gw.group.committee.all()}
    for name in (committee["president"], committee["treasurer"]):  # every digit in Thai, a test name's too
        assert squeeze(thai.thai_digits(name)) in text
    assert squeeze("๒๐,๐๐๐.๐๐ บาท (สองหมื่นบาทถ้วน)") in text
    assert squeeze("เส้นไหมย้อมสีธรรมชาติ") in text and squeeze("๑๗,๐๐๐.๐๐") in text  # the approved cost lines
    for duty in (
        "ใช้เงินที่ได้รับตามวัตถุประสงค์",
        "เก็บใบเสร็จรับเงิน",
        "ภายใน ๓๐ วันนับแต่วันสิ้นสุดโครงการ",
        "คืนเงินที่เหลือจ่าย",
        "ใช้จัดซื้อวัสดุเท่านั้น",
    ):
        assert squeeze(duty) in text, duty
    assert squeeze("ผู้ให้การสนับสนุน") in text and squeeze("ผู้รับการสนับสนุน") in text and text.count("พยาน") >= 2


def test_another_offices_user_gets_404_for_every_printout(gw, world, client):
    request = advance(gw, make_request(gw), Status.AGREEMENT)
    grant_file = services.grant_file_request(user=gw.staff, request=request)
    client = _login(client, world.tao_b)
    for name in ("grants:decision_pdf", "grants:agreement_pdf"):
        assert client.get(reverse(name, args=[request.pk])).status_code == 404
    assert client.post(reverse("grants:file_request", args=[request.pk])).status_code == 404
    assert client.get(reverse("grants:file", args=[request.pk, grant_file.pk])).status_code == 404
    assert GrantFile.objects.filter(request=request).count() == 1


def test_grant_file_job_builds_every_section(gw, client, django_capture_on_commit_callbacks):
    request = _closed_with_refund(gw)
    client = _login(client, world_user := gw.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:file_request", args=[request.pk]), {"next": "/"})
    assert response.status_code == 302
    made = GrantFile.objects.get(request=request)
    assert made.state == GrantFile.State.READY and made.file and made.finished_at
    text = _pdf_text(client.get(reverse("grants:file", args=[request.pk, made.pk])))
    for section in (
        "คำร้องขอรับการสนับสนุน",
        "การตรวจสอบคุณสมบัติ",
        "ผลการพิจารณา",
        "บันทึกข้อตกลง",
        "การจ่ายเงิน",
        "รายงานผลการดำเนินงาน",
        "การคืนเงินเหลือจ่าย",
        "รายการใบเสร็จรับเงิน",
        "ลำดับการดำเนินการ",
    ):
        assert squeeze(section) in text, section
    assert (
        squeeze("ผ่านการตรวจสอบคุณสมบัติ ส่งคณะกรรมการพิจารณา") in text
    )  # eligibility at screening, from the timeline
    assert squeeze("ทอผ้าได้ ๔๕ ผืน ขายได้ ๓๘ ผืน") in text  # the report's results, in Thai digits
    assert squeeze("บจ ๑๐๑/๒๕๖๙") in text  # a receipt number of a tagged ledger entry
    assert squeeze("๑๒,๕๐๐.๐๐") in text and squeeze("๗,๕๐๐.๐๐") in text  # spent, returned
    assert squeeze("ฎ ๑๒๓/๒๕๖๙") in text  # the payment voucher
    assert squeeze("ใบเสร็จ ๔๕/๒๕๖๙") in text  # the refund's receipt
    assert squeeze("ใบเสร็จร้านวัสดุ.pdf") in text  # a receipt uploaded to the request
    assert squeeze(world_user.get_full_name()) in text  # auditors see who moved it
    assert squeeze(STATE_TH[Status.CLOSED]) in text


def test_a_new_grant_file_drops_the_older_one(gw, client, django_capture_on_commit_callbacks):
    request = advance(gw, make_request(gw), Status.APPROVED)
    client = _login(client, gw.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("grants:file_request", args=[request.pk]), {"next": "/"})
    first = GrantFile.objects.get(request=request)
    stored = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("grants:file_request", args=[request.pk]), {"next": "/"})
    assert list(GrantFile.objects.filter(request=request).values_list("state", flat=True)) == ["ready"]
    assert not first.file.storage.exists(stored)
    assert client.get(reverse("grants:file", args=[request.pk, first.pk])).status_code == 404


def test_a_failed_grant_file_is_recorded(gw, monkeypatch, django_capture_on_commit_callbacks):
    request = advance(gw, make_request(gw), Status.APPROVED)

    def broken(_request):
        raise RuntimeError("font missing")

    monkeypatch.setattr("grants.pdf.grant_file_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):  # the worker keeps the exception in its result
        services.grant_file_request(user=gw.staff, request=request)
    made = GrantFile.objects.get(request=request)
    assert made.state == GrantFile.State.FAILED and not made.file
    assert made.error == "จัดทำแฟ้มเอกสารไม่สำเร็จ โปรดลองใหม่หรือแจ้งผู้ดูแลระบบ"  # in Thai, for the officer


def test_the_printouts_box_offers_what_the_state_allows(gw, rf):
    from django.template.loader import render_to_string

    request = advance(gw, make_request(gw), Status.APPROVAL)
    http = rf.get("/")
    http.user = gw.staff

    def box(r):
        return render_to_string(
            "grants/_printouts.html", {"request_obj": refresh(r), "user": gw.staff}, request=http
        )

    html = box(request)
    assert reverse("grants:decision_pdf", args=[request.pk]) not in html
    assert reverse("grants:file_request", args=[request.pk]) in html
    request = go_on(gw, request, Status.APPROVED)
    html = box(request)
    assert reverse("grants:decision_pdf", args=[request.pk]) in html
    assert reverse("grants:agreement_pdf", args=[request.pk]) not in html
    request = go_on(gw, request, Status.AGREEMENT)
    assert reverse("grants:agreement_pdf", args=[request.pk]) in box(request)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "ศูนย์บาทถ้วน"),
        ("1", "หนึ่งบาทถ้วน"),
        ("11", "สิบเอ็ดบาทถ้วน"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("1000001", "หนึ่งล้านหนึ่งบาทถ้วน"),
        ("21000000", "ยี่สิบเอ็ดล้านบาทถ้วน"),
        ("20000", "สองหมื่นบาทถ้วน"),
        ("1234.50", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        ("0.25", "ยี่สิบห้าสตางค์"),
        ("2500000.75", "สองล้านห้าแสนบาทเจ็ดสิบห้าสตางค์"),
        ("999999999.99", "เก้าร้อยเก้าสิบเก้าล้านเก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทเก้าสิบเก้าสตางค์"),
    ],
)
def test_baht_text(amount, words):
    assert thai.baht_text(Decimal(amount)) == words


@pytest.mark.parametrize(
    "target, lands_on",
    [
        ("-1", None),  # a bare number is not a path: back to the request (was a server error)
        ("home", None),  # nor a bare word (it was looked up as a view name)
        ("https://evil.example/", None),
        ("//evil.example/x", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
        ("/grants/?q=1#printouts", "/grants/?q=1#printouts"),
    ],
)
def test_the_grant_file_form_goes_back_only_to_a_page_of_this_site(gw, client, target, lands_on):
    request = advance(gw, make_request(gw), Status.AGREEMENT)
    client = _login(client, gw.staff)
    response = client.post(reverse("grants:file_request", args=[request.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == (lands_on or request.get_absolute_url())
