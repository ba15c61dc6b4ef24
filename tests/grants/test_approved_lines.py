"""Which cost lines are approved: the committee recommends and the executive approves each line as asked,
changed or removed (with the reason), the approved version lists exactly the approved lines and they add up to
the approved amount on every printed document and in the export; a "materials only" budget line takes material
lines only. The printed documents: every digit in Thai, names never broken across lines, the signatures kept
with the last clause.

The PDFs are read back with poppler's pdftotext (the exact text layer); `-layout` keeps a table's row on one
line, so each cost table's amounts are summed and compared with the total printed under it."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from grants import services
from grants.models import Adjuster, ApprovedVersion, BudgetLine, CostAdjustment, GrantFile, Status
from grants.pdf import agreement_pdf, decision_pdf, grant_file_pdf
from grants.selectors import lines_total
from groups.models import CommitteeRole
from kit import thai
from tests.grants.helpers import advance, days_ago, grant_world, make_request, refresh
from tests.groups.helpers import full_committee
from tests.training.test_pdf import pdftotext

pytestmark = pytest.mark.django_db

# Asked: 28,678 of materials and 500 of transport, 29,178 in all.
LINES = [
    {
        "item": "เส้นไหมย้อมสีธรรมชาติ",
        "quantity": "23",
        "unit": "กิโลกรัม",
        "unit_price": "850",
        "kind": "material",
    },
    {
        "item": "สีย้อมธรรมชาติและสารช่วยติดสี",
        "quantity": "12",
        "unit": "ชุด",
        "unit_price": "310",
        "kind": "material",
    },
    {"item": "ด้ายยืนสำหรับกี่ทอผ้า", "quantity": "8", "unit": "ม้วน", "unit_price": "551", "kind": "material"},
    {"item": "ถุงบรรจุภัณฑ์พร้อมฉลาก", "quantity": "200", "unit": "ใบ", "unit_price": "5", "kind": "material"},
    {"item": "ค่าขนส่งวัสดุ", "quantity": "1", "unit": "เที่ยว", "unit_price": "500", "kind": "other"},
]
ASKED, WITHOUT_TRANSPORT = Decimal(29178), Decimal(28678)
NO_TRANSPORT = "งบประมาณนี้สนับสนุนเฉพาะวัสดุ ไม่รวมค่าขนส่ง"
GROUP = "กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์"

STATUS_URL = "https://example.org/grants/status/"  # the public status page, printed on the decision letter


@pytest.fixture(autouse=True)
def thai_language():
    with translation.override("th"):
        yield


@pytest.fixture
def gw(world):
    gw = grant_world(world, appropriated="200000")
    gw.group.name = GROUP
    gw.group.save(update_fields=["name"])
    office = world.office_a
    office.signer_name, office.signer_position = "นายสมชาย ใจดี", "นายกองค์การบริหารส่วนตำบลลำปาว"
    office.save()
    full_committee(world.tao_a, gw.group, days_ago(300))
    return gw


def _other_line(gw) -> BudgetLine:
    """A line of the same office and year that is not "materials only"."""
    return BudgetLine.objects.create(
        office=gw.line.office,
        fiscal_year=gw.line.fiscal_year,
        plan_code="00230",
        project="โครงการสนับสนุนกลุ่มอาชีพ (เงินอุดหนุนทั่วไป)",
        appropriated=Decimal(200000),
    )


def _in_review(gw, **fields):
    return advance(gw, make_request(gw, amount=str(ASKED), cost_lines=LINES, **fields), Status.REVIEW)


def _transport(request):
    return request.cost_lines.get(kind="other")


def _removed(request, reason=NO_TRANSPORT) -> list[dict]:
    return [{"line": _transport(request).pk, "removed": True, "reason": reason}]


def _recommended_without_transport(gw, **fields):
    """The committee recommends 28,678: the transport line removed, with its reason; then to the executive."""
    request = _in_review(gw, **fields)
    services.review_record(
        user=gw.staff, request=request, recommended_amount=WITHOUT_TRANSPORT, lines=_removed(request)
    )
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)
    return refresh(request)


def _approved_without_transport(gw, **fields):
    request = _recommended_without_transport(gw, **fields)
    services.approve(user=gw.executive, request=request, line=gw.line, amount=WITHOUT_TRANSPORT)
    return refresh(request)


# --- the services -------------------------------------------------------------------------------------------


def test_the_approved_version_lists_exactly_the_lines_approved_and_why_one_was_removed(gw):
    request = _approved_without_transport(gw)
    version = request.versions.get()
    assert request.approved_amount == version.amount == WITHOUT_TRANSPORT
    assert [line["item"] for line in version.cost_lines] == [line["item"] for line in LINES[:4]]
    assert lines_total(version.cost_lines) == WITHOUT_TRANSPORT
    assert version.adjustments == [
        {
            "item": "ค่าขนส่งวัสดุ",
            "unit": "เที่ยว",
            "kind": "other",
            "asked_quantity": "1.00",
            "asked_unit_price": "500.00",
            "quantity": None,
            "unit_price": None,
            "removed": True,
            "by": Adjuster.COMMITTEE,
            "reason": NO_TRANSPORT,
        }
    ]
    # What the group asked stays as asked.
    assert sum((c.amount for c in request.cost_lines.all()), Decimal(0)) == ASKED


def test_the_executive_changes_and_restores_lines_over_the_recommendation(gw):
    request = _recommended_without_transport(gw)
    silk = request.cost_lines.get(item="เส้นไหมย้อมสีธรรมชาติ")
    lines = [
        {"line": silk.pk, "quantity": "22", "unit_price": "850", "reason": "ใช้เส้นไหมที่กลุ่มมีอยู่ ๑ กิโลกรัม"},
        {"line": _transport(request).pk, "quantity": "1", "unit_price": "500", "reason": "ใช้รายการงบอื่น"},
    ]  # 28,678 − 850 + 500 = 28,328
    services.approve(user=gw.executive, request=request, line=_other_line(gw), amount="28,328", lines=lines)
    version = refresh(request).versions.get()
    assert lines_total(version.cost_lines) == Decimal(28328) == version.amount
    assert [(a["item"], a["by"], a["removed"], a["quantity"]) for a in version.adjustments] == [
        ("เส้นไหมย้อมสีธรรมชาติ", Adjuster.EXECUTIVE, False, "22.00"),
        ("ค่าขนส่งวัสดุ", Adjuster.EXECUTIVE, False, "1.00"),
    ]


def test_lines_that_do_not_add_up_to_the_amount_are_refused_and_nothing_is_kept(gw):
    request = _in_review(gw)
    with pytest.raises(ValidationError) as refused:  # the committee's 28,678 with every line still in
        services.review_record(user=gw.staff, request=request, recommended_amount=WITHOUT_TRANSPORT)
    assert refused.value.messages == [
        "รายการค่าใช้จ่ายที่เสนอรวมได้ 29,178.00 บาท ไม่เท่ากับจำนวนเงินที่เสนอ 28,678.00 บาท: ปรับหรือตัดรายการ "
        "พร้อมเหตุผลของแต่ละรายการ ให้รวมได้เท่ากับจำนวนเงินที่เสนอ"
    ]
    assert refresh(request).recommended_amount is None
    with pytest.raises(ValidationError, match="เขียนเหตุผลที่ตัด “ค่าขนส่งวัสดุ” ออก"):
        services.review_record(
            user=gw.staff, request=request, recommended_amount=WITHOUT_TRANSPORT, lines=_removed(request, " ")
        )
    assert not CostAdjustment.objects.filter(request=request).exists()
    services.review_record(user=gw.staff, request=request, recommended_amount=ASKED)  # all of it
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)
    with pytest.raises(ValidationError) as refused:  # the executive's 28,678 without saying which lines
        services.approve(user=gw.executive, request=refresh(request), line=_other_line(gw), amount="28678")
    assert refused.value.messages == [
        "รายการค่าใช้จ่ายที่อนุมัติรวมได้ 29,178.00 บาท ไม่เท่ากับจำนวนเงินที่อนุมัติ 28,678.00 บาท: "
        "ปรับหรือตัดรายการ พร้อมเหตุผลของแต่ละรายการ ให้รวมได้เท่ากับจำนวนเงินที่อนุมัติ"
    ]
    request = refresh(request)
    assert (request.status, request.approved_amount, request.versions.count()) == (Status.APPROVAL, None, 0)


def test_no_version_is_frozen_whose_lines_differ_from_the_approved_amount(gw):
    request = _recommended_without_transport(gw)
    type(request).objects.filter(pk=request.pk).update(approved_amount=ASKED)  # as the old approval left it
    with pytest.raises(ValidationError, match="29,178.00"):
        services.freeze_version(refresh(request), user=gw.executive)
    assert not ApprovedVersion.objects.exists()


def test_a_change_s_lines_add_up_to_its_new_amount(gw):
    request = _approved_without_transport(gw)
    with pytest.raises(ValidationError, match="28,678.00"):  # the approved lines do not make 29,178
        services.change_ask(user=gw.staff, request=request, amount=ASKED, reason="ขอค่าขนส่งคืน")
    lines = [*LINES[:4], {**LINES[3], "item": "ถุงผ้าใส่ผ้าไหม", "quantity": "100"}]  # + 500 of bags
    change = services.change_ask(
        user=gw.staff, request=request, amount=ASKED, reason="เพิ่มถุงผ้า", cost_lines=lines
    )
    services.change_decide(user=gw.executive, request=request, change=change, approve=True)
    version = refresh(request).versions.get(number=2)
    assert lines_total(version.cost_lines) == version.amount == refresh(request).approved_amount == ASKED


def test_a_materials_only_line_takes_material_lines_only(gw):
    request = _in_review(gw)
    services.review_record(user=gw.staff, request=request, recommended_amount=ASKED)
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)
    with pytest.raises(ValidationError) as refused:
        services.approve(user=gw.executive, request=refresh(request), line=gw.line, amount=ASKED)
    assert refused.value.messages == [
        "“ค่าขนส่งวัสดุ” เป็นค่าใช้จ่ายอื่น ไม่ใช่วัสดุ: รายการงบประมาณ “โครงการส่งเสริมอาชีพกลุ่มอาชีพในตำบล” "
        "จ่ายได้เฉพาะค่าวัสดุ ตัดรายการนี้ออก หรืออนุมัติจากรายการงบประมาณอื่น"
    ]
    assert refresh(request).status == Status.APPROVAL
    services.approve(
        user=gw.executive,
        request=refresh(request),
        line=gw.line,
        amount=WITHOUT_TRANSPORT,
        lines=_removed(request, "รายการงบประมาณนี้จ่ายเฉพาะค่าวัสดุ"),
    )
    assert refresh(request).status == Status.APPROVED


def test_a_line_with_other_expenses_approved_from_it_cannot_become_materials_only(gw):
    request = _in_review(gw)
    services.review_record(user=gw.staff, request=request, recommended_amount=ASKED)
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)
    other = _other_line(gw)
    services.approve(user=gw.executive, request=refresh(request), line=other, amount=ASKED)
    other.materials_only = True
    with pytest.raises(ValidationError, match="ค่าใช้จ่ายอื่น"):
        services.budget_line_save(user=gw.staff, line=other)


# --- the pages (no script needed) ---------------------------------------------------------------------------


def _form_lines(prefix, request, **changed) -> dict:
    """The grid of the review or the approval as the browser posts it: each line as asked unless `changed`
    (item -> {"removed": "on", "reason": ...} or {"quantity": ..., "reason": ...})."""
    data = {f"{prefix}-TOTAL_FORMS": str(request.cost_lines.count()), f"{prefix}-INITIAL_FORMS": "0"}
    for i, line in enumerate(request.cost_lines.all()):
        row = {"line": line.pk, "quantity": str(line.quantity), "unit_price": str(line.unit_price)}
        row.update(changed.get(line.item, {}))
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_committee_and_the_executive_decide_the_lines_on_the_page(client, gw):
    request = _in_review(gw)
    client.force_login(gw.staff)
    page = _page_text(client.get(reverse("grants:detail", args=[request.pk])))
    assert 'name="review-lines-4-removed"' in page and "ค่าขนส่งวัสดุ" in page
    met = timezone.localdate()
    data = {
        "action": "review",
        "recommended_amount": "28,678",
        "score": "80",
        "meeting_on": f"{met:%d/%m/}{met.year + 543}",
    }
    removed = {"ค่าขนส่งวัสดุ": {"removed": "on", "reason": NO_TRANSPORT}}
    response = client.post(
        reverse("grants:detail", args=[request.pk]),
        {**data, **_form_lines("review-lines", request, **removed)},
    )
    assert response.status_code == 302
    assert refresh(request).recommended_amount == WITHOUT_TRANSPORT
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)

    client.force_login(gw.executive)
    page = _page_text(client.get(reverse("grants:detail", args=[request.pk])))
    approval = page.split('id="approval"', 1)[1]
    assert f"คณะกรรมการ: ตัดออก · {NO_TRANSPORT}" in " ".join(approval.split())  # the recommendation shown
    # The budget line's choice says which line pays for materials only.
    assert "เฉพาะวัสดุ · โครงการส่งเสริมอาชีพกลุ่มอาชีพในตำบล" in approval
    other = _other_line(gw)
    page = _page_text(client.get(reverse("grants:detail", args=[request.pk])))
    assert "เฉพาะวัสดุ · โครงการสนับสนุนกลุ่มอาชีพ" not in page
    # The executive also cuts the bags, and forgets the reason: refused, what was typed is kept.
    data = {"action": "approve", "line": other.pk, "amount": "27,678"}
    cut = {
        "ค่าขนส่งวัสดุ": {"removed": "on"},
        "ถุงบรรจุภัณฑ์พร้อมฉลาก": {"removed": "on"},
    }
    response = client.post(
        reverse("grants:detail", args=[request.pk]), {**data, **_form_lines("approve-lines", request, **cut)}
    )
    assert response.status_code == 200
    body = _page_text(response)
    assert "เขียนเหตุผลที่ตัด “ถุงบรรจุภัณฑ์พร้อมฉลาก” ออก" in body
    assert re.search(r'name="approve-lines-3-removed"[^>]*checked', body)
    assert refresh(request).status == Status.APPROVAL
    cut["ถุงบรรจุภัณฑ์พร้อมฉลาก"]["reason"] = "กลุ่มมีถุงเหลือจากปีก่อน"
    response = client.post(
        reverse("grants:detail", args=[request.pk]), {**data, **_form_lines("approve-lines", request, **cut)}
    )
    assert response.status_code == 302
    version = refresh(request).versions.get()
    assert lines_total(version.cost_lines) == version.amount == Decimal(27678)
    assert {(a["item"], a["by"]) for a in version.adjustments} == {
        ("ค่าขนส่งวัสดุ", Adjuster.COMMITTEE),
        ("ถุงบรรจุภัณฑ์พร้อมฉลาก", Adjuster.EXECUTIVE),
    }
    page = re.sub(r"<[^>]+>", "", _page_text(client.get(reverse("grants:detail", args=[request.pk]))))
    versions = " ".join(page.split())  # the versions' card: what was removed, by whom and why
    assert "ผู้บริหาร: ตัดรายการ: ถุงบรรจุภัณฑ์พร้อมฉลาก 200 ใบ × 5.00 · กลุ่มมีถุงเหลือจากปีก่อน" in versions
    assert f"คณะกรรมการ: ตัดรายการ: ค่าขนส่งวัสดุ 1 เที่ยว × 500.00 · {NO_TRANSPORT}" in versions


# --- the printed documents and the export -------------------------------------------------------------------

MONEY = re.compile(r"[๐-๙][๐-๙,]*\.[๐-๙]{2}")


def _baht(text: str) -> Decimal:
    return Decimal(thai.arabic_digits(text).replace(",", ""))


def cost_tables(data: bytes) -> list[tuple[list[Decimal], Decimal]]:
    """Each cost table of a printed document: its rows' amounts and the total printed under it."""
    tables, rows = [], None
    for line in pdftotext(data, "-layout").splitlines():
        figures = [_baht(m) for m in MONEY.findall(line)]
        if "ลำดับ" in line and "รายการ" in line:
            rows = []
        elif rows is not None and "รวม" in line and len(figures) == 1:
            tables.append((rows, figures[0]))
            rows = None
        elif rows is not None and figures:
            assert len(figures) == 2, line  # a row: its unit price and its amount
            rows.append(figures[1])
    return tables


