"""Keeping the stored dashboard figures (reports/models/snapshots.py) current, and using them.

How a change is recorded (`mark_changed`):
- every request that wrote to the records the figures read (seen in its SQL: an INSERT, UPDATE or DELETE on a
  table of the registers, training, groups, grants or reports apps, bookkeeping aside), once it is answered
  (its transaction committed), marks the user's province changed (an administrator's, or a user without a
  province: every province), however the view wrote (save, bulk_create, update,
  raw SQL): reports/middleware.py;
- a register import (the worker's job or the command) marks its office's province after its commit;
- the commands that load data (load_areas, seed_demo, generate_national) mark every province.
Writing to the database any other way (a shell, raw SQL) is not seen:
run `manage.py figures_changed` after it.

How the stored figures are used and refreshed (reports.selectors.dashboard's `_parts`): a page whose snapshot
is current reads it (one query); one whose snapshot is missing, from another day, or older than a change of
its province computes the figures live and stores them, except that a snapshot less than a minute old (`LAG`)
stays in use after a change by someone else (the user's own writes always show at once: `wrote_at`, kept in
their session by the middleware), while the worker makes it again. The country's, which any change anywhere
touches, is refreshed at most every half minute. Each change also queues `reports.tasks.refresh_snapshots` for
the snapshots it made out of date (once: a snapshot waiting for its refresh is not queued again), so the
background worker computes them again and the next page is fast too. Without a worker the pages stay correct,
only slower after each change.
"""

import datetime
import logging
import pickle
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from reports.models import FiguresChange, Snapshot

logger = logging.getLogger(__name__)

FORMAT = 1  # bump when the stored dataclasses change shape: older snapshots are then computed again
ANYWHERE = ""
# Stored figures are used for up to a minute after a change by someone else (live means within a minute at
# most): the worker makes them again meanwhile, so a busy province's pages stay fast;
# the user's own changes show at once.
LAG = datetime.timedelta(seconds=60)
# The country changes all day (any office anywhere): the worker makes it again at most every half minute.
COUNTRY_EVERY = datetime.timedelta(seconds=30)
WROTE_AT = "figures_wrote_at"  # the session's key: when the user last sent a request that may write


def enabled() -> bool:
    return getattr(settings, "REPORTS_SNAPSHOTS", True)


