"""Browser tests: the app served by uvicorn on localhost, driven by Debian's Chromium.

Chromium comes from the system package (``/usr/bin/chromium``, installed by .ci/run); no
browser is ever downloaded. A missing Chromium is an error here, not a skip.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from advanced_alchemy.extensions.litestar import SQLAlchemySyncConfig
from advanced_alchemy.extensions.litestar.plugins.init.config.common import SESSION_SCOPE_KEY
from litestar.types import ASGIApp
from playwright.sync_api import Browser, Page, expect, sync_playwright

from mediasi.app import create_app
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime
from tests.factories import PASSWORD, World, build_world

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.browser
# How long a locator assertion (``expect(...)``) keeps retrying, like every other wait of a
# page (``open_page``): Playwright's 5 s is short on two cores shared with other work, and
# 10 s was short once a click's navigation rendered a page while other suites ran beside it
# (load average 15). A wait ends as soon as its condition holds, so a passing run is no slower.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, runtime: Runtime, world: World, url: str) -> None:
        self.runtime = runtime
        self.world = world
        self.url = url


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("browser") / "mediasi.db"
    settings = Settings(
        database_url=f"sqlite:///{db}",
        root_dir=ROOT,
        deadline_scanner=False,
        notify_interval_seconds=0.5,  # the log channel "sends" while a test watches
        notify_quiet_start=0,  # no quiet hours: the browser tests run at any time of day
        notify_quiet_end=0,
        intake_min_fill_seconds=1,  # a person reads the form for a while; the test for one second
    )
    runtime = Runtime.build(settings)
    migrate.upgrade(settings, runtime.engine)
    with runtime.sessions.begin() as session:
        world = build_world(session)
    with serving(create_app(runtime=runtime)) as url:
        yield LiveServer(runtime, world, url)
    runtime.close()


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """``app`` served by uvicorn on a free localhost port in a thread; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app server did not start on localhost")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest) -> LiveServer:
    # An app built earlier in this process (the controller tests) holds advanced-alchemy's
    # default session key; the live app must get it, or its requests would not commit.
    SQLAlchemySyncConfig._SESSION_SCOPE_KEY_REGISTRY.discard(SESSION_SCOPE_KEY)
    live: LiveServer = request.getfixturevalue("live_server")
    return live


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


CONSOLE_ERRORS: dict[int, list[str]] = {}


def open_page(browser: Browser, viewport: dict[str, int], *, javascript: bool = True) -> Page:
    """A fresh browser context; console errors (CSP violations included) are collected.
    ``javascript=False``: a browser with JavaScript off (the pages' scripts do not run)."""
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        locale="id-ID",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors = CONSOLE_ERRORS.setdefault(id(page), [])
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def console_errors(page: Page) -> list[str]:
    """Errors the page logged, minus the expected failed loads of 4xx form answers."""
    return [e for e in CONSOLE_ERRORS.get(id(page), []) if "status of 4" not in e]


def log_in(page: Page, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{server.url}/")


FIGURES = "figures"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the tables tests recorded with ``record_property("figures", (title, lines))``: the
    terminal summary shows them with or without ``-s``, from xdist workers too, and when the
    test that measured them failed."""
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == FIGURES:
                    title, lines = value
                    terminalreporter.write_sep("-", title)
                    for line in lines:
                        terminalreporter.write_line(line)
