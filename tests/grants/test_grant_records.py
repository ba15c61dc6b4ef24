"""What each grant service writes when it succeeds: the request's number, the money rows and their ledger
lines word for word, the committee's and the report's fields, the approved versions, the decided change, the
documents, the office's settings and the grant file, each with its line in the request's history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from grants import services
from grants.models import ChangeStatus, DocumentKind, GrantFile, GrantRequest, OfficeGrantSettings, Status
from grants.selectors import report_due_days
from groups.models import EntryKind, LedgerCategory
from kit import thai
from registry.models import AuditEntry
from tests.grants.helpers import advance, days_ago, grant_world, make_request, pdf, priced, refresh, today


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture(autouse=True)
def thai_language():
    with translation.override("th"):
        yield


def history(request):
    """The request's history: (action, changes, username), oldest first."""
    return [
        (e.action, e.changes, e.user.username if e.user else None)
        for e in AuditEntry.objects.for_object(request).order_by("pk")
    ]


def last_change(request):
    return history(request)[-1]


def test_requests_are_numbered_per_office_and_year_and_their_creation_is_logged(gw):
    first = make_request(gw)
    second = make_request(gw, documents=False)
    prefix = (
        f"{gw.group.office.code if hasattr(gw.group, 'office') else first.office.code}-{first.fiscal_year}-"
    )
    assert first.number == f"{prefix}0001" and second.number == f"{prefix}0002"
    assert first.fiscal_year == thai.fiscal_year_now() and first.office == gw.staff.office
    assert first.created_by == gw.staff and first.status == Status.DRAFT
    assert history(first)[0] == ("create", {}, gw.staff.username)
    # A number taken out of order is skipped, never given twice.
    GrantRequest.objects.filter(pk=second.pk).update(number=f"{prefix}0003")
    assert make_request(gw, documents=False).number == f"{prefix}0004"


def test_cost_lines_are_replaced_and_their_count_and_total_logged(gw):
    request = make_request(gw, documents=False)
    lines = services.cost_lines_replace(
        user=gw.staff,
        request=request,
        lines=[{"item": "  ด้ายยืน ", "unit": " กก. ", "quantity": "2", "unit_price": "1,250.5", "kind": ""}],
    )
    assert [(c.item, c.unit, c.kind, c.quantity, c.unit_price) for c in request.cost_lines.all()] == [
        ("ด้ายยืน", "กก.", "material", Decimal("2.00"), Decimal("1250.50"))
    ]
    assert len(lines) == 1
    assert last_change(request) == ("update", {"cost_lines": ["", "1 / 2,501.00"]}, gw.staff.username)


def test_the_committee_s_recommendation_is_recorded(gw):
    request = advance(gw, make_request(gw), Status.REVIEW)
    silk = request.cost_lines.first()  # 20 kg at 850 and 3,000 of dyes: 15,000 with the silk at 600
    cheaper = {"line": silk.pk, "quantity": "20", "unit_price": "600", "reason": "ราคาเส้นไหมในตลาด"}
    services.review_record(
        user=gw.staff,
        request=request,
        recommended_amount="15,000",
        committee_notes="  เหมาะสม  ",
        score=75,
        lines=[cheaper],
    )
    request = refresh(request)
    assert (request.recommended_amount, request.committee_notes, request.score) == (
        Decimal(15000),
        "เหมาะสม",
        75,
    )
    assert last_change(request) == ("update", {"recommended_amount": ["", "15,000.00"]}, gw.staff.username)
    with pytest.raises(ValidationError, match="20,000.00"):
        services.review_record(user=gw.staff, request=request, recommended_amount="20000.01")
    as_asked = {"line": silk.pk, "quantity": "20", "unit_price": "850"}
    services.review_record(user=gw.staff, request=request, recommended_amount="20000", lines=[as_asked])
    assert refresh(request).recommended_amount == Decimal(20000) and refresh(request).committee_notes == ""


