"""A test-only app for the worker processes of tests/jobs/test_killed_worker.py: with JOBS_TEST_SLOW_SECONDS
set, the certificates' PDF takes that long first, so the worker can be killed in the middle of the job."""

import os
import time

from django.apps import AppConfig


class SlowJobsConfig(AppConfig):
    name = "tests.jobs"
    label = "tests_jobs"

    def ready(self):
        seconds = float(os.environ.get("JOBS_TEST_SLOW_SECONDS") or 0)
        if not seconds:
            return
        from training import pdf

        made = pdf.certificates_pdf

        def slow_certificates_pdf(*args, **kwargs):
            time.sleep(seconds)
            return made(*args, **kwargs)

        pdf.certificates_pdf = slow_certificates_pdf
