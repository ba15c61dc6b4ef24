"""Which database's suite runs which test (tests/conftest.py): every test runs at least once, and on both
databases whenever its answer can depend on the database."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import BROWSER_ON_POSTGRESQL, suite_for

BROWSER = Path(__file__).parent / "browser"


def item(name="tests/test_x.py", markers=(), fixtures=(), cls=None):
    return SimpleNamespace(
        path=Path(name),
        fixturenames=list(fixtures),
        cls=cls,
        get_closest_marker=lambda marker: marker if marker in markers else None,
    )


def test_each_browser_file_named_for_postgresql_exists():
    assert BROWSER_ON_POSTGRESQL and all((BROWSER / name).is_file() for name in BROWSER_ON_POSTGRESQL)


@pytest.mark.parametrize(
    "test, suites",
    [
        (item(fixtures=["db"]), {"sqlite3", "postgresql"}),
        (item(fixtures=["client", "transactional_db"]), {"sqlite3", "postgresql"}),
        (item(markers=["django_db"]), {"sqlite3", "postgresql"}),
        (item(fixtures=["tmp_path"]), {"sqlite3"}),  # no database: the answer is the same on both
        (item(markers=["skipif"]), {"sqlite3", "postgresql"}),  # decides itself (a PostgreSQL-only test)
        (item("tests/browser/test_login.py", ["browser"], ["db"]), {"sqlite3"}),
        (item("tests/browser/test_training_flow.py", ["browser"], ["db"]), {"postgresql"}),
    ],
)
def test_which_suite_runs_a_test(test, suites):
    assert suite_for(test) == suites


def test_a_django_test_case_class_uses_the_database():
    from django.test import SimpleTestCase, TestCase

    assert suite_for(item(cls=TestCase)) == {"sqlite3", "postgresql"}
    assert suite_for(item(cls=SimpleTestCase)) == {"sqlite3"}
