"""What the request's forms tell a first-time officer before they are refused: which fields a draft needs now
(*) and which only before it is submitted, the largest file an upload may be, and the day the committee met
(never in the future, never before the request was received), shown on the page and in the decision letter."""

import datetime
import html
import re

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.forms import NEEDED_TO_SUBMIT, RequestForm
from grants.models import Status
from grants.pdf import decision_context
from grants.workflow import GRANT
from kit import thai
from tests.grants.helpers import advance, days_ago, grant_world, make_request, refresh, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture(autouse=True)
def in_thai():
    with translation.override("th"):
        yield


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _label(body: str, name: str) -> str:
    """The words of a field's label (or of its legend, for a group of boxes), tags left out."""
    match = re.search(rf'<label class="form-label"\s+for="id_{name}"\s*>(.*?)</label>', body, re.S)
    if match is None:  # a group of check boxes: its legend, before the first box of the field
        before = body[: body.index(f'name="{name}"')]
        match = re.search(r"<legend[^>]*>(.*?)</legend>", before[before.rindex("<fieldset") :], re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


def test_fields_needed_to_submit_are_marked_apart_from_those_needed_now(client, gw):
    request = make_request(gw)
    client.force_login(gw.staff)
    body = _text(client.get(reverse("grants:edit", args=[request.pk])))
    for name in NEEDED_TO_SUBMIT:
        assert _label(body, name).endswith("(จำเป็นเมื่อยื่นคำร้อง)"), name
    assert _label(body, "expected_results") == "ผลที่คาดว่าจะได้รับ (จำเป็นเมื่อยื่นคำร้อง)"
    assert _label(body, "title") == "ชื่อโครงการ*"  # needed to save at all
    assert _label(body, "received_on") == "วันที่รับคำร้อง"  # never needed
    assert "ช่องที่ระบุว่า “จำเป็นเมื่อยื่นคำร้อง” กรอกภายหลังได้" in body


def test_the_marks_are_what_submission_asks_for():
    """Each marked field left empty holds a draft back; a field not marked does not."""
    form = RequestForm(groups=None)
    unmarked = [n for n, f in form.fields.items() if not f.required and n not in NEEDED_TO_SUBMIT]
    assert unmarked == ["received_on"]
    assert not hasattr(form.fields["title"], "needed_later")


@pytest.mark.parametrize("name", [*NEEDED_TO_SUBMIT, "received_on"])
def test_a_draft_without_a_marked_field_cannot_be_submitted(gw, name):
    request = make_request(gw)
    assert GRANT.missing(refresh(request)) == []
    blank = {"purposes": [], "support_kinds": [], "activities": "", "expected_results": ""}.get(name)
    setattr(request, name, blank)
    request.save()
    assert bool(GRANT.missing(refresh(request))) is (name in NEEDED_TO_SUBMIT), name


@override_settings(GRANTS_MAX_UPLOAD_MB=3)
def test_the_upload_limit_is_said_before_a_file_is_chosen(client, gw):
    request = make_request(gw, documents=False)
    client.force_login(gw.staff)
    body = _text(client.get(reverse("grants:detail", args=[request.pk])))
    upload = body.split('name="file"', 1)[1].split("</div>", 1)[0]
    assert "ไฟล์ PDF, JPEG, PNG หรือ WebP ขนาดไม่เกิน 3\u00a0MB" in upload


def _review(client, gw, request, day):
    client.force_login(gw.staff)
    return client.post(
        reverse("grants:detail", args=[request.pk]),
        {
            "action": "review",
            "anchor": "review",
            "meeting_on": day if isinstance(day, str) else f"{day:%d/%m/}{day.year + 543}",
            "recommended_amount": "20,000",
            "score": "80",
            "committee_notes": "เหมาะสม",
        },
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (today() + datetime.timedelta(days=1), "วันที่คณะกรรมการประชุม เป็นวันในอนาคตไม่ได้"),
        (days_ago(91), "คณะกรรมการประชุมพิจารณาก่อนวันที่รับคำร้อง"),
        ("", "ฟิลด์นี้จำเป็น"),
    ],
)
def test_a_meeting_date_in_the_future_or_before_the_request_was_received_is_refused(client, gw, day, message):
    request = advance(gw, make_request(gw), Status.REVIEW)  # received 90 days ago
    response = _review(client, gw, request, day)
    assert response.status_code == 200 and message in _text(response)
    assert refresh(request).review_meeting_on is None and refresh(request).recommended_amount is None


def test_the_meeting_date_is_on_the_page_and_in_the_decision_letter(client, gw):
    request = advance(gw, make_request(gw), Status.REVIEW)
    response = _review(client, gw, request, days_ago(90))  # the day the request was received will do
    assert response.status_code == 302
    assert refresh(request).review_meeting_on == days_ago(90)
    page = _text(client.get(reverse("grants:detail", args=[request.pk])))
    shown = page.split('data-testid="review-meeting"', 1)[1].split("</dd>", 1)[0]
    assert f"{days_ago(90).year + 543}" in shown
    services.move(user=gw.staff, request=refresh(request), to=Status.APPROVAL)
    services.approve(user=gw.executive, request=refresh(request), line=gw.line, amount="20000")
    letter = render_to_string(
        "pdf/grants_decision.html",
        decision_context(refresh(request), status_url="https://example.org/grants/status/"),
    )
    when = f'<span class="whole">{thai.date_long(days_ago(90))}</span>'  # Thai digits when printed
    assert f"ได้ประชุมพิจารณาคำร้องดังกล่าวเมื่อวันที่ {when}" in letter


@override_settings(GRANTS_DURABLE_THRESHOLD=8000)
def test_the_budget_line_form_says_what_materials_only_does_in_the_users_words(client, gw):
    client.force_login(gw.staff)
    body = _text(client.get(reverse("grants:line_create")))
    help_text = body.split('name="materials_only"', 1)[1].split("</div>", 2)[:2]
    said = " ".join(re.sub(r"<[^>]+>", " ", "".join(help_text)).split())
    assert "ติ๊กเมื่องบรายการนี้ใช้ซื้อได้เฉพาะวัสดุ" in said and "เกิน 8,000 บาทต่อหน่วยหรือต่อชุด" in said
    assert "ข้อมูลตั้งต้น" not in body and "seed" not in said.lower()
