"""Settings for the test suite: the production settings with a throwaway secret and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret-6b0d4f1e9a2c47d8b3e5")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Uploaded and generated files in memory: tests leave nothing on disk (the code only uses the storage API).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Background jobs run inside the request in tests; tests/training/test_certificate_batches.py runs the real
# database queue and worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
