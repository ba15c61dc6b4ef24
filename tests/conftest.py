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
    counts = {
        kind: len(terminalreporter.stats.get(kind, []))
        for kind in ("passed", "failed", "error", "skipped", "xfailed", "xpassed")
    }
    ran = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    terminalreporter.write_line(
        f"=== suite time on {engine}: {wall:.0f} s ({int(wall // 60)} min {wall % 60:.0f} s) wall, "
        f"{sum(counts.values())} tests ({ran}) ==="
    )