def _to_agreement(gw, request):
    services.move(user=gw.staff, request=request, to=Status.AGREEMENT)
    return refresh(request)


def test_every_printed_list_of_cost_lines_adds_up_to_the_total_and_the_amount_shown(client, gw):
    request = _to_agreement(gw, _approved_without_transport(gw))
    approved = thai.thai_digits(thai.baht(WITHOUT_TRANSPORT))
    documents = {
        "decision letter": decision_pdf(request, status_url=STATUS_URL),
        "agreement": agreement_pdf(request),
        "grant file": grant_file_pdf(request),
    }
    for name, data in documents.items():
        tables = cost_tables(data)
        assert tables, name
        for rows, total in tables:
            assert sum(rows, Decimal(0)) == total, name
        assert tables[-1][1] == WITHOUT_TRANSPORT, name  # the approved lines: the approved amount
        assert approved in pdftotext(data), name  # the amount written in the document
    assert [total for _rows, total in cost_tables(documents["grant file"])] == [ASKED, WITHOUT_TRANSPORT]
    assert "ค่าขนส่งวัสดุ" not in pdftotext(documents["agreement"])
    assert "".join(NO_TRANSPORT.split()) in "".join(pdftotext(documents["decision letter"]).split())
    # The export: each request's approved amount is what its approved lines add up to.
    client.force_login(gw.staff)
    response = client.get(reverse("grants:export"))
    rows = [
        list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    column = rows[0].index("จำนวนเงินที่อนุมัติ (บาท)")
    (row,) = [row for row in rows[1:] if row[0] == request.number]
    assert Decimal(str(row[column])) == lines_total(request.versions.get().cost_lines) == WITHOUT_TRANSPORT


def test_a_version_left_with_lines_that_do_not_add_up_is_not_printed(
    client, gw, django_capture_on_commit_callbacks
):
    request = _to_agreement(gw, _approved_without_transport(gw))
    version = request.versions.get()
    version.cost_lines = [*version.cost_lines, {**LINES[4], "quantity": "1", "unit_price": "500"}]
    version.save(update_fields=["cost_lines"])  # as the approval made it before the lines were asked for
    client.force_login(gw.staff)
    for name in ("grants:agreement_pdf", "grants:decision_pdf"):
        response = client.get(reverse(name, args=[request.pk]), follow=True)
        assert response.redirect_chain and response.status_code == 200
        assert "รวมได้ 29,178.00 บาท ไม่เท่ากับจำนวนเงินที่อนุมัติ 28,678.00 บาท" in _page_text(response)
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_file_request(user=gw.staff, request=request)
    made = GrantFile.objects.get(request=request)
    assert made.state == GrantFile.State.FAILED and "29,178.00" in made.error


ARABIC = re.compile(r"[0-9]")


def test_every_digit_a_grants_document_prints_is_a_thai_digit(gw):
    """Digits typed in every field (numbers, items, reasons, results, names) are printed in Thai."""
    from tests.groups.helpers import expense

    request = _in_review(
        gw,
        title="ผ้าไหม 2 ลายสำหรับงานกาชาด 2570",
        activities="ทอผ้า 3 รอบ",
        expected_results="ผ้าไหมเพิ่มขึ้นเดือนละ 20 ผืน",
    )
    services.review_record(
        user=gw.staff,
        request=request,
        recommended_amount=WITHOUT_TRANSPORT,
        lines=_removed(request, "ค่าขนส่งเกิน 300 บาทต่อเที่ยว"),
    )
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)
    services.approve(user=gw.executive, request=refresh(request), line=gw.line, amount=WITHOUT_TRANSPORT)
    request = _to_agreement(gw, refresh(request))
    from tests.grants.helpers import pdf

    services.document_add(user=gw.staff, request=request, kind="agreement", upload=pdf("ข้อตกลง 12.pdf"))
    services.move(user=gw.staff, request=request, to=Status.DISBURSING)
    services.payment_record(
        user=gw.finance,
        request=refresh(request),
        amount=WITHOUT_TRANSPORT,
        paid_on=days_ago(0),  # on the agreement's day (a payment is never before it)
        voucher_number="ฎ 0231/2570",
        transfer_reference="KTB 0045-12231",
    )
    services.move(user=gw.finance, request=refresh(request), to=Status.IN_PROGRESS)
    bought = expense(gw.staff, gw.group, days_ago(0), "20000")
    bought.document_number = "INV-2570/118"
    bought.save(update_fields=["document_number"])
    services.spending_tag(user=gw.staff, request=refresh(request), entries=[bought])
    services.report_record(user=gw.staff, request=refresh(request), results="ทอได้ 45 ผืน ขายได้ 38 ผืน")
    request = refresh(request)
    for name, data in (
        ("decision letter", decision_pdf(request, status_url=STATUS_URL)),
        ("agreement", agreement_pdf(request)),
        ("grant file", grant_file_pdf(request)),
    ):
        text = pdftotext(data)
        assert not ARABIC.search(text), (name, ARABIC.findall(text), text[:500])
        assert thai.thai_digits(request.number) in text, name  # the letter's number, in Thai too
    text = "".join(pdftotext(grant_file_pdf(request)).split())
    for typed in ("ฎ๐๒๓๑/๒๕๗๐", "KTB๐๐๔๕-๑๒๒๓๑", "INV-๒๕๗๐/๑๑๘", "ทอได้๔๕ผืน", "ค่าขนส่งเกิน๓๐๐บาทต่อเที่ยว"):
        assert typed in text, typed


