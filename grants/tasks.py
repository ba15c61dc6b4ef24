"""Background jobs of the grants app, run by the database-backed worker
(`manage.py db_worker`), like training/tasks.py.

The job gets the id of a GrantFile row (what to do); it writes the PDF through the storage API and its state
to that row, so any app server can show progress and serve the file."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from kit import jobs

logger = logging.getLogger(__name__)


@task()
def render_grant_file(file_id: str) -> int:
    """The whole grant file of a request for auditors, as one PDF
    (grants.models.GrantFile). Returns its size."""
    from grants.models import GrantFile
    from grants.pdf import grant_file_pdf

    grant_file = GrantFile.objects.select_related("request").filter(pk=file_id).first()
    if grant_file is None or grant_file.state != GrantFile.State.QUEUED:
        return 0  # asked for twice, or the request was deleted meanwhile
    GrantFile.objects.filter(pk=grant_file.pk).update(state=GrantFile.State.RUNNING)
    try:
        with translation.override("th"):  # a refusal is recorded for the officer, in Thai
            data = grant_file_pdf(grant_file.request)
        grant_file.file.save(f"{grant_file.pk}.pdf", ContentFile(data), save=False)
    except ValidationError as refused:  # the request's own data stops it (approved lines that do not add up)
        GrantFile.objects.filter(pk=grant_file.pk).update(
            state=GrantFile.State.FAILED, finished_at=timezone.now(), error=" ".join(refused.messages)[:300]
        )
        return 0
    except Exception:  # the officer sees that it failed and may ask again; the log has the details
        logger.exception("Grant file %s failed", grant_file.pk)
        with jobs.recording_failure("Grant file %s", grant_file.pk), translation.override("th"):
            GrantFile.objects.filter(pk=grant_file.pk).update(
                state=GrantFile.State.FAILED,
                finished_at=timezone.now(),
                error=gettext("The grant file could not be made; try again or tell the administrator."),
            )
        raise
    GrantFile.objects.filter(pk=grant_file.pk).update(
        state=GrantFile.State.READY, file=grant_file.file.name, finished_at=timezone.now()
    )
    _drop_older(grant_file)
    return len(data)


def _drop_older(grant_file):
    """Older finished files of the request and their stored PDFs: only the newest is kept."""
    from grants.models import GrantFile

    older = GrantFile.objects.filter(
        request_id=grant_file.request_id, requested_at__lt=grant_file.requested_at
    ).exclude(state__in=[GrantFile.State.QUEUED, GrantFile.State.RUNNING])
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
