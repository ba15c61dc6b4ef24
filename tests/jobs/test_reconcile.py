"""Jobs left "running" are put right (kit/jobs.py): an app row whose queue entry has ended, or whose worker is
gone, is marked failed with a Thai message and its page offers to ask again; a healthy job is left alone."""

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from grants.models import GrantFile
from kit import jobs
from kit.models import WorkerHeartbeat
from registry.models import ImportBatch, ImportStatus
from registry.registers.declarations import REGISTERS
from reports.models import Export, ExportStatus
from tests.grants.helpers import grant_world, make_request
from tests.training.helpers import training_at
from tests.training.test_pdf import all_certified
from tests.training.test_training_pages import act
from training import services as training_services
from training.models import BatchStatus, CertificateBatch, Step

pytestmark = pytest.mark.django_db

STOPPED = "หยุดกลางคันเพราะระบบขัดข้อง"
MESSAGES = {
    "training.CertificateBatch": "การจัดทำไฟล์ PDF ใบรับรองหยุดกลางคันเพราะระบบขัดข้อง กรุณาสั่งจัดทำใหม่อีกครั้ง",
    "grants.GrantFile": "การจัดทำแฟ้มเอกสารหยุดกลางคันเพราะระบบขัดข้อง กรุณาสั่งจัดทำใหม่อีกครั้ง",
    "reports.Export": "การจัดทำไฟล์หยุดกลางคันเพราะระบบขัดข้อง กรุณาสั่งจัดทำใหม่อีกครั้ง",
    "registry.ImportBatch": "งานนี้หยุดกลางคันเพราะระบบขัดข้อง ไม่มีข้อมูลใดถูกบันทึก กรุณาอัปโหลดไฟล์อีกครั้ง",
}


def entry(status, *, worker=None, started_ago=None) -> DBTaskResult:
    """A queue entry as django-tasks-db's worker leaves it."""
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.outage.tasks.nap",
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=[worker] if worker else [],
        started_at=None if started_ago is None else now - datetime.timedelta(seconds=started_ago),
        finished_at=now if status in jobs.FINISHED else None,
    )


def heartbeat(worker, seen_ago) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker,
        started_at=now - datetime.timedelta(hours=1),
        seen_at=now - datetime.timedelta(seconds=seen_ago),
    )


# --- one row of each kind, left waiting or running ----------------------------------------------------------


@pytest.fixture
def certified(world, catalogue):
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    all_certified(world, training)
    return training


def certificate_batch(world, certified, task_id, status=BatchStatus.RUNNING):
    return CertificateBatch.objects.create(
        training=certified,
        requested_by=world.tao_a,
        base_url="http://testserver",
        status=status,
        task_id=task_id,
    )


def grant_file(world, certified, task_id, status="running"):
    if not hasattr(world, "grants"):
        world.grants = grant_world(world)
    gw = world.grants
    return GrantFile.objects.create(
        request=make_request(gw), requested_by=gw.staff, state=status, task_id=task_id
    )


def export(world, certified, task_id, status="running"):
    return Export.objects.create(
        user=world.province_a,
        kind="xlsx",
        level="province",
        key="46",
        place_name="กาฬสินธุ์",
        fiscal_year=2568,
        status=status,
        task_id=task_id,
    )


def import_batch(world, certified, task_id, status="queued"):
    return ImportBatch.objects.create(
        kind="people",
        office=world.office_a,
        user=world.tao_a,
        file_name="people.xlsx",
        status=status,
        task_id=task_id,
        row_count=12,
        rows=[{"first_name": "สมชาย"}],
    )


KINDS = {
    "training.CertificateBatch": (certificate_batch, "status", "failed", "error"),
    "grants.GrantFile": (grant_file, "state", "failed", "error"),
    "reports.Export": (export, "status", "failed", "error"),
    "registry.ImportBatch": (import_batch, "status", "rejected", "errors"),
}


def message_of(row, field):
    value = getattr(row, field)
    return value[0]["message"] if isinstance(value, list) else value


def test_every_kind_is_registered():
    assert {kind.model for kind in jobs.kinds()} == set(KINDS)


@pytest.mark.parametrize("label", KINDS)
@pytest.mark.parametrize("ended", [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL])
def test_a_row_left_running_by_a_job_that_ended_is_marked_failed_with_the_message(
    world, certified, label, ended
):
    make, status_field, failed, message_field = KINDS[label]
    row = make(world, certified, str(entry(ended, worker="w1", started_ago=30).id))
    done = jobs.reconcile()
    assert done.rows == {label: 1}
    row.refresh_from_db()
    assert getattr(row, status_field) == failed
    assert message_of(row, message_field) == MESSAGES[label]
    assert not jobs.reconcile().rows, "done once"


