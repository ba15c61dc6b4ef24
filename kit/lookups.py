"""The limit on a public lookup's failures (the certificate lookup, the grant status page): a few failed tries
per client in a window, counted in the database so that it holds across app servers.

The client is REMOTE_ADDR only: the deployment's reverse proxy is trusted to set it (gunicorn's
forwarded-allow-ips, the proxy's real-IP module); X-Forwarded-For is never read here, as a client could forge
it for a fresh quota on every request. It is stored hashed with the secret key. The attempts' model is the
app's own (a `client` and a `succeeded` column, `at` set when created): the kit names no app.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
ATTEMPT_RETENTION = timedelta(days=1)  # nothing older is needed for the window


def client_key(request) -> str:
    raw = request.META.get("REMOTE_ADDR", "") + settings.SECRET_KEY
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class FailureLimit:
    model: type  # the app's attempts model
    max_failures: int = MAX_FAILURES
    window: timedelta = FAILURE_WINDOW

    def locked_out(self, client: str) -> bool:
        since = timezone.now() - self.window
        return (
            self.model.objects.filter(client=client, succeeded=False, at__gte=since).count()
            >= self.max_failures
        )

    def record(self, client: str, *, succeeded: bool) -> None:
        self.model.objects.create(client=client, succeeded=succeeded)
        self.model.objects.filter(
            at__lt=timezone.now() - ATTEMPT_RETENTION
        ).delete()  # opportunistic clean-up