def test_approval_sets_the_line_the_amount_and_the_day_and_freezes_version_one(gw):
    request = advance(gw, make_request(gw), Status.APPROVAL)
    silk = request.cost_lines.first()  # 20 kg at 750 and 3,000 of dyes: 18,000
    cheaper = {"line": silk.pk, "quantity": "20", "unit_price": "750", "reason": "ราคากลางของเส้นไหม"}
    services.approve(user=gw.executive, request=request, line=gw.line.pk, amount="18,000", lines=[cheaper])
    request = refresh(request)
    assert (request.status, request.budget_line, request.approved_amount, request.decided_on) == (
        Status.APPROVED,
        gw.line,
        Decimal(18000),
        today(),
    )
    version = request.versions.get()
    assert (version.starts_on, version.ends_on) == (request.starts_on, request.ends_on)
    assert (version.number, version.amount, version.approved_by, version.reason) == (
        1,
        Decimal(18000),
        gw.executive,
        "",
    )
    assert [line["item"] for line in version.cost_lines] == [c.item for c in request.cost_lines.all()]
    assert version.cost_lines[0] == {
        "item": "เส้นไหมย้อมสีธรรมชาติ",
        "quantity": "20.00",
        "unit": "กิโลกรัม",
        "unit_price": "750.00",
        "kind": "material",
    }


def test_the_agreement_is_numbered_after_the_request_once(gw):
    request = advance(gw, make_request(gw), Status.AGREEMENT)
    assert (request.agreement_number, request.agreement_on) == (f"{request.number}/ข", today())
    request.agreement_number, request.agreement_on = "ข 9/2569", days_ago(3)
    services.number_agreement(request)
    request = refresh(request)
    assert (request.agreement_number, request.agreement_on) == ("ข 9/2569", days_ago(3))


def test_a_payment_is_a_grant_income_line_of_the_group_s_books(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    payment = services.payment_record(
        user=gw.finance,
        request=request,
        amount="5,000.50",
        paid_on=days_ago(2),
        voucher_number="  ฎ 7/2569 ",
        transfer_reference=" KTB 1 ",
    )
    payment.refresh_from_db()
    assert (payment.amount, payment.paid_on, payment.voucher_number, payment.transfer_reference) == (
        Decimal("5000.50"),
        days_ago(2),
        "ฎ 7/2569",
        "KTB 1",
    )
    assert payment.recorded_by == gw.finance
    entry = payment.ledger_entry
    assert (entry.group, entry.kind, entry.category, entry.amount, entry.date, entry.document_number) == (
        gw.group,
        EntryKind.INCOME,
        LedgerCategory.GRANT,
        Decimal("5000.50"),
        days_ago(2),
        "ฎ 7/2569",
    )
    assert entry.description == f"เงินอุดหนุน {request.office.name} ({request.number})"
    assert last_change(request) == (
        "update",
        {"payments": ["", f"5,000.50 ({thai.date_short(days_ago(2))})"]},
        gw.finance.username,
    )
    with pytest.raises(ValidationError, match="วันที่"):
        services.payment_record(
            user=gw.finance, request=request, amount="1", paid_on=None, voucher_number="ฎ 8"
        )
    tomorrow = today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="วันที่จ่ายเงิน เป็นวันในอนาคตไม่ได้"):
        services.payment_record(
            user=gw.finance, request=request, amount="1", paid_on=tomorrow, voucher_number="ฎ 8"
        )
    with pytest.raises(ValidationError, match="ฎีกา"):
        services.payment_record(
            user=gw.finance, request=request, amount="1", paid_on=today(), voucher_number="  "
        )
    payment = services.payment_record(
        user=gw.finance, request=request, amount="14999.50", paid_on=today(), voucher_number="ฎ 8"
    )
    assert payment.transfer_reference == "" and request.payments.count() == 2


def test_a_refund_is_a_returned_money_expense_of_the_group_s_books(gw):
    request = advance(gw, make_request(gw), Status.REPORT_REVIEW)
    services.move(user=gw.staff, request=request, to=Status.REFUND_DUE)
    refund = services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="1000",
        refunded_on=days_ago(1),
        receipt_number=" ใบเสร็จ 9 ",
    )
    refund.refresh_from_db()
    assert (refund.amount, refund.refunded_on, refund.receipt_number, refund.recorded_by) == (
        Decimal(1000),
        days_ago(1),
        "ใบเสร็จ 9",
        gw.finance,
    )
    entry = refund.ledger_entry
    assert (entry.group, entry.kind, entry.category, entry.amount, entry.date, entry.document_number) == (
        gw.group,
        EntryKind.EXPENSE,
        LedgerCategory.RETURNED,
        Decimal(1000),
        days_ago(1),
        "ใบเสร็จ 9",
    )
    assert entry.description == f"คืนเงินเหลือจ่าย {request.office.name} ({request.number})"
    assert last_change(request) == (
        "update",
        {"refunds": ["", f"1,000.00 ({thai.date_short(days_ago(1))})"]},
        gw.finance.username,
    )
    with pytest.raises(ValidationError, match="ใบเสร็จ"):
        services.refund_record(
            user=gw.finance, request=request, amount="1", refunded_on=today(), receipt_number=""
        )
    with pytest.raises(ValidationError, match="19,000.00"):
        services.refund_record(
            user=gw.finance,
            request=request,
            amount="19000.01",
            refunded_on=today(),
            receipt_number="ใบเสร็จ 10",
        )
    services.refund_record(
        user=gw.finance, request=request, amount="19000", refunded_on=today(), receipt_number="ใบเสร็จ 10"
    )
    assert request.refunds.count() == 2


