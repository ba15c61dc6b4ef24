"""Printed documents of the grants app, rendered through kit.pdf (Sarabun embedded, the exact text layer):

- `decision_pdf`: the decision letter (หนังสือแจ้งผลการพิจารณา): approval with its amount, budget line and
  conditions, or rejection / ineligibility with the reason written on the timeline;
- `agreement_pdf`: the agreement (บันทึกข้อตกลง) between the funding office and the group, with both parties'
  signature blocks and witnesses;
- `receipt_pdf`: the request receipt (ใบรับคำร้อง) given to the group once its request is submitted: the
  request number and the group's registration number, which the public status page asks for, with that page's
  address and a QR code to it;
- `grant_file_pdf`: the whole grant file for auditors (request, screening, decision, agreement, payments,
  report, refunds, receipts, timeline), built by the background worker (grants/tasks.py).

Thai literal text and Buddhist Era dates (these are Thai government documents). Every digit they print is a
Thai digit, whatever field it came from (a request or voucher number, an item, a reason), and the names of the
request's places and people are never broken across two lines: both by kit.pdf.official_text, through which
each document is rendered. The approved cost lines printed are those of the latest approved version, and they
add up to the approved amount printed, or the document is not made. The decision letter and the agreement go
to the group: they carry no person's data other than the committee names the group signs with.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _

from grants.models import (
    Adjuster,
    CostKind,
    DocumentKind,
    GrantRequest,
    Purpose,
    RequestMove,
    Status,
    SupportKind,
)
from grants.workflow import AGREED_STATES, DECISION_STATES
from kit import pdf as printing
from kit import thai

# The states in Thai, for the public pages and the printed documents (villagers read them: Thai literal text,
# like training/public.py). Every state must have its label (checked by the tests).
STATE_TH = {
    Status.DRAFT: "ร่างคำร้อง",
    Status.SUBMITTED: "ยื่นคำร้องแล้ว",
    Status.MORE_INFO: "ขอข้อมูลเพิ่มเติมจากกลุ่ม",
    Status.SCREENING: "ตรวจสอบคุณสมบัติ",
    Status.INELIGIBLE: "ไม่ผ่านการตรวจสอบคุณสมบัติ",
    Status.REVIEW: "คณะกรรมการพิจารณา",
    Status.APPROVAL: "รอผู้บริหารพิจารณาอนุมัติ",
    Status.APPROVED: "อนุมัติแล้ว",
    Status.REJECTED: "ไม่อนุมัติ",
    Status.AGREEMENT: "จัดทำบันทึกข้อตกลง",
    Status.DISBURSING: "เบิกจ่ายเงิน",
    Status.IN_PROGRESS: "ดำเนินโครงการ",
    Status.REPORTING: "รายงานผลการดำเนินงาน",
    Status.REPORT_REVIEW: "ตรวจรายงานผลการดำเนินงาน",
    Status.REFUND_DUE: "รอคืนเงินเหลือจ่าย",
    Status.CLOSED: "ปิดโครงการแล้ว",
    Status.WITHDRAWN: "ถอนคำร้อง",
    Status.TERMINATED: "ยุติโครงการ",
}
PURPOSE_TH = {
    Purpose.OUTPUT: "เพิ่มผลผลิต",
    Purpose.QUALITY: "พัฒนาคุณภาพผลผลิต",
    Purpose.MANAGEMENT: "พัฒนาการบริหารจัดการกลุ่ม",
    Purpose.SKILLS: "เพิ่มทักษะของสมาชิก",
}
SUPPORT_TH = {
    SupportKind.MONEY: "เงิน",
    SupportKind.MATERIALS: "วัสดุ",
    SupportKind.TOOLS: "เครื่องมือ",
    SupportKind.TECHNOLOGY: "เทคโนโลยีที่เหมาะสม",
}
COST_KIND_TH = {CostKind.MATERIAL: "วัสดุ", CostKind.DURABLE: "ครุภัณฑ์", CostKind.OTHER: "ค่าใช้จ่ายอื่น"}
ADJUSTER_TH = {Adjuster.COMMITTEE: "คณะกรรมการ", Adjuster.EXECUTIVE: "ผู้บริหาร"}
DOCUMENT_TH = {
    DocumentKind.REQUEST_LETTER: "หนังสือขอรับการสนับสนุน",
    DocumentKind.PROJECT_PLAN: "แผนงานโครงการ",
    DocumentKind.GROUP_REGISTRATION: "หลักฐานการจดทะเบียนกลุ่มกับอำเภอ",
    DocumentKind.MINUTES: "รายงานการประชุมที่มีมติขอรับการสนับสนุน",
    DocumentKind.SIGNED_AGREEMENT: "บันทึกข้อตกลงที่ลงนามแล้ว",
    DocumentKind.RECEIPT: "ใบเสร็จรับเงิน",
    DocumentKind.REPORT: "รายงานผลการดำเนินงานของกลุ่ม",
    DocumentKind.PHOTO: "ภาพถ่ายผลการดำเนินงาน",
    DocumentKind.OTHER: "เอกสารอื่น",
}


def state_th(value) -> str:
    return STATE_TH.get(value, "")


def purposes_th(values) -> str:
    return ", ".join(PURPOSE_TH[v] for v in values or () if v in PURPOSE_TH)


# The digits are left as they are here: kit.pdf.official_text prints every digit of the page in Thai.


def _date(value) -> str:
    # A date ("๘ ธันวาคม พ.ศ. ๒๕๖๙") is kept on one line: a no-break space does not hold against Pango's Thai
    # word breaks, an inline block does (see kit/pdf.py).
    return format_html('<span class="whole">{}</span>', thai.date_long(value)) if value else ""


def _date_short(value) -> str:
    return format_html('<span class="whole">{}</span>', thai.date_short(value)) if value else ""


def _money(value) -> str:
    return thai.baht(value) if value is not None else ""


def _number(value) -> str:
    value = Decimal(value)
    return f"{value.quantize(Decimal(1))}" if value == value.to_integral() else f"{value.normalize():f}"


def _render(template: str, context: dict) -> bytes:
    return printing.render(template, context, official=True, names=context["names"])


# --- what a request has to print ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    kind: str  # a Status value: approved, rejected or ineligible
    on: object  # date
    reason: str


def decision_of(request: GrantRequest) -> Decision | None:
    """The request's decision, read from its timeline (the last move into approved,
    rejected or ineligible)."""
    last = (
        RequestMove.objects.filter(request=request, to_state__in=DECISION_STATES)
        .order_by("-at", "-pk")
        .first()
    )
    if last is None:
        return None
    from django.utils import timezone

    return Decision(
        kind=last.to_state,
        on=request.decided_on
        if last.to_state == Status.APPROVED and request.decided_on
        else timezone.localtime(last.at).date(),
        reason=last.reason,
    )


def has_agreement(request: GrantRequest) -> bool:
    """The agreement exists from the move into "agreement" on (the move numbers it)."""
    return bool(request.agreement_number) and request.status in AGREED_STATES


def _office(office) -> dict:
    return {
        "name": office.name,
        "address": office.address,
        "emblem": printing.data_uri(office.emblem),
        "signer_name": office.signer_name.strip(),
        "signer_position": office.signer_position.strip(),
        "signature": printing.data_uri(office.signature),
    }


def _cost_rows(lines) -> tuple[list[dict], str]:
    """Cost lines (models or the frozen JSON of ApprovedVersion) as printed rows, and their total."""
    rows, total = [], Decimal(0)
    for i, line in enumerate(lines, start=1):
        get = line.get if isinstance(line, dict) else (lambda key, line=line: getattr(line, key))
        quantity, price = Decimal(str(get("quantity"))), Decimal(str(get("unit_price")))
        amount = (quantity * price).quantize(Decimal("0.01"))
        total += amount
        rows.append(
            {
                "number": i,
                "item": get("item"),
                "quantity": _number(quantity),
                "unit": get("unit"),
                "unit_price": _money(price),
                "amount": _money(amount),
                "kind": COST_KIND_TH.get(get("kind"), ""),
            }
        )
    return rows, _money(total)


@dataclass(frozen=True)
class Approved:
    """The approved version as printed: its cost lines (adding up to the approved amount), their total, and
    the lines approved other than asked, with why."""

    rows: list
    total: str
    adjustments: list


def _approved(request: GrantRequest) -> Approved:
    """The latest approved version's lines. Lines that do not add up to the approved amount are never printed
    (the services make no such version; one left from before is refused with the reason)."""
    from grants.selectors import lines_total

    version = request.versions.order_by("-number").first()
    lines = version.cost_lines if version is not None else []
    if lines_total(lines) != request.approved_amount:
        raise ValidationError(
            _(
                "The approved cost lines of request %(number)s add up to %(total)s baht, not the approved "
                "%(amount)s baht: no document lists them until a change of the approved request gives cost "
                "lines that add up to its amount."
            )
            % {
                "number": request.number,
                "total": thai.baht(lines_total(lines)),
                "amount": thai.baht(request.approved_amount),
            }
        )
    rows, total = _cost_rows(lines)
    return Approved(
        rows=rows, total=total, adjustments=_adjustment_rows(version.adjustments if version else [])
    )


def _adjustment_rows(adjustments) -> list[dict]:
    """The lines approved other than asked: as asked, as decided (or removed), by whom and why."""

    def priced(quantity, unit, price) -> str:
        amount = Decimal(quantity) * Decimal(price)
        return f"{_number(quantity)} {unit} × {_money(Decimal(price))} = {_money(amount)}"

    return [
        {
            "item": a["item"],
            "asked": priced(a["asked_quantity"], a["unit"], a["asked_unit_price"]),
            "decided": "ตัดรายการนี้ออก" if a["removed"] else priced(a["quantity"], a["unit"], a["unit_price"]),
            "by": ADJUSTER_TH.get(a["by"], ""),
            "reason": a["reason"],
        }
        for a in adjustments
    ]


def _committee(request: GrantRequest) -> dict:
    """The group's president and treasurer today (groups.selectors.current_committee), by name."""
    from django.utils import timezone

    from groups.models import CommitteeRole
    from groups.selectors import current_committee

    seats = {
        seat.role: str(seat.membership.person)
        for seat in current_committee(request.group, timezone.localdate())
        if seat.role in (CommitteeRole.PRESIDENT, CommitteeRole.TREASURER)
    }
    return {
        "president": seats.get(CommitteeRole.PRESIDENT, ""),
        "treasurer": seats.get(CommitteeRole.TREASURER, ""),
    }


