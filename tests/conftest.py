import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be allowed there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    from tests.scoping import ScopeWorld

    return ScopeWorld.build()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture
def catalogue(db):
    """The occupation catalogue (a data migration; transactional tests flush it, so make sure it is there)."""
    from registry.catalogue import ensure_catalogue
    from registry.models import Occupation

    ensure_catalogue(Occupation)
    return {o.name: o for o in Occupation.objects.all()}


# Mutation testing (`make mutate`) starts a test session for every mutant; migrating a new test database each
# time would cost more than most mutants' tests. There TEST_DB_TEMPLATE names a migrated SQLite file (made by
# `make mutate`): each session tests on its own copy of it, removed when the session ends. Ordinary
# test runs never set it.
if os.environ.get("TEST_DB_TEMPLATE"):

    @pytest.fixture(scope="session")
    def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
        import shutil
        import tempfile

        from django.conf import settings

        memory = "/dev/shm" if os.path.isdir("/dev/shm") else None  # a file in memory where there is one
        handle, copy = tempfile.mkstemp(prefix="test-db-", suffix=".sqlite3", dir=memory)
        os.close(handle)
        shutil.copyfile(os.environ["TEST_DB_TEMPLATE"], copy)
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = copy
        yield
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(copy + suffix):
                os.remove(copy + suffix)

    @pytest.fixture(scope="session")
    def django_db_keepdb():
        return True  # the copy is already migrated: use it as it is


# --- which database runs which test ----------------------------------------------------------------------
# `make test` runs the suite on SQLite and on PostgreSQL side by side. Every test runs at least once; a test
# runs on both databases when its answer can depend on the database:
# - a test that touches no database (no `db`-family fixture, no django_db mark) gives the same answer on both:
#   it runs in the SQLite suite only;
# - a browser test checks pages through Chromium; what it checks of the database is the same ORM code that
#   the other tests run on both databases. Each browser test runs once: the files named in
#   BROWSER_ON_POSTGRESQL in the PostgreSQL suite, every other one in the SQLite suite, so that both databases
#   are driven through a browser and the two suites take about the same time.
# EVERY_TEST_ON_BOTH=1 runs every test on both databases (`make test-everything`).
BROWSER_ON_POSTGRESQL = {
    "test_training_flow.py",
    "test_village_programme_flow.py",
    "test_target_pages.py",
    "test_submission_pages.py",
    "test_plan_pages.py",
}
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def uses_database(item) -> bool:
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        or (cls is not None and issubclass(cls, TransactionTestCase))
    )


def suite_for(item) -> set[str]:
    """The suites ("sqlite3", "postgresql") that run this test."""
    if item.get_closest_marker("browser"):
        return {"postgresql"} if item.path.name in BROWSER_ON_POSTGRESQL else {"sqlite3"}
    if item.get_closest_marker("skipif") or uses_database(item):
        return {"sqlite3", "postgresql"}  # a test that decides where it runs (PostgreSQL only) decides
    return {"sqlite3"}


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if os.environ.get("EVERY_TEST_ON_BOTH", "") not in ("", "0"):
        return
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    kept, elsewhere = [], []
    for item in items:
        (kept if engine in suite_for(item) else elsewhere).append(item)
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = kept
        config._run_on_the_other_database = len(elsewhere)


# --- the suite's time, reported at its end (a report, never a failure: one line per database) -------------


def pytest_sessionstart(session):
    import time

    session.config._suite_started = time.monotonic()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    import time

    from django.conf import settings

    started = getattr(config, "_suite_started", None)
    if started is None:
        return
    wall = time.monotonic() - started
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    other = getattr(config, "_run_on_the_other_database", 0)
    if config.getoption("markexpr") == "install":
        engine, other = "the install job (no database)", 0
    counts = {
        kind: len(terminalreporter.stats.get(kind, []))
        for kind in ("passed", "failed", "error", "skipped", "xfailed", "xpassed")
    }
    ran = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    terminalreporter.write_line(
        f"=== suite time on {engine}: {wall:.0f} s ({int(wall // 60)} min {wall % 60:.0f} s) wall, "
        f"{sum(counts.values())} tests ({ran})"
        + (f"; {other} more run in the other database's suite only" if other else "")
        + " ==="
    )
