"""The executive approves only a request whose group still passes the eligibility rules: a report of an
earlier grant that fell overdue after screening (or money left unreturned) refuses the approval with the
reasons, on the service and on the page; once the cause is fixed the same approval goes through."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import ApprovedVersion, DocumentKind, RequestMove, Status
from grants.selectors import eligibility
from kit.workflow import TransitionRefused
from tests.grants.helpers import advance, days_ago, grant_world, make_request, pdf, refresh, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def gw(world):
    return grant_world(world)


def _waiting_with_an_overdue_report(gw):
    """A request screened and recommended while the group was eligible; then an earlier grant of the group,
    paid and under way, whose project ended 40 days ago: its report was due 10 days ago."""
    waiting = advance(gw, make_request(gw), Status.APPROVAL)
    earlier = make_request(gw, starts_on=days_ago(200), ends_on=days_ago(40))
    earlier = advance(gw, earlier, Status.IN_PROGRESS)
    assert earlier.report_due_on < today()
    return waiting, earlier


def test_an_eligible_group_is_approved(gw):
    request = advance(gw, make_request(gw), Status.APPROVAL)
    assert eligibility(refresh(request), today()).eligible
    approved = services.approve(user=gw.executive, request=request, line=gw.line, amount="20000")
    assert approved.status == Status.APPROVED


def test_an_overdue_report_refuses_the_approval_with_its_reason(gw):
    waiting, earlier = _waiting_with_an_overdue_report(gw)
    panel = eligibility(refresh(waiting), today())
    assert not panel.eligible
    with translation.override("th"), pytest.raises(TransitionRefused) as refused:
        services.approve(user=gw.executive, request=refresh(waiting), line=gw.line, amount="20000")
    message = " ".join(refused.value.messages)
    assert "กลุ่มที่ผ่านการตรวจสอบคุณสมบัติ" in message and "เลยกำหนดส่ง" in message and earlier.number in message
    request = refresh(waiting)  # nothing half-written: no line, no amount, no move, no frozen version
    assert request.status == Status.APPROVAL
    assert request.budget_line_id is None and request.approved_amount is None
    assert not RequestMove.objects.filter(request=request, to_state=Status.APPROVED).exists()
    assert not ApprovedVersion.objects.filter(request=request).exists()
    # Moving it by the table's own function is refused the same way.
    with pytest.raises(TransitionRefused):
        services.move(user=gw.executive, request=request, to=Status.APPROVED)


def test_once_the_report_is_in_the_approval_goes_through(gw):
    waiting, earlier = _waiting_with_an_overdue_report(gw)
    services.move(user=gw.staff, request=earlier, to=Status.REPORTING)
    with pytest.raises(TransitionRefused):  # still overdue while the report is being written
        services.approve(user=gw.executive, request=refresh(waiting), line=gw.line, amount="20000")
    services.report_record(
        user=gw.staff, request=refresh(earlier), results="ทอผ้าได้ 40 ผืน", reported_on=today()
    )
    services.document_add(user=gw.staff, request=refresh(earlier), kind=DocumentKind.REPORT, upload=pdf())
    services.move(user=gw.staff, request=refresh(earlier), to=Status.REPORT_REVIEW)
    approved = services.approve(user=gw.executive, request=refresh(waiting), line=gw.line, amount="20000")
    assert approved.status == Status.APPROVED


def test_the_page_says_why_the_executive_cannot_approve(client, gw):
    waiting, earlier = _waiting_with_an_overdue_report(gw)
    client.force_login(gw.executive)
    url = reverse("grants:detail", args=[waiting.pk])
    with translation.override("th"):
        page = html.unescape(client.get(url).content.decode())
        moves = page.split('data-testid="move-approved"', 1)[1].split('data-testid="move-', 1)[0]
        assert "กลุ่มที่ผ่านการตรวจสอบคุณสมบัติ" in moves and earlier.number in moves
        response = client.post(url, {"action": "approve", "line": gw.line.pk, "amount": "20,000"})
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    errors = body.split('data-testid="form-errors"', 1)[1].split("</div>", 1)[0]
    assert "เลยกำหนดส่ง" in errors and earlier.number in errors
    assert refresh(waiting).status == Status.APPROVAL
