"""The web fixtures, for the Problem Solving report's tests."""

from tests.integration.web.conftest import (  # noqa: F401 - fixtures used by the tests
    app,
    cases,
    client,
    web,
)
