"""The grant request's own pages: entering it, its page carrying it from draft to closed, its documents."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import ChangeStatus, DocumentKind, GrantRequest, Status
from grants.selectors import line_money, request_money
from groups.models import LedgerCategory
from tests.grants.helpers import PDF, PNG, advance, days_ago, grant_world, make_request, pdf, refresh, today
from tests.groups.helpers import expense


@pytest.fixture
def gw(world):
    return grant_world(world)


def _page(client, user, request):
    client.force_login(user)
    return client.get(reverse("grants:detail", args=[request.pk]))


def _post(client, user, request, data, **extra):
    client.force_login(user)
    return client.post(reverse("grants:detail", args=[request.pk]), data, **extra)


def _text(response):
    return html.unescape(response.content.decode())


def _be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def _errors(response) -> str:
    """The Thai message in the refused form's card."""
    body = _text(response)
    assert 'data-testid="form-errors"' in body, body[:3000]
    return body.split('data-testid="form-errors"', 1)[1].split("</div>", 1)[0]


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        yield


# --- create and edit ----------------------------------------------------------------------------------------


def test_staff_enter_a_request_then_its_cost_lines(client, gw):
    client.force_login(gw.staff)
    response = client.post(
        reverse("grants:create"),
        {
            "group": gw.group.pk,
            "fiscal_year": "2569",
            "title": "ผ้าไหมมัดหมี่",
            "purposes": ["output", "skills"],
            "support_kinds": ["materials"],
            "activities": "ทอผ้า",
            "starts_on": _be(today()),
            "ends_on": _be(today() + datetime.timedelta(days=90)),
            "expected_results": "ผ้า 30 ผืน",
            "amount_requested": "12,000",
            "received_on": _be(today()),
        },
    )
    request = GrantRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("grants:edit", args=[request.pk])
    assert request.purposes == ["output", "skills"] and request.amount_requested == Decimal(12000)
    assert request.office == gw.staff.office and request.status == Status.DRAFT
    response = client.post(
        reverse("grants:edit", args=[request.pk]),
        {
            "fiscal_year": "2569",
            "title": "ผ้าไหมมัดหมี่",
            "purposes": ["output"],
            "support_kinds": ["materials"],
            "activities": "ทอผ้า",
            "starts_on": _be(today()),
            "ends_on": _be(today() + datetime.timedelta(days=90)),
            "expected_results": "ผ้า 30 ผืน",
            "amount_requested": "12000",
            "received_on": _be(today()),
            "cost-TOTAL_FORMS": "3",
            "cost-INITIAL_FORMS": "0",
            "cost-0-item": "เส้นไหม",
            "cost-0-quantity": "10",
            "cost-0-unit": "กก.",
            "cost-0-unit_price": "1,000",
            "cost-0-kind": "material",
            "cost-1-item": "สีย้อม",
            "cost-1-quantity": "4",
            "cost-1-unit": "ชุด",
            "cost-1-unit_price": "500",
            "cost-1-kind": "material",
            "cost-2-kind": "material",
        },
    )
    assert response.status_code == 302
    assert sorted(refresh(request).cost_lines.values_list("item", flat=True)) == ["สีย้อม", "เส้นไหม"]
    page = client.get(reverse("grants:edit", args=[request.pk]))
    assert "12,000.00" in _text(page) and "10,000.00" in _text(page)  # the total, and the first line's amount