def _report_days(request: GrantRequest) -> int:
    from grants.selectors import report_due_days

    return report_due_days(request.office_id)


def _names(request: GrantRequest, people=()) -> list[str]:
    """The names kept whole on a line: the places of the request's village, and each word of the people's
    names (a first name, a last name)."""
    village = request.village
    names = [w for person in people for w in (person or "").split()]
    if village is None:
        return names
    areas = [
        ("ตำบล", village.sub_district.name_th),
        ("อำเภอ", village.district.name_th),
        ("จังหวัด", village.province.name_th),
    ]
    return [village.name, *(f"{kind}{name}" for kind, name in areas), *(name for _, name in areas), *names]


def _base(request: GrantRequest, people=()) -> dict:
    line = request.budget_line
    office = _office(request.office)
    return {
        "office": office,
        "names": _names(request, [office["signer_name"], *people]),
        "number": request.number,
        "title": request.title,
        "group": request.group.name,
        "fiscal_year": request.fiscal_year,
        "purposes": purposes_th(request.purposes),
        "support": ", ".join(SUPPORT_TH[v] for v in request.support_kinds or () if v in SUPPORT_TH),
        "starts_on": _date(request.starts_on),
        "ends_on": _date(request.ends_on),
        "report_due_on": _date(request.report_due_on),
        "report_days": _report_days(request),
        "received_on": _date(request.received_on),
        "amount_requested": _money(request.amount_requested),
        "approved": _money(request.approved_amount),
        "approved_words": thai.baht_text(request.approved_amount) if request.approved_amount else "",
        "line": {
            "project": line.project,
            "codes": line.codes,
            "materials_only": line.materials_only,
        }
        if line
        else None,
        "durable_limit": _money(_durable_limit()),
    }


