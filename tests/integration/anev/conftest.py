"""The statistics tests' hand-built world (September 2026) for the monthly pack."""

from __future__ import annotations

from tests.integration.statistics.conftest import built  # noqa: F401 - a fixture
from tests.integration.supervision.conftest import open_as  # noqa: F401 - a fixture
