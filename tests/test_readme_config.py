"""The README's configuration table lists exactly the environment variables the settings read.

The variables are found by reading config/*.py, not by a list kept here: every `env(...)` and
`env.<cast>(...)` call (django-environ), `os.environ.get(...)`, `os.environ[...]` and `os.getenv(...)` whose
first argument is a string. `os.environ.setdefault(...)` is not a read: it supplies a value for the process
(the test settings' secret, wsgi's settings module), not a setting an operator chooses.
"""

import ast
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
README = BASE_DIR / "README.md"
NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _is_os_environ(node) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == "environ":
        return isinstance(node.value, ast.Name) and node.value.id == "os"
    return False


def _first_string(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def names_read(source: str) -> set[str]:
    """The environment variables one settings module reads."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            reads = (
                # env("X"), the django-environ Env instance called directly
                (isinstance(func, ast.Name) and func.id == "env")
                # env.bool("X"), env.int("X"), env.list("X"), env.db("X"), env.path("X"), env.str("X"), …
                or (
                    isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "env"
                )
                # os.environ.get("X")
                or (isinstance(func, ast.Attribute) and func.attr == "get" and _is_os_environ(func.value))
                # os.getenv("X")
                or (
                    isinstance(func, ast.Attribute)
                    and func.attr == "getenv"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "os"
                )
            )
            name = _first_string(node) if reads else None
            if name:
                found.add(name)
        # os.environ["X"] read (not assigned)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and _is_os_environ(node.value)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            found.add(node.slice.value)
    return found


def settings_variables() -> set[str]:
    found = set()
    for path in sorted((BASE_DIR / "config").glob("*.py")):
        found |= names_read(path.read_text(encoding="utf-8"))
    return found


def readme_variables() -> set[str]:
    """The names in the first column of the table under the README's "## Configuration" heading."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## Configuration"))
    found = set()
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            continue
        first_cell = line.strip("|").split("|")[0]
        found |= {name for name in re.findall(r"`([^`]+)`", first_cell) if NAME.match(name)}
    return found


def test_the_scanner_finds_every_way_of_reading():
    source = """
import os
env = None
A = env("ONE")
B = env.bool("TWO", default=False)
C = os.environ.get("THREE")
D = os.environ["FOUR"]
E = os.getenv("FIVE")
os.environ.setdefault("NOT_A_READ", "x")
os.environ["NOT_A_READ_EITHER"] = "x"
"""
    assert names_read(source) == {"ONE", "TWO", "THREE", "FOUR", "FIVE"}


def test_the_settings_read_the_variables_they_are_known_to_read():
    # A floor, so that a scanner that finds nothing cannot pass the comparison below against an empty table.
    known = {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"}
    assert known <= settings_variables()


def test_readme_configuration_table_lists_exactly_the_variables_the_settings_read():
    read, documented = settings_variables(), readme_variables()
    missing = sorted(read - documented)
    unread = sorted(documented - read)
    assert not missing, f"read by config/*.py but missing from the README's configuration table: {missing}"
    assert not unread, f"in the README's configuration table but read nowhere in config/*.py: {unread}"
