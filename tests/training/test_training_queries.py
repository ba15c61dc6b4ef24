"""The training list and the training page read a fixed number of queries: more trainees, sessions,
certificates, follow-ups, materials and trainings add none (no query per row)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.registers.helpers import make_person
from tests.training.helpers import TRAINEE_NUMBERS, training_at
from training.models import Attendance, Enrollment, FollowUp, MaterialReceipt, Session, Step

pytestmark = pytest.mark.django_db


def _grow(training, n=4):
    """More sessions and more trainees, each with attendance, scores, materials and a follow-up visit."""
    day = training.start_date or datetime.date(2026, 1, 20)
    for i in range(2):
        Session.objects.create(
            training=training,
            date=day + datetime.timedelta(days=2 + i),
            start_time=datetime.time(9),
            end_time=datetime.time(12),
            title=f"ฝึกปฏิบัติ {i}",
        )
    sessions = list(training.sessions.all())
    for _n in range(n):
        enrollment = Enrollment.objects.create(
            training=training,
            post_score=Decimal(90),
            person=make_person(training.village, next(TRAINEE_NUMBERS)),
        )
        for session in sessions:
            Attendance.objects.create(enrollment=enrollment, session=session, hours=session.hours)
        MaterialReceipt.objects.create(
            enrollment=enrollment, item="พริกแห้ง", quantity=2, unit="กิโลกรัม", received_on=day
        )
        FollowUp.objects.create(enrollment=enrollment, round=1, due_on=day + datetime.timedelta(days=90))


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("step", [Step.EVALUATE, Step.FOLLOW_UP])
def test_the_training_page_reads_a_fixed_number_of_queries(client, world, catalogue, step):
    training = training_at(world.office_a, step, ready=step == Step.EVALUATE)
    client.force_login(world.tao_a)
    url = reverse("training:detail", args=[training.pk])
    _grow(training, 1)  # one row of each kind first: a prefetch over no rows is skipped
    _count(client, url)  # and the content types cached, as in a running server
    before = _count(client, url)
    _grow(training, 4)
    assert _count(client, url) == before <= 40


def test_the_training_list_reads_a_fixed_number_of_queries(client, world, catalogue):
    client.force_login(world.tao_a)
    url = reverse("training:training_list")
    _grow(training_at(world.office_a, Step.RUN), 1)
    before = _count(client, url)
    for step in (Step.TOPIC, Step.PLAN, Step.EVALUATE):
        _grow(training_at(world.office_a, step))
    assert _count(client, url) == before <= 15
