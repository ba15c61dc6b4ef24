"""Certificate verification under load: requests per second of /verify/<code>/ behind gunicorn on loopback.

QR codes on printed certificates are scanned by employers and officials, sometimes many at once (a
ceremony, a job fair). Goal: ≥ 200 req/s on a 2-core machine.
Run: `.venv/bin/python tests/benchmarks/bench_verify.py` (BENCH_WORKERS=3 for three gunicorn workers).

What it does, all in a temporary directory that is deleted at the end (also on failure or Ctrl-C):
1. a throwaway SQLite database (or, when DATABASE_URL is a PostgreSQL server, e.g. under
   tests/with_postgres.sh, a throwaway database created on that server and dropped afterwards), migrated,
   with one certificate;
2. `collectstatic` into a temporary STATIC_ROOT: with DJANGO_DEBUG=false the manifest storage needs it for
   the page's {% static %} tags. STATIC_ROOT is fixed in config/settings.py, so a two-line settings module
   in the temporary directory imports config.settings and points STATIC_ROOT there;
3. gunicorn (config.wsgi, production settings: DEBUG off, manifest static files) with BENCH_WORKERS sync
   workers on 127.0.0.1:<free port>;
4. load: `wrk -t2 -c16 -d10s` when wrk is on PATH, else a Python client (16 threads, http.client,
   keep-alive where the server allows it) for 10 seconds. Only 127.0.0.1 is ever contacted.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
DURATION = 10  # seconds of load
CONNECTIONS = 16
GOAL = 200  # requests per second

# The production settings, with STATIC_ROOT in the temporary directory. The manifest storage without
# whitenoise's gzip/brotli pass: the page's {% static %} URLs are the same (hashed names from the manifest),
# and compressing every vendor file took ~100 s of set-up for files this benchmark never requests.
SETTINGS_SHIM = """from config.settings import *  # noqa: F403
STATIC_ROOT = {static_root!r}
STORAGES = {{**STORAGES,  # noqa: F405
            "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}}}
"""

SETUP = r"""
import datetime
from decimal import Decimal

from registry.models import Office, OfficeKind, Person, Village
from tests import areas
from tests.benchmarks.data import national_id
from training.models import Certificate, Enrollment, Step, Training

sub = areas.sub_district("460105")
office = Office.objects.create(code="BENCHV", name="องค์การบริหารส่วนตำบล" + sub.name_th, kind=OfficeKind.TAO,
                               province=sub.province, district=sub.district)
office.sub_districts.set([sub])
village = Village.objects.create(sub_district=sub, number=1, name="บ้านดอนสวรรค์")
person = Person.objects.create(title="mrs", first_name="สุภาวดี", last_name="ศรีสุข",
                               national_id=national_id(4601, 1), sex="f", house_number="12", village=village,
                               birth_date=datetime.date(1970, 5, 1))
training = Training.objects.create(office=office, village=village, topic="การทำน้ำพริกแปรรูปเพื่อจำหน่าย",
                                   step=Step.CERTIFY, start_date=datetime.date(2026, 1, 20),
                                   end_date=datetime.date(2026, 1, 21), hours=Decimal(12))
enrollment = Enrollment.objects.create(training=training, person=person)
certificate = Certificate.objects.create(enrollment=enrollment, office=office,
                                         fiscal_year=training.fiscal_year,
                                         number=1, issued_on=training.end_date)
print("CODE=" + certificate.code)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, capture_output=True, **kwargs)


class ThrowawayPostgres:
    """A database of its own on the PostgreSQL server named by DATABASE_URL, dropped at the end."""

    def __init__(self, server_url: str):
        import psycopg2

        self.psycopg2, self.server_url = psycopg2, server_url
        self.name = f"bench_verify_{os.getpid()}"
        parts = urlsplit(server_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    def _execute(self, sql):
        conn = self.psycopg2.connect(self.server_url)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    def create(self):
        self._execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def wait_until_up(port: int, path: str, proc, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read().decode()
            conn.close()
            if response.status != 200 or (path.startswith("/verify/") and 'data-status="valid"' not in body):
                raise RuntimeError(f"the verification page answered {response.status}:\n{body[:2000]}")
            return
        except (ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def load_with_wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
        check=True,
        text=True,
        capture_output=True,
        timeout=DURATION + 30,
    ).stdout
    print("\n".join("    " + line for line in out.rstrip().splitlines()))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {
        p: m.group(1)
        for p in ("50%", "90%", "99%")
        if (m := re.search(rf"^\s*{re.escape(p)}\s+(\S+)", out, re.M))
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    return {
        "tool": "wrk",
        "rps": rps,
        "latency": latency,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def load_with_python(port: int, path: str) -> dict:
    deadline = time.monotonic() + DURATION
    timings, lock = [], threading.Lock()
    failures = [0]

    def worker():
        mine, bad = [], 0
        conn = None
        while time.monotonic() < deadline:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
                if response.will_close:  # gunicorn's sync workers close after each response
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                bad += 1
                if conn is not None:
                    conn.close()
                conn = None
                continue
            mine.append(time.perf_counter() - start)
        if conn is not None:
            conn.close()
        with lock:
            timings.extend(mine)
            failures[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    ms = sorted(t * 1000 for t in timings)
    pick = lambda q: f"{ms[min(len(ms) - 1, int(q * len(ms)))]:.1f}ms" if ms else "-"  # noqa: E731
    mean = statistics.fmean(ms) if ms else 0
    print(f"    {len(ms)} requests in {elapsed:.1f} s, mean latency {mean:.1f} ms")
    return {
        "tool": f"python ({CONNECTIONS} threads)",
        "rps": len(ms) / elapsed,
        "latency": {"50%": pick(0.5), "90%": pick(0.9), "99%": pick(0.99)},
        "non_2xx": failures[0],
        "socket_errors": "",
    }


def main() -> int:
    if not GUNICORN:
        print("gunicorn is not installed in this environment", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    gunicorn = None
    postgres = None
    try:
        server_url = os.environ.get("DATABASE_URL", "")
        if server_url.startswith(("postgres://", "postgresql://")):
            postgres = ThrowawayPostgres(server_url)
            postgres.create()
            database_url = postgres.url
        else:
            database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"  # an absolute path: sqlite:////tmp/…
        (tmp / "bench_settings.py").write_text(SETTINGS_SHIM.format(static_root=str(tmp / "static")))
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        print(
            f"Database: {'PostgreSQL' if postgres else 'SQLite'} (throwaway); {WORKERS} gunicorn workers; "
            f"{os.cpu_count()} CPUs"
        )
        t0 = time.perf_counter()
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        code = re.search(r"CODE=(\S+)", run([PYTHON, "manage.py", "shell", "-c", SETUP], env).stdout).group(1)
        print(f"  set up in {time.perf_counter() - t0:.1f} s")

        port = free_port()
        path = os.environ.get("BENCH_PATH", "/verify/{code}/").format(code=code)
        gunicorn = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )  # its own process group, stopped as one below
        wait_until_up(port, path, gunicorn)
        for _ in range(50):  # warm every worker (templates, URL resolver, connections)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()

        url = f"http://127.0.0.1:{port}{path}"
        print(f"  GET {path} for {DURATION} s, {CONNECTIONS} concurrent connections")
        result = load_with_wrk(url) if shutil.which("wrk") else load_with_python(port, path)
        latency = ", ".join(f"p{k.rstrip('%')} {v}" for k, v in result["latency"].items())
        socket_errors = f"; {result['socket_errors']}" if result["socket_errors"] else ""
        print(
            f"  verify page: {result['rps']:,.0f} req/s ({result['tool']}); latency {latency}; "
            f"non-200 responses: {result['non_2xx']}{socket_errors}"
        )
        met = result["rps"] >= GOAL and result["non_2xx"] == 0
        print(f"  goal: ≥ {GOAL} req/s with no errors → {'met' if met else 'NOT met'}")
        return 0
    except subprocess.CalledProcessError as exc:
        print(f"{' '.join(map(str, exc.cmd[:3]))} failed:\n{exc.stdout}\n{exc.stderr}", file=sys.stderr)
        return 1
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        if postgres is not None:
            postgres.drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
