"""SQLite plans without statistics until ANALYZE runs: the app analyses when it starts, so a
large case list is read in its index's order rather than sorted whole; PostgreSQL keeps its
own statistics and is left alone."""

from __future__ import annotations

import time

from litestar.testing import TestClient
from sqlalchemy import text

from mediasi.app import create_app
from mediasi.db.statistics import refresh
from mediasi.runtime import Runtime
from tests.integration.web.conftest import Cases


def _analysed_indexes(runtime: Runtime) -> set[str]:
    with runtime.engine.connect() as conn:
        exists = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        ).scalar_one()
        if not exists:
            return set()
        rows = conn.execute(text("SELECT idx FROM sqlite_stat1 WHERE tbl = 'cases'"))
        return {str(idx) for (idx,) in rows}


def test_the_app_gives_sqlite_its_statistics_when_it_starts(runtime: Runtime, cases: Cases) -> None:
    for _ in range(3):
        cases.report()
    if runtime.engine.dialect.name != "sqlite":
        refresh(runtime.engine)  # nothing to do, and no error
        return
    with runtime.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
    assert _analysed_indexes(runtime) == set()
    # The suite's runtime leaves the analysis off; a deployment has it on.
    deployed = runtime.settings.model_copy(update={"planner_statistics": True})
    with TestClient(create_app(deployed)) as client:
        assert client.get("/healthz").status_code == 200
        deadline = time.monotonic() + 10  # the analysis runs beside the first requests
        while "ix_cases_list_order" not in _analysed_indexes(runtime):
            assert time.monotonic() < deadline, "no statistics after the app started"
            time.sleep(0.05)


def test_the_suite_leaves_the_analysis_to_the_tests_that_ask(
    runtime: Runtime, cases: Cases
) -> None:
    """Off in the settings, no analysis runs when the app starts (the suite's own apps)."""
    cases.report()
    if runtime.engine.dialect.name != "sqlite":
        return
    with runtime.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
    with TestClient(create_app(runtime=runtime)) as client:
        assert client.get("/healthz").status_code == 200
    assert _analysed_indexes(runtime) == set()
