"""What the URL sweep found outside the issue's list, each fixed with its own test (issue 9 §9)."""

import importlib

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_uploaded_files_are_not_served_by_url_even_in_development(settings):
    """With DJANGO_DEBUG=true, /media/ served every uploaded receipt and certificate batch to anyone, no login."""
    import config.urls

    settings.DEBUG = True
    try:
        urls = importlib.reload(config.urls)
        media = [p for p in urls.urlpatterns if settings.MEDIA_URL.strip("/") in str(p.pattern)]
        assert media == []
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)


def test_a_request_too_big_to_handle_answers_in_thai(client, world):
    """A 10,000-character search redirected to a URL longer than Django allows: the 400 page was English."""
    client.force_login(world.tao_a)
    response = client.post(reverse("registry:household_list"), {"q": "ก" * 10_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ระบบไม่สามารถดำเนินการตามคำขอนี้ได้" in page and "Bad Request" not in page


def test_not_a_number_is_refused_as_hours_scores_and_units_of_work(world):
    """"NaN" and "Infinity" parse as Decimals: the attendance grid, score sheet and work log answered a server
    error (decimal.InvalidOperation when compared) instead of saying the value is not a number."""
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
        services.attendance_save(user=world.tao_a, training=training, hours={(enrollment.pk, session.pk): "NaN"})
    with pytest.raises(ValidationError):
        services.scores_save(user=world.tao_a, training=training, scores={enrollment.pk: ("NaN", "Infinity")})
    group = make_group(world.tao_a, world.office_a)
    with pytest.raises(ValidationError):
        group_services.work_log_day(user=world.tao_a, group=group, date=timezone.localdate(),
                                    units={member(group).pk: "NaN"})


def test_ending_a_committee_term_that_is_gone_says_so(world):
    """Ending a term removed meanwhile (or a made-up id) answered a server error (CommitteeSeat.DoesNotExist)."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from groups import services
    from tests.groups.helpers import make_group

    group = make_group(world.tao_a, world.office_a)
    with pytest.raises(ValidationError, match="โปรดโหลดหน้าใหม่"):
        services.seat_end(user=world.tao_a, group=group, seat=999_999, ends_on=timezone.localdate())
