"""No background job is left "running" for ever.

Each app keeps a row per job it queued (a certificate batch, an export, …) with a state the page shows, and
the queue (django-tasks-db) keeps its own entry per job. Killing the worker (kill -9, out of memory, the
server gone), or the database going away mid-job, can leave both saying "running": the page would show
"being made" for ever and the app refuse a new job while that one seems to wait.

Apps declare their job rows here (`register(JobKind(...))` in AppConfig.ready; the kit names no app), and
`reconcile()` puts things right:

1. A queue entry RUNNING whose worker is gone is marked failed. A worker writes a heartbeat every few seconds
   (kit.models.WorkerHeartbeat, from a thread of its own, so a long job does not stop it); a worker not seen
   for `JOBS_WORKER_LOST_SECONDS` is gone. An entry claimed by a worker that never wrote a heartbeat (another
   kind of worker) counts as gone once it has run for `JOBS_MAX_SECONDS`; so does any entry running that long.
2. Every app row still waiting or running whose queue entry has ended (failed or successful: the job writes
   its row's end before the queue records its own), or has none, is marked failed with the kind's message for
   the user, who may then ask again.

The worker (kit/worker.py) reconciles when it starts, after a database outage and every minute;
`manage.py reconcile_jobs` does it once. Each update re-checks the state it changes, so a job that ends at
the same moment keeps its own ending.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10  # how often a worker writes its heartbeat
RECONCILE_SECONDS = 60  # how often a worker reconciles
# A row with no queue entry: how long after it was asked for it may still be getting its entry (a job queued
# after the row's transaction commits) before it counts as lost.
MISSING_ENTRY_GRACE = timedelta(minutes=2)
FORGET_WORKERS_AFTER = timedelta(days=1)
FINISHED = (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)
LOST = (
    "The worker running this job stopped (killed, out of memory, or its server gone) before the job ended. "
    "The job was not run again; ask for it again if its result is missing."
)
TOO_LONG = "The job ran longer than DJANGO_JOB_MAX_SECONDS and was taken for stuck; ask for it again."


class JobInterrupted(Exception):
    """Recorded as the exception of a queue entry whose worker is gone (never raised)."""


@dataclass(frozen=True)
class JobKind:
    """One app's job rows. `message` is what the user reads once the job is marked failed (a lazy translation,
    stored in Thai); `store_message` turns it into the value of `message_field` (e.g. a list of errors);
    `also` sets other fields on failure (e.g. clears data kept for the job); `after_fail(row)` tidies up
    (e.g. deletes an uploaded file) once a row is marked failed."""

    model: str  # "app_label.ModelName"
    status_field: str
    active: tuple[str, ...]  # the waiting and running states
    failed: str
    message: object
    since_field: str  # when the job was asked for
    message_field: str = "error"
    task_id_field: str = "task_id"  # the queue entry's id (django-tasks-db's DBTaskResult)
    finished_field: str | None = "finished_at"
    store_message: Callable[[str], object] | None = None
    also: dict = field(default_factory=dict)
    after_fail: Callable[[object], None] | None = None

    def get_model(self):
        return apps.get_model(self.model)


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    """Declare an app's job rows (in AppConfig.ready); registering a model again replaces its kind."""
    _KINDS[kind.model] = kind


def kinds() -> list[JobKind]:
    return list(_KINDS.values())


def max_age() -> timedelta:
    return timedelta(seconds=getattr(settings, "JOBS_MAX_SECONDS", 30 * 60))


def lost_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "JOBS_WORKER_LOST_SECONDS", 120))


def heartbeat_every() -> float:
    """Seconds between two heartbeats: several within the time after which a worker counts as gone."""
    return max(0.5, min(HEARTBEAT_SECONDS, lost_after().total_seconds() / 4))


def reconcile_every() -> float:
    return max(1.0, min(RECONCILE_SECONDS, lost_after().total_seconds()))


