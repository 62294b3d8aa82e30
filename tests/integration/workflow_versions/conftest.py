"""A runtime of the tests' own over the shared database: versions published here must not
stay in the registry of the runtime other tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mediasi.config import Settings
from mediasi.runtime import Runtime


@pytest.fixture
def own(runtime: Runtime, settings: Settings) -> Iterator[Runtime]:
    mine = Runtime.build(settings)
    try:
        yield mine
    finally:
        mine.close()
