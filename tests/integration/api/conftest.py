"""The API tests' client: the app over the parametrised ``runtime`` with the per-address limit
lifted (tests call it hundreds of times a minute from one address). A module that needs
another app (its own limits, its own runtime) defines its own ``client``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.integration.api.case_parts import unlimited_app


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(unlimited_app(runtime), raise_server_exceptions=False) as test_client:
        yield test_client
