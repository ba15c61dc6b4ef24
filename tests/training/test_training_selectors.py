"""The training app's page reads on known data: typed objects (frozen dataclasses) for the pages."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from tests.training.helpers import training_at
from training import selectors
from training.models import FollowUp, MaterialReceipt, SatisfactionResponse, Step, Training
from training.services import training_advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(world, catalogue):
    """A training at step 10: three trainees; the first eligible and certified, the second attended too
    little, the third failed the test; follow-ups due 3 and 6 months after 21 January 2026."""
    training = training_at(world.office_a, Step.SATISFACTION, ready=True)
    training_advance(user=world.tao_a, training=training)
    training.refresh_from_db()
    return training


def test_the_training_page_on_known_data(world, followed):
    first = followed.enrollments.get(person__first_name="ผู้อบรม1")
    MaterialReceipt.objects.create(
        enrollment=first, item="พริกแห้ง", quantity=2, unit="กิโลกรัม", received_on=datetime.date(2026, 1, 20)
    )
    SatisfactionResponse.objects.create(
        training=followed, enrollment=first, q1=5, q2=4, q3=3, q4=4, q5=5, comment="อยากให้มีรุ่นที่สอง"
    )
    page = selectors.training_page(training=followed, with_history=True)
    assert isinstance(page, selectors.TrainingPage)
    assert [(e.person.first_name, e.eligible, e.passed, e.enough_attendance) for e in page.results] == [
        ("ผู้อบรม1", True, True, True),
        ("ผู้อบรม2", False, True, False),
        ("ผู้อบรม3", False, False, True),
    ]
    assert page.total_hours == Decimal(12) and len(page.sessions) == 2
    assert sum(hours for (e, _s), hours in page.attendance.items() if e == first.pk) == Decimal(12)
    assert [c.enrollment for c in page.certificates] == [first] and page.batch.valid_certificates == 1
    assert page.batch.batch is None and not page.batch.current
    assert [(f.enrollment, f.round, f.due_on) for f in page.follow_ups] == [
        (first, 3, datetime.date(2026, 4, 21)),
        (first, 6, datetime.date(2026, 7, 21)),
    ]
    assert page.materials == [first] and [m.item for m in page.materials[0].materials.all()] == ["พริกแห้ง"]
    assert (
        page.survey.answered == 1
        and page.survey.mean("q2") == 4
        and page.survey.comments == ("อยากให้มีรุ่นที่สอง",)
    )
    assert [item.key for item in page.survey.items] == ["q1", "q2", "q3", "q4", "q5"]
    assert page.moves[0].to_step == Step.FOLLOW_UP and page.history
    assert selectors.training_page(training=followed, with_history=False).history is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.results = []


def test_certified_people_leave_out_revoked_certificates(world, followed):
    from training.services import certificate_revoke

    first = followed.enrollments.get(person__first_name="ผู้อบรม1")
    assert selectors.certified_people(training=followed) == [first.person_id]
    certificate_revoke(user=world.tao_a, certificate=first.certificate, reason="ออกใบรับรองผิดคน")
    assert selectors.certified_people(training=followed) == []


def test_overdue_follow_ups_of_the_scoped_trainings(world, followed):
    overdue = selectors.follow_ups_overdue(
        trainings=Training.objects.for_user(world.tao_a), today=datetime.date(2026, 5, 1)
    )
    assert [(f.round, f.enrollment.person.first_name) for f in overdue] == [(3, "ผู้อบรม1")]
    FollowUp.objects.filter(round=3).update(visited_on=datetime.date(2026, 4, 25))
    assert not selectors.follow_ups_overdue(
        trainings=Training.objects.for_user(world.tao_a), today=datetime.date(2026, 5, 1)
    ).exists()
    assert not selectors.follow_ups_overdue(
        trainings=Training.objects.for_user(world.tao_b), today=datetime.date(2026, 12, 1)
    ).exists()


def test_the_list_rows_and_years(world, catalogue):
    old = training_at(world.office_a, Step.RUN, ready=True)
    Training.objects.filter(pk=old.pk).update(fiscal_year=2568)
    new = training_at(world.office_a, Step.TOPIC)
    Training.objects.filter(pk=new.pk).update(fiscal_year=2569)
    scoped = Training.objects.for_user(world.tao_a)
    assert selectors.training_years(queryset=scoped) == [2569, 2568]
    rows = selectors.training_list(queryset=scoped, year=2568)
    assert [(t.pk, t.trainee_count) for t in rows] == [(old.pk, 3)]
    assert [t.pk for t in selectors.training_list(queryset=scoped, step=Step.TOPIC)] == [new.pk]
