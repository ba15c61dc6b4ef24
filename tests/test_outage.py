"""A database that stops answering, simulated in-process (every query fails as a lost server's would): pages
and the sign-in answer the Thai 503 page, rendered without a query; other errors keep the 500 page. The
real outage, with a PostgreSQL server stopped and started and the worker, is
tests/outage/test_database_outage.py.
"""

import re
from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory

from kit.outage import is_outage, server_error, unavailable_response
from kit.worker import backoff
from tests.factories import PASSWORD

OUTAGE_TEXT = "ระบบไม่พร้อมใช้งานชั่วคราว กรุณาลองใหม่อีกครั้ง"


@contextmanager
def database_down():
    def refuse(execute, sql, params, many, context):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with connection.execute_wrapper(refuse):
        yield


def assert_outage_page(response):
    html = response.content.decode()
    assert response.status_code == 503 and OUTAGE_TEXT in html
    assert response["Retry-After"].isdigit() and "no-store" in response["Cache-Control"]
    text = " ".join(re.sub(r"<[^>]+>", " ", html.split("</head>")[1]).split())
    assert not re.findall(r"[A-Za-z]{2,}", text), text  # Thai only


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/registry/people/", "/training/"])
def test_a_signed_in_page_answers_503_while_the_database_is_down(world, path):
    # The session behind request.user is read by middleware, outside the view: the error reaches Django's 500
    # handler, as in production (the test client would otherwise raise it instead of answering).
    client = Client(raise_request_exception=False)
    client.force_login(world.tao_a)
    with database_down():
        assert_outage_page(client.get(path))


@pytest.mark.django_db
def test_the_sign_in_answers_503_while_the_database_is_down(client, world):
    with database_down():
        response = client.post("/accounts/login/", {"username": "tao_a", "password": PASSWORD})
    assert_outage_page(response)


@pytest.mark.django_db
def test_healthz_still_answers_its_own_503(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "unavailable", "database": "down"}


def test_the_page_is_rendered_without_touching_the_database():
    # No django_db mark: pytest-django refuses any connection here, so a query would fail this test.
    assert_outage_page(unavailable_response())


def test_an_outage_raised_outside_a_view_gets_the_page_too_and_other_errors_the_500_page():
    request = RequestFactory().get("/")
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError:
        assert_outage_page(server_error(request))
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500 and OUTAGE_TEXT not in response.content.decode()


def test_an_error_raised_while_handling_a_database_error_counts_as_the_outage():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as exc:
            raise RuntimeError("could not record the failure") from exc
    except RuntimeError as exc:
        assert is_outage(exc)
    assert not is_outage(RuntimeError("no database involved")) and not is_outage(None)


def test_the_worker_waits_1_s_doubling_to_30_s():
    assert [backoff(n) for n in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]
