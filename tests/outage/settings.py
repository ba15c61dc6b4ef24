"""Production settings for the app and worker processes the outage tests start against a private PostgreSQL
server: the database queue for jobs, static files straight from their folders (no collectstatic)."""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
