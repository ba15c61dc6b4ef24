"""An export of the dashboard: the workbook (xlsx) or the printed book (PDF) of one place, fiscal year and
view, built by the background worker (reports/tasks.py) and kept through the storage API for the
user who asked.

The row holds only what names the view (the dashboard's parameters), the job's state and progress, and the
file: no figure and no personal data. The worker looks the place up again for the user (who may have lost
access since) and builds the dashboard with the same parameters, so the file is what the user saw."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    PDF = "pdf", _("printed book (PDF)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


CONTENT_TYPES = {
    ExportKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportKind.PDF: "application/pdf",
}


def _file_name(export, filename):
    return f"generated/exports/{export.user_id}/{export.pk}.{export.kind}"


class ExportQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own exports only (anyone else's is a 404, an administrator's included: the file is what
        its owner saw)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class Export(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=4, choices=ExportKind.choices)
    # The dashboard's parameters (reports.selectors.dashboard.dashboard and place_for)
    level = models.CharField(max_length=12)
    key = models.CharField(max_length=20, blank=True)
    place_name = models.CharField(max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField()
    programme = models.PositiveSmallIntegerField(null=True, blank=True)
    sort = models.CharField(max_length=40, blank=True)
    descending = models.BooleanField(default=False)
    measure = models.CharField(max_length=40, blank=True)
    quarter = models.PositiveSmallIntegerField(default=0)
    # The job
    status = models.CharField(
        _("state"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=_file_name, blank=True, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)  # in Thai, for the user

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dashboard export")

    def __str__(self):
        return f"{self.get_kind_display()} {self.place_name} {self.fiscal_year}"

    @property
    def in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.steps_total:
            return 0
        return min(99, self.steps_done * 100 // self.steps_total)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def download_name(self) -> str:
        place = self.key or self.level
        return f"dashboard-{place}-{self.fiscal_year}.{self.kind}"