def test_a_refused_edit_keeps_what_was_typed_and_saves_nothing(client, gw):
    request = make_request(gw)
    client.force_login(gw.staff)
    data = {
        "fiscal_year": "2569",
        "title": "ชื่อใหม่ที่พิมพ์ไว้",
        "purposes": ["output"],
        "support_kinds": ["money"],
        "starts_on": _be(today()),
        "ends_on": _be(today() - datetime.timedelta(days=5)),
        "amount_requested": "20000",
        "cost-TOTAL_FORMS": "2",
        "cost-INITIAL_FORMS": "0",
        "cost-0-item": "เส้นไหม",
        "cost-0-quantity": "-3",
        "cost-0-unit": "กก.",
        "cost-0-unit_price": "850",
        "cost-0-kind": "material",
        "cost-1-item": "กี่ทอผ้า",
        "cost-1-kind": "durable",
    }
    response = client.post(reverse("grants:edit", args=[request.pk]), data)
    assert response.status_code == 200
    body = _text(response)
    assert "ชื่อใหม่ที่พิมพ์ไว้" in body and "กี่ทอผ้า" in body and "แก้ไขช่องที่ทำเครื่องหมายไว้" in body
    assert refresh(request).title != "ชื่อใหม่ที่พิมพ์ไว้" and refresh(request).cost_lines.count() == 2
    # the cost lines are right now, the dates still not: nothing of either is saved
    data.update(
        {"cost-0-quantity": "3", "cost-1-quantity": "1", "cost-1-unit": "หลัง", "cost-1-unit_price": "100"}
    )
    response = client.post(reverse("grants:edit", args=[request.pk]), data)
    assert "โครงการสิ้นสุดก่อนเริ่มไม่ได้" in _text(response)
    assert refresh(request).cost_lines.count() == 2 and not refresh(request).cost_lines.filter(item="กี่ทอผ้า")