def test_the_report_keeps_its_first_recording_day_and_the_day_it_was_received(gw):
    request = advance(gw, make_request(gw), Status.REPORTING)
    services.report_record(user=gw.staff, request=request, results="  ทอผ้าได้ 40 ผืน  ")
    request = refresh(request)
    assert (request.report_results, request.reported_on, request.results_recorded_on) == (
        "ทอผ้าได้ 40 ผืน",
        None,
        today(),
    )
    assert last_change(request) == ("update", {"report_results": ["", "ทอผ้าได้ 40 ผืน"]}, gw.staff.username)
    type(request).objects.filter(pk=request.pk).update(results_recorded_on=days_ago(4))
    services.report_record(user=gw.staff, request=request, results="ขายได้ 38 ผืน", reported_on=days_ago(1))
    request = refresh(request)
    assert (request.report_results, request.reported_on, request.results_recorded_on) == (
        "ขายได้ 38 ผืน",
        days_ago(1),
        days_ago(4),
    )
    services.report_record(user=gw.staff, request=request, results="ขายได้ 39 ผืน")
    assert refresh(request).reported_on == days_ago(1)
    with pytest.raises(ValidationError, match="ผล"):
        services.report_record(user=gw.staff, request=request, results="   ")
    with pytest.raises(ValidationError, match="อนาคต"):
        services.report_record(
            user=gw.staff, request=request, results="x", reported_on=today() + datetime.timedelta(days=1)
        )


def test_a_document_is_added_and_removed_with_its_history(gw):
    request = make_request(gw, documents=False)
    document = services.document_add(
        user=gw.staff, request=request, kind=DocumentKind.PROJECT_PLAN, upload=pdf("แผน.pdf")
    )
    assert (document.name, document.kind, document.uploaded_by, document.size) == (
        "แผน.pdf",
        DocumentKind.PROJECT_PLAN,
        gw.staff,
        len(pdf().read()),
    )
    assert document.file.name.endswith(".pdf")
    label = f"{document.get_kind_display()}: แผน.pdf"
    assert last_change(request) == ("update", {"documents": ["", label]}, gw.staff.username)
    services.document_remove(user=gw.staff, request=request, document=document.pk)
    assert not request.documents.exists()
    assert last_change(request) == ("update", {"documents": [label, ""]}, gw.staff.username)
    with pytest.raises(ValidationError):
        services.document_remove(user=gw.staff, request=request, document=document.pk)
    with pytest.raises(ValidationError, match="ประเภท"):
        services.document_add(user=gw.staff, request=request, kind="selfie", upload=pdf())


