"""The install takes exactly the locks, whatever the package index offers later.

Each test makes a fresh virtual environment the way a new machine does (`python3 -m venv`, which brings
the system Python's own pip) and offers, next to the index, a newer release of a locked package built here
(a fonttools 99.0 wheel). `requirements/install` must still install the locked version, and the install
must pass. The old way of installing (the venv's own pip resolving the lock with hashes) is run beside it
as a control: it fails on the same offer, so the offer is the one that breaks an install that resolves.

These tests read no database; they run once, in the SQLite suite (see the Makefile).
"""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements"

pytestmark = pytest.mark.install


def locked_version(lock: Path, name: str) -> str:
    match = re.search(rf"^{re.escape(name)}==([^\s\\]+)", lock.read_text(), re.MULTILINE)
    assert match, f"{name} is not in {lock.name}"
    return match.group(1)


def fake_wheel(directory: Path, name: str, version: str) -> Path:
    """A valid, empty wheel of `name` at `version`: a release the lock has never seen."""
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        "Provides-Extra: woff\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{dist}/RECORD,,")
    files[f"{dist}/RECORD"] = "\n".join(record) + "\n"
    wheel = directory / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def offered_env(offered: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    # The newer release sits where pip looks first; the package index stays as configured on the machine.
    env["PIP_FIND_LINKS"] = str(offered)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return quick(env)


def quick(env: dict) -> dict:
    """What pip installs is the same without compiling each module to bytecode (half of an install's time);
    these throwaway environments never run the modules."""
    return {**env, "PIP_NO_COMPILE": "1"}


@pytest.fixture
def offered(tmp_path):
    directory = tmp_path / "offered"
    directory.mkdir()
    fake_wheel(directory, "fonttools", "99.0")
    return directory


def fresh_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path / "bin" / "python"


def installed(python: Path, name: str) -> str:
    out = subprocess.run(
        [str(python), "-m", "pip", "show", name], check=True, capture_output=True, text=True
    ).stdout
    return re.search(r"^Version: (.+)$", out, re.MULTILINE).group(1)


def run_install(venv: Path, *locks: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LOCKS / "install"), str(venv), *map(str, locks)],
        env={**env, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
    )


def test_a_newer_release_on_offer_changes_nothing_and_breaks_nothing(tmp_path, offered):
    env = offered_env(offered)

    # The control: the venv's own pip resolving the lock picks the offered fonttools for WeasyPrint's
    # fonttools[woff] extra, and the hashes refuse it.
    control = fresh_venv(tmp_path / "control")
    old_way = subprocess.run(
        [
            str(control),
            "-m",
            "pip",
            "install",
            "--require-hashes",
            "-r",
            str(LOCKS / "base.txt"),
            "--dry-run",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert old_way.returncode != 0
    assert "fonttools" in old_way.stderr

    venv = tmp_path / "venv"
    result = run_install(venv, LOCKS / "base.txt", env=env)
    assert result.returncode == 0, result.stderr
    python = venv / "bin" / "python"
    assert installed(python, "pip") == locked_version(LOCKS / "pip.txt", "pip")
    assert installed(python, "fonttools") == locked_version(LOCKS / "base.txt", "fonttools")
    for name in ("django", "weasyprint", "psycopg2-binary"):
        assert installed(python, name) == locked_version(LOCKS / "base.txt", name)

    # The test lock on top, with the same offer: still the locked versions, and `pip check` passed inside.
    result = run_install(venv, LOCKS / "test.txt", env=env)
    assert result.returncode == 0, result.stderr
    assert installed(python, "fonttools") == locked_version(LOCKS / "test.txt", "fonttools")
    assert installed(python, "pytest") == locked_version(LOCKS / "test.txt", "pytest")


def test_every_package_of_the_test_lock_is_in_the_base_lock_at_the_same_version():
    """The two locks are installed one after the other with --no-deps: they must agree."""

    def pins(lock):
        return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s\\]+)", lock.read_text(), re.MULTILINE))

    base, test = pins(LOCKS / "base.txt"), pins(LOCKS / "test.txt")
    assert base, "no pins read"
    assert {name: test.get(name) for name in base} == base


def test_a_lock_that_misses_a_dependency_fails_the_install(tmp_path):
    """`pip check` closes the install: a lock without one of its packages' requirements is refused. The lock
    here is Django and asgiref from the base lock, without sqlparse, which Django needs."""
    text = (LOCKS / "base.txt").read_text()
    blocks = re.findall(r"^(?:django|asgiref)==.*?(?=^\S)", text, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 2
    lock = tmp_path / "base.txt"
    lock.write_text("".join(blocks))
    shutil.copy(LOCKS / "pip.txt", tmp_path / "pip.txt")
    shutil.copy(LOCKS / "install", tmp_path / "install")
    result = subprocess.run(
        [str(tmp_path / "install"), str(tmp_path / "venv"), str(lock)],
        env=quick({**os.environ, "PYTHON": sys.executable}),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "sqlparse" in result.stdout + result.stderr


def test_npm_ci_installs_exactly_the_lock(tmp_path):
    """`npm ci` installs the lock's versions (never newer ones) and refuses a package.json the lock disagrees
    with."""
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    lock = json.loads((ROOT / "package-lock.json").read_text())
    packages = {path: meta for path, meta in lock["packages"].items() if path}
    assert packages and all(meta.get("integrity") for meta in packages.values())
    npm = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"]
    subprocess.run(npm, cwd=tmp_path, check=True, capture_output=True)
    for path, meta in packages.items():
        installed_meta = json.loads((tmp_path / path / "package.json").read_text())
        assert installed_meta["version"] == meta["version"], path

    # A package.json asking for a newer release than the lock holds is refused, not resolved.
    manifest = json.loads((tmp_path / "package.json").read_text())
    manifest["dependencies"]["bootstrap"] = "^99.0.0"
    (tmp_path / "package.json").write_text(json.dumps(manifest))
    refused = subprocess.run(npm, cwd=tmp_path, capture_output=True, text=True)
    assert refused.returncode != 0
