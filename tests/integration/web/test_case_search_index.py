"""Text search of the case list: on PostgreSQL each arm of the search (reference, title, a
party's name) can be answered from its trigram index (0009), so a large list is not read
whole for every search; SQLite has no such index and scans."""

from __future__ import annotations

from sqlalchemy import text

from mediasi.cases.queries import _matching
from mediasi.db.migrate import POSTGRESQL_ONLY_INDEXES
from mediasi.runtime import Runtime


def test_each_arm_of_the_search_can_use_its_trigram_index_on_postgresql(
    runtime: Runtime,
) -> None:
    with runtime.engine.connect() as conn:
        if runtime.engine.dialect.name == "sqlite":
            names = {
                row[0]
                for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type='index'"))
            }
            assert names.isdisjoint(POSTGRESQL_ONLY_INDEXES)
            return
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # as on a table too big to scan
        compiled = _matching("sawah").compile(conn, compile_kwargs={"literal_binds": True})
        plan = "\n".join(row[0] for row in conn.execute(text(f"EXPLAIN {compiled}")))
    for index in POSTGRESQL_ONLY_INDEXES:
        assert index in plan, plan