def test_a_request_past_draft_cannot_be_edited(client, gw):
    request = advance(gw, make_request(gw), Status.SUBMITTED)
    client.force_login(gw.staff)
    response = client.post(
        reverse("grants:edit", args=[request.pk]),
        {"title": "x", "cost-TOTAL_FORMS": "0", "cost-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200 and "แก้ไขคำร้องนี้ไม่ได้แล้ว" in _errors(response)
    assert refresh(request).title != "x"


def test_the_group_choice_is_the_offices_area(client, world, gw):
    from groups import services as groups
    from registry.models import Occupation, Village
    from tests.registers.helpers import make_person

    village = Village.objects.create(
        sub_district=world.office_b.sub_districts.get(), number=3, name="บ้านป่าสัก"
    )
    other = groups.group_create(
        user=world.tao_b,
        office=world.office_b,
        name="กลุ่มจักสานบ้านป่าสัก",
        village=village,
        occupation=Occupation.objects.get_or_create(name="จักสาน")[0],
        founded_on=days_ago(400),
        founders=[make_person(village, 900 + i) for i in range(5)],
        products="ตะกร้า",
    )
    client.force_login(gw.staff)
    response = client.get(reverse("grants:create"))
    assert gw.group.name in _text(response) and other.name not in _text(response)
    response = client.post(reverse("grants:create"), {"group": other.pk, "fiscal_year": "2569", "title": "x"})
    assert response.status_code == 200 and not GrantRequest.objects.exists()


def test_the_create_page_may_start_from_a_group(client, gw):
    client.force_login(gw.staff)
    body = _text(client.get(reverse("grants:create") + f"?group={gw.group.pk}"))
    assert f'<option value="{gw.group.pk}" selected>' in body
    assert client.get(reverse("grants:create") + "?group=99999999999999999999999x").status_code == 200


def test_finance_cannot_enter_a_request(client, gw):
    client.force_login(gw.finance)
    response = client.get(reverse("grants:create"))
    assert response.status_code == 403 and "เจ้าหน้าที่" in _text(response)


# --- moves --------------------------------------------------------------------------------------------------


def test_submit_through_the_page_and_the_timeline(client, gw):
    request = make_request(gw)
    response = _post(client, gw.staff, request, {"action": "move", "to": Status.SUBMITTED, "anchor": "moves"})
    assert response.status_code == 302 and refresh(request).status == Status.SUBMITTED
    body = _text(client.get(reverse("grants:detail", args=[request.pk])))
    timeline = body.split('data-testid="timeline"', 1)[1]
    assert gw.staff.username in timeline or gw.staff.get_full_name() in timeline


def test_a_draft_missing_documents_shows_what_it_needs_and_is_refused(client, gw):
    request = make_request(gw, documents=False)
    body = _text(_page(client, gw.staff, request))
    assert "หนังสือขอรับการสนับสนุน" in body.split('data-testid="missing"', 1)[1].split("</div>", 1)[0]
    response = _post(client, gw.staff, request, {"action": "move", "to": Status.SUBMITTED})
    assert response.status_code == 200 and "หนังสือขอรับการสนับสนุน" in _errors(response)
    assert refresh(request).status == Status.DRAFT


@pytest.mark.parametrize(
    "state, to, right, wrong",
    [
        (Status.DRAFT, Status.SUBMITTED, "staff", "executive"),
        (Status.SUBMITTED, Status.SCREENING, "staff", "finance"),
        (Status.SCREENING, Status.REVIEW, "staff", "executive"),
        (Status.REVIEW, Status.APPROVAL, "staff", "finance"),
        (Status.APPROVED, Status.AGREEMENT, "staff", "finance"),
        (Status.DISBURSING, Status.IN_PROGRESS, "finance", "staff"),
        (Status.IN_PROGRESS, Status.REPORTING, "staff", "executive"),
        (Status.REPORT_REVIEW, Status.REFUND_DUE, "staff", "finance"),
    ],
)
def test_each_move_by_the_right_role_and_refused_with_the_reason_for_the_wrong_one(
    client, gw, state, to, right, wrong
):
    request = advance(gw, make_request(gw), state)
    if state == Status.REVIEW:
        services.review_record(user=gw.staff, request=request, recommended_amount="20000")
    if state == Status.DISBURSING:
        services.payment_record(
            user=gw.finance, request=request, amount="20000", paid_on=days_ago(1), voucher_number="ฎ 9"
        )
    wrong_user = getattr(gw, wrong)
    body = _text(_page(client, wrong_user, request))
    move = body.split(f'data-testid="move-{to}"', 1)[1].split('class="move ', 1)[0]
    assert "disabled" in move and "refusal-reason" in move and "เฉพาะ" in move  # the policy's reason, in Thai
    response = _post(client, wrong_user, request, {"action": "move", "to": to})
    assert response.status_code == 403 and "เฉพาะ" in _text(response)
    assert refresh(request).status == state
    response = _post(client, getattr(gw, right), request, {"action": "move", "to": to})
    assert response.status_code == 302, _text(response)[:2000]
    assert refresh(request).status == to


def test_a_move_with_a_reason_is_confirmed_then_made(client, gw):
    request = make_request(gw)
    response = _post(
        client, gw.staff, request, {"action": "move_reason", "to": Status.WITHDRAWN, "reason": ""}
    )
    assert response.status_code == 200 and "เหตุผล" in _errors(response)
    data = {"action": "move_reason", "to": Status.WITHDRAWN, "reason": "กลุ่มขอถอนคำร้อง"}
    response = _post(client, gw.staff, request, data)
    assert 'data-testid="confirm"' in _text(response) and refresh(request).status == Status.DRAFT
    response = _post(client, gw.staff, request, {**data, "confirmed": "1"})
    assert response.status_code == 302 and refresh(request).status == Status.WITHDRAWN
    assert "กลุ่มขอถอนคำร้อง" in _text(client.get(reverse("grants:detail", args=[request.pk])))


def test_a_move_not_in_the_table_is_refused_with_a_thai_message(client, gw):
    request = make_request(gw)
    response = _post(client, gw.staff, request, {"action": "move", "to": Status.CLOSED})
    assert response.status_code == 200 and "ไม่" in _errors(response)
    response = _post(client, gw.staff, request, {"action": "move", "to": "\x00" * 40})
    assert response.status_code == 400  # a NUL character is refused before the page sees it
    assert refresh(request).status == Status.DRAFT


# --- documents ----------------------------------------------------------------------------------------------


def test_a_pdf_is_attached_and_downloaded_only_in_scope(client, world, gw):
    request = make_request(gw, documents=False)
    response = _post(
        client,
        gw.staff,
        request,
        {"action": "document_add", "kind": DocumentKind.REQUEST_LETTER, "file": pdf("หนังสือขอรับ.pdf")},
    )
    assert response.status_code == 302
    document = request.documents.get()
    url = reverse("grants:document", args=[request.pk, document.pk])
    client.force_login(gw.staff)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(world.tao_b)
    assert client.get(url).status_code == 404
    client.force_login(world.district_a)
    assert client.get(url).status_code == 200
    other = make_request(gw, documents=False)
    client.force_login(gw.staff)
    assert client.get(reverse("grants:document", args=[other.pk, document.pk])).status_code == 404


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00" * 50, content_type="application/x-msdownload"), "PDF"),
        (
            SimpleUploadedFile("notes.pdf", b"just some text, not a pdf", content_type="application/pdf"),
            "PDF",
        ),
    ],
)
def test_a_file_that_is_not_a_pdf_or_image_is_refused(client, gw, upload, message):
    request = make_request(gw, documents=False)
    response = _post(
        client, gw.staff, request, {"action": "document_add", "kind": DocumentKind.MINUTES, "file": upload}
    )
    assert response.status_code == 200 and message in _errors(response)
    assert not request.documents.exists()