@pytest.mark.parametrize("label", KINDS)
def test_a_job_whose_worker_is_gone_is_failed_and_its_row_too(world, certified, label):
    make, status_field, failed, message_field = KINDS[label]
    heartbeat("killed", seen_ago=600)  # kill -9: its heartbeat stopped ten minutes ago
    queued = entry(TaskResultStatus.RUNNING, worker="killed", started_ago=700)
    row = make(world, certified, str(queued.id))
    done = jobs.reconcile()
    queued.refresh_from_db()
    assert done.entries == 1 and queued.status == TaskResultStatus.FAILED
    assert queued.exception_class_path == "kit.jobs.JobInterrupted" and "worker" in queued.traceback
    row.refresh_from_db()
    assert getattr(row, status_field) == failed and STOPPED in message_of(row, message_field)


@pytest.mark.parametrize("label", KINDS)
def test_a_healthy_job_is_left_alone(world, certified, label):
    make, status_field, _failed, _message_field = KINDS[label]
    heartbeat("alive", seen_ago=3)
    running = entry(TaskResultStatus.RUNNING, worker="alive", started_ago=600)
    row = make(world, certified, str(running.id))
    waiting = make(world, certified, str(entry(TaskResultStatus.READY).id))
    before = {r.pk: getattr(r, status_field) for r in (row, waiting)}
    assert jobs.reconcile().entries == 0
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING
    for r in (row, waiting):
        r.refresh_from_db()
        assert getattr(r, status_field) == before[r.pk]


def test_a_job_running_longer_than_the_maximum_is_failed(world, certified, settings):
    settings.JOBS_MAX_SECONDS = 60
    heartbeat("alive", seen_ago=1)
    stuck = entry(TaskResultStatus.RUNNING, worker="alive", started_ago=61)
    batch = certificate_batch(world, certified, str(stuck.id))
    jobs.reconcile()
    stuck.refresh_from_db()
    batch.refresh_from_db()
    assert stuck.status == TaskResultStatus.FAILED and "DJANGO_JOB_MAX_SECONDS" in stuck.traceback
    assert batch.status == BatchStatus.FAILED


