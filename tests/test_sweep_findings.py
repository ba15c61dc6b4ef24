"""Failures the URL sweep (tests/test_url_sweep.py) can reach but its checks do not name, each tested here."""

import importlib

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_uploaded_files_are_not_served_by_url_even_in_development(settings):
    """Not even with DJANGO_DEBUG=true does /media/ serve the uploaded receipts and certificate batches to
    anyone, no login."""
    import config.urls

    settings.DEBUG = True
    try:
        urls = importlib.reload(config.urls)
        media = [p for p in urls.urlpatterns if settings.MEDIA_URL.strip("/") in str(p.pattern)]
        assert media == []
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)


def test_a_request_too_big_to_handle_answers_in_thai(client, world, settings):
    """A form posting more fields than Django reads: the 400 page is in Thai."""
    client.force_login(world.tao_a)
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("registry:household_list"), fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "ระบบไม่สามารถดำเนินการตามคำขอนี้ได้" in page and "Bad Request" not in page


def test_not_a_number_is_refused_as_hours_scores_and_units_of_work(world):
    """ "NaN" and "Infinity" parse as Decimals: the attendance grid, score sheet and work log say the value is
    not a number, never a server error (decimal.InvalidOperation when compared)."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from groups import services as group_services
    from tests.groups.helpers import make_group, member
    from tests.training.helpers import training_at
    from training import services
    from training.models import Step

    training = training_at(world.office_a, Step.EVALUATE)
    enrollment, session = training.enrollments.first(), training.sessions.first()
    with pytest.raises(ValidationError):
        services.attendance_save(
            user=world.tao_a, training=training, hours={(enrollment.pk, session.pk): "NaN"}
        )
    with pytest.raises(ValidationError):
        services.scores_save(user=world.tao_a, training=training, scores={enrollment.pk: ("NaN", "Infinity")})
    group = make_group(world.tao_a, world.office_a)
    with pytest.raises(ValidationError):
        group_services.work_log_day(
            user=world.tao_a, group=group, date=timezone.localdate(), units={member(group).pk: "NaN"}
        )


def test_ending_a_committee_term_that_is_gone_says_so(world):
    """Ending a term removed meanwhile (or a made-up id) says it is gone, not a server error."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from groups import services
    from tests.groups.helpers import make_group

    group = make_group(world.tao_a, world.office_a)
    with pytest.raises(ValidationError, match="ไม่มีรายการนี้แล้ว"):
        services.seat_end(user=world.tao_a, group=group, seat=999_999, ends_on=timezone.localdate())


def test_a_nul_character_in_any_parameter_answers_400_in_thai(client, world):
    """PostgreSQL refuses NUL in text: a NUL anywhere (the group list's search, read without a form, the
    admin's village and office forms) gets the Thai 400 page, never a server error."""
    client.force_login(world.tao_a)
    for response in (
        client.get(reverse("groups:group_list"), {"q": "กลุ่ม\x00"}),
        client.post(reverse("registry:person_list"), {"q": "\x00"}),
    ):
        assert response.status_code == 400
        assert "ระบบไม่สามารถดำเนินการตามคำขอนี้ได้" in response.content.decode()
    assert client.get(reverse("groups:group_list"), {"q": "กลุ่ม"}).status_code == 200
    assert client.post(reverse("registry:person_list"), {"q": "มาลี"}).status_code == 302


def test_a_reason_longer_than_its_field_is_refused_with_a_message(world):
    """A reason for moving a training back or revoking a certificate is at most 300 characters on every
    database: PostgreSQL would fail on a longer one (value too long for varchar(300)) and SQLite would store
    it."""
    from django.core.exceptions import ValidationError

    from tests.training.helpers import training_at
    from training import services
    from training.models import Certificate, Step

    training = training_at(world.office_a, Step.SATISFACTION)
    with pytest.raises(ValidationError, match="ไม่เกิน 300 ตัวอักษร"):
        services.training_move_back(user=world.tao_a, training=training, to_step=Step.RUN, reason="ก" * 301)
    certificate = Certificate.objects.filter(enrollment__training=training).first()
    with pytest.raises(ValidationError, match="ไม่เกิน 300 ตัวอักษร"):
        services.certificate_revoke(user=world.tao_a, certificate=certificate, reason="ก" * 301)
    services.certificate_revoke(user=world.tao_a, certificate=certificate, reason="ก" * 300)


@pytest.mark.parametrize("action", ["session_remove", "instructor_remove", "budget_remove", "enroll_remove"])
def test_removing_a_row_that_is_not_the_trainings_says_so(client, world, action):
    """Removing a session, instructor, budget line or trainee that is gone (or another training's) says so."""
    from tests.training.helpers import training_at
    from training.models import Step

    training = training_at(world.office_a, Step.RUN, ready=True)
    client.force_login(world.tao_a)
    response = client.post(
        reverse("training:detail", args=[training.pk]), {"action": action, "id": "999999"}, follow=True
    )
    page = response.content.decode()
    assert "ไม่มีรายการนี้แล้ว" in page and "alert-success alert-dismissible" not in page


def test_a_form_sent_without_a_valid_csrf_token_gets_a_thai_page(world):
    """The test client skips CSRF checks, so the sweep cannot see this: a form sent after the page was left
    open (the token gone) gets a Thai page, not Django's English "Forbidden (403) CSRF verification
    failed"."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    for user in (None, world.tao_a):
        if user:
            client.force_login(user)
        response = client.post(
            reverse("login") if user is None else reverse("registry:person_list"), {"q": "มาลี"}
        )
        assert response.status_code == 403
        page = response.content.decode()
        assert "แบบฟอร์มหมดอายุแล้ว" in page and "CSRF verification failed" not in page
