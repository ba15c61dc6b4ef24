"""The training page as a first-time officer meets it: a refused form keeps what was typed and says why next
to it; removals ask first; what a certificate rests on is fixed until it is revoked; rows already gone are a
message; every id on the page is unique; the overdue follow-ups open their form."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.scoping import assert_refused
from tests.training.helpers import duplicate_ids, form_with, training_at
from tests.training.test_training_pages import act, page_text
from training import services
from training.models import (
    Attendance,
    BudgetLine,
    Certificate,
    Enrollment,
    FollowUp,
    Session,
    Step,
    TrainingInstructor,
)

pytestmark = pytest.mark.django_db

GONE = "ไม่มีรายการนี้แล้ว"


@pytest.fixture
def running(world, catalogue):
    """A training at step 7 with two sessions (7 and 5 hours) and three trainees, nothing recorded yet."""
    return training_at(world.office_a, Step.EVALUATE)


@pytest.fixture
def certified(world, catalogue):
    """A training at step 8 whose first trainee holds a certificate (the other two are not eligible)."""
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    assert Certificate.objects.filter(enrollment__training=training).count() == 1
    return training


def grid(training, hours):
    """The attendance grid's fields, every cell `hours` (a function of enrollment and session)."""
    return {
        f"h-{e.pk}-{s.pk}": hours(e, s)
        for e in training.enrollments.order_by("pk")
        for s in training.sessions.order_by("date")
    }


# --- typing kept, errors next to the form -------------------------------------------------------------------


def test_a_refused_attendance_grid_keeps_every_typed_cell_and_marks_the_wrong_one(client, world, running):
    client.force_login(world.tao_a)
    first, second = running.enrollments.order_by("pk")[:2]
    long_session = running.sessions.order_by("date").first()
    cells = grid(running, lambda e, s: "4.5")
    cells[f"h-{second.pk}-{long_session.pk}"] = "9"  # the session lasts 7 hours
    response = act(client, running, "attendance", anchor="attendance", **cells)
    assert response.status_code == 200 and not response.redirect_chain, "drawn again, not sent away"
    form = form_with(page_text(response), "attendance")
    assert form.count('value="4.5"') == len(cells) - 1, "every other cell keeps what was typed"
    cell = f"h-{second.pk}-{long_session.pk}"
    assert f'is-invalid" name="{cell}" id="{cell}" value="9"' in form, "the cell is marked, the value kept"
    assert f'aria-describedby="{cell}-error"' in form and form.count("is-invalid") == 1
    assert "มากกว่าเวลาของรอบ" in form, "the message sits in the attendance card, by its form"
    assert 'action="#attendance"' in form, "the browser comes back to the form, errors in view"
    assert not Attendance.objects.filter(enrollment__training=running).exists()
    assert duplicate_ids(page_text(response)) == [], "the marked cells and their messages too"


def test_a_refused_score_sheet_keeps_the_typed_scores(client, world, running):
    client.force_login(world.tao_a)
    trainees = list(running.enrollments.order_by("pk"))
    scores = {f"post-{e.pk}": "72" for e in trainees} | {f"post-{trainees[2].pk}": "สิบ"}
    form = form_with(page_text(act(client, running, "scores", anchor="scores", **scores)), "scores")
    assert form.count('value="72"') == 2 and 'value="สิบ"' in form and "is-invalid" in form
    assert "ไม่ใช่คะแนน" in form
    assert not Enrollment.objects.filter(training=running, post_score__isnull=False).exists()


def test_a_refused_step_form_keeps_the_ordinance_reference_and_says_why_in_the_step_card(
    client, world, catalogue
):
    training = training_at(world.office_a, Step.BUDGET)
    client.force_login(world.tao_a)
    response = act(
        client,
        training,
        "facts",
        anchor="step",
        budget_approved="ห้าพัน",
        ordinance_reference="ข้อบัญญัติงบประมาณรายจ่าย 2569 หน้า 31",
    )
    form = form_with(page_text(response), "facts")
    assert 'value="ข้อบัญญัติงบประมาณรายจ่าย 2569 หน้า 31"' in form and 'value="ห้าพัน"' in form
    assert "ยังไม่ได้บันทึก" in form and "is-invalid" in form
    training.refresh_from_db()
    assert training.ordinance_reference == "" and training.budget_approved is None


def test_a_refused_session_keeps_its_fields(client, world, running):
    client.force_login(world.tao_a)
    response = act(
        client,
        running,
        "session_add",
        anchor="sessions",
        date="22/01/2569",
        start_time="16:00",
        end_time="09:00",
        title="ฝึกบรรจุกระปุก",
    )
    form = form_with(page_text(response), "session_add")
    assert 'value="ฝึกบรรจุกระปุก"' in form and 'value="22/01/2569"' in form
    assert "alert-danger" in form and running.sessions.count() == 2


