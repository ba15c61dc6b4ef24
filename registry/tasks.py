"""Background jobs of the registers, run by the database-backed worker (`manage.py db_worker`)."""

import logging

from django.core.exceptions import ValidationError
from django_tasks import task

from kit import jobs

logger = logging.getLogger(__name__)


@task()
def import_commit_task(batch_id: int, user_id: int | None) -> int:
    """Write a confirmed import (registry.services.imports.import_queue); on any failure nothing is saved and
    the batch says why."""
    from django.utils.translation import gettext as _

    from registry.models import ImportBatch, ImportStatus, User
    from registry.services.imports import import_commit, import_fail

    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).first()
    if batch is None:
        return 0  # already done, or expired
    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        batch = import_commit(user=user, batch=batch)
    except ValidationError as exc:
        import_fail(batch_id=batch_id, messages=exc.messages)
        return 0
    except Exception:
        logger.exception("Import %s failed", batch_id)
        with jobs.recording_failure("Import %s", batch_id):
            import_fail(
                batch_id=batch_id,
                messages=[_("The import failed; nothing was saved. Try again or tell the administrator.")],
            )
        raise
    return batch.created_count + batch.updated_count


@task()
def import_check_task(batch_id: int) -> int:
    """Check an uploaded register file (registry.services.imports.import_upload)."""
    from django.utils.translation import gettext as _

    from registry.models import ImportBatch, ImportStatus
    from registry.services.imports import import_check_stored

    try:
        batch = import_check_stored(batch_id=batch_id)
    except Exception:
        logger.exception("Checking import %s failed", batch_id)
        with jobs.recording_failure("Checking import %s", batch_id):
            ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.CHECKING).update(
                status=ImportStatus.REJECTED,
                rows=[],
                errors=[
                    {
                        "row": 0,
                        "column": "",
                        "message": _(
                            "The file could not be checked; nothing was saved. "
                            "Try again or tell the administrator."
                        ),
                    }
                ],
            )
        raise
    return batch.row_count if batch else 0


@task()
def onboard_check_task(run_id: int) -> int:
    """Check an uploaded province set-up workbook (registry.services.onboarding.onboard_upload)."""
    from django.utils.translation import gettext as _

    from registry.services.onboarding import onboard_check_stored, onboard_fail

    try:
        run = onboard_check_stored(run_id=run_id)
    except Exception:
        logger.exception("Checking province set-up %s failed", run_id)
        onboard_fail(
            run_id=run_id,
            messages=[
                _("The file could not be checked; nothing was saved. Try again or tell the administrator.")
            ],
        )
        raise
    return len(run.errors) if run else 0


@task()
def onboard_commit_task(run_id: int, user_id: int | None) -> int:
    """Write a confirmed province set-up (registry.services.onboarding.onboard_queue); on any failure nothing
    is saved and the page says why."""
    from django.utils.translation import gettext as _

    from registry.models import User
    from registry.services.onboarding import onboard_commit_stored, onboard_fail

    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        run = onboard_commit_stored(run_id=run_id, user=user)
    except Exception:
        logger.exception("Province set-up %s failed", run_id)
        onboard_fail(
            run_id=run_id,
            messages=[_("The import failed; nothing was saved. Try again or tell the administrator.")],
        )
        raise
    return sum(c["created"] + c["updated"] for c in run.counts.values()) if run else 0
