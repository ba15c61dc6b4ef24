"""The kit's one table: the background workers' heartbeats (kit/jobs.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running `manage.py db_worker`: it writes `seen_at` every few seconds, from a thread of its own so a
    long job does not stop it. A worker killed outright (kill -9, out of memory, its server gone) stops
    writing; the jobs it had claimed are then failed by kit.jobs.reconcile. A worker that stops normally
    removes its row."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("server"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), default=0)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
