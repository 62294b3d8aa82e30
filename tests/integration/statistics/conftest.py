"""The hand-built world of the statistics tests, and readers of the page's figures."""

from __future__ import annotations

import html
import re

import pytest

from mediasi.runtime import Runtime
from tests.conftest import kept
from tests.factories import World
from tests.integration.statistics.world import Built, build
from tests.integration.supervision.conftest import open_as  # noqa: F401 - a fixture


@pytest.fixture
def built(runtime: Runtime, world: World) -> Built:
    """The known world, built once per backend (``tests.conftest.kept``)."""
    return kept(runtime, "statistics-world", lambda: build(runtime, world))


def shown(page: str, key: str, within: str | None = None) -> str:
    """The text of the element with ``data-figure="key"`` (inside the element whose opening
    tag carries ``within``, e.g. ``data-area="KEPANJEN"``)."""
    if within is not None:
        found = re.search(rf"<tr {re.escape(within)}[^>]*>(.*?)</tr>", page, re.S)
        assert found, f"no row {within}"
        page = found.group(1)
    found = re.search(rf'data-figure="{re.escape(key)}"[^>]*>(.*?)</(?:span|td|dd)>', page, re.S)
    assert found, f"no figure {key}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())
