"""Impossible data is refused the same way wherever it comes in (forms, imports, searches, services), by one
parser each for national IDs, phones and dates (kit/thai.py); numbers are checked against their columns in
services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from groups import services as group_services
from groups.models import WorkEntry
from kit import thai
from registry.models import Household, ImportStatus, Person
from registry.selectors import people_search
from registry.services.imports import import_check
from tests.benchmarks.data import xlsx_bytes
from tests.groups.helpers import days_ago, make_group, member
from tests.registers.helpers import make_person, make_villages, national_id, people_file, people_row
from tests.scoping import ScopeWorld
from tests.training.helpers import training_at
from training import services as training_services
from training.models import Attendance, FollowUp, Session, Step

pytestmark = pytest.mark.django_db

THAI = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอะาิีึืุูเแโใไ่้๊๋็์"


def in_thai(messages) -> bool:
    return all(any(ch in THAI for ch in str(m)) for m in messages)


def be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


# --- the parsers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812345678", "0812345678"),
        ("081-234-5678", "0812345678"),
        ("081 234 5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("66812345678", "0812345678"),
        ("๐๘๑๒๓๔๕๖๗๘", "0812345678"),
        ("043-812-345", "043812345"),
        ("02-123-4567 ต่อ 12", "021234567 ต่อ 12"),
        ("", ""),
        # Excel drops the leading zero of a number cell: put back where nothing else is possible.
        ("812345678", "0812345678"),
        (812345678, "0812345678"),
        (812345678.0, "0812345678"),
        (612345678, "0612345678"),
        ("43812345", "043812345"),
        (21234567, "021234567"),
    ],
)
def test_phone_numbers_are_read_one_way(typed, stored):
    assert thai.parse_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "abc-โทร",
        "12345",
        "1812345678",
        "0112345678",
        "61234567",
        "081234567",
        "+1 212 555 0100",
        "0812345678901",
        "08123456789",
        "<b>",
    ],
)
def test_impossible_phone_numbers_are_refused_in_thai(typed):
    with translation.override("th"), pytest.raises(thai.InputError) as caught:
        thai.parse_phone(typed)
    assert in_thai([caught.value])


@pytest.mark.parametrize(
    "typed",
    [
        "1-1017-00203-45-0",
        "1 1017 00203 45 0",
        "1101700203450",
        "๑๑๐๑๗๐๐๒๐๓๔๕๐",
        " 1-1017-00203-45-0 ",
        "1.1017.00203.45.0",
    ],
)
def test_a_national_id_with_dashes_or_spaces_is_one_id(typed):
    assert thai.parse_national_id(typed) == "1101700203450"
    assert thai.national_id_candidate(typed) == "1101700203450"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15/01/2569", datetime.date(2026, 1, 15)),
        ("15/01/2026", datetime.date(2026, 1, 15)),
        ("2026-01-15", datetime.date(2026, 1, 15)),
        ("15 ม.ค. 2569", datetime.date(2026, 1, 15)),
        ("01/01/2443", datetime.date(1900, 1, 1)),
        (datetime.date(2569, 1, 15), datetime.date(2026, 1, 15)),
    ],
)
def test_dates_in_either_era(typed, expected):
    assert thai.parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "15/01/2700",
        "15/01/1850",
        "15/01/2300",
        "15/01/2101",
        "31/12/2442",
        "15/01/99999999",
        datetime.date(2300, 1, 1),
    ],
)
def test_dates_far_in_the_past_or_future_are_refused(typed):
    with translation.override("th"), pytest.raises(thai.InputError) as caught:
        thai.parse_date(typed)
    assert in_thai([caught.value])


# --- forms --------------------------------------------------------------------------------------------------


def person_data(village, **changes):
    data = {
        "title": "mr",
        "first_name": "ประยูร",
        "last_name": "แก้วมณี",
        "national_id": national_id(7, 1),
        "sex": "m",
        "birth_date": "01/02/2520",
        "phone": "0899999999",
        "village": village.pk,
        "house_number": "12",
    }
    data.update(changes)
    return data


def test_person_form_takes_a_national_id_with_dashes(client, world):
    villages = make_villages()
    client.force_login(world.tao_a)
    page = client.get(reverse("registry:person_create")).content.decode()
    assert 'maxlength="13"' not in page  # the browser must not cut "1-2345-67890-12-1" at 13 characters
    dashed = thai.national_id_format(national_id(7, 1))
    client.post(
        reverse("registry:person_create"),
        person_data(villages["a1"], national_id=dashed, phone="081-234-5678"),
    )
    person = Person.objects.get()
    assert person.national_id == national_id(7, 1) and person.phone == "0812345678"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("birth_date", "future", "อนาคต"),
        ("phone", "abc-โทร", "โทรศัพท์"),
        ("phone", "12345", "โทรศัพท์"),
        ("birth_date", "15/01/2800", "ไม่ใช่ปี"),
        ("national_id", "1-2345-67890-12-3", "เลขตรวจสอบ"),
    ],
)
def test_person_form_refuses_impossible_values_in_thai(client, world, field, value, words):
    villages = make_villages()
    if value == "future":
        value = be(timezone.localdate() + datetime.timedelta(days=1))
    client.force_login(world.tao_a)
    page = client.post(reverse("registry:person_create"), person_data(villages["a1"], **{field: value}))
    assert page.status_code == 200 and words in page.content.decode()
    assert not Person.objects.exists()


def test_a_person_saved_by_a_service_is_checked_too(world):
    from registry.services.records import record_save

    villages = make_villages()
    person = Person(
        title="mr",
        first_name="ก",
        last_name="ข",
        national_id=national_id(3, 1),
        sex="m",
        house_number="1",
        village=villages["a1"],
        phone="abc-โทร",
        birth_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        record_save(user=world.tao_a, obj=person)
    assert set(caught.value.message_dict) == {"phone", "birth_date"} and in_thai(caught.value.messages)
    assert not Person.objects.exists()


# --- searches -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["{d}", "{f}", "{s}"])
def test_search_boxes_read_ids_like_the_forms(world, typed):
    villages = make_villages()
    person = make_person(villages["a1"], 5)
    digits = person.national_id
    q = typed.format(
        d=digits, f=thai.national_id_format(digits), s=" ".join(thai.national_id_format(digits).split("-"))
    )
    assert list(people_search(Person.objects.all(), q, by_national_id=True)) == [person]


# --- trainings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", [datetime.date(2037, 1, 20), datetime.date(2026, 1, 19), datetime.date(2026, 1, 22)]
)
def test_a_session_outside_the_trainings_dates_is_refused(world, day):
    training = training_at(world.office_a, Step.PLAN, ready=True)  # 20–21 January 2026
    session = Session(date=day, start_time=datetime.time(9), end_time=datetime.time(12))
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        training_services.training_row_add(
            user=world.tao_a, training=training, row=session, related="sessions"
        )
    assert "ระหว่าง" in " ".join(caught.value.messages) and not training.sessions.exists()


def test_a_session_form_dated_2580_is_refused_on_the_page(client, world):
    training = training_at(world.office_a, Step.PLAN, ready=True)
    client.force_login(world.tao_a)
    page = client.post(
        reverse("training:detail", args=[training.pk]),
        {"action": "session_add", "date": "20/01/2580", "start_time": "09:00", "end_time": "12:00"},
        follow=True,
    )
    assert page.status_code == 200 and not training.sessions.exists()


def test_negative_hours_say_so(world):
    training = training_at(world.office_a, Step.EVALUATE)
    enrollment, session = training.enrollments.first(), training.sessions.first()
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        training_services.attendance_save(
            user=world.tao_a, training=training, hours={(enrollment.pk, session.pk): "-2"}
        )
    message = " ".join(caught.value.messages)
    assert "ติดลบ" in message and "มากกว่า" not in message


@pytest.mark.parametrize("raw", ["1.234", "NaN", "Infinity", "1e400"])
def test_attendance_beyond_its_column_is_refused(world, raw):
    training = training_at(world.office_a, Step.EVALUATE)
    Attendance.objects.all().delete()
    enrollment, session = training.enrollments.first(), training.sessions.first()
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        training_services.attendance_save(
            user=world.tao_a, training=training, hours={(enrollment.pk, session.pk): raw}
        )
    assert in_thai(caught.value.messages) and not Attendance.objects.exists()


@pytest.mark.parametrize("raw", ["12.345", "-5"])
def test_scores_beyond_their_column_are_refused(world, raw):
    training = training_at(world.office_a, Step.EVALUATE)
    enrollment = training.enrollments.first()
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        training_services.scores_save(user=world.tao_a, training=training, scores={enrollment.pk: (raw, "")})
    assert in_thai(caught.value.messages)
    enrollment.refresh_from_db()
    assert enrollment.pre_score is None


def test_a_follow_up_visit_in_the_future_is_refused(world):
    training = training_at(world.office_a, Step.FOLLOW_UP, ready=True)
    enrollment = training.enrollments.first()
    follow_up = FollowUp.objects.create(enrollment=enrollment, round=3, due_on=datetime.date(2026, 4, 21))
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        training_services.follow_up_record(
            user=world.tao_a,
            follow_up=follow_up,
            fields={"visited_on": timezone.localdate() + datetime.timedelta(days=1), "uses_skill": True},
        )
    assert "อนาคต" in " ".join(caught.value.messages)
    follow_up.refresh_from_db()
    assert follow_up.visited_on is None


# --- groups: a day's work -----------------------------------------------------------------------------------


@pytest.mark.parametrize("units", ["1234567890123", "12345678901234567890", "1" * 40, "1e30"])
def test_work_units_beyond_their_column_are_refused_by_the_service(world, catalogue, units):
    group = make_group(world.tao_a, world.office_a)
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        group_services.work_log_day(
            user=world.tao_a, group=group, date=days_ago(1), units={member(group).pk: units}
        )
    assert in_thai(caught.value.messages) and not WorkEntry.objects.exists()


def test_the_group_page_refuses_huge_work_units_and_still_opens(client, world, catalogue):
    group = make_group(world.tao_a, world.office_a)
    client.force_login(world.tao_a)
    url = reverse("groups:detail", args=[group.pk])
    page = client.post(
        url,
        {"action": "work", "date": be(days_ago(1)), f"u-{member(group).pk}": "12345678901234567890"},
        follow=True,
    )
    assert page.status_code == 200 and "alert-danger" in page.content.decode()
    assert not group.work.exists()
    client.force_login(world.province_a)
    assert client.get(url).status_code == 200


# --- imports ------------------------------------------------------------------------------------------------


def check(world, data, kind="people"):
    return import_check(
        user=world.tao_a, office=world.office_a, kind=kind, data=data, file_name=f"{kind}.xlsx"
    )


def test_import_puts_back_the_leading_zero_of_phones(world):
    make_villages()
    rows = [
        people_row(1, **{"โทรศัพท์": 812345678}),
        people_row(2, **{"โทรศัพท์": "43812345"}),
        people_row(3, **{"โทรศัพท์": "081-234-5678"}),
    ]
    batch = check(world, people_file(rows))
    assert batch.status == ImportStatus.PREVIEWED, batch.errors
    from registry.services.imports import import_commit

    import_commit(user=world.tao_a, batch=batch)
    assert sorted(Person.objects.values_list("phone", flat=True)) == ["043812345", "0812345678", "0812345678"]


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("โทรศัพท์", 12345, "โทรศัพท์"),
        ("โทรศัพท์", "abc-โทร", "โทรศัพท์"),
        ("วันเกิด", "future", "อนาคต"),
        ("วันเกิด", "01/01/1850", "ไม่ใช่ปี"),
        ("เลขประจำตัวประชาชน", "1 1017 00203 45 2", "เลขตรวจสอบ"),
    ],
)
def test_import_refuses_impossible_values_with_a_row_error(world, column, value, words):
    make_villages()
    if value == "future":
        value = be(timezone.localdate() + datetime.timedelta(days=2))
    with translation.override("th"):
        batch = check(world, people_file([people_row(1), people_row(2, **{column: value})]))
    assert batch.status == ImportStatus.REJECTED
    assert any(e["row"] == 3 and e["column"] == column and words in e["message"] for e in batch.errors), (
        batch.errors
    )
    assert not Person.objects.exists()


def test_import_checks_numbers_against_their_columns(world):
    make_villages()
    with translation.override("th"):
        from registry.services.imports import import_commit

        import_commit(user=world.tao_a, batch=check(world, people_file([people_row(1)])))
        headers = [
            "หมู่ที่",
            "รหัสตำบล",
            "บ้านเลขที่",
            "เลขประจำตัวประชาชนหัวหน้าครัวเรือน",
            "จำนวนสมาชิก",
            "รายได้ครัวเรือนต่อปี",
        ]
        batch = check(
            world,
            xlsx_bytes(
                headers,
                [["1", ScopeWorld.SUB_A, "1/1", national_id(1, 1), "99999999999", "12345678901234567890"]],
            ),
            kind="households",
        )
    assert batch.status == ImportStatus.REJECTED
    columns = {e["column"] for e in batch.errors}
    assert {"รายได้ครัวเรือนต่อปี", "จำนวนสมาชิก"} <= columns, batch.errors
    assert in_thai(e["message"] for e in batch.errors) and not Household.objects.exists()


def test_django_number_messages_are_thai_on_the_group_page(client, world, catalogue):
    group = make_group(world.tao_a, world.office_a)
    client.force_login(world.tao_a)
    page = client.post(
        reverse("groups:detail", args=[group.pk]),
        {
            "action": "ledger",
            "date": be(days_ago(1)),
            "kind": "income",
            "category": "sales",
            "amount": "1234567890123",
            "description": "ขายผ้า",
        },
        follow=True,
    ).content.decode()
    assert "ตัวเลขยาวได้ไม่เกิน 12 หลัก" in page and "Ensure that" not in page
    assert not group.ledger.exists()


@pytest.mark.parametrize("number", ["²", "٣", "9" * 5000, "-1", "1e3"])
def test_numbers_in_urls_and_posts_are_read_by_one_parser(client, world, catalogue, number):
    """ "²".isdigit() is true but int("²") fails; a 5,000-digit number is more than int() reads."""
    group = make_group(world.tao_a, world.office_a)
    training = training_at(world.office_a, Step.PLAN, ready=True)
    client.force_login(world.tao_a)
    for url in (
        reverse("training:training_list"),
        reverse("registry:needs_summary"),
        reverse("registry:team_list"),
    ):
        assert client.get(url, {"year": number, "step": number}).status_code == 200
    page = client.post(
        reverse("groups:detail", args=[group.pk]),
        {"action": "work", "date": be(days_ago(1)), f"u-{number}": "2"},
        follow=True,
    )
    assert (
        page.status_code in (200, 400) and not group.work.exists()
    )  # 400: Django refuses a 5,000-digit field
    assert (
        client.post(
            reverse("training:detail", args=[training.pk]), {"action": "session_remove", "id": number}
        ).status_code
        == 404
    )
    assert thai.whole_number("๑๒") == 12 and thai.whole_number(number) is None


def test_a_reason_longer_than_its_column_is_a_message_not_a_database_error(world):
    """SQLite keeps a 301-character reason in a 300-character column, PostgreSQL fails: the service checks."""
    from training.models import Certificate, StepMove

    long_reason = "เหตุผล" * 60
    training = training_at(world.office_a, Step.EVALUATE, ready=True)
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        training_services.training_move_back(
            user=world.tao_a, training=training, to_step=Step.RUN, reason=long_reason
        )
    assert in_thai(caught.value.messages) and not StepMove.objects.filter(reason=long_reason).exists()
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    certificate = Certificate.objects.filter(enrollment__training=training).first()
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        training_services.certificate_revoke(user=world.tao_a, certificate=certificate, reason=long_reason)
    assert in_thai(caught.value.messages)
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_a_refusal_reason_longer_than_its_column_is_a_message(world, catalogue):
    group = make_group(world.tao_a, world.office_a)
    applicant = make_person(group.village, 9911, first_name="จำปี")
    application = group_services.application_submit(
        user=world.tao_a, group=group, person=applicant, applied_on=days_ago(2)
    )
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        group_services.application_decide(
            user=world.tao_a,
            application=application,
            accept=False,
            decided_on=days_ago(1),
            reason="ไม่ผ่าน" * 60,
        )
    assert in_thai(caught.value.messages)
    application.refresh_from_db()
    assert application.status == "pending"


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1,250,000.50", "1250000.50"), ("๑,๒๕๐ บาท", "1250"), (" 12 ", "12"), (1250, "1250"), (12.5, "12.5")],
)
def test_amounts_are_read_one_way_in_forms_and_imports(typed, number):
    from kit.fields import GroupedDecimalField
    from kit.imports import cells

    assert thai.parse_decimal(typed) == cells.decimal(typed) == Decimal(number)
    if isinstance(typed, str):
        assert GroupedDecimalField(max_digits=12, decimal_places=2).clean(typed) == Decimal(number)


@pytest.mark.parametrize("value", ["1e999999", "-1e30", "99999999999999999999"])
def test_an_enormous_whole_number_in_a_cell_is_a_message(value):
    from kit.imports import cells

    with translation.override("th"), pytest.raises(thai.InputError) as caught:
        cells.integer(value)
    assert in_thai([caught.value])
