"""A real worker (`manage.py db_worker`) killed with SIGKILL in the middle of a certificate batch, on a SQLite
file shared with the processes: the next worker marks the job and the batch failed with the Thai message
(never "running" for ever), and a new batch may be asked for and is made."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
MESSAGE = "การจัดทำไฟล์ PDF ใบรับรองหยุดกลางคันเพราะระบบขัดข้อง กรุณาสั่งจัดทำใหม่อีกครั้ง"

ASK_FOR_A_BATCH = """
from registry.catalogue import ensure_catalogue
from registry.models import Occupation, User
from tests.scoping import ScopeWorld
from tests.training.helpers import training_at
from tests.training.test_pdf import all_certified
from training.models import Step, Training
from training.services import certificate_batch_request

training = Training.objects.first()
if training is None:
    ensure_catalogue(Occupation)
    world = ScopeWorld.build()
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    all_certified(world, training)
user = User.objects.get(username="tao_a")
print(certificate_batch_request(user=user, training=training, base_url="http://testserver").pk)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killed-worker")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "tests.jobs.settings",
        "DJANGO_SECRET_KEY": "killed-worker-test-only-not-a-secret-5d1e7b",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_TASKS_BACKEND": "database",
        "DJANGO_WORKER_LOST_SECONDS": "3",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BASE_DIR, env=env, check=True
    )
    return folder, env


def manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def start_worker(env, log_path, **extra):
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"],
        cwd=BASE_DIR,
        env={**env, **extra},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def query(folder, sql, *params):
    with sqlite3.connect(folder / "db.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchone()


def batch_row(folder, batch_id):
    """(status, error, task_id) of the certificate batch."""
    return query(
        folder,
        "SELECT status, error, task_id FROM training_certificatebatch WHERE id = ?",
        uuid.UUID(batch_id).hex,
    )


def entry_row(folder, task_id):
    return query(
        folder,
        "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult WHERE id = ?",
        uuid.UUID(task_id).hex,
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_batch_whose_worker_is_killed_ends_failed_and_may_be_asked_for_again(site, tmp_path):
    folder, env = site
    batch_id = manage(env, "shell", "-c", ASK_FOR_A_BATCH)
    assert batch_row(folder, batch_id)[0] == "queued"

    killed = start_worker(env, tmp_path / "killed.log", JOBS_TEST_SLOW_SECONDS="120")
    later = None
    try:
        wait_for(lambda: batch_row(folder, batch_id)[0] == "running", 60, "the job to start")
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=20)
        status, _error, task_id = batch_row(folder, batch_id)
        assert status == "running" and entry_row(folder, task_id)[0] == "RUNNING"  # what kill -9 leaves
        assert manage(env, "shell", "-c", ASK_FOR_A_BATCH) == batch_id, "it seems to wait: no second batch"

        later = start_worker(env, tmp_path / "later.log")
        wait_for(lambda: batch_row(folder, batch_id)[0] == "failed", 60, "the batch to be marked failed")
        assert batch_row(folder, batch_id)[1] == MESSAGE
        assert entry_row(folder, task_id) == ("FAILED", "kit.jobs.JobInterrupted")
        assert query(folder, "SELECT COUNT(*) FROM kit_workerheartbeat")[0] >= 1

        again = manage(env, "shell", "-c", ASK_FOR_A_BATCH)
        assert again != batch_id
        wait_for(lambda: batch_row(folder, again)[0] == "ready", 120, "the new batch to be made")
    finally:
        for process in (killed, later):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    assert later.returncode == 0, (tmp_path / "later.log").read_text()
    log = (tmp_path / "later.log").read_text()
    assert "marked failed" in log and "Traceback" not in log, log
    # The worker stopped normally removed its heartbeat; the killed one's stays until forgotten (a day).
    assert query(folder, "SELECT COUNT(*) FROM kit_workerheartbeat")[0] == 1