def test_a_document_is_stored_and_served_as_the_type_its_bytes_are(client, gw):
    request = make_request(gw, documents=False)
    _post(
        client,
        gw.staff,
        request,
        {
            "action": "document_add",
            "kind": DocumentKind.MINUTES,
            "file": SimpleUploadedFile("scan.exe", PDF, content_type="application/pdf"),
        },
    )
    document = request.documents.get()
    assert document.name == "scan.exe" and document.file.name.endswith(".pdf")
    response = client.get(reverse("grants:document", args=[request.pk, document.pk]))
    assert response["Content-Type"] == "application/pdf"


@override_settings(GRANTS_MAX_UPLOAD_MB=1)
def test_a_file_too_large_is_refused(client, gw):
    request = make_request(gw, documents=False)
    big = SimpleUploadedFile("รูป.png", PNG + b"\x00" * (1024 * 1024 + 10), content_type="image/png")
    response = _post(
        client, gw.staff, request, {"action": "document_add", "kind": DocumentKind.PHOTO, "file": big}
    )
    assert response.status_code == 200 and "1 MB" in _errors(response)
    assert not request.documents.exists()


def test_the_upload_field_limits_the_types(client, gw):
    body = _text(_page(client, gw.staff, make_request(gw)))
    assert 'accept=".pdf,.jpg' in body


# --- money --------------------------------------------------------------------------------------------------


def test_approval_over_the_available_amount_is_refused_on_the_page(client, gw):
    request = advance(gw, make_request(gw), Status.APPROVAL)
    gw.line.appropriated = Decimal(15000)
    gw.line.save()
    body = _text(_page(client, gw.executive, request))
    assert "15,000.00" in body.split('id="approval"', 1)[1]  # the line's live available amount in its option
    response = _post(
        client, gw.executive, request, {"action": "approve", "line": gw.line.pk, "amount": "20,000"}
    )
    assert response.status_code == 200 and "15,000.00" in _errors(response)
    assert 'value="20,000"' in _text(response)
    assert refresh(request).status == Status.APPROVAL
    response = _post(client, gw.staff, request, {"action": "approve", "line": gw.line.pk, "amount": "1000"})
    assert response.status_code == 403
    silk, dyes = request.cost_lines.all()  # the silk at 600 a kg: 12,000 + 3,000
    lines = {
        "approve-lines-TOTAL_FORMS": "2",
        "approve-lines-INITIAL_FORMS": "2",
        "approve-lines-0-line": silk.pk,
        "approve-lines-0-quantity": "20",
        "approve-lines-0-unit_price": "600",
        "approve-lines-0-reason": "ราคาเส้นไหมในตลาด",
        "approve-lines-1-line": dyes.pk,
        "approve-lines-1-quantity": "10",
        "approve-lines-1-unit_price": "300",
    }
    response = _post(
        client, gw.executive, request, {"action": "approve", "line": gw.line.pk, "amount": "15000", **lines}
    )
    assert response.status_code == 302 and refresh(request).status == Status.APPROVED
    assert line_money(gw.line).money_available == 0


