"""Background jobs of the reports app, run by the database-backed worker (`manage.py db_worker`), like
training/tasks.py: the job gets the id of an Export row (what to make), writes the file through the storage
API and its state and progress to that row, so any app server shows the progress and serves the file."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django_tasks import task

from kit import jobs

logger = logging.getLogger(__name__)


@task()
def make_export(export_id: str) -> int:
    """The dashboard of one place as a workbook or a printed book
    (reports.models.Export). Returns the file's size."""
    from reports.models import Export, ExportStatus
    from reports.services.exports import export_build, export_fail

    export = Export.objects.select_related("user__office").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.QUEUED:
        return 0  # asked for twice, or deleted meanwhile
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)
    with translation.override("th"):
        try:
            data = export_build(export=export)
        except Exception:  # the user sees that it failed and may ask again; the log has the details
            logger.exception("Export %s failed", export.pk)
            with jobs.recording_failure("Export %s", export.pk):
                export_fail(
                    export=export,
                    reason=translation.gettext(
                        "The file could not be made; try again or tell the administrator."
                    ),
                )
            raise
    if data is None:
        return 0
    export.file.save(f"{export.pk}.{export.kind}", ContentFile(data), save=False)
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE,
        file=export.file.name,
        steps_done=export.steps_total,
        finished_at=timezone.now(),
    )
    return len(data)


@task()
def refresh_snapshots(province: str) -> int:
    """Compute again the stored dashboard figures that a change in `province` ("": anywhere) made out of date
    (reports/services/snapshots.py). Returns how many were made."""
    from reports.services.snapshots import refresh

    with translation.override("th"):
        return refresh(province)
