"""While the database is unreachable every page that needs it answers 503 with a Thai "try again shortly" page
and a Retry-After header, instead of the 500 "something went wrong" page.

Two ways in, because an error can surface in two places. A view (or a template it renders, or the sign-in's
authentication backend, or the session read behind `request.user`) raises inside the view layer, where the
middleware's `process_exception` sees it. Middleware that runs after the view (the session saved on the way
out) raises outside it; Django turns that into its 500 handler, which `server_error` replaces and which sees
the same exception. `/healthz` catches its own error and keeps answering 503 as JSON.

The page is a static template rendered without the request: no context processor runs, so answering it never
touches the database that is down.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
TEMPLATE = "503.html"


def is_outage(exc: BaseException | None) -> bool:
    """A database error, or an error raised while handling one (e.g. a task's clean-up that itself failed)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_response() -> HttpResponse:
    response = HttpResponse(loader.render_to_string(TEMPLATE), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        # One line per request, no traceback: an outage would otherwise fill the log with identical ones.
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
        return unavailable_response()


def server_error(request):
    """handler500: the outage page when the error that got here is a database one, else Django's own."""
    if is_outage(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request)
