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


#: Rows in each index's first column's group, as at 100,000 cases in 500 desa and 12 states.
SELECTIVITY = {"desa_id": 200, "state": 8_000}


def plan_as_at_scale(cursor: Any) -> None:
    """Give SQLite's planner the statistics ``ANALYZE`` writes at 100,000 cases: with the two
    rows of a test it may take any index, and which one it took depended on the order the
    tests ran in."""
    cursor.execute("ANALYZE")
    cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'cases'")
    for _seq, name, *_ in cursor.execute("PRAGMA index_list(cases)").fetchall():
        columns = [row[2] for row in cursor.execute(f"PRAGMA index_info('{name}')").fetchall()]
        first = SELECTIVITY.get(columns[0], 1 if columns[0] == "id" else 10)
        stat = " ".join(["100000", str(first), *["1"] * (len(columns) - 1)])
        cursor.execute("INSERT INTO sqlite_stat1 VALUES ('cases', ?, ?)", (name, stat))
    cursor.execute("ANALYZE sqlite_schema")  # the planner reads sqlite_stat1 again


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
            plan_as_at_scale(cursor)
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
        raw.invalidate()  # its planner holds the statistics written above