def _durable_limit():
    from grants.selectors import durable_threshold

    return durable_threshold()


def _load(request: GrantRequest) -> GrantRequest:
    return GrantRequest.objects.select_related(
        "office",
        "group",
        "budget_line",
        "village__sub_district",
        "village__district",
        "village__province",
    ).get(pk=request.pk)


# --- the decision letter ------------------------------------------------------------------------------------


class NoDecision(Exception):
    """The request has no decision yet: nothing to print."""


def decision_context(request: GrantRequest, *, status_url: str) -> dict:
    request = _load(request)
    decision = decision_of(request)
    if decision is None:
        raise NoDecision
    approved = decision.kind == Status.APPROVED
    return {
        **_base(request),
        **_status_page(status_url),
        "registration": request.group.registration_number,
        "decision": decision.kind,
        "decided_on": _date(decision.on),
        "review_meeting_on": _date(request.review_meeting_on),
        "reason": decision.reason,
        "approved_state": approved,
        "approved_lines": _approved(request) if approved else None,
    }


def decision_pdf(request: GrantRequest, *, status_url: str) -> bytes:
    """`status_url`: the public status page's absolute address (the letter tells the group where to follow
    its request)."""
    return _render("pdf/grants_decision.html", decision_context(request, status_url=status_url))