def mark_changed(province: str | None = ANYWHERE) -> None:
    """Record that data of `province` ("" or None: of any province) changed now, and queue the refresh of the
    snapshots that it makes out of date. Call it after the change is committed (a reader that began before the
    commit must find its snapshot older than the mark)."""
    province = province or ANYWHERE
    FiguresChange.objects.bulk_create(
        [FiguresChange(province=province, changed_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["province"],
        update_fields=["changed_at"],
    )
    waiting = Snapshot.objects.filter(queued=False)
    # The province's own places, and the country's (refreshed by a job of their own: see `refresh`). A place
    # already waiting is not queued again.
    if province and waiting.filter(province=province).update(queued=True):
        transaction.on_commit(lambda: _refresh_task().enqueue(province))
    if (waiting.filter(province=ANYWHERE) if province else waiting).update(queued=True):
        transaction.on_commit(lambda: _refresh_task().enqueue(ANYWHERE))


def current(place, fiscal_year: int, today, wrote_at=None) -> dict | None:
    """The stored parts of `place`'s dashboard for the year if current, else None. Current: made `today`, and
    either no change recorded since it was made, or made less than a minute ago (`LAG`) and not before
    `wrote_at` (the reader's own last write: their own changes always show)."""
    changes = FiguresChange.objects.filter(changed_at__gte=OuterRef("taken_at"))
    if place.province:
        changes = changes.filter(province__in=[place.province, ANYWHERE])
    found = (
        Snapshot.objects.filter(fiscal_year=fiscal_year, level=place.level, key=_key(place), taken_on=today)
        .annotate(stale=Exists(changes))
        .values_list("stale", "taken_at", "data")
        .first()
    )
    if found is None:
        return None
    stale, taken_at, data = found
    if stale and (taken_at < timezone.now() - LAG or (wrote_at is not None and wrote_at >= taken_at)):
        return None
    try:
        parts = pickle.loads(bytes(data))  # written by `store` only (see the module's docstring)
    except Exception:  # a snapshot of an older release: computed again
        logger.warning(
            "Snapshot of %s %s %s unreadable; computing it again", fiscal_year, place.level, place.key
        )
        return None
    return parts if parts.get("format") == FORMAT else None


def store(place, fiscal_year: int, today, taken_at, parts: dict) -> None:
    """Keep the parts computed from `taken_at` on for `place` and the year (replacing the stored ones)."""
    parts = dict(parts, format=FORMAT, taken_at=taken_at, figures=replace(parts["figures"], scope=None))
    Snapshot.objects.bulk_create(
        [
            Snapshot(
                fiscal_year=fiscal_year,
                level=place.level,
                key=_key(place),
                province=place.province or ANYWHERE,
                taken_at=taken_at,
                taken_on=today,
                data=pickle.dumps(parts),
            )
        ],
        # Not `queued`: a change during the computation has queued it again, and that stands.
        update_conflicts=True,
        unique_fields=["fiscal_year", "level", "key"],
        update_fields=["province", "taken_at", "taken_on", "data"],
    )


def _key(place) -> str:
    return "" if place.key is None else str(place.key)


def wrote_at(request):
    """When the user of `request` last sent a request that may write (reports/middleware.py), or None."""
    value = request.session.get(WROTE_AT) if hasattr(request, "session") else None
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def storable(place) -> bool:
    """A place whose figures are the same for everyone who may open it: every place but a local office's own
    summary (the villages its office covers, read through its staff's scope)."""
    from reports.selectors.dashboard import OFFICE

    return enabled() and place.level != OFFICE


def refresh(province: str = ANYWHERE, today=None) -> int:
    """Compute again the snapshots of `province` waiting for their refresh ("": every one waiting, the
    country's included), each from the moment it begins (a change during the work queues it again). The
    country's is made at most every `COUNTRY_EVERY`: sooner, it stays queued and this job runs again then.
    Returns how many were made."""
    from registry.models import User
    from registry.scoping import Role
    from reports.selectors import dashboard as d

    today = today or timezone.localdate()
    system = User(username="figures", role=Role.ADMIN, is_active=True)  # reads everything, writes nothing
    mine = Snapshot.objects.filter(province=province) if province else Snapshot.objects.all()
    # Places stored on an earlier day are no longer current anyway: dropped rather than made again, so the
    # worker keeps only the places someone opened today.
    mine.filter(taken_on__lt=today).delete()
    waiting = mine.filter(queued=True)
    made, later = 0, []
    deferrable = _refresh_task().get_backend().supports_defer
    for pk, fiscal_year, level, key, last in waiting.values_list(
        "pk", "fiscal_year", "level", "key", "taken_at"
    ):
        taken_at = timezone.now()
        if level == d.COUNTRY and deferrable and last > taken_at - COUNTRY_EVERY:
            later.append(last + COUNTRY_EVERY)  # the country's: not again so soon (it stays queued)
            continue
        if not Snapshot.objects.filter(pk=pk, queued=True).update(queued=False):
            continue  # another worker took it
        place = d.place_for(system, level, key or None)
        if place is None:  # the area is gone
            Snapshot.objects.filter(pk=pk).delete()
            continue
        store(
            place,
            fiscal_year,
            today,
            taken_at,
            d.compute_parts(
                user=system, place=place, fiscal_year=fiscal_year, today=today, measures=d.CHART_MEASURES
            ),
        )
        made += 1
    if later:
        _refresh_task().using(run_after=min(later)).enqueue(ANYWHERE)
    return made


def _refresh_task():
    from reports.tasks import refresh_snapshots

    return refresh_snapshots
