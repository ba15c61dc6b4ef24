"""A real database outage, on a private PostgreSQL server this test stops and starts: the app (gunicorn)
answers the Thai 503 page while it is down and its pages again once it is back, without a restart; the
worker waits it out, logs it once, marks the job it was running failed, and runs new jobs afterwards.

Runs in the PostgreSQL suite only (tests/with_postgres.sh); the suite's own server is left alone."""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.pgcluster import PrivatePostgres, free_port, pg_bin

BASE_DIR = Path(__file__).resolve().parents[2]
OUTAGE_TEXT = "ระบบไม่พร้อมใช้งานชั่วคราว กรุณาลองใหม่อีกครั้ง"
DOWN = "Database unreachable"
BACK = "Database reachable again"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL suite only"
    ),
    pytest.mark.skipif(pg_bin() is None, reason="PostgreSQL server binaries not installed"),
]


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    server = PrivatePostgres().init()
    server.start()
    server.psql("CREATE DATABASE occupation")
    server.env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "tests.outage.settings",
        "DJANGO_SECRET_KEY": "outage-test-only-not-a-secret-2f7c9e41d0b6",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "DJANGO_TASKS_BACKEND": "database",
        "DATABASE_URL": server.url("occupation"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=server.env,
        check=True,
    )
    yield server
    server.destroy()


def manage(pg, *args) -> str:
    """The command's last line of output (the shell says first how many objects it imported)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=pg.env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


# --- the app -----------------------------------------------------------------------------------------------

SIGN_IN_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_superuser("outage_admin", "outage@example.com", "a-long-password-2567")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


class App:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";")[0].split("=", 1)
            self.cookies[name] = value
        connection.close()
        return response.status, response.headers, content


def visible_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<head>.*</head>", "", html, flags=re.S)).split())


def test_the_app_answers_the_thai_503_page_while_the_database_is_down_and_recovers_without_a_restart(pg):
    session_key = manage(pg, "shell", "-c", SIGN_IN_SESSION)
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            Path(sys.executable).parent / "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=BASE_DIR,
        env=pg.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        app = App(port)

        def answers():
            try:
                return app.request("GET", "/healthz")[0] == 200
            except OSError:
                return False

        wait_for(answers, 60, "gunicorn")
        app.request("GET", "/accounts/login/")  # the CSRF cookie, for the sign-in below
        csrf = app.cookies["csrftoken"]
        app.cookies["sessionid"] = session_key
        assert app.request("GET", "/")[0] == 200

        pg.stop()
        for method, path, form in [
            ("GET", "/", None),
            ("GET", "/registry/people/", None),
            (
                "POST",
                "/accounts/login/",
                {"username": "outage_admin", "password": "wrong-password", "csrfmiddlewaretoken": csrf},
            ),
        ]:
            status, headers, html = app.request(method, path, form)
            assert status == 503, (method, path, status)
            assert OUTAGE_TEXT in html and headers["Retry-After"].isdigit()
            assert not re.findall(r"[A-Za-z]{2,}", visible_text(html)), visible_text(html)
            assert "no-store" in headers["Cache-Control"]
        status, _, body = app.request("GET", "/healthz")
        assert status == 503 and '"database": "down"' in body

        pg.start()
        assert app.request("GET", "/healthz")[0] == 200
        status, _, html = app.request("GET", "/")
        assert status == 200 and OUTAGE_TEXT not in html
        assert gunicorn.poll() is None
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)


# --- the worker --------------------------------------------------------------------------------------------


def start_worker(pg, log_path):
    log = open(log_path, "w")  # noqa: SIM115 - closed by the caller through the process
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"],
        cwd=BASE_DIR,
        env=pg.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def job_status(pg, job_id):
    return pg.psql(
        f"SELECT status || '|' || traceback FROM django_tasks_database_dbtaskresult WHERE id = '{job_id}'",
        "occupation",
    )


def test_the_worker_waits_out_an_outage_and_fails_the_job_it_could_not_finish(pg, tmp_path):
    first_log, late_log = tmp_path / "worker.log", tmp_path / "late-worker.log"
    worker = start_worker(pg, first_log)
    late = None
    try:
        napping = manage(pg, "shell", "-c", "from tests.outage.tasks import nap; print(nap.enqueue(3).id)")
        wait_for(lambda: job_status(pg, napping).startswith("RUNNING"), 30, "the job to start")

        pg.stop()
        late = start_worker(pg, late_log)  # started while the database is down
        # The job ends about 3 s in and cannot record it; then both workers wait through several retries.
        time.sleep(9)
        assert worker.poll() is None, first_log.read_text()
        assert late.poll() is None, late_log.read_text()
        for log in (first_log, late_log):
            text = log.read_text()
            assert text.count(DOWN) == 1, text
            assert "Traceback" not in text, text

        pg.start()
        for log in (first_log, late_log):
            wait_for(lambda log=log: BACK in log.read_text(), 45, f"recovery in {log.name}")
        status, _, message = job_status(pg, napping).partition("|")
        assert status == "FAILED" and "database became unreachable while this job was running" in message

        answered = manage(pg, "shell", "-c", "from tests.outage.tasks import ping; print(ping.enqueue().id)")
        wait_for(lambda: job_status(pg, answered).startswith("SUCCESSFUL"), 30, "the new job to run")
        for log in (first_log, late_log):
            text = log.read_text()
            assert text.count(DOWN) == 1 and text.count(BACK) == 1, text
    finally:
        for process in (worker, late):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=20)
    assert worker.returncode == 0
