"""docs/deploying.md's backup and restore commands, run as written by tests/deploy/backup_drill.sh against the
suite's PostgreSQL server (its own role and databases, dropped afterwards) and a SQLite file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.skipif(not URL.startswith("postgres"), reason="PostgreSQL suite only"),
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql", "sqlite3")),
        reason="needs the PostgreSQL client tools and sqlite3",
    ),
]


def test_the_backup_drill_restores_every_row():
    url = urlparse(URL)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "PGHOST": url.hostname,
        "PGPORT": str(url.port or 5432),
        "PGUSER": url.username,
    }
    done = subprocess.run(
        ["bash", "tests/deploy/backup_drill.sh", sys.executable],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "same row counts" in done.stdout and done.stdout.rstrip().endswith("Backup drill passed")