def test_a_rejection_letter_prints_its_reason_in_thai_digits(gw):
    request = _recommended_without_transport(gw)
    services.move(
        user=gw.executive, request=request, to=Status.REJECTED, reason="งบประมาณปี 2570 เหลือไม่ถึง 10,000 บาท"
    )
    text = pdftotext(decision_pdf(refresh(request), status_url=STATUS_URL))
    assert not ARABIC.search(text) and "๒๕๗๐" in text


def test_names_stay_whole_and_the_signatures_stay_with_the_last_clause(gw):
    """The lines as asked, transport too, from a line that is not "materials only": the agreement's third
    page used to hold the signatures alone, and the group's name broke inside its village's name."""
    request = _in_review(gw)
    services.review_record(user=gw.staff, request=request, recommended_amount=ASKED)
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)
    services.approve(user=gw.executive, request=refresh(request), line=_other_line(gw), amount=ASKED)
    request = _to_agreement(gw, refresh(request))
    data = agreement_pdf(request)
    text = pdftotext(data)
    signing = gw.group.committee.filter(role__in=[CommitteeRole.PRESIDENT, CommitteeRole.TREASURER])
    signers = [str(seat.membership.person) for seat in signing]
    names = ["บ้านดอนสวรรค์", "ลำปาว", "สมชาย", *(w for n in signers for w in n.split())]
    flat = "".join(text.split())
    for name in names:
        name = thai.thai_digits(name)
        assert text.count(name) == flat.count(name) > 0, name  # never split across two lines
    pages = [page for page in text.split("\f") if page.strip()]
    signed = next(page for page in pages if "ลงชื่อ" in page)
    assert "ทำขึ้นเป็นสองฉบับ" in "".join(signed.split())  # the last clause is on the signatures' page
    assert len(pages) == 2
