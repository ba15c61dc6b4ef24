"""Exports of the dashboard: asked for by the user (`export_request`), made by the worker
(`export_build`, from reports/tasks.py), each step recorded on the Export row for the progress bar."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kit.policy import can, ensure
from reports.models import Export, ExportKind, ExportStatus

KEEP = (
    10  # each user's newest exports kept with their files; older ones are deleted when a new one is asked for
)


@transaction.atomic
def export_request(
    *,
    user,
    place,
    kind: str,
    fiscal_year: int,
    programme=None,
    sort: str = "",
    descending: bool = False,
    measure: str = "",
    quarter: int = 0,
) -> Export:
    """Queue the export of the dashboard of `place` (found in the user's area by the caller) as the user sees
    it; a kind other than xlsx or pdf is a ValidationError (full_clean), nothing queued."""
    from reports.tasks import make_export

    ensure(user, "reports.export", place)
    export = Export(
        user=user,
        kind=kind,
        level=place.level,
        key="" if place.key is None else str(place.key),
        place_name=place.name[:200],
        fiscal_year=fiscal_year,
        programme=programme,
        sort=sort,
        descending=descending,
        measure=measure,
        quarter=quarter,
    )
    export.full_clean()
    export.save()
    _drop_older(user)
    # Queued in this transaction: the worker sees the job once the row is committed with it.
    result = make_export.enqueue(str(export.pk))
    Export.objects.filter(pk=export.pk, task_id="").update(task_id=str(result.id))
    export.refresh_from_db()
    return export


def _drop_older(user):
    finished = Export.objects.filter(user=user).exclude(
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    )
    for old in finished.order_by("-created_at")[KEEP - 1 :]:  # the new one is the KEEPth
        if old.file:
            old.file.delete(save=False)
        old.delete()


def export_fail(*, export: Export, reason: str) -> None:
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(), error=str(reason)[:300]
    )


def _step(export: Export, total: int | None = None):
    if total is not None:
        export.steps_total = total
        Export.objects.filter(pk=export.pk).update(steps_total=total, steps_done=0)
        return
    Export.objects.filter(pk=export.pk).update(steps_done=F("steps_done") + 1)


def export_build(*, export: Export) -> bytes | None:
    """The export's file, or None when the user may no longer see the place (the export is then failed with
    the reason). The place is looked up again for the user and the dashboard built with the export's
    parameters, on the day it was asked for: the file is what the user saw."""
    from reports import exports as files
    from reports.selectors.dashboard import dashboard, place_for
    from reports.selectors.exports import district_parts, districts_of, missing_lists

    user = export.user
    place = place_for(user, export.level, export.key or None)
    decision = can(user, "reports.export", place) if place is not None else None
    if place is None or not decision:
        from reports.policies.exports import PLACE_GONE

        export_fail(export=export, reason=decision.reason if decision is not None else PLACE_GONE)
        return None
    today = timezone.localdate(export.created_at)
    board = dashboard(
        user=user,
        place=place,
        fiscal_year=export.fiscal_year,
        today=today,
        programme=export.programme,
        sort=export.sort,
        descending=export.descending,
        measure=export.measure,
        quarter=export.quarter,
        # nothing older than the request: the file holds at least what the page showed when asked
        wrote_at=export.created_at,
    )
    districts = districts_of(board)
    with_lists = export.kind == ExportKind.XLSX and board.missing is not None
    _step(export, 2 + len(districts) + with_lists)  # the summary, each district, the lists, the file
    _step(export)
    parts = district_parts(board, today=today, step=lambda: _step(export))
    made_at = timezone.localtime()
    if export.kind == ExportKind.XLSX:
        lists = missing_lists(board, today=today) if with_lists else []
        if with_lists:
            _step(export)
        return files.workbook(board, parts, lists, made_at=made_at)
    return files.book(board, parts, made_at=made_at)
