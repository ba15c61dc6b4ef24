"""Bad input to the grant services: each is refused with a clear Thai message and nothing half-saved."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from grants import services
from grants.models import (
    ApprovedVersion,
    BudgetLine,
    ChangeRequest,
    CostLine,
    Document,
    DocumentKind,
    GrantRequest,
    Payment,
    RequestMove,
    Status,
)
from grants.selectors import duplicates, eligibility, line_money, request_money
from groups.models import LedgerEntry
from registry.scoping import Role
from tests.factories import UserFactory
from tests.grants.helpers import (
    COST_LINES,
    PDF,
    GrantWorld,
    advance,
    days_ago,
    grant_world,
    make_request,
    pdf,
    priced,
    refresh,
)

THAI = re.compile(r"[\u0e00-\u0e7f]")


@pytest.fixture
def gw(world):
    return grant_world(world)


def refused_in_thai(call, *args, **kwargs) -> str:
    """Call; it must raise a ValidationError whose every message is Thai. Returns the messages, joined."""
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    messages = refused.value.messages
    assert messages and all(THAI.search(m) for m in messages), messages
    return " ".join(messages)


def state_of(request):
    """Everything a refused call might have half-written for the request."""
    r = refresh(request)
    return (
        r.status,
        r.approved_amount,
        r.budget_line_id,
        r.starts_on,
        r.ends_on,
        r.amount_requested,
        list(r.cost_lines.values_list("item", "quantity", "unit_price", "kind")),
        RequestMove.objects.filter(request=r).count(),
        ApprovedVersion.objects.filter(request=r).count(),
        list(ChangeRequest.objects.filter(request=r).values_list("status", "amount")),
        Payment.objects.filter(request=r).count(),
        Document.objects.filter(request=r).count(),
        LedgerEntry.objects.count(),
    )


# --- money --------------------------------------------------------------------------------------------------


def test_approval_over_what_the_line_has_left(world):
    gw = grant_world(world, appropriated="15000")
    request = advance(gw, make_request(gw), Status.APPROVAL)
    before = state_of(request)
    message = refused_in_thai(
        services.approve, user=gw.executive, request=request, line=gw.line, amount="20000"
    )
    assert "15,000.00" in message and "20,000.00" in message
    assert state_of(request) == before and line_money(gw.line).money_available == Decimal(15000)


def test_a_payment_beyond_the_approved_amount(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    services.payment_record(
        user=gw.finance, request=request, amount="15000", paid_on=days_ago(2), voucher_number="ฎ 10/2569"
    )
    before = state_of(request)
    message = refused_in_thai(
        services.payment_record,
        user=gw.finance,
        request=request,
        amount="5000.01",
        paid_on=days_ago(1),
        voucher_number="ฎ 11/2569",
    )
    assert "5,000.00" in message and "20,000.00" in message
    assert state_of(request) == before


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("-500", "มากกว่าศูนย์"),
        ("0", "มากกว่าศูนย์"),
        ("0.004", "มากกว่าศูนย์"),
        (Decimal("-1e30"), "มากกว่าศูนย์"),
        ("NaN", None),
        (float("nan"), None),
        (float("inf"), None),
        ("สองหมื่น", None),
        ("", None),
        (None, None),
        ("1e30", "1E+30"),
        (Decimal("1e30"), "1E+30"),
        ("1000000000", "1,000,000,000.00"),
    ],
)
def test_absurd_amounts_are_refused_everywhere(gw, amount, says):
    request = advance(gw, make_request(gw), Status.REVIEW)
    before = state_of(request)
    message = refused_in_thai(
        services.review_record, user=gw.staff, request=request, recommended_amount=amount
    )
    assert says is None or says in message, message
    assert refresh(request).recommended_amount is None and state_of(request) == before
    services.review_record(user=gw.staff, request=request, recommended_amount="20000")
    services.move(user=gw.staff, request=request, to=Status.APPROVAL)
    before = state_of(request)
    refused_in_thai(
        services.approve, user=gw.executive, request=refresh(request), line=gw.line, amount=amount
    )
    assert state_of(request) == before
    services.approve(user=gw.executive, request=refresh(request), line=gw.line, amount="20000")
    services.move(user=gw.staff, request=request, to=Status.AGREEMENT)
    services.document_add(user=gw.staff, request=request, kind=DocumentKind.SIGNED_AGREEMENT, upload=pdf())
    services.move(user=gw.staff, request=request, to=Status.DISBURSING)
    request = refresh(request)
    before = state_of(request)
    refused_in_thai(
        services.payment_record,
        user=gw.finance,
        request=request,
        amount=amount,
        paid_on=days_ago(1),
        voucher_number="ฎ 1",
    )
    assert state_of(request) == before


def test_thai_digits_and_commas_are_read(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    payment = services.payment_record(
        user=gw.finance,
        request=request,
        amount="๑๒,๕๐๐.๕๐ บาท",
        paid_on=days_ago(1),
        voucher_number="ฎ ๑๒/๒๕๖๙",
    )
    assert payment.amount == Decimal("12500.50") and payment.ledger_entry.amount == Decimal("12500.50")


def test_cost_lines_with_absurd_numbers_keep_the_old_lines(gw):
    request = make_request(gw, documents=False)
    before = state_of(request)
    for bad in ({"quantity": "-1"}, {"unit_price": "1e30"}, {"unit_price": "NaN"}, {"quantity": "สิบ"}):
        lines = [COST_LINES[0], {**COST_LINES[1], **bad}]
        refused_in_thai(services.cost_lines_replace, user=gw.staff, request=request, lines=lines)
        assert state_of(request) == before


# --- materials, not equipment (the provincial guideline's group-formation money) ----------------------------

DURABLE = [
    {"item": "กี่ทอผ้าไม้สัก", "quantity": "1", "unit": "หลัง", "unit_price": "4500", "kind": "durable"},
    {"item": "เส้นไหม", "quantity": "10", "unit": "กิโลกรัม", "unit_price": "1550", "kind": "material"},
]
PRICEY = [
    {"item": "ชุดเส้นไหมพรีเมียม", "quantity": "2", "unit": "ชุด", "unit_price": "7000", "kind": "material"},
    {"item": "สีย้อม", "quantity": "6", "unit": "ชุด", "unit_price": "1000", "kind": "material"},
]


@pytest.mark.parametrize(("lines", "says"), [(DURABLE, "กี่ทอผ้าไม้สัก"), (PRICEY, "ชุดเส้นไหมพรีเมียม")])
def test_durable_goods_on_a_materials_only_line_at_approval(gw, lines, says):
    request = advance(gw, make_request(gw, cost_lines=lines), Status.APPROVAL)
    before = state_of(request)
    message = refused_in_thai(
        services.approve, user=gw.executive, request=request, line=gw.line, amount="20000"
    )
    assert says in message and gw.line.project in message
    assert state_of(request) == before


def test_the_durable_goods_threshold_is_a_setting(gw):
    lines = [{"item": "เส้นไหม", "quantity": "20", "unit": "กิโลกรัม", "unit_price": "1000", "kind": "material"}]
    request = advance(gw, make_request(gw, cost_lines=lines), Status.APPROVAL)
    with override_settings(GRANTS_DURABLE_THRESHOLD=999):
        message = refused_in_thai(
            services.approve, user=gw.executive, request=request, line=gw.line, amount="20000"
        )
        assert "999.00" in message and "1,000.00" in message
    assert refresh(request).status == Status.APPROVAL
    services.approve(
        user=gw.executive, request=refresh(request), line=gw.line, amount="20000"
    )  # default 5,000


def test_durable_goods_at_a_change_request(gw):
    request = advance(gw, make_request(gw), Status.AGREEMENT)
    change = services.change_ask(
        user=gw.staff, request=request, amount="20000", reason="เปลี่ยนเป็นซื้อกี่ทอผ้า", cost_lines=DURABLE
    )
    before = state_of(request)
    message = refused_in_thai(
        services.change_decide, user=gw.executive, request=request, change=change, approve=True
    )
    assert "กี่ทอผ้าไม้สัก" in message
    assert state_of(request) == before
    assert ChangeRequest.objects.get(pk=change.pk).status == "pending"
    # a change asking for cost lines that are not cost lines is refused when asked
    services.change_decide(user=gw.executive, request=request, change=change, approve=False)
    before = state_of(request)
    refused_in_thai(
        services.change_ask,
        user=gw.staff,
        request=request,
        amount="20000",
        reason="ผิด",
        cost_lines=[{"item": "", "quantity": "1", "unit": "ชุด", "unit_price": "10", "kind": "gold"}],
    )
    assert state_of(request) == before


def test_a_change_cannot_lower_the_amount_below_what_is_paid(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    services.payment_record(
        user=gw.finance, request=request, amount="15000", paid_on=days_ago(1), voucher_number="ฎ 3/2569"
    )
    change = services.change_ask(
        user=gw.staff, request=request, amount="12000", reason="ลดจำนวนวัสดุ", cost_lines=priced("12000")
    )
    before = state_of(request)
    message = refused_in_thai(
        services.change_decide, user=gw.executive, request=request, change=change, approve=True
    )
    assert "15,000.00" in message
    assert state_of(request) == before and request_money(refresh(request)).approved == Decimal(20000)


def test_a_change_up_beyond_the_line_is_refused(world):
    gw = grant_world(world, appropriated="25000")
    request = advance(gw, make_request(gw), Status.APPROVED)
    change = services.change_ask(
        user=gw.staff, request=request, amount="25000.01", reason="วัสดุแพงขึ้น", cost_lines=priced("25000.01")
    )
    before = state_of(request)
    message = refused_in_thai(
        services.change_decide, user=gw.executive, request=request, change=change, approve=True
    )
    assert "25,000.00" in message
    assert state_of(request) == before
    services.change_decide(user=gw.executive, request=request, change=change, approve=False)
    change = services.change_ask(
        user=gw.staff, request=request, amount="25000", reason="วัสดุแพงขึ้น", cost_lines=priced("25000")
    )
    services.change_decide(user=gw.executive, request=request, change=change, approve=True)
    assert line_money(gw.line).money_available == 0


# --- dates and areas ----------------------------------------------------------------------------------------


def test_an_end_before_the_start(gw):
    count = GrantRequest.objects.count()
    refused_in_thai(
        services.request_create,
        user=gw.staff,
        group=gw.group,
        title="โครงการ",
        purposes=["output"],
        support_kinds=["money"],
        starts_on=days_ago(1),
        ends_on=days_ago(2),
    )
    assert GrantRequest.objects.count() == count
    request = make_request(gw, documents=False)
    before = state_of(request)
    refused_in_thai(
        services.request_update,
        user=gw.staff,
        request=request,
        fields={"starts_on": days_ago(1), "ends_on": days_ago(30)},
    )
    assert state_of(request) == before
    request = advance(gw, make_request(gw), Status.APPROVED)
    before = state_of(request)
    refused_in_thai(
        services.change_ask,
        user=gw.staff,
        request=request,
        amount="20000",
        reason="เลื่อน",
        ends_on=request.starts_on - datetime.timedelta(days=1),
    )
    assert state_of(request) == before


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"purposes": ["ขอเงิน"]}, "วัตถุประสงค์"),
        ({"purposes": "output"}, "วัตถุประสงค์"),
        ({"purposes": [{"x": 1}]}, "วัตถุประสงค์"),
        ({"support_kinds": ["land"]}, "สิ่งที่ขอ"),
    ],
)
def test_purposes_and_what_is_asked_come_from_the_lists(gw, fields, says):
    count = GrantRequest.objects.count()
    message = refused_in_thai(
        services.request_create,
        user=gw.staff,
        group=gw.group,
        title="โครงการ",
        **{"purposes": ["output"], "support_kinds": ["money"], **fields},
    )
    assert says in message and GrantRequest.objects.count() == count
    request = make_request(gw, documents=False)
    before = state_of(request)
    refused_in_thai(services.request_update, user=gw.staff, request=request, fields=fields)
    assert state_of(request) == before and refresh(request).purposes == ["output", "quality"]


def test_a_draft_may_start_without_purposes_its_checklist_says_so(gw):
    request = services.request_create(user=gw.staff, group=gw.group, title="โครงการ")
    assert request.purposes == [] and request.support_kinds == []
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        services.move(user=gw.staff, request=request, to=Status.SUBMITTED)
    assert "วัตถุประสงค์" in refused.value.messages[0]


@pytest.mark.parametrize("who", ["tao_a2", "tao_b"])
def test_a_request_for_a_group_of_another_offices_area(world, gw, who):
    count = GrantRequest.objects.count()
    user = getattr(world, who)
    message = refused_in_thai(
        services.request_create,
        user=user,
        group=gw.group,
        title="โครงการ",
        purposes=["output"],
        support_kinds=["money"],
    )
    assert gw.group.name in message
    assert GrantRequest.objects.count() == count


def test_readers_and_other_duties_cannot_create(world, gw):
    for user in (gw.finance, gw.executive, world.province_a):
        refused_in_thai(
            services.request_create,
            user=user,
            group=gw.group,
            title="โครงการ",
            purposes=["output"],
            support_kinds=["money"],
        )
    assert not GrantRequest.objects.exists()


# --- documents ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("คำร้อง.pdf", "นี่ไม่ใช่ PDF แต่เป็นข้อความ".encode()),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        ("รูป.png", b"GIF89a" + b"\x00" * 20),
        ("ว่าง.pdf", b""),
    ],
)
def test_a_document_that_is_not_pdf_or_image(gw, name, content):
    request = make_request(gw, documents=False)
    before = state_of(request)
    message = refused_in_thai(
        services.document_add,
        user=gw.staff,
        request=request,
        kind=DocumentKind.MINUTES,
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )
    assert "PDF" in message
    assert state_of(request) == before


@override_settings(GRANTS_MAX_UPLOAD_MB=1)
def test_a_document_too_large(gw):
    request = make_request(gw, documents=False)
    before = state_of(request)
    big = SimpleUploadedFile("แผน.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    message = refused_in_thai(
        services.document_add, user=gw.staff, request=request, kind=DocumentKind.PROJECT_PLAN, upload=big
    )
    assert "1 MB" in message
    assert state_of(request) == before
    services.document_add(
        user=gw.staff,
        request=request,
        kind=DocumentKind.PROJECT_PLAN,
        upload=SimpleUploadedFile("แผน.pdf", PDF + b"0" * 1000),
    )


# --- eligibility and duplicates -----------------------------------------------------------------------------


def _reasons(request):
    with translation.override("th"):
        result = eligibility(refresh(request), datetime.date.today())
        assert all(THAI.search(r) for r in result.reasons), result.reasons
        return result


def _screening_refused(gw, request, expected_reason):
    before = state_of(request)
    message = refused_in_thai(services.move, user=gw.staff, request=refresh(request), to=Status.REVIEW)
    assert expected_reason in message
    assert state_of(request) == before


def test_eligible_group_has_no_reasons(gw):
    request = advance(gw, make_request(gw), Status.SCREENING)
    result = _reasons(request)
    assert result.eligible and result.reasons == [] and len(result.checks) == 5


def test_an_unregistered_group(gw):
    request = advance(gw, make_request(gw), Status.SCREENING)
    type(gw.group).objects.filter(pk=gw.group.pk).update(registration_number="")
    result = _reasons(request)
    assert not result.eligible and len(result.reasons) == 1
    _screening_refused(gw, request, result.reasons[0])


def test_a_group_of_four_active_members(gw):
    request = advance(gw, make_request(gw), Status.SCREENING)
    membership = gw.group.memberships.order_by("pk").last()
    from groups.models import Membership

    field = next(f.name for f in Membership._meta.fields if f.name in ("left_on", "ends_on", "until"))
    Membership.objects.filter(pk=membership.pk).update(**{field: days_ago(3)})
    result = _reasons(request)
    assert len(result.reasons) == 1 and "4" in result.reasons[0] and "5" in result.reasons[0]
    _screening_refused(gw, request, result.reasons[0])


@pytest.mark.parametrize("status", ["dissolved", "suspended"])
def test_a_dissolved_or_suspended_group(gw, status):
    request = advance(gw, make_request(gw), Status.SCREENING)
    type(gw.group).objects.filter(pk=gw.group.pk).update(status=status)
    result = _reasons(request)
    assert len(result.reasons) == 1
    _screening_refused(gw, request, result.reasons[0])


def test_an_overdue_report_of_an_earlier_grant(gw):
    earlier = advance(gw, make_request(gw, starts_on=days_ago(200), ends_on=days_ago(40)), Status.IN_PROGRESS)
    assert earlier.report_due_on == days_ago(10)
    request = advance(gw, make_request(gw), Status.SCREENING)
    result = _reasons(request)
    assert len(result.reasons) == 1 and earlier.number in result.reasons[0]
    _screening_refused(gw, request, result.reasons[0])


def test_unreturned_money_of_an_earlier_grant(gw):
    earlier = advance(gw, make_request(gw), Status.IN_PROGRESS)
    services.move(user=gw.executive, request=earlier, to=Status.TERMINATED, reason="กลุ่มหยุดดำเนินการ")
    request = advance(gw, make_request(gw), Status.SCREENING)
    result = _reasons(request)
    assert len(result.reasons) == 1 and earlier.number in result.reasons[0]
    _screening_refused(gw, request, result.reasons[0])
    services.refund_record(
        user=gw.finance,
        request=refresh(earlier),
        amount="20000",
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 3/2569",
    )
    assert _reasons(request).eligible


def test_the_duplicate_warning_across_offices(world, gw):
    approved = advance(gw, make_request(gw, purposes=["output", "quality"]), Status.APPROVED)
    district = world.district_a.office
    gd = GrantWorld(
        staff=world.district_a,
        finance=UserFactory(username="finance_d", role=Role.FINANCE, office=district),
        executive=UserFactory(username="executive_d", role=Role.EXECUTIVE, office=district),
        group=gw.group,
        line=BudgetLine.objects.create(
            office=district,
            fiscal_year=gw.line.fiscal_year,
            plan_code="1",
            project="เงินทุนจัดตั้งกลุ่ม",
            appropriated=Decimal(50000),
        ),
    )
    overlapping = make_request(gd, purposes=["quality", "skills"], documents=False)
    other_purpose = make_request(gd, purposes=["management"], documents=False)
    next_year = make_request(gd, purposes=["quality"], documents=False, fiscal_year=gw.line.fiscal_year + 1)
    assert [r.pk for r in duplicates(overlapping)] == [approved.pk]
    assert duplicates(overlapping)[0].office == world.office_a
    assert duplicates(other_purpose) == [] and duplicates(next_year) == []
    # a request not yet approved is not a duplicate of another
    assert duplicates(approved) == []
    assert CostLine.objects.filter(request=overlapping).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "stored"),
    [
        ("หน้าเว็บ.html", PDF + b"<script>alert(1)</script>", ".pdf"),
        ("ภาพ.svg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, ".png"),
        ("รูปถ่าย", b"\xff\xd8\xff\xe0" + b"\x00" * 32, ".jpg"),
    ],
)
def test_a_document_is_stored_under_the_type_its_bytes_show(gw, name, content, stored):
    request = make_request(gw, documents=False)
    document = services.document_add(
        user=gw.staff,
        request=request,
        kind=DocumentKind.PHOTO,
        upload=SimpleUploadedFile(name, content, content_type="text/html"),
    )
    assert document.file.name.endswith(stored) and document.name == name  # the original name is only shown


def test_approval_from_a_line_of_another_office_or_year(world, gw):
    request = advance(gw, make_request(gw), Status.APPROVAL)
    other_office = BudgetLine.objects.create(
        office=world.office_a2,
        fiscal_year=gw.line.fiscal_year,
        plan_code="1",
        project="งบของ อบต.อื่น",
        appropriated=Decimal(500000),
    )
    other_year = BudgetLine.objects.create(
        office=world.office_a,
        fiscal_year=gw.line.fiscal_year - 1,
        plan_code="1",
        project="งบปีก่อน",
        appropriated=Decimal(500000),
    )
    before = state_of(request)
    refused_in_thai(services.approve, user=gw.executive, request=request, line=other_office, amount="20000")
    message = refused_in_thai(
        services.approve, user=gw.executive, request=request, line=other_year, amount="20000"
    )
    assert str(gw.line.fiscal_year - 1) in message and str(gw.line.fiscal_year) in message
    refused_in_thai(services.approve, user=gw.executive, request=request, line=999_999, amount="20000")
    assert state_of(request) == before


def test_out_of_area_users_cannot_touch_the_request(world, gw):
    request = make_request(gw, documents=False)
    before = state_of(request)
    for user in (world.tao_a2, world.tao_b, world.district_a, world.province_a):
        refused_in_thai(
            services.document_add, user=user, request=request, kind=DocumentKind.MINUTES, upload=pdf()
        )
        refused_in_thai(services.request_update, user=user, request=request, fields={"title": "แก้ชื่อ"})
        refused_in_thai(services.cost_lines_replace, user=user, request=request, lines=COST_LINES)
    assert state_of(request) == before and refresh(request).title != "แก้ชื่อ"
