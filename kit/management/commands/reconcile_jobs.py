"""`manage.py reconcile_jobs`: mark failed, once, the background jobs left running by a worker that is gone
and the app rows of jobs that ended without saying so (kit/jobs.py). The worker does this by itself when it
starts and every minute; this is for a server without one running, or to see what it would do now."""

from django.core.management.base import BaseCommand

from kit import jobs


class Command(BaseCommand):
    help = "Mark failed the background jobs left running by a worker that is gone"

    def handle(self, *args, **options) -> None:
        done = jobs.reconcile()
        self.stdout.write(f"Queue entries marked failed: {done.entries}")
        for label, count in done.rows.items():
            self.stdout.write(f"{label}: {count} marked failed")
        if not done.rows:
            self.stdout.write("Job rows marked failed: 0")
