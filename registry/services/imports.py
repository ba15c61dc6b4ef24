"""Bringing a spreadsheet into a register: check (preview), then commit, all or nothing."""

import datetime
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kit.imports.reading import ImportFileError, read_table
from registry.imports.registry import importer_for
from registry.models import ImportBatch, ImportStatus

ROW_AT = gettext_lazy("row %(row)s")


PREVIEW_LIFETIME = datetime.timedelta(days=1)


def import_previews_expire() -> int:
    """Previews not confirmed within a day lose their rows, and files never checked are deleted: the file's
    personal data is not kept (PDPA)."""
    stale = ImportBatch.objects.filter(
        status__in=[ImportStatus.PREVIEWED, ImportStatus.CHECKING],
        created_at__lt=timezone.now() - PREVIEW_LIFETIME,
    )
    for batch in stale.exclude(upload=""):
        drop_upload(batch)
    return stale.update(
        status=ImportStatus.REJECTED,
        rows=[],
        errors=[
            {"row": 0, "column": "", "message": str(_("Not confirmed within a day; upload the file again."))}
        ],
    )


def import_check(*, user, office, kind: str, data: bytes, file_name: str) -> ImportBatch:
    """Read and check the whole file now (the command line, small files); nothing is written to the register.
    Returns the batch (the preview)."""
    import_previews_expire()
    batch = ImportBatch(kind=kind, office=office, user=user, file_name=file_name[:255])
    _check_into(batch, data, user=user)
    return batch


def import_upload(*, user, office, kind: str, upload) -> ImportBatch:
    """A file uploaded on the web: kept through the storage API and checked by the background worker
    (registry/tasks.py), so a whole-province file never holds a request. Returns the batch as it stands (with
    the immediate task backend, already checked)."""
    from registry.tasks import import_check_task

    import_previews_expire()
    with transaction.atomic():
        batch = ImportBatch(
            kind=kind, office=office, user=user, file_name=upload.name[:255], status=ImportStatus.CHECKING
        )
        batch.save()
        batch.upload.save(
            f"{batch.pk}-{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:8]}", upload, save=True
        )
        result = import_check_task.enqueue(batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id))
    return ImportBatch.objects.get(pk=batch.pk)


def import_check_stored(*, batch_id: int) -> ImportBatch | None:
    """Check an uploaded file (registry.tasks.import_check_task), then drop the file: only the checked rows
    stay, until they are imported or expire."""
    batch = (
        ImportBatch.objects.select_related("user", "office")
        .filter(pk=batch_id, status=ImportStatus.CHECKING)
        .first()
    )
    if batch is None:
        return None
    try:
        with batch.upload.open("rb") as handle:
            data = handle.read()
        _check_into(batch, data, user=batch.user)
    finally:
        drop_upload(batch)
    return batch


def drop_upload(batch):
    if batch.upload:
        batch.upload.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(upload="")


def _check_into(batch: ImportBatch, data: bytes, *, user) -> None:
    importer = importer_for(batch.kind, office=batch.office, user=user)
    try:
        table = read_table(data, batch.file_name)
    except ImportFileError as exc:
        batch.status = ImportStatus.REJECTED
        batch.errors = [{"row": 0, "column": "", "message": str(exc)}]
        batch.save()
        return
    result = importer.check(table)
    batch.row_count = result.row_count
    batch.errors = [e.as_dict() for e in result.errors]
    batch.warnings = [str(w) for w in result.warnings]
    batch.rejected_count = rejected_rows(result.errors, row_count=result.row_count)
    if result.ok:
        batch.status = ImportStatus.PREVIEWED
        batch.rows = result.rows
        batch.created_count, batch.updated_count = result.to_create, result.to_update
        batch.unchanged_count = result.unchanged
    else:
        batch.status = ImportStatus.REJECTED
    batch.save()


def rejected_rows(errors, *, row_count: int) -> int:
    """Data rows that failed: each row with an error once; every row when the file itself fails (a header
    missing, no data rows)."""
    from kit.imports.reading import Table

    if any(e.row < Table.FIRST_DATA_ROW for e in errors):
        return row_count
    return len({e.row for e in errors})


def import_queue(*, user, batch: ImportBatch) -> ImportBatch:
    """The officer confirms a checked batch: the background worker writes it (registry/tasks.py), so a
    whole-province file never holds a web request. Returns the batch as it stands after queueing (with the
    immediate task backend, already imported or rejected)."""
    from registry.tasks import import_commit_task

    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.PREVIEWED:
            raise ValidationError(_("This file was already imported or was rejected; upload it again."))
        locked.status = ImportStatus.QUEUED
        locked.save(update_fields=["status"])
        result = import_commit_task.enqueue(locked.pk, user.pk if user else None)
        ImportBatch.objects.filter(pk=locked.pk).update(task_id=str(result.id))
    return ImportBatch.objects.get(pk=batch.pk)


def import_fail(*, batch_id: int, messages: list[str]) -> None:
    """A queued batch that could not be written: nothing was saved; the officer sees why on the preview
    page."""
    ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.REJECTED,
        rows=[],
        rejected_count=F("row_count"),
        errors=[{"row": 0, "column": "", "message": m} for m in messages],
    )


def import_commit(*, user, batch: ImportBatch) -> ImportBatch:
    """Write a checked batch: every row or none. The register may have changed since the preview, so the
    rows are checked again inside the transaction."""
    import_previews_expire()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in (ImportStatus.PREVIEWED, ImportStatus.QUEUED):
            raise ValidationError(_("This file was already imported or was rejected; upload it again."))
        importer = importer_for(batch.kind, office=batch.office, user=user)
        rows = [{**row, "_ok": True} for row in batch.rows]
        from registry.imports.base import CheckResult

        recheck = CheckResult(row_count=len(rows))
        importer.present_keys = set().union(*(row.keys() for row in rows))
        importer.resolve(rows, recheck)
        if recheck.errors:
            raise ValidationError([ROW_AT % {"row": e.row} + f": {e.message}" for e in recheck.errors[:20]])
        created, updated, unchanged = importer.commit(rows, batch=batch)
        batch.status = ImportStatus.COMMITTED
        batch.created_count, batch.updated_count, batch.unchanged_count = created, updated, unchanged
        batch.rows = []  # the personal data of the file is not kept once imported
        batch.committed_at = timezone.now()
        batch.save()
    from reports.services.snapshots import mark_changed

    # After the commit (here, or the caller's): the dashboard's stored figures of the office's province are
    # out of date.
    transaction.on_commit(lambda: mark_changed(batch.office.province_id if batch.office_id else None))
    return batch
