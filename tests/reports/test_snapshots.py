"""The dashboard's stored figures (reports/models/snapshots.py, reports/services/snapshots.py): the same
figures as computed live for everyone who may open a place, used only while current, made out of date by every
request that may write in the province (or anywhere, for the country), by a new day and by imports, and
refreshed by the worker."""

import datetime
import io
import pickle

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry.models import Village
from reports.models import FiguresChange, Snapshot
from reports.selectors import dashboard as d
from reports.selectors import results as r
from reports.services import snapshots as s
from tests.reports.results_world import DAY, YEAR, Builder
from training.models import Step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_day")]
SECOND = datetime.timedelta(seconds=1)


def _board(user, place, today=DAY, **kwargs):
    return d.dashboard(user=user, place=place, fiscal_year=YEAR, today=today, **kwargs)


def _seen(board) -> tuple:
    """All of a dashboard that comes from the figures: rows, total, levels, budget, chart, missing counts."""
    return (
        [(row.place.key, row.values) for row in board.rows],
        board.total.values,
        [
            (lv.place and lv.place.key, [(level.value, one, two) for level, one, two in lv.counts])
            for lv in board.levels
        ],
        [row.values for row in board.budget_rows],
        board.budget_total and board.budget_total.values,
        [(m.label, m.result, m.planned) for m in board.chart.months],
        board.missing and [[(k.code, n) for k, n in row.counts] for row in board.missing.rows],
        [
            (p.indicator.number, p.total.result, p.total.mark, [(x.area, x.result, x.mark) for x in p.rows])
            for p in board.progress
        ],
    )


def _places(world, small):
    v1 = small["villages"][0]
    return [
        (world.province_a, d.home_place(world.province_a)),
        (world.admin, d.home_place(world.admin)),
        (world.district_a, d.home_place(world.district_a)),
        (world.province_a, d.find_place(world.province_a, d.DISTRICT, "4602")),
        (world.tao_a, d.find_place(world.tao_a, d.SUB_DISTRICT, v1.sub_district_id)),
        (world.tao_a, d.find_place(world.tao_a, d.VILLAGE, v1.pk)),
    ]


def test_stored_figures_equal_the_live_ones_for_everyone_who_may_open_the_place(world, small):
    for user, place in _places(world, small):
        with override_settings(REPORTS_SNAPSHOTS=False):
            live = _seen(_board(user, place))
        first = _board(user, place)  # computed and stored
        assert Snapshot.objects.filter(level=place.level, key=s._key(place)).exists(), place
        stored = _board(user, place)  # read back
        assert _seen(first) == _seen(stored) == live, place
    # the provincial officer's stored district is the district officer's too (the scoping rule is by area)
    district = d.home_place(world.district_a)
    assert _seen(_board(world.province_a, district)) == _seen(_board(world.district_a, district))


def test_a_stored_page_costs_a_few_queries_whatever_the_computation(world, small):
    place = d.home_place(world.province_a)
    with CaptureQueriesContext(connection) as live:
        _board(world.province_a, place)
    with CaptureQueriesContext(connection) as stored:
        _board(world.province_a, place)
    assert len(stored) < len(live) - 15
    # the figures' queries are gone: only the plan, its targets, the places below and the submissions are read
    assert not [q for q in stored.captured_queries if "training_enrollment" in q["sql"]]


def test_the_office_summary_is_never_stored(world, small):
    place = d.home_place(world.tao_a)
    assert place.level == d.OFFICE
    _board(world.tao_a, place)
    assert not Snapshot.objects.filter(level=d.OFFICE).exists()


def _promote_one_more(world, small):
    b = Builder(world.admin, small["plan"])
    training = (
        r.village_trainings(r.Scope(world.admin, YEAR, district="4601")).filter(step=Step.EVALUATE).first()
    )
    b.trainee(training, b.household(training.village))


def _promoted(client, user, url) -> int:
    client.force_login(user)
    response = client.get(url, {"year": YEAR})
    assert response.status_code == 200 and 'data-testid="as-of"' in response.content.decode()
    return response.context["board"].total.values["households_promoted"]