# --- the request receipt ------------------------------------------------------------------------------------


class NotReceived(Exception):
    """The request was never submitted: there is no receipt to print."""


def _submitted(request: GrantRequest) -> RequestMove | None:
    """The request's first submission (its receipt is printed from then on)."""
    return (
        RequestMove.objects.filter(request=request, to_state=Status.SUBMITTED)
        .select_related("user")
        .order_by("at", "pk")
        .first()
    )


def has_receipt(request: GrantRequest) -> bool:
    return request.moves.filter(to_state=Status.SUBMITTED).exists()


def _status_page(status_url: str) -> dict:
    """The public status page's address as printed: whole for the QR code, in two parts (host, path, without
    the scheme) for the eye, each kept on one line."""
    host, path = printing.printed_address(status_url)
    return {"status_url": status_url, "status_host": host, "status_path": path}


def receipt_context(request: GrantRequest, *, status_url: str) -> dict:
    from django.utils import timezone

    request = _load(request)
    submitted = _submitted(request)
    if submitted is None:
        raise NotReceived
    # The documents given with the request: attached by its first submission (not the agreement, the report).
    kinds = set(request.documents.filter(uploaded_at__lte=submitted.at).values_list("kind", flat=True))
    return {
        **_base(request),
        **_status_page(status_url),
        "qr": printing.qr_data_uri(status_url),
        "registration": request.group.registration_number,
        "received_on": _date(request.received_on or timezone.localtime(submitted.at).date()),
        "received_by": _user_name(submitted.user),
        "documents": [DOCUMENT_TH[kind] for kind in DocumentKind if kind in kinds],
    }


def receipt_pdf(request: GrantRequest, *, status_url: str) -> bytes:
    """`status_url`: the public status page's absolute address, printed and in the QR code."""
    return _render("pdf/grants_receipt.html", receipt_context(request, status_url=status_url))


# --- the agreement ------------------------------------------------------------------------------------------


def agreement_context(request: GrantRequest) -> dict:
    request = _load(request)
    if not has_agreement(request):
        raise NoDecision
    approved = _approved(request)
    village = request.village
    committee = _committee(request)
    return {
        **_base(request, committee.values()),
        "agreement_number": request.agreement_number,
        "agreement_on": _date(request.agreement_on),
        "rows": approved.rows,
        "total": approved.total,
        "committee": committee,
        "group_place": (f"หมู่ที่ {village.number} {village.name} ตำบล{village.sub_district.name_th}")
        if village
        else "",
        "has_durable": any(r["kind"] == COST_KIND_TH[CostKind.DURABLE] for r in approved.rows),
    }


def agreement_pdf(request: GrantRequest) -> bytes:
    return _render("pdf/grants_agreement.html", agreement_context(request))


# --- the grant file for auditors ----------------------------------------------------------------------------


def _user_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _screening(moves) -> list[dict]:
    """The eligibility found at screening, from the timeline: each move out of screening, with its reason."""
    rows = []
    for move in moves:
        if move.from_state != Status.SCREENING:
            continue
        result = {
            Status.REVIEW: "ผ่านการตรวจสอบคุณสมบัติ ส่งคณะกรรมการพิจารณา",
            Status.INELIGIBLE: "ไม่ผ่านการตรวจสอบคุณสมบัติ",
        }.get(move.to_state, state_th(move.to_state))
        rows.append({"on": move.on, "result": result, "reason": move.reason, "by": move.by})
    return rows


