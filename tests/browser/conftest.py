"""Playwright driving Debian's Chromium (/usr/bin/chromium); never a downloaded browser."""

import os
import subprocess
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# Screenshots (and PNGs of the printed PDFs) are for people to look at, and no test reads them: they are taken
# when SCREENSHOTS=1 is set (`make screenshots`), not in every run of the suite (a full-page PNG costs a
# quarter of a second, and the browser tests take about 230 of them).
TAKE_SCREENSHOTS = os.environ.get("SCREENSHOTS", "") not in ("", "0")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    """page_at(width) -> a fresh page of that viewport width; closed after the test."""
    contexts = []

    def make(width=1366, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name): the whole page as var/screenshots/<name>.png, when SCREENSHOTS=1."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        if not TAKE_SCREENSHOTS:
            return None
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pdf_pages_to_png(pdf_path, name, *, resolution=80, last_page=None):
    """The PDF's pages as var/screenshots/<name>-N.png (pdftoppm), when SCREENSHOTS=1."""
    if not TAKE_SCREENSHOTS:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = ["-l", str(last_page)] if last_page else []
    command = ["pdftoppm", "-png", "-r", str(resolution), *pages, str(pdf_path), str(SCREENSHOTS / name)]
    subprocess.run(command, check=True)


@pytest.fixture(scope="session")
def demo_snapshot():
    """The demo province's rows, copied after the session's first `demo` test built them
    (tests/dbsnapshot.py)."""
    return {}


@pytest.fixture
def demo(settings, transactional_db, demo_snapshot):
    """The demo province as `make run` builds it: every area of Thailand and seed_demo.

    Built once, by the first test that asks for it; each later test gets the same rows back from a snapshot
    (Django flushed the previous test's database after it), so no test sees what another one changed."""
    from django.core.management import call_command

    from registry.services.areas import areas_load
    from tests.dbsnapshot import DatabaseSnapshot

    if "snapshot" in demo_snapshot:
        demo_snapshot["snapshot"].restore()
        return
    settings.DEBUG = True
    areas_load()
    call_command("seed_demo", quiet=True)
    settings.DEBUG = False
    demo_snapshot["snapshot"] = DatabaseSnapshot.take()