def test_a_write_shows_at_once_to_its_writer_and_within_a_minute_to_everyone(client, world, small):
    from groups.models import Group

    district, province = reverse("reports:dashboard"), reverse("reports:dashboard_province", args=["46"])
    before = _promoted(client, world.district_a, district)
    in_province = _promoted(client, world.province_a, province)
    assert in_province > before  # district 4602's too
    _promote_one_more(world, small)  # written as a view writes it...
    assert (
        _promoted(client, world.district_a, district) == before
    )  # ...not seen until the request is answered:
    client.force_login(world.district_a)
    refused = client.post(
        reverse("groups:edit", args=[Group.objects.filter(district_id="4601").first().pk]), {}
    )
    assert refused.status_code == 403 and not FiguresChange.objects.exists()  # refused: wrote nothing
    assert (
        client.post(reverse("reports:submissions"), {"year": YEAR}).status_code < 400
    )  # the district's summary
    assert FiguresChange.objects.filter(
        province="46"
    ).exists()  # any request that may write marks the province
    assert _promoted(client, world.district_a, district) == before + 1  # the writer sees it at once
    # someone else: the stored figures less than a minute old (the worker is making them again meanwhile)...
    assert _promoted(client, world.province_a, province) == in_province
    Snapshot.objects.update(taken_at=timezone.now() - s.LAG - SECOND)
    assert _promoted(client, world.province_a, province) == in_province + 1  # ...and live after it


def test_a_page_request_or_an_export_does_not_mark(client, world, small):
    client.force_login(world.province_a)
    client.get(reverse("reports:dashboard"), {"year": YEAR})
    client.post(reverse("reports:dashboard_export"), {"kind": "xlsx", "year": YEAR})
    assert not FiguresChange.objects.exists()
    client.logout()
    client.post(reverse("login"), {"username": "nobody", "password": "x"})  # not signed in: nothing to mark
    assert not FiguresChange.objects.exists()


def test_a_change_elsewhere_leaves_the_province_stored_but_not_the_country(world, small):
    province, country = d.home_place(world.province_a), d.home_place(world.admin)
    for user, place in ((world.province_a, province), (world.admin, country)):
        _board(user, place)
    Snapshot.objects.update(taken_at=timezone.now() - s.LAG - SECOND)  # past the minute of grace
    s.mark_changed("50")  # Chiang Mai
    assert s.current(province, YEAR, DAY) is not None
    assert s.current(country, YEAR, DAY) is None
    s.mark_changed("")  # anywhere (an administrator's request, an import of unknown place)
    assert s.current(province, YEAR, DAY) is None


def test_the_readers_own_write_makes_a_young_snapshot_out_of_date(world, small):
    place = d.home_place(world.province_a)
    _board(world.province_a, place)
    s.mark_changed("46")
    assert s.current(place, YEAR, DAY) is not None  # someone else's change, less than a minute ago
    assert s.current(place, YEAR, DAY, wrote_at=timezone.now()) is None  # the reader's own


def test_a_change_queues_the_province_and_the_country_once_each(
    world, small, django_capture_on_commit_callbacks
):
    for user, place in (
        (world.province_a, d.home_place(world.province_a)),
        (world.admin, d.home_place(world.admin)),
        (world.province_b, d.home_place(world.province_b)),
    ):
        _board(user, place)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        s.mark_changed("46")
        s.mark_changed("46")  # both already waiting: nothing more
    assert len(callbacks) == 2
    assert set(Snapshot.objects.filter(queued=True).values_list("province", flat=True)) == {"46", ""}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        s.mark_changed("")  # anywhere: everything not yet waiting (Chiang Mai), in one job
    assert len(callbacks) == 1 and not Snapshot.objects.filter(queued=False).exists()


def test_the_country_is_refreshed_at_most_every_half_minute(world, small, monkeypatch):
    from reports.tasks import refresh_snapshots

    country = d.home_place(world.admin)
    _board(world.admin, country)
    deferred = []
    backend = refresh_snapshots.get_backend()
    monkeypatch.setattr(type(backend), "supports_defer", True)

    class Later:  # what the database queue would keep for later
        def enqueue(self, province):
            assert province == ""

    monkeypatch.setattr(
        type(refresh_snapshots), "using", lambda task, **kw: deferred.append(kw["run_after"]) or Later()
    )
    Snapshot.objects.update(queued=True)
    assert s.refresh("") == 0 and len(deferred) == 1  # made just now: again in half a minute
    taken_at = Snapshot.objects.get(level=d.COUNTRY).taken_at
    assert deferred[0] == taken_at + s.COUNTRY_EVERY
    assert Snapshot.objects.get(level=d.COUNTRY).queued
    Snapshot.objects.update(taken_at=timezone.now() - s.COUNTRY_EVERY - SECOND)
    assert s.refresh("") == 1 and not Snapshot.objects.get(level=d.COUNTRY).queued


