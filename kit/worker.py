"""The background worker (`manage.py db_worker`, django-tasks-db) carried through a database outage.

The package's worker lets a lost database end the process with a traceback, and one started while the database
is down exits at once; a supervisor that has given up restarting it leaves the queue unserved after the
database is back. This one waits instead: it tries again after 1 s, doubling up to 30 s, logs the outage once
when it starts and once when it ends, and goes on taking jobs.

A job that was running when the database went away could not record how it ended. Once the database answers
again that job is marked failed with a message saying so (not run again: the app's own jobs record their
progress in their own rows and refuse to start twice), so it is never left "running" for ever.

A worker killed outright (kill -9, out of memory) records nothing. So a thread of the worker writes its
heartbeat every few seconds (kit.models.WorkerHeartbeat) and every minute puts right the jobs left running
by workers gone silent and the app rows of jobs that ended without saying so (kit.jobs.reconcile); the
worker also does this when it starts and when the database is back after an outage.
"""

import logging
import os
import socket
import threading
import time

from django.db import connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kit import jobs
from kit.outage import is_outage

logger = logging.getLogger("django_tasks_db")

FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0
INTERRUPTED = (
    "The database became unreachable while this job was running, so how it ended could not be recorded. "
    "The job was not run again; ask for it again if its result is missing."
)


def backoff(attempt: int) -> float:
    """Seconds to wait before try number `attempt` (0-based): 1, 2, 4, 8, 16, 30, 30, …"""
    return min(FIRST_WAIT * 2**attempt, LONGEST_WAIT)


def close_connections() -> None:
    """Drop every connection, broken or not; closing a broken one may itself raise."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a connection that cannot even be closed is gone anyway
            connection.connection = None


def database_answers() -> bool:
    try:
        for connection in connections.all():
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - anything but an answer means "not yet"
        if not is_outage(exc):
            raise
        close_connections()
        return False
    return True


class ResilientWorker(Worker):
    """django-tasks-db's Worker, restarted in place after a database error instead of exiting."""

    sleep = staticmethod(time.sleep)  # tests replace it

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.interrupted_ids: list = []  # jobs claimed by this worker whose end could not be recorded

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            while self.running:
                try:
                    heartbeat.beat()
                    reconcile()  # when it starts, and again once the database is back
                    super().run()
                    return  # --batch or --max-tasks: done
                except Exception as exc:
                    if not is_outage(exc):
                        raise
                    self.wait_for_database(exc)
                self.startup_delay = False  # the delay spreads workers starting together; not needed again
        finally:
            heartbeat.stop()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.interrupted_ids.append(db_task_result.id)
        super().run_task(db_task_result)  # records the job's end itself; raises only if it cannot
        self.interrupted_ids.remove(db_task_result.id)

    def wait_for_database(self, exc: BaseException) -> None:
        logger.warning(
            "Database unreachable (%s: %s); worker %s waits and tries again every %g to %g s.",
            type(exc).__name__,
            str(exc).strip().splitlines()[0] if str(exc).strip() else "",
            self.worker_id,
            FIRST_WAIT,
            LONGEST_WAIT,
        )
        close_connections()
        started = time.monotonic()
        attempt = 0
        while self.running:
            self.sleep(backoff(attempt))
            attempt += 1
            if database_answers():
                break
        if not self.running:
            return
        logger.warning(
            "Database reachable again after %.0f s; worker %s resumes.",
            time.monotonic() - started,
            self.worker_id,
        )
        self.fail_interrupted()

    def fail_interrupted(self) -> None:
        for task_id in self.interrupted_ids:
            marked = DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                return_value=None,
                exception_class_path="django.db.utils.OperationalError",
                traceback=INTERRUPTED,
            )
            if marked:
                logger.warning("Job %s was running when the database went away: marked failed.", task_id)
        self.interrupted_ids.clear()


def reconcile() -> None:
    """kit.jobs.reconcile, its own failures logged: a database outage goes on to the caller."""
    try:
        jobs.reconcile()
    except Exception as exc:
        if is_outage(exc):
            raise
        logger.exception("Putting right the jobs left running failed")


class Heartbeat:
    """A thread writing the worker's heartbeat every few seconds (a long job does not stop it) and reconciling
    every minute; it removes the heartbeat when the worker stops normally."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=jobs.heartbeat_every() + 5)
        try:
            from kit.models import WorkerHeartbeat

            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:  # noqa: BLE001 - the database is gone: the row goes stale and is forgotten later
            close_connections()

    def beat(self) -> None:
        from kit.models import WorkerHeartbeat

        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": timezone.now()},
            create_defaults={
                "seen_at": timezone.now(),
                "started_at": self.started_at,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def loop(self) -> None:
        last_reconcile = time.monotonic()
        try:
            while not self.stopping.wait(jobs.heartbeat_every()):
                try:
                    self.beat()
                    if time.monotonic() - last_reconcile >= jobs.reconcile_every():
                        last_reconcile = time.monotonic()
                        reconcile()
                except Exception as exc:  # noqa: BLE001 - the thread must outlive an outage or a locked database
                    if not is_outage(exc):
                        logger.exception("Worker %s: heartbeat failed", self.worker_id)
                    close_connections()
        finally:
            connections.close_all()
