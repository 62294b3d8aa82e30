"""Fixtures for the supervisor's pages: a logged-in browser per user, cases set up in time."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import TimedCases, World
from tests.integration.web.conftest import Db, Web, app_of

OpenAs = Callable[[str], Web]


@pytest.fixture
def open_as(runtime: Runtime, world: World) -> Iterator[OpenAs]:
    """``open_as('supervisor')``: a browser of its own (cookies, CSRF), logged in as that user."""
    with ExitStack() as stack:

        def open_(username: str) -> Web:
            client = TestClient(app_of(runtime), raise_server_exceptions=False)
            web = Web(stack.enter_context(client))
            response = web.login(username)
            if response.status_code != 303:  # not an AssertionError: no xfail may swallow it
                pytest.fail(f"{username} could not log in: {response.status_code}")
            return web

        yield open_


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


def section(html: str, element_id: str) -> str:
    """The HTML of the ``<section id=…>`` of a page (the desk's parts are sections)."""
    match = re.search(rf'<section id="{element_id}".*?</section>', html, re.S)
    assert match, f"no section #{element_id} in the page"
    return match.group(0)
