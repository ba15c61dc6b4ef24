"""Setting up a province from one workbook: its offices, villages and users, checked whole, then written in
one transaction. The command line runs it inline; the admin page keeps the upload through the storage API and
lets the background worker check it and, once the administrator confirms, write it (registry/tasks.py)."""

import datetime
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.imports.onboard import OnboardResult, ProvinceWorkbook
from registry.models import ImportStatus, Onboarding

PREVIEW_LIFETIME = datetime.timedelta(days=1)


def onboard(
    *, user, province_code: str | None, data: bytes, file_name: str, villages=None, commit: bool
) -> OnboardResult:
    """Check the workbook (and the official village list `villages`, (data, file name), if given); with
    `commit`, write all of it in one transaction when there is no error, and nothing when there is one."""
    setup = ProvinceWorkbook(province_code=province_code, user=user)
    setup.read(data, file_name, villages=villages)
    return setup.write() if commit else setup.check()


def onboard_upload(*, user, province, upload, villages_upload=None) -> Onboarding:
    """The admin page's upload: kept through the storage API and checked by the background worker. Returns the
    set-up as it stands (with the immediate task backend, already checked)."""
    from registry.tasks import onboard_check_task

    onboard_previews_expire()
    with transaction.atomic():
        run = Onboarding.objects.create(
            province=province,
            user=user,
            file_name=upload.name[:255],
            villages_file_name=villages_upload.name[:255] if villages_upload else "",
            status=ImportStatus.CHECKING,
        )
        for field_name, file in (("upload", upload), ("villages_upload", villages_upload)):
            if file is not None:
                suffix = Path(file.name).suffix.lower()[:8]
                getattr(run, field_name).save(f"{run.pk}-{uuid.uuid4().hex}{suffix}", file, save=False)
        run.save()
        onboard_check_task.enqueue(run.pk)
    return Onboarding.objects.get(pk=run.pk)


def _run(run: Onboarding, *, user, commit: bool) -> OnboardResult:
    with run.upload.open("rb") as handle:
        data = handle.read()
    villages = None
    if run.villages_upload:
        with run.villages_upload.open("rb") as handle:
            villages = (handle.read(), run.villages_file_name)
    return onboard(
        user=user,
        province_code=run.province_id,
        data=data,
        file_name=run.file_name,
        villages=villages,
        commit=commit,
    )


def _record(run: Onboarding, result: OnboardResult):
    run.counts, run.errors, run.warnings = result.counts, result.errors, [str(w) for w in result.warnings]


def onboard_check_stored(*, run_id: int) -> Onboarding | None:
    """Check an uploaded set-up (registry.tasks.onboard_check_task); nothing is written."""
    run = Onboarding.objects.filter(pk=run_id, status=ImportStatus.CHECKING).first()
    if run is None:
        return None
    result = _run(run, user=run.user, commit=False)
    _record(run, result)
    run.status = ImportStatus.PREVIEWED if result.ok else ImportStatus.REJECTED
    run.save()
    if not result.ok:
        _drop_uploads(run)
    return run


def onboard_queue(*, user, run: Onboarding) -> Onboarding:
    """The administrator confirms a checked set-up: the background worker writes it. Returns the set-up as it
    stands after queueing (with the immediate task backend, already written or rejected)."""
    from registry.tasks import onboard_commit_task

    with transaction.atomic():
        locked = Onboarding.objects.select_for_update().get(pk=run.pk)
        if locked.status != ImportStatus.PREVIEWED:
            raise ValidationError(_("This file was already written or was rejected; upload it again."))
        locked.status = ImportStatus.QUEUED
        locked.save(update_fields=["status"])
        onboard_commit_task.enqueue(locked.pk, user.pk if user else None)
    return Onboarding.objects.get(pk=run.pk)


def onboard_commit_stored(*, run_id: int, user) -> Onboarding | None:
    """Write a confirmed set-up: read and checked again inside the transaction (the database may have changed
    since the preview), then all of it or, on any error, nothing."""
    with transaction.atomic():
        run = Onboarding.objects.select_for_update().filter(pk=run_id, status=ImportStatus.QUEUED).first()
        if run is None:
            return None
        result = _run(run, user=user, commit=True)
        _record(run, result)
        if result.written:
            run.status, run.committed_at = ImportStatus.COMMITTED, timezone.now()
            run.new_users = result.new_users
        else:
            run.status = ImportStatus.REJECTED
        run.save()
    _drop_uploads(run)
    return run


def onboard_fail(*, run_id: int, messages: list[str]) -> None:
    """A set-up that could not be checked or written: nothing was saved; the page says why."""
    run = Onboarding.objects.filter(pk=run_id).exclude(status=ImportStatus.COMMITTED).first()
    if run is None:
        return
    run.status = ImportStatus.REJECTED
    run.errors = [{"sheet": "", "row": 0, "column": "", "message": str(m)} for m in messages]
    run.save(update_fields=["status", "errors"])
    _drop_uploads(run)


def onboard_previews_expire() -> int:
    """Set-ups not confirmed within a day are rejected and their files deleted (they hold staff's names)."""
    stale = Onboarding.objects.filter(
        status__in=[ImportStatus.PREVIEWED, ImportStatus.CHECKING],
        created_at__lt=timezone.now() - PREVIEW_LIFETIME,
    )
    for run in stale:
        _drop_uploads(run)
    return stale.update(
        status=ImportStatus.REJECTED,
        errors=[
            {
                "sheet": "",
                "row": 0,
                "column": "",
                "message": str(_("Not confirmed within a day; upload the file again.")),
            }
        ],
    )


def _drop_uploads(run: Onboarding):
    for field_name in ("upload", "villages_upload"):
        file = getattr(run, field_name)
        if file:
            file.delete(save=False)
    Onboarding.objects.filter(pk=run.pk).update(upload="", villages_upload="")
