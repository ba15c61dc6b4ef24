"""Settings come from the environment; production refuses to start without a secret."""

import logging
import os
import subprocess
import sys
from pathlib import Path

from config.logging import REDACTED, redact

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "q8#n2v$k1@x7m4p9z!c3w6r0t5y8u2i4o7a1s3d6f9g2h5j8k0l4",
    "DJANGO_ALLOWED_HOSTS": "occupation.example.go.th",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_in_production_fails_loudly():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_database_url_selects_postgresql_and_default_is_sqlite_under_var():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    )
    default = manage("shell", "-v", "0", "-c", code, env={"DJANGO_DEBUG": "true"})
    assert default.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "var" / "db.sqlite3")]
    pg = manage(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        env={"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://op:pw@db.internal:5432/occupation"},
    )
    assert pg.stdout.split() == ["django.db.backends.postgresql", "occupation"]


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "th"
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert [code for code, _ in settings.LANGUAGES] == ["th", "en"]


def test_national_ids_are_redacted_from_log_lines(caplog):
    assert redact("lookup 1-1037-00123-45-7 and 1103700123457") == f"lookup {REDACTED} and {REDACTED}"
    assert redact("order 12345678901234 stays") == "order 12345678901234 stays"  # 14 digits: not an ID
    from config.logging import RedactNationalIds

    logger = logging.getLogger("tests.redaction")
    logger.addFilter(RedactNationalIds())
    with caplog.at_level(logging.INFO, logger="tests.redaction"):
        logger.info("GET /people/?q=%s", "1103700123457")
    assert "1103700123457" not in caplog.text
    assert REDACTED in caplog.text
