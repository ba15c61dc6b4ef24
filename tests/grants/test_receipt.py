"""The request receipt (ใบรับคำร้อง): printed once the request is submitted, with what the public status page
asks for (the request number, the group's registration number), that page's absolute address and a QR code to
it; the decision letter names the status page too."""

import pytest
import segno
from django.template.loader import render_to_string
from django.urls import reverse

from grants import services
from grants.models import Status
from kit import thai
from tests.grants.helpers import advance, grant_world, make_request, refresh
from tests.grants.test_printouts import _pdf_text, squeeze

pytestmark = pytest.mark.django_db

STATUS_URL = "http://testserver/grants/status/"


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture
def qr_urls(monkeypatch):
    """The addresses the printed QR codes were made for."""
    made, make = [], segno.make

    def recording(content, *args, **kwargs):
        made.append(content)
        return make(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make", recording)
    return made


def test_the_receipt_carries_what_the_status_page_asks_for(client, gw, qr_urls):
    request = advance(gw, make_request(gw), Status.SUBMITTED)
    client.force_login(gw.staff)
    response = client.get(reverse("grants:receipt_pdf", args=[request.pk]))
    assert response["Content-Disposition"].endswith(f'receipt-{request.number}.pdf"')
    text = _pdf_text(response)
    assert squeeze("ใบรับคำร้องขอรับการสนับสนุน") in text
    # In Thai digits, as every printed grants document; the status page's form takes them as printed.
    assert thai.thai_digits(request.number) in text and squeeze(thai.thai_digits("กษ 0012/2566")) in text
    assert "testserver/grants/status/" in text and squeeze("ติดตามสถานะคำร้อง") in text
    assert qr_urls == [STATUS_URL]  # the QR code opens the status page, by its absolute address
    assert squeeze(gw.group.name) in text and squeeze("ผ้าไหมลายขิดสีธรรมชาติเพื่อจำหน่าย") in text
    assert squeeze("หนังสือขอรับการสนับสนุน") in text and squeeze("แผนงานโครงการ") in text  # the documents given
    assert squeeze("ผู้รับคำร้อง") in text and squeeze(gw.staff.get_full_name()) in text


def test_the_receipt_lists_only_the_documents_given_with_the_request(client, gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)  # the signed agreement attached since
    client.force_login(gw.staff)
    text = _pdf_text(client.get(reverse("grants:receipt_pdf", args=[request.pk])))
    assert squeeze("แผนงานโครงการ") in text and squeeze("บันทึกข้อตกลงที่ลงนามแล้ว") not in text


def test_a_draft_has_no_receipt_and_the_printouts_offer_it_once_submitted(client, gw, rf):
    request = make_request(gw)
    client.force_login(gw.staff)
    url = reverse("grants:receipt_pdf", args=[request.pk])
    assert client.get(url).status_code == 404
    http = rf.get("/")
    http.user = gw.staff

    def box(r):
        return render_to_string(
            "grants/_printouts.html", {"request_obj": refresh(r), "user": gw.staff}, request=http
        )

    assert url not in box(request)
    services.move(user=gw.staff, request=request, to=Status.SUBMITTED)
    assert url in box(request)
    assert client.get(url).status_code == 200
    services.move(user=gw.staff, request=refresh(request), to=Status.MORE_INFO, reason="ขาดรายงานการประชุม")
    assert url in box(request)  # received once: the receipt stays


def test_the_decision_letter_names_the_status_page(client, gw):
    request = advance(gw, make_request(gw), Status.APPROVED)
    client.force_login(gw.staff)
    text = _pdf_text(client.get(reverse("grants:decision_pdf", args=[request.pk])))
    assert squeeze("ติดตามสถานะคำร้องได้ที่") in text and "testserver/grants/status/" in text
    assert squeeze("ด้วยเลขที่คำร้องและเลขทะเบียนกลุ่ม") in text and thai.thai_digits(request.number) in text
