"""Scope of grant requests, with the shared helpers of tests/scoping.py: office A's request is seen by office
A, its district and province and the admin, and by nobody else, on every page, export, document and public
page; changing it is refused, with the policy's reason, to whoever sees it but does not own it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants import services
from grants.models import DocumentKind, GrantFile, Status
from tests.grants.helpers import advance, grant_world, make_request, pdf
from tests.scoping import assert_refused_for, assert_scoped

VISIBLE = ["tao_a", "district_a", "province_a", "admin"]
HIDDEN = ["tao_a2", "tao_b", "province_b"]


@pytest.fixture
def agreed(world, django_capture_on_commit_callbacks):
    gw = grant_world(world)
    request = advance(gw, make_request(gw, title="ผ้าไหมลายขิดสำหรับงานกาชาด"), Status.AGREEMENT)
    document = services.document_add(
        user=gw.staff, request=request, kind=DocumentKind.SIGNED_AGREEMENT, upload=pdf("ข้อตกลง.pdf")
    )
    with django_capture_on_commit_callbacks(execute=True):  # queued on commit; the immediate backend makes it
        grant_file = services.grant_file_request(user=gw.staff, request=request)
    grant_file.refresh_from_db()
    assert grant_file.state == GrantFile.State.READY
    return gw, request, document, grant_file


def test_every_page_and_document_of_a_request_is_scoped(client, world, agreed):
    gw, request, document, grant_file = agreed
    for url, contains in (
        (reverse("grants:detail", args=[request.pk]), request.number),
        (reverse("grants:document", args=[request.pk, document.pk]), None),
        (reverse("grants:receipt_pdf", args=[request.pk]), None),
        (reverse("grants:decision_pdf", args=[request.pk]), None),
        (reverse("grants:agreement_pdf", args=[request.pk]), None),
        (reverse("grants:file", args=[request.pk, grant_file.pk]), None),
        (reverse("grants:line", args=[gw.line.pk]), request.number),
    ):
        assert_scoped(client, url, visible_to=VISIBLE, hidden_from=HIDDEN, world=world, contains=contains)


def test_the_lists_and_the_export_hold_only_the_users_area(client, world, agreed):
    gw, request, _document, _file = agreed
    users = world.users()
    for url in (reverse("grants:list"), reverse("grants:due"), reverse("grants:lines")):
        for name in VISIBLE + HIDDEN:
            client.force_login(users[name])
            body = client.get(url).content.decode()
            shown = request.number in body or gw.line.project in body
            if url == reverse("grants:due"):
                continue  # the request's report is not due yet: test_lists.py tests the due list's scope
            assert shown == (name in VISIBLE), f"{name} at {url}"
    for name in VISIBLE + HIDDEN:
        client.force_login(users[name])
        response = client.get(reverse("grants:export"))
        assert response.status_code == 200
        cells = {
            str(c.value)
            for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
            for c in row
        }
        assert (request.number in cells) == (name in VISIBLE), f"{name} in the export"


def test_the_edit_page_and_the_moves_are_refused_with_the_reason_to_readers(client, world, agreed):
    _gw, request, _document, _file = agreed
    # Readers of the area are told why; the request stays as it is.
    assert_refused_for(
        client,
        reverse("grants:edit", args=[request.pk]),
        refused_to=["district_a", "province_a"],
        world=world,
    )
    assert_refused_for(
        client,
        reverse("grants:detail", args=[request.pk]),
        world=world,
        method="post",
        refused_to=["district_a", "province_a"],
        data={"action": "move", "to": Status.DISBURSING, "anchor": "moves"},
    )
    request.refresh_from_db()
    assert request.status == Status.AGREEMENT


def test_the_public_pages_show_a_request_only_with_its_own_groups_number_and_office(client, world, agreed):
    gw, request, _document, _file = agreed
    response = client.post(
        reverse("grants:status"), {"number": request.number, "registration": "ชม 0077/2566"}
    )
    assert request.title not in response.content.decode()
    response = client.post(
        reverse("grants:status"), {"number": request.number, "registration": gw.group.registration_number}
    )
    assert request.title in response.content.decode()
    listed = reverse("grants:public_list") + f"?office={world.office_a.code}&year={request.fiscal_year}"
    assert request.title in client.get(listed).content.decode()
    other = reverse("grants:public_list") + f"?office={world.office_b.code}&year={request.fiscal_year}"
    assert request.title not in client.get(other).content.decode()