# --- rows already gone --------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["instructor_remove", "budget_remove", "session_remove", "enroll_remove"])
@pytest.mark.parametrize("confirmed", ["", "1"])
def test_removing_a_row_that_is_gone_is_a_message(client, world, catalogue, action, confirmed):
    training = training_at(world.office_a, Step.RUN, ready=True)
    client.force_login(world.tao_a)
    response = act(client, training, action, id="987654321", confirmed=confirmed)
    assert response.status_code == 200 and GONE in page_text(response)
    enormous = act(client, training, action, id="9" * 25, confirmed=confirmed)
    assert enormous.status_code == 404


def test_a_double_click_on_remove_says_the_line_is_gone(client, world, catalogue):
    training = training_at(world.office_a, Step.PREPARE, ready=True)
    instructor = TrainingInstructor.objects.get(training=training)
    client.force_login(world.tao_a)
    act(client, training, "instructor_remove", id=instructor.pk, confirmed="1")
    again = act(client, training, "instructor_remove", id=instructor.pk, confirmed="1")
    assert GONE in form_with(page_text(again), "instructor_add")
    assert "บันทึกแล้ว" not in page_text(again)


# --- confirmation, locks, budget warning --------------------------------------------------------------------


def test_removing_a_session_asks_first_then_removes(client, world, running):
    session = running.sessions.order_by("date").first()
    client.force_login(world.tao_a)
    asked = act(client, running, "session_remove", id=session.pk, anchor="sessions")
    text = page_text(asked)
    assert (
        'data-testid="confirm"' in text
        and str(session) in text
        and Session.objects.filter(pk=session.pk).exists()
    )
    assert 'name="confirmed" value="1"' in text and f'name="id" value="{session.pk}"' in text
    assert f'href="{reverse("training:detail", args=[running.pk])}#sessions"' in text, "cancel goes back"
    act(client, running, "session_remove", id=session.pk, anchor="sessions", confirmed="1")
    assert not Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize(
    "action, model",
    [("enroll_remove", Enrollment), ("budget_remove", BudgetLine), ("instructor_remove", TrainingInstructor)],
)
def test_every_removal_asks_first(client, world, catalogue, action, model):
    training = training_at(world.office_a, Step.EVALUATE)
    row = model.objects.filter(training=training).first()
    client.force_login(world.tao_a)
    assert 'data-testid="confirm"' in page_text(act(client, training, action, id=row.pk))
    assert model.objects.filter(pk=row.pk).exists()


def test_revoking_asks_first_with_the_reason_and_needs_one(client, world, certified):
    certificate = Certificate.objects.get(enrollment__training=certified)
    client.force_login(world.tao_a)
    no_reason = act(client, certified, "revoke", id=certificate.pk, anchor="certificates")
    assert "เหตุผลที่เพิกถอน" in form_with(page_text(no_reason), "issue"), "asked for first, in the card"
    asked = page_text(act(client, certified, "revoke", id=certificate.pk, reason="สะกดชื่อผิด"))
    assert 'data-testid="confirm"' in asked and "สะกดชื่อผิด" in asked and certificate.serial in asked
    certificate.refresh_from_db()
    assert certificate.is_valid
    act(client, certified, "revoke", id=certificate.pk, reason="สะกดชื่อผิด", confirmed="1")
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.revoke_reason == "สะกดชื่อผิด"
    twice = act(client, certified, "revoke", id=certificate.pk, reason="กดซ้ำ", confirmed="1")
    assert "ใบรับรองนี้ถูกเพิกถอนแล้ว" in page_text(twice)
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "สะกดชื่อผิด", "the first revocation stands"


def test_a_refused_follow_up_keeps_the_typed_incomes_in_its_row(client, world, catalogue):
    training = training_at(world.office_a, Step.SATISFACTION, ready=True)
    services.training_advance(user=world.tao_a, training=training)
    follow_up = FollowUp.objects.filter(enrollment__training=training).first()
    client.force_login(world.tao_a)
    response = act(
        client,
        training,
        "follow_up",
        id=follow_up.pk,
        anchor=f"follow-up-{follow_up.pk}",
        visited_on="",
        uses_skill="true",
        income_before="2,000",
        income_after="4,500",
    )
    row = form_with(page_text(response), "follow_up", row=str(follow_up.pk))
    row = row[row.rindex(f'id="follow-up-{follow_up.pk}"') :]
    assert 'value="2,000"' in row and 'value="4,500"' in row and 'value="true" selected' in row
    assert "alert-danger" in row
    follow_up.refresh_from_db()
    assert follow_up.visited_on is None


