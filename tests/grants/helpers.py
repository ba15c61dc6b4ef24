"""Build grant requests with realistic Thai data, at any state of the table (grants/workflow.py)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from grants import services
from grants.models import BudgetLine, DocumentKind, GrantRequest, Status
from registry.scoping import Role
from tests.factories import UserFactory
from tests.groups.helpers import days_ago, make_group, today

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="เอกสาร.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class GrantWorld:
    """Office A's people with their duties, a registered group of office A and a budget line of the year."""

    staff: object
    finance: object
    executive: object
    group: object
    line: BudgetLine


def grant_world(world, *, appropriated="100000", materials_only=True) -> GrantWorld:
    office = world.office_a
    finance = UserFactory(username="finance_a", role=Role.FINANCE, office=office)
    executive = UserFactory(username="executive_a", role=Role.EXECUTIVE, office=office)
    group = make_group(world.tao_a, office)
    from groups import services as groups

    groups.group_register(user=world.tao_a, group=group, number="กษ 0012/2566", registered_on=days_ago(700))
    group.refresh_from_db()
    group.status = "active"
    group.save(update_fields=["status"])
    line = BudgetLine.objects.create(
        office=office,
        fiscal_year=fiscal_year(),
        plan_code="00230",
        work_code="00232",
        budget_code="510000",
        category_code="540000",
        type_code="540100",
        project="โครงการส่งเสริมอาชีพกลุ่มอาชีพในตำบล",
        appropriated=Decimal(appropriated),
        materials_only=materials_only,
    )
    return GrantWorld(staff=world.tao_a, finance=finance, executive=executive, group=group, line=line)


def fiscal_year():
    from kit import thai

    return thai.fiscal_year_now()


COST_LINES = [
    {
        "item": "เส้นไหมย้อมสีธรรมชาติ",
        "quantity": "20",
        "unit": "กิโลกรัม",
        "unit_price": "850",
        "kind": "material",
    },
    {
        "item": "สีย้อมธรรมชาติและสารช่วยติดสี",
        "quantity": "10",
        "unit": "ชุด",
        "unit_price": "300",
        "kind": "material",
    },
]  # 17,000 + 3,000 = 20,000


def priced(amount) -> list[dict]:
    """One material cost line adding up to `amount` (at a baht a unit): the lines of a change to that
    amount."""
    return [{"item": "วัสดุการผลิตตามจริง", "quantity": str(amount), "unit": "บาท", "unit_price": "1"}]


def make_request(
    gw: GrantWorld, *, amount="20000", cost_lines=COST_LINES, documents=True, **fields
) -> GrantRequest:
    values = {
        "title": "ผ้าไหมลายขิดสีธรรมชาติเพื่อจำหน่าย",
        "purposes": ["output", "quality"],
        "support_kinds": ["materials"],
        "activities": "จัดซื้อเส้นไหมและสีย้อม ทอผ้าตามคำสั่งซื้อ",
        "starts_on": today() - datetime.timedelta(days=60),
        "ends_on": today() + datetime.timedelta(days=60),
        "expected_results": "ผ้าไหมเพิ่มขึ้นเดือนละ 20 ผืน",
        "amount_requested": Decimal(amount),
        "received_on": days_ago(90),
    }
    values.update(fields)
    request = services.request_create(user=gw.staff, group=gw.group, **values)
    services.cost_lines_replace(user=gw.staff, request=request, lines=cost_lines)
    if documents:
        for kind in (
            DocumentKind.REQUEST_LETTER,
            DocumentKind.PROJECT_PLAN,
            DocumentKind.GROUP_REGISTRATION,
            DocumentKind.MINUTES,
        ):
            services.document_add(user=gw.staff, request=request, kind=kind, upload=pdf())
    return request


def refresh(request):
    return GrantRequest.objects.get(pk=request.pk)


# The main road, each step done by the role whose duty it is (what the state needs, then the move).
def _to_submitted(gw, r):
    services.move(user=gw.staff, request=r, to=Status.SUBMITTED)


def _to_screening(gw, r):
    services.move(user=gw.staff, request=r, to=Status.SCREENING)


def _to_review(gw, r):
    services.move(user=gw.staff, request=r, to=Status.REVIEW)


def _to_approval(gw, r):
    services.review_record(
        user=gw.staff, request=r, recommended_amount=r.amount_requested, committee_notes="เหมาะสม", score=80
    )
    services.move(user=gw.staff, request=r, to=Status.APPROVAL)


def _to_approved(gw, r):
    services.approve(user=gw.executive, request=r, line=gw.line, amount=r.amount_requested)


def _to_agreement(gw, r):
    services.move(user=gw.staff, request=r, to=Status.AGREEMENT)


def _to_disbursing(gw, r):
    services.document_add(
        user=gw.staff, request=r, kind=DocumentKind.SIGNED_AGREEMENT, upload=pdf("ข้อตกลง.pdf")
    )
    services.move(user=gw.staff, request=r, to=Status.DISBURSING)
    # The road's history: approved and signed before the payment 50 days ago (a payment is never dated before
    # the agreement), so the steps' services record today what happened then.
    GrantRequest.objects.filter(pk=r.pk).update(decided_on=days_ago(70), agreement_on=days_ago(60))


def _to_in_progress(gw, r):
    r = refresh(r)
    services.payment_record(
        user=gw.finance,
        request=r,
        amount=r.approved_amount,
        paid_on=days_ago(50),
        voucher_number="ฎ 123/2569",
        transfer_reference="KTB 0012345",
    )
    services.move(user=gw.finance, request=r, to=Status.IN_PROGRESS)


def _to_reporting(gw, r):
    services.move(user=gw.staff, request=r, to=Status.REPORTING)


def _to_report_review(gw, r):
    services.report_record(
        user=gw.staff, request=r, results="ทอผ้าได้ 45 ผืน ขายได้ 38 ผืน", reported_on=days_ago(1)
    )
    services.document_add(user=gw.staff, request=r, kind=DocumentKind.REPORT, upload=pdf("รายงาน.pdf"))
    services.move(user=gw.staff, request=r, to=Status.REPORT_REVIEW)


def _to_refund_due(gw, r):
    services.move(user=gw.staff, request=r, to=Status.REFUND_DUE)


ROAD = [
    (Status.SUBMITTED, _to_submitted),
    (Status.SCREENING, _to_screening),
    (Status.REVIEW, _to_review),
    (Status.APPROVAL, _to_approval),
    (Status.APPROVED, _to_approved),
    (Status.AGREEMENT, _to_agreement),
    (Status.DISBURSING, _to_disbursing),
    (Status.IN_PROGRESS, _to_in_progress),
    (Status.REPORTING, _to_reporting),
    (Status.REPORT_REVIEW, _to_report_review),
    (Status.REFUND_DUE, _to_refund_due),
]


def advance(gw: GrantWorld, request, to) -> GrantRequest:
    """Take the request along the main road up to state `to` (nothing tagged, so money is left at the end)."""
    for _state, step in ROAD:
        if refresh(request).status == to:
            break
        step(gw, refresh(request))
    return refresh(request)