def grant_file_context(request: GrantRequest) -> dict:
    from django.utils import timezone

    from grants.selectors import request_money

    request = _load(request)
    requested_rows, requested_total = _cost_rows(request.cost_lines.all())
    approved = _approved(request) if request.approved_amount else Approved(rows=[], total="", adjustments=[])
    moves = list(request.moves.select_related("user").order_by("at", "pk"))
    for move in moves:
        move.on = thai.date_short(timezone.localtime(move.at)) + timezone.localtime(move.at).strftime(
            " %H:%M"
        )
        move.by = _user_name(move.user)
        move.state = state_th(move.to_state)
    committee = _committee(request)
    base = _base(request, [*committee.values(), *(move.by for move in moves)])
    money = request_money(request)
    spending = [
        {
            "on": _date_short(t.ledger_entry.date),
            "description": t.ledger_entry.description,
            "receipt_number": t.ledger_entry.document_number or "–",
            "scanned": bool(t.ledger_entry.receipt),
            "amount": _money(t.ledger_entry.amount),
        }
        for t in request.spending.select_related("ledger_entry").order_by("ledger_entry__date", "pk")
    ]
    payments = []
    for p in request.payments.select_related("reversal").order_by("paid_on", "pk"):
        payments.append(
            {
                "on": _date_short(p.paid_on),
                "voucher": p.voucher_number,
                "reference": p.transfer_reference,
                "amount": _money(p.amount),
            }
        )
        if hasattr(p, "reversal"):  # the reversing entry, below the payment it cancels
            payments.append(
                {
                    "on": _date_short(p.reversal.reversed_on),
                    "voucher": p.voucher_number,
                    "reference": f"กลับรายการ: {p.reversal.reason}",
                    "amount": f"-{_money(p.amount)}",
                }
            )
    refunds = [
        {
            "on": _date_short(r.refunded_on),
            "receipt_number": r.receipt_number,
            "amount": _money(r.amount),
        }
        for r in request.refunds.order_by("refunded_on", "pk")
    ]
    receipts = [{"source": "รายจ่ายของกลุ่ม", **row} for row in spending] + [
        {
            "source": "ใบเสร็จรับเงินของหน่วยงาน",
            "on": r["on"],
            "description": "คืนเงินเหลือจ่าย",
            "receipt_number": r["receipt_number"],
            "scanned": False,
            "amount": r["amount"],
        }
        for r in refunds
    ]
    decision = decision_of(request)
    uploaded = list(request.documents.all())
    documents = [
        {
            "kind": DOCUMENT_TH.get(d.kind, ""),
            "name": d.name,
            "on": _date_short(timezone.localtime(d.uploaded_at)),
        }
        for d in uploaded
    ]
    # Receipts uploaded to the request itself (beside the ledger's scanned ones): listed by file name.
    receipts += [
        {
            "source": "แนบกับคำร้อง",
            "on": doc["on"],
            "description": doc["name"],
            "receipt_number": "–",
            "scanned": True,
            "amount": "",
        }
        for d, doc in zip(uploaded, documents, strict=True)
        if d.kind == DocumentKind.RECEIPT
    ]
    return {
        **base,
        "state": state_th(request.status),
        "activities": request.activities,
        "expected_results": request.expected_results,
        "requested_rows": requested_rows,
        "requested_total": requested_total,
        "approved_rows": approved.rows,
        "approved_total": approved.total,
        "adjustments": approved.adjustments,
        "screening": _screening(moves),
        "decision": decision.kind if decision else "",
        "decision_state": state_th(decision.kind) if decision else "",
        "decided_on": _date(decision.on) if decision else "",
        "decision_reason": decision.reason if decision else "",
        "agreement_number": request.agreement_number,
        "agreement_on": _date(request.agreement_on),
        "committee": committee,
        "payments": payments,
        "paid": _money(money.paid),
        "report_results": request.report_results,
        "reported_on": _date(request.reported_on),
        "spending": spending,
        "spent": _money(money.spent),
        "left": _money(money.left_to_return) if money.accounted else "",
        "refunds": refunds,
        "refunded": _money(money.refunded),
        "receipts": receipts,
        "documents": documents,
        "moves": moves,
        "printed_on": _date(timezone.localdate()),
    }


def grant_file_pdf(request: GrantRequest) -> bytes:
    return _render("pdf/grants_file.html", grant_file_context(request))
