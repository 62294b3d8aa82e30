"""A page of the case list filtered to one desa or one state reads its rows in the list's
order from an index (0012), instead of finding every case of the desa or state and sorting
them (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from mediasi.cases.queries import CaseFilters, CaseQueries
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Cases


def page_statement(runtime: Runtime, world: World, filters: CaseFilters) -> tuple[str, Any]:
    """The statement that reads the page's rows (the one with a LIMIT), as the list ran it."""
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(runtime.engine, "before_cursor_execute", capture)
    try:
        with runtime.sessions() as session:
            CaseQueries(session).list_cases(world.actor("polres_supervisor"), filters, utcnow())
    finally:
        event.remove(runtime.engine, "before_cursor_execute", capture)
    [page] = [(s, p) for s, p in seen if "LIMIT" in s.upper() and "count" not in s.lower()]
    return page


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ("desa", "ix_cases_desa_list_order"),
        ("state", "ix_cases_state_list_order"),
    ],
)
def test_a_page_of_one_desa_or_one_state_is_read_in_order_from_its_index(
    runtime: Runtime, world: World, cases: Cases, filters: str, index: str
) -> None:
    for _ in range(2):
        cases.fire(cases.report(), "assess")  # a page to read
    chosen = CaseFilters(desa=world.desa_a1) if filters == "desa" else CaseFilters(state="assessed")
    statement, params = page_statement(runtime, world, chosen)
    raw = runtime.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if runtime.engine.dialect.name == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
        else:
            # As on a table too big to scan or sort whole.
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_sort = off")
            cursor.execute(f"EXPLAIN {statement}", params)
            plan = "\n".join(str(row[0]) for row in cursor.fetchall())
            assert "Sort" not in plan, plan
        assert index in plan, plan
    finally:
        raw.rollback()
        raw.close()
