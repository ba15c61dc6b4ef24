"""Enrolment from a people file and attendance from a grid file: all or nothing, Thai messages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Person
from tests.registers.helpers import people_file, people_row
from tests.training.helpers import training_at, village_a
from training.models import Attendance, Step

pytestmark = pytest.mark.django_db


def upload(client, training, action, data, name="file.xlsx"):
    return client.post(
        reverse("training:detail", args=[training.pk]),
        {"action": action, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_enrol_from_a_people_file(client, world, catalogue):
    training = training_at(world.office_a, Step.RUN)
    village_a()
    client.force_login(world.tao_a)
    before = training.enrollments.count()
    response = upload(client, training, "enrol_file", people_file([people_row(n) for n in range(40, 43)]))
    assert "ลงทะเบียนผู้เข้ารับการอบรม 3 คนแล้ว" in response.content.decode()
    assert training.enrollments.count() == before + 3
    assert Person.objects.filter(last_name="ทองดี").count() == 3


def test_enrol_file_with_a_bad_row_writes_nothing(client, world, catalogue):
    training = training_at(world.office_a, Step.RUN)
    village_a()
    client.force_login(world.tao_a)
    before, people = training.enrollments.count(), Person.objects.count()
    response = upload(
        client,
        training,
        "enrol_file",
        people_file([people_row(50), people_row(51, **{"วันเกิด": "31/02/2569"})]),
    )
    assert "แถว 3" in response.content.decode() and "ไม่มีวันที่" in response.content.decode()
    assert training.enrollments.count() == before and Person.objects.count() == people


def test_enrol_file_beyond_capacity_writes_nothing(client, world, catalogue):
    training = training_at(world.office_a, Step.RUN)
    training.capacity = training.enrollments.count() + 1
    training.save()
    village_a()
    client.force_login(world.tao_a)
    people = Person.objects.count()
    response = upload(client, training, "enrol_file", people_file([people_row(60), people_row(61)]))
    assert "เกินจำนวนที่รับ" in response.content.decode()
    assert Person.objects.count() == people  # the register is not touched either


def test_attendance_from_the_sheet(client, world, catalogue):
    training = training_at(world.office_a, Step.EVALUATE)
    client.force_login(world.tao_a)
    sheet = client.get(reverse("training:attendance_template", args=[training.pk])).content
    workbook = load_workbook(io.BytesIO(sheet))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("เลขประจำตัวประชาชน", "ชื่อ-นามสกุล") and rows[0][2].startswith("20/01/2569 09:00")
    sessions = list(training.sessions.order_by("date"))
    for row in workbook.active.iter_rows(min_row=2):
        row[2].value, row[3].value = float(sessions[0].hours), float(sessions[1].hours)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, training, "attendance_file", buffer.getvalue())
    assert "บันทึกเวลาเข้าอบรมแล้ว" in response.content.decode()
    assert Attendance.objects.filter(session__training=training).count() == 3 * 2


def test_attendance_sheet_with_too_many_hours_or_a_stranger_writes_nothing(client, world, catalogue):
    training = training_at(world.office_a, Step.EVALUATE)
    client.force_login(world.tao_a)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("training:attendance_template", args=[training.pk])).content)
    )
    for row in workbook.active.iter_rows(min_row=2):
        row[2].value, row[3].value = 99, 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, training, "attendance_file", buffer.getvalue())
    assert "มากกว่าเวลาของรอบ" in response.content.decode()
    assert not Attendance.objects.filter(session__training=training).exists()
    from tests.benchmarks.data import national_id, xlsx_bytes

    header = list(next(workbook.active.iter_rows(max_row=1, values_only=True)))
    stranger = xlsx_bytes(header, [[national_id(123456, 1), "คนอื่น", 1, 1]])
    response = upload(client, training, "attendance_file", stranger)
    assert "ไม่ได้ลงทะเบียน" in response.content.decode()
    assert not Attendance.objects.filter(session__training=training).exists()