def test_payment_over_the_approved_amount_is_refused_and_a_payment_lands(client, gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    data = {
        "action": "payment",
        "amount": "20000.01",
        "paid_on": _be(days_ago(1)),
        "voucher_number": "ฎ 77/2569",
        "transfer_reference": "KTB 1",
    }
    response = _post(client, gw.finance, request, data)
    assert response.status_code == 200 and "20,000.00" in _errors(response) and "ฎ 77/2569" in _text(response)
    assert not request.payments.exists()
    response = _post(client, gw.staff, request, {**data, "amount": "100"})
    assert response.status_code == 403
    response = _post(client, gw.finance, request, {**data, "amount": "20000"})
    assert response.status_code == 302 and request_money(refresh(request)).paid == Decimal(20000)
    assert 'data-testid="payments"' in _text(_page(client, gw.finance, request))


def test_tagging_the_groups_expenses_and_the_report(client, gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    entry = expense(gw.staff, gw.group, days_ago(10), "1200")
    body = _text(_page(client, gw.staff, request))
    assert "1,200.00" in body.split('id="spending"', 1)[1]
    response = _post(client, gw.staff, request, {"action": "tag", "entries": [entry.pk]})
    assert response.status_code == 302 and request_money(refresh(request)).spent == Decimal(1200)
    tag = request.spending.get()
    response = _post(client, gw.staff, request, {"action": "untag", "id": tag.pk})
    assert response.status_code == 302 and not request.spending.exists()
    response = _post(client, gw.staff, request, {"action": "tag", "entries": [entry.pk]})
    response = _post(client, gw.staff, request, {"action": "report", "results": "", "reported_on": ""})
    assert response.status_code == 200 and _errors(response)
    response = _post(
        client,
        gw.staff,
        request,
        {"action": "report", "results": "ทอผ้าได้ 40 ผืน", "reported_on": _be(days_ago(1))},
    )
    assert response.status_code == 302 and refresh(request).report_results == "ทอผ้าได้ 40 ผืน"
    body = _text(_page(client, gw.staff, request))
    assert "ทอผ้าได้ 40 ผืน" in body and 'data-testid="report-due"' in body


def test_the_refund_form_records_money_returned(client, gw):
    request = advance(gw, make_request(gw), Status.REFUND_DUE)
    response = _post(
        client,
        gw.finance,
        request,
        {"action": "refund", "amount": "30000", "refunded_on": _be(today()), "receipt_number": "ใบเสร็จ 1"},
    )
    assert response.status_code == 200 and "20,000.00" in _errors(response)
    response = _post(
        client,
        gw.finance,
        request,
        {"action": "refund", "amount": "20000", "refunded_on": _be(today()), "receipt_number": "ใบเสร็จ 1"},
    )
    assert response.status_code == 302
    assert gw.group.ledger.filter(category=LedgerCategory.RETURNED).exists()


def test_a_change_request_approved_shows_what_changed(client, gw):
    request = advance(gw, make_request(gw), Status.APPROVED)
    data = {
        "action": "change_ask",
        "amount": "18000",
        "starts_on": "",
        "ends_on": "",
        "reason": "ราคาเส้นไหมลดลง",
        "with_lines": "on",
        "change-TOTAL_FORMS": "2",
        "change-INITIAL_FORMS": "0",
        "change-0-item": "เส้นไหมย้อมสีธรรมชาติ",
        "change-0-quantity": "20",
        "change-0-unit": "กิโลกรัม",
        "change-0-unit_price": "750",
        "change-0-kind": "material",
        "change-1-item": "ด้ายยืน",
        "change-1-quantity": "3",
        "change-1-unit": "ม้วน",
        "change-1-unit_price": "1000",
        "change-1-kind": "material",
    }
    response = _post(client, gw.executive, request, data)
    assert response.status_code == 403
    response = _post(client, gw.staff, request, data)
    assert response.status_code == 302, _text(response)[:3000]
    change = request.changes.get()
    response = _post(
        client,
        gw.executive,
        request,
        {"action": "change_decide", "id": change.pk, "decision": "approve", "note": "เห็นชอบ"},
    )
    change.refresh_from_db()
    assert response.status_code == 302 and change.status == ChangeStatus.APPROVED
    body = _text(_page(client, gw.staff, request))
    versions = body.split('data-testid="versions"', 1)[1].split("</ol>", 1)[0]
    assert "20,000.00" in versions and "18,000.00" in versions  # the amount before and after
    assert "ด้ายยืน" in versions and "สีย้อมธรรมชาติและสารช่วยติดสี" in versions  # a line added, a line removed
    assert "750" in versions  # a line changed


def test_duplicate_support_is_a_visible_warning(client, gw):
    first = advance(gw, make_request(gw), Status.APPROVED)
    second = make_request(gw)
    body = _text(_page(client, gw.staff, second))
    assert 'data-testid="duplicates"' in body and first.number in body


def test_eligibility_and_readiness_are_shown(client, gw):
    body = _text(_page(client, gw.staff, make_request(gw)))
    assert 'data-testid="eligibility"' in body and 'data-testid="readiness-level"' in body


# --- scoping and hostile input ------------------------------------------------------------------------------


def test_another_offices_user_gets_a_404(client, world, gw):
    request = make_request(gw)
    for user in (world.tao_b, world.tao_a2):
        client.force_login(user)
        assert client.get(reverse("grants:detail", args=[request.pk])).status_code == 404
        assert client.get(reverse("grants:edit", args=[request.pk])).status_code == 404
    # The district office over office A reads the request but changes nothing: no action is offered, the page
    # says which office keeps it, and a posted action is refused with the same reason.
    client.force_login(world.district_a)
    response = client.get(reverse("grants:detail", args=[request.pk]))
    body = _text(response)
    kept = f"รายการนี้เป็นของ{world.office_a.name}"
    assert response.status_code == 200 and request.number in body and kept in body
    assert 'name="action"' not in body
    response = client.post(
        reverse("grants:detail", args=[request.pk]), {"action": "move", "to": Status.SUBMITTED}
    )
    assert response.status_code == 403 and kept in _text(response)
    assert refresh(request).status == Status.DRAFT


@pytest.mark.parametrize(
    ("who", "data", "status"),
    [
        # Each action is posted by the one who may take it, so the junk reaches its form: the page again
        # (200), or a 404 for a record id that is not this request's, or for an action that does not exist.
        ("executive", {"action": "approve", "line": "99999999999999999999999", "amount": "1e400"}, 200),
        (
            "finance",
            {"action": "payment", "amount": "NaN", "paid_on": "31/02/2569", "voucher_number": "x" * 1000},
            200,
        ),
        ("staff", {"action": "untag", "id": "abc"}, 404),
        ("staff", {"action": "document_remove", "id": "99999999999999999999999"}, 404),
        ("executive", {"action": "change_decide", "id": "1", "decision": "maybe"}, 200),
        ("staff", {"action": "tag", "entries": ["-1", "x"]}, 200),
        ("staff", {"action": "nothing"}, 404),
    ],
)
def test_hostile_input_never_breaks_the_page(client, gw, who, data, status):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    money = request_money(request)
    client.force_login(getattr(gw, who))
    response = client.post(reverse("grants:detail", args=[request.pk]), data)
    assert response.status_code == status
    request = refresh(request)
    assert request.status == Status.IN_PROGRESS and request_money(request) == money
