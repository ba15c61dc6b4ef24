"""Production settings for the worker processes tests/jobs/test_killed_worker.py starts on a SQLite file: the
database queue, files on disk, and the test-only app that can make the certificates' PDF slow."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.jobs.apps.SlowJobsConfig"]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
