"""The public pages of the grants app: the group's status lookup and the list of approved grants. No
login; no personal data; failures rate-limited like the certificate lookup."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import BudgetLine, Status, StatusLookupAttempt
from grants.pdf import STATE_TH
from kit import thai
from tests.grants.helpers import advance, grant_world, make_request
from tests.grants.test_printouts import go_on

pytestmark = pytest.mark.django_db

STATUS = "/grants/status/"
LIST = "/grants/public/"
REGISTRATION = "กษ 0012/2566"  # tests.grants.helpers.grant_world's group


@pytest.fixture
def gw(world):
    return grant_world(world)


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).replace("\xa0", " ").split())


def look_up(client, number, registration=REGISTRATION, ip="203.0.113.7"):
    return client.post(STATUS, {"number": number, "registration": registration}, REMOTE_ADDR=ip)


def test_the_url_names_are_the_contract():
    assert reverse("grants:status") == STATUS and reverse("grants:public_list") == LIST


def test_status_page_shows_the_state_and_the_dates_of_each_move(gw, client):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    page = client.get(STATUS)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    # Spaces and case of the registration number do not count.
    response = look_up(client, f" {request.number.lower()} ", registration="กษ0012/2566")
    assert response.status_code == 200
    text = text_of(response)
    assert request.number in text and request.title in text and gw.group.name in text
    assert request.office.name in text and STATE_TH[Status.IN_PROGRESS] in text
    for state in (Status.SUBMITTED, Status.SCREENING, Status.APPROVED, Status.AGREEMENT, Status.DISBURSING):
        assert STATE_TH[state] in text
    assert thai.date_short(datetime.date.today()) in text
    assert "20,000.00" in text  # the approved amount and the paid total are public
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert StatusLookupAttempt.objects.get().succeeded


def test_the_numbers_as_printed_in_thai_digits_find_the_request(gw, client):
    """The receipt and the letters print every digit as a Thai digit: typed as printed, they are found."""
    request = advance(gw, make_request(gw), Status.SUBMITTED)
    registration = thai.thai_digits("กษ 0012/2566")
    response = look_up(client, thai.thai_digits(request.number), registration=registration)
    assert response.status_code == 200 and request.title in text_of(response)


def test_status_page_shows_no_personal_data_nor_reasons(gw, world, client):
    request = advance(gw, make_request(gw), Status.SCREENING)
    services.move(user=gw.staff, request=request, to=Status.MORE_INFO, reason="ขอสำเนาบัตรของนางบุญมี ศรีสุข")
    text = text_of(look_up(client, request.number))
    assert STATE_TH[Status.MORE_INFO] in text
    assert "บุญมี" not in text and "สำเนาบัตร" not in text  # the reason may name people: never shown
    for user in (gw.staff, gw.finance, gw.executive, world.tao_a):
        assert user.get_full_name() not in text and user.username not in text
    for membership in gw.group.memberships.select_related("person"):
        person = membership.person
        assert person.first_name not in text and person.national_id not in text
    assert REGISTRATION not in text  # what was typed is not written back


def test_the_result_is_not_reachable_by_url_parameters(gw, client):
    request = advance(gw, make_request(gw), Status.SUBMITTED)
    response = client.get(STATUS, {"number": request.number, "registration": REGISTRATION})
    assert response.status_code == 200 and request.title not in response.content.decode()


def test_a_wrong_registration_number_finds_nothing_and_counts_as_a_failure(gw, world, client):
    request = advance(gw, make_request(gw), Status.SUBMITTED)
    response = look_up(client, request.number, registration="กษ 9999/2566")
    assert response.status_code == 200 and request.title not in response.content.decode()
    assert "ไม่พบคำร้อง" in text_of(response)
    assert StatusLookupAttempt.objects.filter(succeeded=False).count() == 1


def test_another_groups_registration_number_does_not_open_this_request(gw, world, client):
    """A group that knows its own registration number cannot read another group's request."""
    from groups import services as groups
    from tests.groups.helpers import days_ago, make_group

    mine = advance(gw, make_request(gw), Status.SUBMITTED)
    other = make_group(world.tao_a, world.office_a, name="กลุ่มจักสานบ้านดอนสวรรค์")
    groups.group_register(user=world.tao_a, group=other, number="กษ 0099/2567", registered_on=days_ago(300))
    response = look_up(client, mine.number, registration="กษ 0099/2567")
    assert mine.title not in response.content.decode() and "ไม่พบคำร้อง" in text_of(response)


def test_the_lookup_is_rate_limited_per_client(gw, client):
    request = advance(gw, make_request(gw), Status.SUBMITTED)
    for _ in range(5):
        assert look_up(client, "6460105-2569-9999").status_code == 200
    blocked = look_up(client, request.number)  # even the right answer, once locked out
    assert blocked.status_code == 429 and request.title not in blocked.content.decode()
    assert "ลองผิดหลายครั้งเกินไป" in text_of(blocked)
    assert (
        look_up(client, request.number, ip="198.51.100.9").status_code == 200
    )  # another client is not blocked
    stored = set(StatusLookupAttempt.objects.values_list("client", flat=True))
    assert "203.0.113.7" not in stored and all(len(c) == 64 for c in stored)  # hashed


