"""The districts' summaries pages: the district officer submits the live figures from the menu's page; the
provincial officer sees each district's state, opens the summary with what has moved since, and accepts or
sends it back."""

import html

import pytest
from django.urls import reverse

from kit import thai
from reports.models import Measure, Submission, SubmissionStatus
from reports.selectors.submissions import RISE
from reports.services.submissions import submission_submit
from tests.scoping import assert_refused_for, assert_scoped

YEAR = thai.fiscal_year_now() - 1


def _text(response):
    return html.unescape(response.content.decode())


def test_the_district_officer_submits_the_live_figures(client, world):
    client.force_login(world.district_a)
    url = reverse("reports:submissions")
    page = client.get(url, {"year": YEAR, "quarter": 0})
    body = _text(page)
    assert page.status_code == 200 and 'data-testid="submit-form"' in body
    assert str(Measure.HOUSEHOLDS_PROMOTED.label) in body or "ได้รับการส่งเสริม" in body
    response = client.post(url, {"year": YEAR, "quarter": 0, "note": "ส่งตามกำหนด"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert set(submission.figures) == {*(m.value for m in Measure), RISE}
    assert (submission.district_id, submission.fiscal_year, submission.note) == (
        world.district_a.office.district_id,
        YEAR,
        "ส่งตามกำหนด",
    )
    again = client.post(url, {"year": YEAR, "quarter": 0}, follow=True)
    assert "ส่งรายงานงวดนี้แล้ว" in _text(again) and Submission.objects.count() == 1
    assert 'data-testid="submit-form"' not in _text(client.get(url, {"year": YEAR, "quarter": 0}))


def test_the_province_accepts_or_sends_back_with_a_reason(client, world):
    submission = submission_submit(
        user=world.district_a,
        district=world.district_a.office.district,
        fiscal_year=YEAR,
        quarter=0,
        figures={"households_promoted": 5},
    )
    client.force_login(world.province_a)
    listing = _text(client.get(reverse("reports:submissions"), {"year": YEAR}))
    assert reverse("reports:submission", args=[submission.pk]) in listing
    detail = _text(client.get(reverse("reports:submission", args=[submission.pk])))
    assert (
        'data-testid="decide-form"' in detail
        and 'class="table-warning" data-key="households_promoted"' in detail
    )
    decide = reverse("reports:submission_decide", args=[submission.pk])
    client.post(decide, {"to": "returned"})  # no reason
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    client.post(decide, {"to": "returned", "reason": "ครัวเรือนที่ได้รับการส่งเสริมไม่ตรงกับทะเบียน"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert "ไม่ตรงกับทะเบียน" in _text(client.get(reverse("reports:submission", args=[submission.pk])))


def test_who_sees_a_summary(client, world):
    submission = submission_submit(
        user=world.district_a,
        district=world.district_a.office.district,
        fiscal_year=YEAR,
        quarter=0,
        figures={},
    )
    url = reverse("reports:submission", args=[submission.pk])
    assert_scoped(
        client, url, visible_to=["district_a", "province_a", "admin"], hidden_from=["province_b"], world=world
    )
    assert_refused_for(client, reverse("reports:submissions"), refused_to=["tao_a"], world=world)
    client.force_login(world.district_a)
    assert (
        client.post(
            reverse("reports:submission_decide", args=[submission.pk]), {"to": "accepted"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "query", [{"year": "abc", "quarter": "9"}, {"year": "9" * 30}, {"quarter": "-1"}, {"year": "2400"}]
)
def test_junk_periods_fall_back_to_this_year(client, world, query):
    for user in (world.district_a, world.province_a, world.admin):
        client.force_login(user)
        assert client.get(reverse("reports:submissions"), query).status_code == 200
