"""Spreadsheets on the training page: enrol trainees from a people file, and attendance from a grid file.

Both reuse the register machinery (reading, cell parsers, the people importer) and are all or nothing."""

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kit.imports import cells
from kit.imports.reading import ImportFileError, Table, read_table
from registry.imports.people import PeopleImporter
from registry.services.audit import audit_bulk
from training import services

ROW_AT = gettext_lazy("row %(row)s")


def _table(data, file_name) -> Table:
    try:
        return read_table(data, file_name)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc


def _row_errors(errors):
    return [
        ROW_AT % {"row": e.row} + f" [{e.column}]: {e.message}" if e.row else e.message for e in errors[:30]
    ]


@transaction.atomic
def enrol_from_file(*, user, training, data: bytes, file_name: str) -> int:
    """The people file of the register (same template): people are created or updated in the register and
    enrolled in the training, in one transaction; any problem and nothing is written."""
    importer = PeopleImporter(office=training.office, user=user)
    result = importer.check(_table(data, file_name))
    if result.errors:
        raise ValidationError(_row_errors(result.errors))
    created, changed_objs, changed = importer.write([{**row, "_ok": True} for row in result.rows])
    audit_bulk(user=user, created=created, updated=changed)
    from registry.models import Person

    ids = [row["national_id"] for row in result.rows]
    people = list(Person.objects.filter(national_id__in=ids))
    enrolled = set(training.enrollments.values_list("person_id", flat=True))
    return len(
        services.enrollments_add(
            user=user, training=training, people=[p for p in people if p.pk not in enrolled]
        )
    )


def _session_header(session):
    day = session.date
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543} {session.start_time:%H:%M}"


def attendance_template(training) -> bytes:
    from openpyxl import Workbook

    sessions = list(training.sessions.all())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "เวลาเข้าอบรม"
    sheet.append(["เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", *[_session_header(s) for s in sessions]])
    for enrollment in training.enrollments.select_related("person").order_by("person__first_name"):
        sheet.append(
            [
                enrollment.person.national_id,
                f"{enrollment.person.first_name} {enrollment.person.last_name}",
                *["" for _s in sessions],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attendance_from_file(*, user, training, data: bytes, file_name: str) -> int:
    """Hours per trainee (national ID) and session (a column headed by its date and start time)."""
    table = _table(data, file_name)
    sessions = {_session_header(s): s for s in training.sessions.all()}
    headers = [" ".join(str(h).split()) for h in table.headers]
    if "เลขประจำตัวประชาชน" not in headers:
        raise ValidationError(_("Required column is missing from the header row.") + " (เลขประจำตัวประชาชน)")
    id_column = headers.index("เลขประจำตัวประชาชน")
    columns = {i: sessions[h] for i, h in enumerate(headers) if h in sessions}
    if not columns:
        raise ValidationError(
            _("No column matches a session of this training (day/month/year and start time).")
        )
    enrollments = {e.person.national_id: e.pk for e in training.enrollments.select_related("person")}
    errors, hours = [], {}
    for index, raw in enumerate(table.rows):
        row_number = index + Table.FIRST_DATA_ROW
        if not any(not cells.blank(v) for v in raw):
            continue
        try:
            nid = cells.national_id(raw[id_column] if id_column < len(raw) else None)
        except cells.CellError as exc:
            errors.append(ROW_AT % {"row": row_number} + f": {exc}")
            continue
        if nid not in enrollments:
            errors.append(
                ROW_AT % {"row": row_number} + ": " + _("this person is not enrolled in the training.")
            )
            continue
        for i, session in columns.items():
            value = raw[i] if i < len(raw) else None
            hours[(enrollments[nid], session.pk)] = "" if cells.blank(value) else str(value).strip()
    if errors:
        raise ValidationError(errors[:30])
    # Cells the file leaves out keep what was recorded.
    from training.models import Attendance

    current = {
        (a.enrollment_id, a.session_id): str(a.hours)
        for a in Attendance.objects.filter(session__training=training)
    }
    return services.attendance_save(user=user, training=training, hours={**current, **hours})