def test_the_signed_agreement_stays_once_money_is_paid(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    signed = request.documents.get(kind=DocumentKind.SIGNED_AGREEMENT)
    with pytest.raises(ValidationError, match="ข้อตกลง"):
        services.document_remove(user=gw.staff, request=request, document=signed)
    assert request.documents.filter(pk=signed.pk).exists()
    request = advance(gw, make_request(gw), Status.AGREEMENT)
    signed = services.document_add(
        user=gw.staff, request=request, kind=DocumentKind.SIGNED_AGREEMENT, upload=pdf("ข้อตกลง.pdf")
    )
    services.document_remove(user=gw.staff, request=request, document=signed)
    assert not request.documents.filter(kind=DocumentKind.SIGNED_AGREEMENT).exists()


def test_a_change_is_asked_then_approved_into_version_two(gw):
    request = advance(gw, make_request(gw), Status.APPROVED)
    change = services.change_ask(
        user=gw.staff,
        request=request,
        amount="22,000",
        reason="  ราคาเส้นไหมขึ้น  ",
        ends_on=today() + datetime.timedelta(days=90),
        cost_lines=[{"item": " เส้นไหม ", "unit": " กก. ", "quantity": "22", "unit_price": "1000"}],
    )
    assert (change.amount, change.starts_on, change.ends_on, change.reason, change.asked_by) == (
        Decimal(22000),
        request.starts_on,
        today() + datetime.timedelta(days=90),
        "ราคาเส้นไหมขึ้น",
        gw.staff,
    )
    assert change.cost_lines == [
        {"item": "เส้นไหม", "unit": "กก.", "kind": "material", "quantity": "22.00", "unit_price": "1000.00"}
    ]
    assert last_change(request) == ("update", {"change": ["", "20,000.00 → 22,000.00"]}, gw.staff.username)
    with pytest.raises(ValidationError, match="รอ"):
        services.change_ask(user=gw.staff, request=request, amount="21000", reason="อีกครั้ง")
    services.change_decide(
        user=gw.executive, request=request, change=change.pk, approve=True, note="  ตกลง  "
    )
    request, change = refresh(request), type(change).objects.get(pk=change.pk)
    assert (change.status, change.decided_by, change.decision_note) == (
        ChangeStatus.APPROVED,
        gw.executive,
        "ตกลง",
    )
    assert change.decided_at is not None
    assert (request.approved_amount, request.ends_on) == (
        Decimal(22000),
        today() + datetime.timedelta(days=90),
    )
    assert [(c.item, c.quantity, c.unit_price) for c in request.cost_lines.all()] == [
        ("เส้นไหม", Decimal(22), Decimal(1000))
    ]
    assert [(v.number, v.amount, v.reason) for v in request.versions.order_by("number")] == [
        (1, Decimal(20000), ""),
        (2, Decimal(22000), "ราคาเส้นไหมขึ้น"),
    ]
    assert last_change(request) == (
        "update",
        {"change": ["", change.get_status_display()]},
        gw.executive.username,
    )
    with pytest.raises(ValidationError, match="พิจารณา"):
        services.change_decide(user=gw.executive, request=request, change=change, approve=False)


def test_a_rejected_change_leaves_the_approved_request_as_it_was(gw):
    request = advance(gw, make_request(gw), Status.APPROVED)
    later = request.ends_on + datetime.timedelta(days=30)
    change = services.change_ask(
        user=gw.staff, request=request, amount="20000", reason="ขยายเวลา", ends_on=later
    )
    assert change.cost_lines == [
        {
            "item": c.item,
            "quantity": str(c.quantity),
            "unit": c.unit,
            "unit_price": str(c.unit_price),
            "kind": c.kind,
        }
        for c in request.cost_lines.all()
    ]
    services.change_decide(user=gw.executive, request=request, change=change, approve=False, note=None)
    change.refresh_from_db()
    assert (change.status, change.decision_note, change.decided_by) == (
        ChangeStatus.REJECTED,
        "",
        gw.executive,
    )
    request = refresh(request)
    assert request.approved_amount == Decimal(20000) and request.versions.count() == 1
    with pytest.raises(ValidationError, match="เขียนเหตุผลที่ต้องเปลี่ยนแปลง"):
        services.change_ask(user=gw.staff, request=request, amount="15000", reason="  ")


def test_a_tag_is_removed_and_the_expense_offered_again(gw):
    from tests.groups.helpers import expense

    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    line = expense(gw.staff, gw.group, days_ago(3), "1500")
    (tag,) = services.spending_tag(user=gw.staff, request=request, entries=[line.pk])
    assert last_change(request) == ("update", {"spending": ["", "+1,500.00"]}, gw.staff.username)
    assert line.pk not in set(services.taggable_entries(request).values_list("pk", flat=True))
    services.spending_untag(user=gw.staff, request=request, tag=tag.pk)
    assert not request.spending.exists()
    assert line.pk in set(services.taggable_entries(request).values_list("pk", flat=True))
    assert last_change(request) == ("update", {"spending": ["1,500.00", ""]}, gw.staff.username)
    with pytest.raises(ValidationError):
        services.spending_tag(user=gw.staff, request=request, entries=[])


def test_the_office_settings_give_every_open_request_its_report_due_day(gw):
    request = advance(gw, make_request(gw), Status.APPROVED)
    row = services.settings_save(user=gw.staff, office=gw.staff.office, report_due_days=45)
    assert OfficeGrantSettings.objects.get(office=gw.staff.office).report_due_days == 45 and row.pk
    assert refresh(request).report_due_on == request.ends_on + datetime.timedelta(days=45)
    services.settings_save(user=gw.staff, office=gw.staff.office, report_due_days=10)
    assert OfficeGrantSettings.objects.count() == 1
    assert refresh(request).report_due_on == request.ends_on + datetime.timedelta(days=10)


def test_the_grant_file_is_queued_once_at_a_time(gw, django_capture_on_commit_callbacks):
    request = make_request(gw)
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.grant_file_request(user=gw.staff, request=request)
    assert (first.state, first.requested_by) == (GrantFile.State.QUEUED, gw.staff) and len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.grant_file_request(user=gw.staff, request=request) == first
    assert callbacks == [] and request.files.count() == 1


def test_a_change_s_cost_lines_are_cleaned_and_numbered_in_its_messages(gw):
    request = advance(gw, make_request(gw), Status.APPROVED)
    long_item, long_unit = "ก" * 250, "ข" * 50
    change = services.change_ask(
        user=gw.staff,
        request=request,
        amount="20000",
        reason="ชื่อรายการยาว",
        cost_lines=[
            {
                "item": long_item,
                "unit": long_unit,
                "quantity": "1",
                "unit_price": "10000",
                "kind": "material",
            },
            {"item": "สีย้อม", "unit": "ชุด", "quantity": "๒", "unit_price": "5,000", "kind": None},
        ],
    )
    assert change.cost_lines == [
        {
            "item": "ก" * 200,
            "unit": "ข" * 40,
            "kind": "material",
            "quantity": "1.00",
            "unit_price": "10000.00",
        },
        {"item": "สีย้อม", "unit": "ชุด", "kind": "material", "quantity": "2.00", "unit_price": "5000.00"},
    ]
    services.change_decide(user=gw.executive, request=request, change=change, approve=False)
    good = {"item": "ด้าย", "unit": "ม้วน", "quantity": "1", "unit_price": "10"}
    for bad, says in (
        ({"item": "  "}, "รายการที่ 2 ต้องมีรายการ หน่วยนับ และประเภท"),
        ({"item": None}, "รายการที่ 2 ต้องมีรายการ หน่วยนับ และประเภท"),
        ({"unit": None}, "รายการที่ 2 ต้องมีรายการ หน่วยนับ และประเภท"),
        ({"kind": "service"}, "รายการที่ 2 ต้องมีรายการ หน่วยนับ และประเภท"),
        ({"quantity": "0"}, "จำนวนของรายการที่ 2"),
        ({"unit_price": "-5"}, "ราคาต่อหน่วยของรายการที่ 2"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.change_ask(
                user=gw.staff,
                request=request,
                amount="20000",
                reason="แก้",
                cost_lines=[good, {**good, **bad}],
            )
        assert says in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        services.cost_lines_replace(
            user=gw.staff,
            request=make_request(gw, documents=False),
            lines=[good, {**good, "item": "ก" * 300}],
        )
    assert refused.value.messages[0].startswith("รายการที่ 2: ")


def test_a_budget_line_is_kept_by_its_office_and_cannot_fall_below_what_it_pays(world, gw):
    from grants.models import BudgetLine

    line = BudgetLine(
        office=world.office_a2,
        fiscal_year=gw.line.fiscal_year,
        plan_code="1",
        project="ใหม่",
        appropriated=500,
    )
    saved = services.budget_line_save(user=gw.finance, line=line)
    assert saved.pk and saved.office == gw.finance.office  # the office of who keeps it, whatever was sent
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)  # 20,000 approved and paid from gw.line
    line = BudgetLine.objects.get(pk=gw.line.pk)
    line.appropriated = Decimal("19999.99")
    with pytest.raises(ValidationError) as refused:
        services.budget_line_save(user=gw.staff, line=line)
    assert refused.value.messages == ["รายการนี้อนุมัติหรือจ่ายไปแล้ว 20,000.00 บาท: งบประมาณที่ตั้งไว้ต้องไม่น้อยกว่านี้"]
    line.appropriated = Decimal(20000)
    assert services.budget_line_save(user=gw.staff, line=line).appropriated == Decimal(20000)
    line.fiscal_year += 1
    with pytest.raises(ValidationError, match="เปลี่ยนปีงบประมาณไม่ได้"):
        services.budget_line_save(user=gw.staff, line=line)
    line.fiscal_year -= 1
    line.appropriated = None
    with pytest.raises(ValidationError):
        services.budget_line_save(user=gw.staff, line=line)  # the model's own check: an amount is required
    assert BudgetLine.objects.get(pk=gw.line.pk).appropriated == Decimal(20000)
    assert refresh(request).budget_line_id == gw.line.pk


def test_a_line_paying_for_durable_goods_cannot_become_materials_only(world):
    from grants.models import BudgetLine
    from tests.grants.helpers import grant_world as build

    gw = build(world, materials_only=False)
    durable = [{"item": "กี่ทอผ้า", "quantity": "1", "unit": "หลัง", "unit_price": "20000", "kind": "durable"}]
    request = advance(gw, make_request(gw, cost_lines=durable), Status.APPROVED)
    line = BudgetLine.objects.get(pk=gw.line.pk)
    line.materials_only = True
    with pytest.raises(ValidationError) as refused:
        services.budget_line_save(user=gw.staff, line=line)
    assert refused.value.messages == [
        f"คำร้อง {request.number} ที่อนุมัติจากรายการนี้จ่ายมากกว่าค่าวัสดุ (ครุภัณฑ์หรือค่าใช้จ่ายอื่น): "
        "เปลี่ยนรายการเป็นเฉพาะวัสดุไม่ได้"
    ]
    assert BudgetLine.objects.get(pk=gw.line.pk).materials_only is False
    other = BudgetLine.objects.create(
        office=world.office_a, fiscal_year=gw.line.fiscal_year, plan_code="9", project="อื่น", appropriated=1000
    )
    other.materials_only = True
    assert services.budget_line_save(user=gw.staff, line=other).materials_only is True


def test_an_office_changes_only_its_own_settings(world, gw):
    from grants.models import OfficeGrantSettings

    with pytest.raises(ValidationError, match="เฉพาะของหน่วยงานตนเอง"):
        services.settings_save(user=gw.staff, office=world.office_a2, report_due_days=30)
    assert not OfficeGrantSettings.objects.exists()


def test_a_change_after_a_payment_counts_what_the_request_already_holds_on_its_line(world):
    from grants.selectors import line_money

    gw = grant_world(world, appropriated="25000")
    request = advance(gw, make_request(gw), Status.DISBURSING)  # 20,000 approved from the line's 25,000
    services.payment_record(
        user=gw.finance, request=request, amount="5000", paid_on=today(), voucher_number="ฎ 1"
    )
    # The line has 5,000 left and the request holds 15,000 more on it (approved, not paid): 25,000 in all.
    too_much = services.change_ask(
        user=gw.staff, request=request, amount="25000.01", reason="วัสดุแพงขึ้น", cost_lines=priced("25000.01")
    )
    with pytest.raises(ValidationError, match="20,000.00"):
        services.change_decide(user=gw.executive, request=request, change=too_much, approve=True)
    services.change_decide(user=gw.executive, request=request, change=too_much, approve=False)
    later = today() + datetime.timedelta(days=120)
    change = services.change_ask(
        user=gw.staff,
        request=request,
        amount="25000",
        reason="วัสดุแพงขึ้น",
        ends_on=later,
        cost_lines=priced("25000"),
    )
    services.change_decide(user=gw.executive, request=request, change=change, approve=True)
    assert refresh(request).approved_amount == Decimal(25000) and line_money(gw.line).money_available == 0
    assert refresh(request).report_due_on == later + datetime.timedelta(
        days=report_due_days(request.office_id)
    )
    # Down to exactly what is paid is allowed.
    change = services.change_ask(
        user=gw.staff, request=request, amount="5000", reason="ลดขนาดโครงการ", cost_lines=priced("5000")
    )
    services.change_decide(user=gw.executive, request=request, change=change.pk, approve=True)
    request = refresh(request)
    assert request.approved_amount == Decimal(5000) and line_money(gw.line).money_available == Decimal(20000)


def test_an_edit_changes_only_the_request_s_own_fields_and_logs_what_changed(gw):
    request = make_request(gw, documents=False)
    later = request.ends_on + datetime.timedelta(days=30)
    services.request_update(
        user=gw.staff,
        request=request,
        fields={"title": "ผ้าไหมแพรวา", "ends_on": later, "status": Status.APPROVED, "number": "x"},
    )
    edited = refresh(request)
    assert (edited.title, edited.ends_on, edited.status, edited.number) == (
        "ผ้าไหมแพรวา",
        later,
        Status.DRAFT,
        request.number,
    )
    assert edited.report_due_on == later + datetime.timedelta(days=report_due_days(request.office_id))
    action, changes, username = last_change(request)
    assert (action, username) == ("update", gw.staff.username)
    assert set(changes) == {"title", "ends_on"} and changes["title"] == [request.title, "ผ้าไหมแพรวา"]
    with pytest.raises(ValidationError, match="โครงการสิ้นสุดก่อนเริ่มไม่ได้"):
        services.request_update(
            user=gw.staff, request=request, fields={"starts_on": later + datetime.timedelta(days=1)}
        )
    with pytest.raises(ValidationError, match="โครงการสิ้นสุดก่อนเริ่มไม่ได้"):
        services.request_update(
            user=gw.staff, request=request, fields={"ends_on": request.starts_on - datetime.timedelta(days=1)}
        )
    approved = advance(gw, make_request(gw), Status.APPROVED)
    with pytest.raises(ValidationError, match="ทำรายการนี้ไม่ได้ขณะที่คำร้องอยู่ในสถานะ “"):
        services.request_update(user=gw.staff, request=approved, fields={"title": "แก้หลังอนุมัติ"})
    assert refresh(approved).title != "แก้หลังอนุมัติ"


def test_a_forward_move_is_written_without_a_reason_and_approval_waits_for_its_state(gw):
    from grants.models import RequestMove

    request = make_request(gw)
    services.move(user=gw.staff, request=request, to=Status.SUBMITTED)
    row = RequestMove.objects.filter(request=request).latest("pk")
    assert (row.from_state, row.to_state, row.reason) == (Status.DRAFT, Status.SUBMITTED, "")
    with pytest.raises(ValidationError) as refused:
        services.approve(user=gw.executive, request=request, line=gw.line, amount="20000")
    assert refused.value.messages == [
        f"อนุมัติได้เฉพาะคำร้องที่รอผู้บริหารพิจารณา (คำร้องนี้อยู่ในสถานะ “{refresh(request).get_status_display()}”)"
    ]


def test_documents_are_attached_only_where_the_table_opens_them(gw):
    from django.core.files.base import ContentFile

    request = advance(gw, make_request(gw), Status.APPROVAL)  # the executive's turn: no documents
    for kind in (DocumentKind.REPORT, DocumentKind.MINUTES):
        with pytest.raises(ValidationError, match="ทำรายการนี้ไม่ได้ขณะที่คำร้องอยู่ในสถานะ “"):
            services.document_add(user=gw.staff, request=request, kind=kind, upload=pdf())
    assert not request.documents.filter(kind=DocumentKind.REPORT).exists()
    draft = make_request(gw, documents=False)
    webp = ContentFile(b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16)  # bytes with no file name
    document = services.document_add(user=gw.staff, request=draft, kind=DocumentKind.PHOTO, upload=webp)
    assert document.file.name.endswith(".webp") and document.name == "file"  # no name given: "file"


def test_an_amount_of_exactly_1e20_is_shown_in_scientific_notation(gw):
    request = advance(gw, make_request(gw), Status.REVIEW)
    with pytest.raises(ValidationError, match=r"1E\+20"):
        services.review_record(user=gw.staff, request=request, recommended_amount="1e20")


def test_staff_enter_requests_for_their_own_office_whatever_office_is_sent(world, gw):
    from tests.grants.helpers import COST_LINES

    request = services.request_create(
        user=gw.staff, group=gw.group, office=world.office_a2, title="ขอทุน", amount_requested=Decimal(1000)
    )
    assert request.office == gw.staff.office
    with pytest.raises(ValidationError) as refused:
        services.cost_lines_replace(
            user=gw.staff, request=request, lines=[COST_LINES[0], {**COST_LINES[1], "unit_price": "0"}]
        )
    assert refused.value.messages[0].startswith("ราคาต่อหน่วยของรายการที่ 2")