@dataclass
class Reconciled:
    entries: int = 0  # queue entries marked failed
    rows: dict = field(default_factory=dict)  # model label -> app rows marked failed

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def reconcile(*, now=None) -> Reconciled:
    """Fail the queue entries whose worker is gone, then the app rows whose job can no longer end."""
    now = now or timezone.now()
    done = Reconciled(entries=fail_lost_entries(now=now))
    for kind in kinds():
        if count := fail_stuck_rows(kind, now=now):
            done.rows[kind.model] = count
    if done.entries or done.rows:
        logger.warning(
            "Jobs left running put right: %d queue entries and %d job rows (%s) marked failed.",
            done.entries,
            done.total_rows,
            ", ".join(f"{label} {n}" for label, n in done.rows.items()) or "none",
        )
    return done


def fail_lost_entries(*, now) -> int:
    """Queue entries RUNNING whose worker is gone, or running longer than the maximum: marked failed."""
    from kit.models import WorkerHeartbeat

    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    marked = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for entry_id, worker_ids, started_at in running.values_list("id", "worker_ids", "started_at"):
        worker = worker_ids[-1] if worker_ids else None
        too_long = started_at is None or started_at < now - max_age()
        gone = worker in seen and seen[worker] < now - lost_after()
        if not (too_long or gone):
            continue
        marked += DBTaskResult.objects.filter(id=entry_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=f"{JobInterrupted.__module__}.{JobInterrupted.__qualname__}",
            traceback=LOST if gone else TOO_LONG,
        )
        logger.warning("Job %s: its worker %s is gone or it ran too long; marked failed.", entry_id, worker)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()  # long dead
    return marked


def _entry_id(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _queue_in_database() -> bool:
    """Jobs go through the database queue (otherwise they run inside the request and have no entry)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    try:
        return isinstance(task_backends["default"], DatabaseBackend)
    except Exception:  # noqa: BLE001 - no usable backend: nothing is queued either
        return False


def fail_stuck_rows(kind: JobKind, *, now) -> int:
    """The kind's rows waiting or running whose queue entry has ended, or that have none: marked failed."""
    model = kind.get_model()
    active = model._default_manager.filter(**{f"{kind.status_field}__in": kind.active})
    rows = list(active.values_list("pk", kind.task_id_field, kind.since_field))
    if not rows:
        return 0
    entry_ids = {pk: _entry_id(task_id) for pk, task_id, _since in rows if task_id}
    entries = dict(
        DBTaskResult.objects.filter(id__in=[e for e in entry_ids.values() if e]).values_list("id", "status")
    )
    # Without the database queue a job runs inside a request and has no entry: only the maximum applies.
    missing_after = MISSING_ENTRY_GRACE if _queue_in_database() else max_age()
    stuck = []
    for pk, _task_id, since in rows:
        status = entries.get(entry_ids.get(pk))
        if status is None:
            if since is None or since < now - missing_after:
                stuck.append(pk)
        elif status in FINISHED:
            stuck.append(pk)
    return sum(fail_row(kind, pk, now=now) for pk in stuck)


def fail_row(kind: JobKind, pk, *, now) -> int:
    """Mark one row failed with the kind's message, if it is still waiting or running."""
    model = kind.get_model()
    with translation.override("th"):
        message = str(kind.message)
    values = {
        kind.status_field: kind.failed,
        kind.message_field: kind.store_message(message) if kind.store_message else message,
        **kind.also,
    }
    if kind.finished_field:
        values[kind.finished_field] = now
    still_active = {f"{kind.status_field}__in": kind.active}
    marked = model._default_manager.filter(pk=pk, **still_active).update(**values)
    if marked:
        logger.warning("%s %s was left running by a job that ended: marked failed.", kind.model, pk)
        if kind.after_fail:
            row = model._default_manager.filter(pk=pk).first()
            if row is not None:
                kind.after_fail(row)
    return marked


class recording_failure:
    """`with jobs.recording_failure("Certificate batch %s", pk): …update the row…` inside a job's `except`:
    when the row cannot be written either (the database is gone), log it and let the job's own error go on
    (the reconcile marks the row failed later) instead of raising a second, confusing error."""

    def __init__(self, what: str, *args):
        self.what, self.args = what, args

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None:
            return False
        if not isinstance(exc, Exception):
            return False
        logger.warning(
            "%s: its failure could not be recorded (%s: %s); the reconcile will mark it failed.",
            self.what % self.args,
            type(exc).__name__,
            str(exc).strip().splitlines()[0] if str(exc).strip() else "",
        )
        return True