def test_a_new_day_computes_again(world, small):
    place = d.home_place(world.province_a)
    _board(world.province_a, place)
    assert s.current(place, YEAR, DAY) is not None
    assert s.current(place, YEAR, DAY + datetime.timedelta(days=1)) is None


def test_the_worker_refreshes_what_a_change_made_out_of_date(
    world, small, django_capture_on_commit_callbacks
):
    place = d.home_place(world.province_a)
    before = _board(world.province_a, place).total.values["households_promoted"]
    _promote_one_more(world, small)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        s.mark_changed("46")
    assert len(callbacks) == 1  # one refresh queued (the test settings' worker runs it at once)
    snapshot = Snapshot.objects.get(level=d.PROVINCE, key="46")
    assert not snapshot.queued and snapshot.taken_at > FiguresChange.objects.get(province="46").changed_at
    stored = s.current(place, YEAR, DAY)
    assert stored is not None and stored["figures"].households_promoted.total == before + 1
    assert set(stored["charts"]) == set(d.CHART_MEASURES)  # the worker makes every chart
    # a second change while the refresh is waiting queues nothing more
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        s.mark_changed("46")
        s.mark_changed("46")
    assert len(callbacks) == 1


def test_the_worker_drops_the_places_of_earlier_days(world, small):
    place = d.home_place(world.province_a)
    _board(world.province_a, place)
    Snapshot.objects.update(taken_on=DAY - datetime.timedelta(days=1), queued=True)
    assert s.refresh("46", today=DAY) == 0
    assert not Snapshot.objects.exists()


def test_a_village_gone_drops_its_snapshot_on_refresh(world, small):
    village = small["villages"][0]
    place = d.find_place(world.province_a, d.VILLAGE, village.pk)
    _board(world.province_a, place)
    Snapshot.objects.filter(level=d.VILLAGE).update(key="999999999", queued=True)
    assert s.refresh("46") >= 0
    assert not Snapshot.objects.filter(key="999999999").exists()
    assert Village.objects.filter(pk=village.pk).exists()


@pytest.mark.parametrize("data", [b"not a pickle", pickle.dumps({"format": -1})])
def test_an_unreadable_or_older_snapshot_is_computed_again(world, small, data):
    place = d.home_place(world.province_a)
    expected = _seen(_board(world.province_a, place))
    Snapshot.objects.update(data=data)
    assert s.current(place, YEAR, DAY) is None
    assert _seen(_board(world.province_a, place)) == expected


def test_an_import_marks_its_office_province(world, django_capture_on_commit_callbacks):
    from registry.models import ImportBatch, ImportStatus
    from registry.services.imports import import_commit

    batch = ImportBatch.objects.create(
        kind="people",
        office=world.office_a,
        user=world.tao_a,
        file_name="people.xlsx",
        status=ImportStatus.PREVIEWED,
        rows=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_commit(user=world.tao_a, batch=batch)
    assert FiguresChange.objects.filter(province="46").exists()


def test_the_command_marks_every_province(world):
    from django.core.management import call_command

    call_command("figures_changed", stdout=io.StringIO())
    assert FiguresChange.objects.filter(province="").exists()


def test_nothing_personal_is_stored(world, small):
    from registry.models import Person

    for user, place in _places(world, small):
        _board(user, place)
    people = list(Person.objects.values_list("national_id", flat=True))
    for data in Snapshot.objects.values_list("data", flat=True):
        stored = bytes(data)
        assert not [nid for nid in people if nid and nid.encode() in stored]
        assert b"Person" not in stored


@pytest.mark.parametrize(
    ("sql", "counts"),
    [
        ('INSERT INTO "training_enrollment" ("training_id", "person_id") VALUES (%s, %s)', True),
        ('UPDATE "groups_group" SET "registered_on" = %s WHERE "groups_group"."id" = %s', True),
        ('DELETE FROM "grants_payment" WHERE "grants_payment"."id" IN (%s)', True),
        ("  update registry_person set village_id = 1", True),  # raw SQL too
        ('SELECT "training_enrollment"."id" FROM "training_enrollment"', False),
        (
            'INSERT INTO "registry_auditentry" ("action") VALUES (%s)',
            False,
        ),  # bookkeeping: no figure reads it
        ('UPDATE "reports_snapshot" SET "queued" = %s', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
    ],
)
def test_what_counts_as_a_write(sql, counts):
    from reports.middleware import _table_written

    assert bool(_table_written(sql)) is counts
