"""Demo grant requests (seed_demo): budget lines of อบต.ลำปาว for the current fiscal year with e-LAAS style
codes (one materials only), and requests of the demo groups in several states — a draft, one in screening, one
waiting for the executive, one being paid, one under way whose report is overdue, and one closed after a
refund. Every step goes through grants.services, so payments and refunds are in the groups' ledgers.

Dates are counted back from today (inside the groups' open book year),
so the states hold whenever the demo is built."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from grants import services
from grants.models import BudgetLine, DocumentKind, GrantRequest, Status
from groups.models import EntryKind, Group
from kit import thai
from registry.models import Office, User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OPENING_DOCUMENTS = (
    DocumentKind.REQUEST_LETTER,
    DocumentKind.PROJECT_PLAN,
    DocumentKind.GROUP_REGISTRATION,
    DocumentKind.MINUTES,
)


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _days(today, n):
    return today - datetime.timedelta(days=n)


@transaction.atomic
def seed(log=print):
    office = Office.objects.get(code="6460105")
    if BudgetLine.objects.filter(office=office).exists():
        log("grants: demo budget lines and requests already there")
        return
    staff = User.objects.get(username="tao_lampao")
    finance = User.objects.get(username="fin_lampao")
    executive = User.objects.get(username="exec_lampao")
    today = timezone.localdate()
    year = thai.fiscal_year_now()
    support = BudgetLine.objects.create(
        office=office,
        fiscal_year=year,
        plan_code="00230",
        work_code="00232",
        budget_code="540000",
        category_code="610000",
        type_code="610400",
        appropriated=Decimal("300000"),
        project="โครงการส่งเสริมและพัฒนาอาชีพกลุ่มอาชีพตำบลลำปาว (เงินอุดหนุนกลุ่มอาชีพ)",
    )
    materials = BudgetLine.objects.create(
        office=office,
        fiscal_year=year,
        plan_code="00230",
        work_code="00232",
        budget_code="530000",
        category_code="533000",
        type_code="533100",
        appropriated=Decimal("150000"),
        materials_only=True,
        project="โครงการสนับสนุนวัสดุการผลิตแก่กลุ่มอาชีพ",
    )
    weavers = Group.objects.get(name="กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์")
    pla_som = Group.objects.get(name="กลุ่มแปรรูปปลาส้มลำปาว")
    mushrooms = Group.objects.get(name="กลุ่มเพาะเห็ดนางฟ้าบ้านโนนสูง")
    road = Road(staff=staff, finance=finance, executive=executive, today=today)

    # Closed after a refund: 20,000 paid, 17,450 spent (tagged from the group's books), 2,550 returned.
    closed = road.new(
        weavers,
        "ผ้าไหมลายขิดสีธรรมชาติเพื่อจำหน่ายงานกาชาด",
        "20000",
        starts=45,
        ends=15,
        lines=[("เส้นไหมย้อมสีธรรมชาติ", "20", "กิโลกรัม", "850"), ("สีย้อมธรรมชาติ", "10", "ชุด", "300")],
    )
    road.to(closed, Status.IN_PROGRESS, line=materials, paid_on=40)
    from groups import services as books

    entry = books.ledger_add(
        user=staff,
        group=weavers,
        date=_days(today, 38),
        kind=EntryKind.EXPENSE,
        category="materials",
        amount=Decimal("17450"),
        document_number="INV-กาชาด-01",
        description="ซื้อเส้นไหมและสีย้อม (เงินอุดหนุน อบต.ลำปาว)",
    )
    services.spending_tag(user=staff, request=closed, entries=[entry])
    road.to(closed, Status.REFUND_DUE)
    services.refund_record(
        user=finance,
        request=closed,
        amount=Decimal("2550"),
        refunded_on=_days(today, 3),
        receipt_number="ใบเสร็จ 0057/2570",
    )
    services.move(user=staff, request=closed, to=Status.CLOSED)

    # Being paid: approved 45,000 from the support line, 25,000 paid so far.
    paying = road.new(
        weavers,
        "กี่ทอผ้าแบบพื้นเมืองและอุปกรณ์ม้วนด้าย",
        "45000",
        starts=-5,
        ends=-120,
        lines=[("กี่ทอผ้าพื้นเมือง", "2", "หลัง", "15000", "durable"), ("อุปกรณ์ม้วนด้ายและกระสวย", "5", "ชุด", "3000")],
    )
    road.to(paying, Status.DISBURSING, line=support)
    services.payment_record(
        user=finance,
        request=paying,
        amount=Decimal("25000"),
        paid_on=_days(today, 2),
        voucher_number="ฎ 0231/2570",
        transfer_reference="KTB 0045-12231",
    )

    # Waiting for the executive: recommended 30,000.
    waiting = road.new(
        pla_som,
        "เพิ่มกำลังผลิตปลาส้มไร้ก้างบรรจุสุญญากาศ",
        "30000",
        starts=-15,
        ends=-100,
        lines=[("ปลาตะเพียนสด", "300", "กิโลกรัม", "70"), ("ถุงสุญญากาศและฉลาก", "1", "ชุด", "9000")],
    )
    road.to(waiting, Status.APPROVAL)

    # In screening: a group still forming (its reasons show on the request's page).
    screening = road.new(
        mushrooms,
        "โรงเรือนเพาะเห็ดนางฟ้า",
        "18000",
        starts=-30,
        ends=-150,
        lines=[("ก้อนเชื้อเห็ดนางฟ้า", "2000", "ก้อน", "9")],
    )
    road.to(screening, Status.SCREENING)

    # A draft being entered.
    road.new(
        pla_som,
        "ตู้แช่เย็นเก็บรักษาปลาส้ม",
        "12000",
        starts=-40,
        ends=-200,
        documents=False,
        lines=[("ตู้แช่เย็น 2 ประตู", "1", "ตู้", "12000", "durable")],
    )

    # Under way, its report overdue: the project ended 75 days ago, the report was due 45 days ago (made last:
    # an overdue report makes the group ineligible for the next request).
    late = road.new(
        pla_som,
        "ปลาส้มสำหรับตลาดนัดชุมชน",
        "15000",
        starts=120,
        ends=75,
        lines=[("ปลาตะเพียนสด", "150", "กิโลกรัม", "70"), ("เกลือและกระเทียม", "1", "ชุด", "4500")],
    )
    road.to(late, Status.IN_PROGRESS, line=materials, paid_on=50)
    log(f"grants: 2 budget lines, {GrantRequest.objects.filter(office=office).count()} demo requests")


class Road:
    """The main road of a request, each step by the role whose duty it is."""

    def __init__(self, *, staff, finance, executive, today):
        self.staff, self.finance, self.executive, self.today = staff, finance, executive, today

    def new(self, group, title, amount, *, starts, ends, lines, documents=True):
        """`starts` and `ends`: days back from today (negative: ahead)."""
        request = services.request_create(
            user=self.staff,
            group=group,
            title=title,
            purposes=["output", "quality"],
            support_kinds=["materials"],
            activities="ประชุมสมาชิกวางแผน จัดซื้อวัสดุ ผลิตและจำหน่าย สรุปผลและรายงาน",
            expected_results="กลุ่มผลิตได้มากขึ้นและมีรายได้เพิ่มขึ้นร้อยละ 20",
            starts_on=_days(self.today, starts),
            ends_on=_days(self.today, ends),
            amount_requested=Decimal(amount),
            received_on=_days(self.today, max(starts, 0) + 20),
        )
        services.cost_lines_replace(
            user=self.staff,
            request=request,
            lines=[
                {
                    "item": item,
                    "quantity": qty,
                    "unit": unit,
                    "unit_price": price,
                    "kind": kind[0] if kind else "material",
                }
                for item, qty, unit, price, *kind in lines
            ],
        )
        if documents:
            for kind in OPENING_DOCUMENTS:
                services.document_add(user=self.staff, request=request, kind=kind, upload=_pdf(f"{kind}.pdf"))
        return request

    def to(self, request, state, *, line=None, paid_on=1):
        """Along the road from the request's state up to `state`."""
        steps = {
            Status.DRAFT: lambda r: services.move(user=self.staff, request=r, to=Status.SUBMITTED),
            Status.SUBMITTED: lambda r: services.move(user=self.staff, request=r, to=Status.SCREENING),
            Status.SCREENING: lambda r: services.move(user=self.staff, request=r, to=Status.REVIEW),
            Status.REVIEW: self._review,
            Status.APPROVAL: lambda r: services.approve(
                user=self.executive, request=r, line=line, amount=r.recommended_amount
            ),
            Status.APPROVED: lambda r: services.move(user=self.staff, request=r, to=Status.AGREEMENT),
            Status.AGREEMENT: lambda r: self._signed(r, paid_on),
            Status.DISBURSING: lambda r: self._paid(r, paid_on),
            Status.IN_PROGRESS: lambda r: services.move(user=self.staff, request=r, to=Status.REPORTING),
            Status.REPORTING: self._report,
            Status.REPORT_REVIEW: lambda r: services.move(user=self.staff, request=r, to=Status.REFUND_DUE),
        }
        while (current := GrantRequest.objects.get(pk=request.pk)).status != state:
            steps[current.status](current)

    def _review(self, r):
        services.review_record(
            user=self.staff,
            request=r,
            recommended_amount=r.amount_requested,
            score=82,
            committee_notes="คณะกรรมการเห็นว่าโครงการสอดคล้องกับแผนพัฒนาตำบลและกลุ่มมีความพร้อม",
            meeting_on=min(r.received_on + datetime.timedelta(days=10), self.today),
        )
        services.move(user=self.staff, request=r, to=Status.APPROVAL)

    def _signed(self, r, paid_on):
        services.document_add(
            user=self.staff,
            request=r,
            kind=DocumentKind.SIGNED_AGREEMENT,
            upload=_pdf("agreement-signed.pdf"),
        )
        services.move(user=self.staff, request=r, to=Status.DISBURSING)
        # The demo's history: approved and signed some days before the payment (never dated before them).
        GrantRequest.objects.filter(pk=r.pk).update(
            decided_on=_days(self.today, paid_on + 10), agreement_on=_days(self.today, paid_on + 5)
        )

    def _paid(self, r, paid_on):
        services.payment_record(
            user=self.finance,
            request=r,
            amount=r.approved_amount,
            paid_on=_days(self.today, paid_on),
            voucher_number=f"ฎ 0{200 + r.pk}/2570",
            transfer_reference=f"KTB 0045-{12000 + r.pk}",
        )
        services.move(user=self.finance, request=r, to=Status.IN_PROGRESS)

    def _report(self, r):
        services.report_record(
            user=self.staff,
            request=r,
            reported_on=_days(self.today, 5),
            results="ทอผ้าไหมลายขิดได้ 42 ผืน จำหน่ายในงานกาชาดและตลาดออนไลน์ได้ 36 ผืน "
            "สมาชิกมีรายได้เพิ่มขึ้นเฉลี่ยคนละ 3,200 บาท",
        )
        services.document_add(user=self.staff, request=r, kind=DocumentKind.REPORT, upload=_pdf("report.pdf"))
        services.move(user=self.staff, request=r, to=Status.REPORT_REVIEW)
