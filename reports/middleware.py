"""Every request that wrote to the records the dashboard reads marks its province changed once it is answered
(reports/services/snapshots.py explains why and what reads the mark): the dashboard's stored figures of that
province are then out of date, the worker refreshes them, and the user's own next page computes them live
(their session keeps when they last wrote).

What counts as a write is seen in the SQL itself (an INSERT, UPDATE or DELETE on a table of the registers,
training, groups, grants or reports apps), so every way a view writes is caught (`save`, `bulk_create`,
`update`, raw SQL) and a request that wrote nothing (a page, a form sent back with its errors,
a refused action) marks nothing."""

import re

from django.db import DatabaseError, connection
from django.utils import timezone

WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
WATCHED = ("registry_", "training_", "groups_", "grants_", "reports_")
# Bookkeeping that no figure reads: the audit log, import and certificate batches, exports,
# the stored figures.
IGNORED = {
    "registry_auditentry",
    "registry_importbatch",
    "training_certificatebatch",
    "reports_export",
    "reports_snapshot",
    "reports_figureschange",
}


def _table_written(sql: str) -> str | None:
    found = WRITE.match(sql)
    if found is None:
        return None
    table = found.group(1).lower()
    return table if table.startswith(WATCHED) and table not in IGNORED else None


class FiguresChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        written = []

        def watch(execute, sql, params, many, context):
            if not written and _table_written(sql):
                written.append(True)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(watch):
            response = self.get_response(request)
        if written:
            self._mark(request)
        return response

    @staticmethod
    def _mark(request):
        from registry.scoping import Role
        from reports.services.snapshots import ANYWHERE, WROTE_AT, mark_changed

        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        office = user.office if signed_in and user.office_id else None
        # An administrator's change, or one of a user without a province, may be anywhere.
        province = office.province_id if office is not None and user.role != Role.ADMIN else ANYWHERE
        try:
            mark_changed(province)  # after the view's transaction: the write is committed
        except DatabaseError:  # e.g. before the tables exist; the worst is a page computed live
            return
        if signed_in and hasattr(request, "session"):  # their own changes show on their next page at once
            request.session[WROTE_AT] = timezone.now().isoformat()