def test_old_failures_leave_the_window(gw, client):
    request = advance(gw, make_request(gw), Status.SUBMITTED)
    for _ in range(5):
        look_up(client, "nothing")
    StatusLookupAttempt.objects.update(
        at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert request.title in look_up(client, request.number).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"number": "", "registration": ""},
        {"number": "x" * 5000, "registration": "y"},
        {"number": "\x00", "registration": "\x00"},
        {"number": ["a", "b"]},
    ],
)
def test_junk_posts_get_a_message_never_a_500(gw, client, data):
    response = client.post(STATUS, data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 400 and "โปรด" in text_of(response)


# --- the public list ----------------------------------------------------------------------------------------


def _approved(gw, **fields):
    return go_on(gw, advance(gw, make_request(gw, **fields), Status.APPROVAL), Status.APPROVED)


def test_public_list_shows_only_approved_grants_of_the_office_and_year(gw, world, client):
    approved = _approved(gw)
    closed_title = "แปรรูปผ้าไหมเป็นกระเป๋า"
    rejected = advance(gw, make_request(gw, title="โครงการที่ไม่ได้รับอนุมัติ"), Status.APPROVAL)
    services.move(user=gw.executive, request=rejected, to=Status.REJECTED, reason="ซ้ำซ้อน")
    waiting = advance(gw, make_request(gw, title="โครงการที่รอพิจารณา"), Status.REVIEW)
    # An approved grant of another year of the same office.
    next_year = BudgetLine.objects.create(
        office=gw.line.office,
        fiscal_year=gw.line.fiscal_year + 1,
        plan_code="1",
        project="งบปีหน้า",
        appropriated=Decimal(50000),
        materials_only=True,
    )
    later = make_request(gw, title=closed_title, fiscal_year=gw.line.fiscal_year + 1)
    gw_next = type(gw)(
        staff=gw.staff, finance=gw.finance, executive=gw.executive, group=gw.group, line=next_year
    )
    later = advance(gw_next, later, Status.APPROVAL)
    go_on(gw_next, later, Status.APPROVED)

    office = gw.line.office
    response = client.get(LIST, {"office": office.code, "year": gw.line.fiscal_year})
    assert response.status_code == 200
    text = text_of(response)
    assert approved.title in text and gw.group.name in text and "20,000.00" in text
    assert rejected.title not in text and waiting.title not in text and closed_title not in text
    assert "รวม 1 โครงการ" in text
    # The form offers the offices with approved grants, and their years.
    assert office.name in text and str(gw.line.fiscal_year + 1) in response.content.decode()
    assert world.office_b.name not in text
    # No personal data: no member, no officer.
    for membership in gw.group.memberships.select_related("person"):
        assert membership.person.first_name not in text
    assert gw.staff.get_full_name() not in text and gw.executive.get_full_name() not in text
    response = client.get(LIST, {"office": office.code, "year": gw.line.fiscal_year + 1})
    assert closed_title in text_of(response) and approved.title not in text_of(response)


def test_public_list_of_another_office_shows_none_of_this_offices_grants(gw, world, client):
    approved = _approved(gw)
    response = client.get(LIST, {"office": world.office_b.code, "year": gw.line.fiscal_year})
    assert approved.title not in text_of(response)


@pytest.mark.parametrize(
    "params",
    [
        {"office": "nope", "year": "2569"},
        {"office": "{code}", "year": "abc"},
        {"office": "{code}", "year": "9" * 500},
        {"office": "{code}", "year": "-1"},
        {"office": "{code}"},
        {"year": "2569"},
        {"office": "{code}", "year": "๒๕๖๙๙"},
        {"office": "'; drop table x; --", "year": "1e9"},
    ],
)
def test_public_list_junk_parameters_give_the_empty_form_with_a_message(gw, client, params):
    approved = _approved(gw)
    params = {k: v.replace("{code}", gw.line.office.code) for k, v in params.items()}
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "ไม่พบหน่วยงานหรือปีงบประมาณที่เลือก" in text_of(response) and approved.title not in text_of(response)


def test_a_nul_byte_is_refused_before_the_page(gw, client):
    assert client.get(LIST, {"office": "\x00", "year": "\x00"}).status_code == 400  # config.middleware


def test_public_list_without_parameters_is_the_form(gw, client):
    _approved(gw)
    response = client.get(LIST)
    assert (
        response.status_code == 200
        and "ไม่พบ" not in text_of(response)
        and 'name="office"' in response.content.decode()
    )


def test_public_list_reads_thai_digits_of_the_year(gw, client):
    approved = _approved(gw)
    response = client.get(
        LIST, {"office": gw.line.office.code, "year": thai.thai_digits(gw.line.fiscal_year)}
    )
    assert approved.title in text_of(response)
