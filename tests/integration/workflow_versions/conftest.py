"""A runtime of the tests' own over the shared database: versions published here must not
stay in the registry of the runtime other tests share; and browsers on an app over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from mediasi.app import create_app
from mediasi.config import Settings
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Web


@pytest.fixture
def own(runtime: Runtime, settings: Settings) -> Iterator[Runtime]:
    mine = Runtime.build(settings)
    try:
        yield mine
    finally:
        mine.close()


@pytest.fixture
def own_app(own: Runtime) -> Litestar:
    return create_app(runtime=own)


@pytest.fixture
def browser(own_app: Litestar, world: World) -> Iterator[Callable[[str], Web]]:
    """A logged-in browser on the app over ``own``, per username asked for."""
    with ExitStack() as stack:

        def logged_in(username: str) -> Web:
            client = stack.enter_context(TestClient(own_app, raise_server_exceptions=False))
            return Web(client).login_as(username)

        yield logged_in