def test_what_a_certificate_rests_on_is_fixed_until_it_is_revoked(client, world, certified):
    holder = Certificate.objects.get(enrollment__training=certified).enrollment
    others = certified.enrollments.exclude(pk=holder.pk).order_by("pk")
    sessions = list(certified.sessions.order_by("date"))
    client.force_login(world.tao_a)
    # Sessions: none added or removed while a certificate stands on them.
    refused = act(
        client,
        certified,
        "session_add",
        anchor="sessions",
        date="21/01/2569",
        start_time="13:00",
        end_time="16:00",
    )
    assert "เพิกถอนใบรับรองก่อน" in form_with(page_text(refused), "session_add") and len(sessions) == 2
    with pytest.raises(Exception, match="เพิกถอน"):
        services.training_row_remove(
            user=world.tao_a, training=certified, related="sessions", pk=sessions[0].pk
        )
    # The holder's attendance and scores: refused, in the holder's cell; the others' may still change.
    cells = grid(certified, lambda e, s: str(s.hours) if e.pk == holder.pk else "1")
    cells[f"h-{holder.pk}-{sessions[0].pk}"] = "2"
    page = page_text(act(client, certified, "attendance", anchor="attendance", **cells))
    assert "ได้รับใบรับรองตามเวลาเข้าอบรมนี้แล้ว" in form_with(page, "attendance")
    assert Attendance.objects.get(enrollment=holder, session=sessions[0]).hours == sessions[0].hours
    cells[f"h-{holder.pk}-{sessions[0].pk}"] = str(sessions[0].hours)
    act(client, certified, "attendance", **cells)
    assert Attendance.objects.get(enrollment=others[0], session=sessions[0]).hours == 1
    page = page_text(act(client, certified, "scores", anchor="scores", **{f"post-{holder.pk}": "30"}))
    assert "ได้รับใบรับรองตามคะแนนนี้แล้ว" in form_with(page, "scores")
    holder.refresh_from_db()
    assert holder.post_score == 85
    # The pass rules.
    with pytest.raises(Exception, match="เพิกถอน"):
        services.training_update(user=world.tao_a, training=certified, fields={"pass_mark": Decimal(90)})
    services.training_update(user=world.tao_a, training=certified, fields={"certificate_title": "วุฒิบัตร"})
    # Revoked (with the reason), the holder's attendance can be corrected.
    certificate = Certificate.objects.get(enrollment=holder)
    services.certificate_revoke(user=world.tao_a, certificate=certificate, reason="เวลาเข้าอบรมบันทึกผิด")
    cells[f"h-{holder.pk}-{sessions[0].pk}"] = "2"
    act(client, certified, "attendance", **cells)
    assert Attendance.objects.get(enrollment=holder, session=sessions[0]).hours == 2
    services.training_update(user=world.tao_a, training=certified, fields={"pass_mark": Decimal(90)})


def test_an_approved_budget_above_the_planned_one_is_warned(client, world, catalogue):
    training = training_at(world.office_a, Step.BUDGET)
    planned = training.budget_planned
    client.force_login(world.tao_a)
    response = act(
        client, training, "facts", budget_approved=str(planned + 1000), ordinance_reference="หน้า 45"
    )
    text = page_text(response)
    assert "alert-warning" in text and "สูงกว่างบที่วางแผนไว้ 1,000.00 บาท" in text
    assert 'data-testid="budget-overrun"' in text
    within = act(client, training, "facts", budget_approved=str(planned), ordinance_reference="หน้า 45")
    assert "สูงกว่างบที่วางแผนไว้" not in page_text(within)


# --- the overdue follow-ups open their form ---------------------------------------------------------------


def test_a_district_officer_records_an_overdue_follow_up_from_the_list(client, world, catalogue):
    training = training_at(world.office_a, Step.SATISFACTION, ready=True)
    services.training_advance(user=world.tao_a, training=training)
    follow_up = FollowUp.objects.filter(enrollment__training=training).order_by("due_on").first()
    assert follow_up.due_on < datetime.date.today(), "the demo dates are in the past"
    client.force_login(world.district_a)
    listing = page_text(client.get(reverse("training:follow_ups")))
    url = reverse("training:follow_up", args=[training.pk, follow_up.pk])
    assert f'href="{url}"' in listing
    form = page_text(client.get(url))
    assert str(follow_up.enrollment.person) in form and f'href="{reverse("training:follow_ups")}"' in form
    refused = client.post(url, {"visited_on": "", "uses_skill": "true", "income_after": "4,000"})
    assert (
        refused.status_code == 200
        and "is-invalid" in page_text(refused)
        and 'value="4,000"' in page_text(refused)
    )
    done = client.post(
        url,
        {"visited_on": "01/05/2569", "uses_skill": "true", "income_before": "2,000", "income_after": "4,000"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("training:follow_ups")
    follow_up.refresh_from_db()
    assert follow_up.recorded_by == world.district_a and follow_up.income_after == 4000
    client.force_login(world.province_a)
    assert_refused(client.get(url))  # in the area: refused with the reason


# --- unique ids -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", list(Step))
def test_every_id_on_the_training_page_is_unique(client, world, catalogue, step):
    training = training_at(world.office_a, step, ready=step in (Step.EVALUATE, Step.CERTIFY))
    client.force_login(world.tao_a)
    text = page_text(client.get(reverse("training:detail", args=[training.pk])))
    assert 'id="id_village"' in text or step != Step.PREPARE, "the step form is drawn"
    assert duplicate_ids(text) == []