def test_a_worker_without_heartbeat_counts_as_gone_only_after_the_maximum(world, certified, settings):
    settings.JOBS_MAX_SECONDS = 600
    recent = entry(TaskResultStatus.RUNNING, worker="other-kind", started_ago=300)
    old = entry(TaskResultStatus.RUNNING, worker="other-kind", started_ago=601)
    assert jobs.reconcile().entries == 1
    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.status == TaskResultStatus.RUNNING and old.status == TaskResultStatus.FAILED


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_a_row_without_a_queue_entry_is_failed_after_a_grace(world, certified, settings):
    settings.TASKS = DATABASE_QUEUE
    just_asked = certificate_batch(world, certified, "", status=BatchStatus.QUEUED)
    lost = grant_file(world, certified, str(uuid.uuid4()), status="queued")  # its entry was pruned, say
    GrantFile.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=5))
    assert jobs.reconcile().rows == {"grants.GrantFile": 1}
    just_asked.refresh_from_db()
    assert just_asked.status == BatchStatus.QUEUED  # its job may be queued the moment its transaction ends
    CertificateBatch.objects.filter(pk=just_asked.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert jobs.reconcile().rows == {"training.CertificateBatch": 1}


def test_without_the_database_queue_a_row_has_no_entry_and_only_the_maximum_applies(
    world, certified, settings
):
    settings.JOBS_MAX_SECONDS = 600
    inline = certificate_batch(world, certified, "")  # running inside a request (immediate backend)
    CertificateBatch.objects.filter(pk=inline.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert not jobs.reconcile().rows
    CertificateBatch.objects.filter(pk=inline.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert jobs.reconcile().rows == {"training.CertificateBatch": 1}


def test_a_row_that_ended_meanwhile_keeps_its_own_ending(world, certified):
    """The row is read, then the job ends it before the update: the update re-checks the state."""
    done = export(world, certified, str(entry(TaskResultStatus.SUCCESSFUL).id))
    Export.objects.filter(pk=done.pk).update(status=ExportStatus.DONE)
    kind = next(k for k in jobs.kinds() if k.model == "reports.Export")
    assert jobs.fail_row(kind, done.pk, now=timezone.now()) == 0
    done.refresh_from_db()
    assert done.status == ExportStatus.DONE and not done.error


def test_a_failed_import_keeps_no_personal_data_nor_its_upload(world, certified):
    from django.core.files.base import ContentFile

    batch = import_batch(world, certified, str(entry(TaskResultStatus.FAILED).id), status="checking")
    batch.upload.save("people.xlsx", ContentFile(b"national ids"), save=True)
    stored = batch.upload.name
    jobs.reconcile()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.REJECTED and batch.rows == [] and not batch.upload
    assert batch.rejected_count == batch.row_count
    assert not batch.upload.storage.exists(stored)


def test_the_command_reports_what_it_did(world, certified, capsys):
    certificate_batch(world, certified, str(entry(TaskResultStatus.FAILED).id))
    call_command("reconcile_jobs")
    out = capsys.readouterr().out
    assert "Queue entries marked failed: 0" in out and "training.CertificateBatch: 1 marked failed" in out


# --- what the user sees and may do afterwards --------------------------------------------------------------


def test_a_new_certificate_batch_may_be_asked_for_once_the_stuck_one_is_put_right(client, world, certified):
    stuck = certificate_batch(world, certified, str(entry(TaskResultStatus.FAILED).id))
    again = training_services.certificate_batch_request(
        user=world.tao_a, training=certified, base_url="http://testserver"
    )
    assert again.pk == stuck.pk, "while it seems to wait, no second batch is queued"
    jobs.reconcile()
    client.force_login(world.tao_a)
    fragment = client.get(reverse("training:certificates_batch", args=[certified.pk])).content.decode()
    assert MESSAGES["training.CertificateBatch"] in fragment and 'value="certificates_batch"' in fragment
    assert "every 2s" not in fragment
    act(client, certified, "certificates_batch")  # the "try again" button
    fresh = CertificateBatch.objects.get()  # the failed one is dropped once the new one is made
    assert fresh.pk != stuck.pk and fresh.status == BatchStatus.READY


def test_the_grant_file_export_and_import_pages_show_the_message_and_a_way_to_try_again(
    client, world, certified
):
    made = grant_file(world, certified, str(entry(TaskResultStatus.FAILED).id))
    exported = export(world, certified, str(entry(TaskResultStatus.FAILED).id))
    imported = import_batch(world, certified, str(entry(TaskResultStatus.FAILED).id))
    jobs.reconcile()

    client.force_login(made.requested_by)
    page = client.get(reverse("grants:detail", args=[made.request_id])).content.decode()
    assert MESSAGES["grants.GrantFile"] in page
    assert reverse("grants:file_request", args=[made.request_id]) in page

    client.force_login(world.province_a)
    page = client.get(reverse("reports:export", args=[exported.pk])).content.decode()
    assert MESSAGES["reports.Export"] in page and "ลองใหม่" in page and "every 2s" not in page

    client.force_login(world.tao_a)
    people = next(r for r in REGISTERS if r.import_kind == "people")
    page = client.get(people.url("import_preview", imported.pk)).content.decode()
    assert MESSAGES["registry.ImportBatch"] in page and people.url("import") in page
    assert "every 2s" not in page


# --- a job's clean-up with the database gone ----------------------------------------------------------------


def test_a_job_failing_with_the_database_gone_raises_its_own_error_only(world, certified, monkeypatch):
    """The job's `except` cannot record the failure either; it logs that and raises the job's error, not a
    second one (the reconcile marks the row failed later)."""
    from training.tasks import render_certificate_batch

    batch = certificate_batch(world, certified, "", status=BatchStatus.QUEUED)

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    update = QuerySet.update

    def database_gone(self, **values):
        if values.get("status") == BatchStatus.FAILED:
            raise OperationalError("server closed the connection unexpectedly")
        return update(self, **values)

    monkeypatch.setattr("training.pdf.certificates_pdf", broken)
    monkeypatch.setattr(QuerySet, "update", database_gone)
    with pytest.raises(OSError, match="disk gone"):
        render_certificate_batch.call(str(batch.pk))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING  # left for the reconcile


def test_the_clean_up_guard_logs_an_error_and_lets_an_interruption_through(caplog):
    with jobs.recording_failure("Job %s", 1):
        raise OperationalError("down")
    assert "Job 1: its failure could not be recorded (OperationalError: down)" in caplog.text
    with pytest.raises(KeyboardInterrupt), jobs.recording_failure("Job %s", 1):
        raise KeyboardInterrupt


def test_the_heartbeat_thread_beats_and_reconciles_until_stopped(monkeypatch):
    import threading

    from kit import worker

    beats, reconciled = threading.Event(), threading.Event()
    monkeypatch.setattr(jobs, "heartbeat_every", lambda: 0.01)
    monkeypatch.setattr(jobs, "reconcile_every", lambda: 0)
    monkeypatch.setattr(worker.Heartbeat, "beat", lambda self: beats.set())
    monkeypatch.setattr(worker.jobs, "reconcile", lambda: reconciled.set())
    heartbeat = worker.Heartbeat("w-loop")
    heartbeat.start()
    assert beats.wait(5) and reconciled.wait(5)
    heartbeat.stop()
    assert not heartbeat.thread.is_alive()


# --- the worker ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the worker uses its own connection, as a separate process would
def test_the_worker_puts_things_right_when_it_starts_and_leaves_no_heartbeat_behind(
    world, certified, settings
):
    settings.TASKS = DATABASE_QUEUE
    batch = certificate_batch(world, certified, str(entry(TaskResultStatus.FAILED).id))
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "starting", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.error == MESSAGES["training.CertificateBatch"]
    assert not WorkerHeartbeat.objects.filter(worker_id="starting").exists()


def test_the_heartbeat_records_the_worker():
    from kit.worker import Heartbeat

    beat = Heartbeat("w-42")
    beat.beat()
    first = WorkerHeartbeat.objects.get(worker_id="w-42")
    beat.beat()
    again = WorkerHeartbeat.objects.get(worker_id="w-42")
    assert again.seen_at >= first.seen_at and again.started_at == first.started_at and again.pid
