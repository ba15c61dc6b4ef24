"""Background jobs of the training app, run by the database-backed worker (`manage.py db_worker`).

A job gets the id of a row that says what to do (never large arguments); it writes its result through the
storage API and its state to that row, so any app server can show progress and serve the result."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from kit import jobs

logger = logging.getLogger(__name__)


@task()
def render_certificate_batch(batch_id: str) -> int:
    """Render every valid certificate of a training into one PDF (training.models.CertificateBatch)."""
    from training.models import BatchStatus, Certificate, CertificateBatch
    from training.pdf import CERTIFICATE_RELATED, certificates_pdf

    batch = CertificateBatch.objects.select_related("training").filter(pk=batch_id).first()
    if batch is None or batch.status != BatchStatus.QUEUED:
        return 0  # asked for twice, or the training was deleted meanwhile
    CertificateBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    try:
        certificates = list(
            Certificate.objects.filter(enrollment__training=batch.training, revoked_at__isnull=True)
            .select_related(*CERTIFICATE_RELATED)
            .order_by("number")
        )
        data = certificates_pdf(certificates, base_url=batch.base_url)
        batch.file.save(f"{batch.pk}.pdf", ContentFile(data), save=False)
    except Exception:  # the officer sees that it failed and may try again; the log has the details
        logger.exception("Certificate batch %s failed", batch.pk)
        with jobs.recording_failure("Certificate batch %s", batch.pk), translation.override("th"):
            CertificateBatch.objects.filter(pk=batch.pk).update(
                status=BatchStatus.FAILED,
                finished_at=timezone.now(),
                error=gettext(
                    "The PDF of the certificates could not be made; try again or tell the administrator."
                ),
            )
        raise
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.READY,
        file=batch.file.name,
        certificate_count=len(certificates),
        finished_at=timezone.now(),
    )
    _drop_older(batch)
    return len(certificates)


def _drop_older(batch):
    """Older finished batches of the training and their files: only the newest PDF is kept."""
    from training.models import BatchStatus, CertificateBatch

    older = CertificateBatch.objects.filter(
        training_id=batch.training_id, requested_at__lt=batch.requested_at
    ).exclude(status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING])
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
