"""The query planner's statistics, kept fresh on SQLite.

SQLite plans without statistics until ``ANALYZE`` has run: the case list of a Polres
supervisor (every case, by the list's ordered index) was planned as a sort of every case in
reach (55 ms at 50,000 cases), with statistics it reads the first page in order (5 ms). The
app analyses when it starts and every hour after, each table sampled (``analysis_limit``),
so it costs milliseconds. PostgreSQL's autovacuum keeps its own statistics.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from sqlalchemy import Engine

from mediasi.periodic import running_every

log = logging.getLogger("mediasi.db")
EVERY_SECONDS = 3600
# Rows looked at per index: enough for the planner's choice, bounded whatever the size.
SAMPLE_ROWS = 1000


def refresh(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA analysis_limit={SAMPLE_ROWS}")
        conn.exec_driver_sql("ANALYZE")


@asynccontextmanager
async def statistics_worker(app: Litestar) -> AsyncIterator[None]:
    """Lifespan hook: analyse at start and every hour while the app runs (SQLite only, when
    the settings want it)."""
    engine: Engine = app.state.runtime.engine
    if engine.dialect.name != "sqlite" or not app.state.runtime.settings.planner_statistics:
        yield
        return
    async with running_every(lambda: refresh(engine), EVERY_SECONDS, log, "planner statistics"):
        yield
