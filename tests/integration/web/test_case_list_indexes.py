"""A page of the case list filtered to one desa or one state reads its rows in the list's
order from an index (0012), instead of finding every case of the desa or state and sorting
them (SQLite and PostgreSQL); so does a page of a common word on SQLite."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from mediasi.cases import search
from mediasi.cases.queries import CaseFilters, CasePage, CaseQueries
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Cases


def listed_with_statements(
    runtime: Runtime, world: World, filters: CaseFilters, who: str = "polres_supervisor"
) -> tuple[CasePage, list[tuple[str, Any]]]:
    """The page ``who``'s list gave, and every statement it ran."""
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(runtime.engine, "before_cursor_execute", capture)
    try:
        with runtime.sessions() as session:
            page = CaseQueries(session).list_cases(world.actor(who), filters, utcnow())
    finally:
        event.remove(runtime.engine, "before_cursor_execute", capture)
    return page, seen


def list_statements(runtime: Runtime, world: World, filters: CaseFilters) -> list[tuple[str, Any]]:
    """Every statement the Polres supervisor's list ran."""
    return listed_with_statements(runtime, world, filters)[1]


def reading_rows(seen: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The statements that read the page's rows (those with a LIMIT, not the count)."""
    return [(s, p) for s, p in seen if "LIMIT" in s.upper() and "count" not in s.lower()]


def row_statements(runtime: Runtime, world: World, filters: CaseFilters) -> list[tuple[str, Any]]:
    """The statements that read the Polres supervisor's page's rows."""
    return reading_rows(list_statements(runtime, world, filters))


def page_statement(runtime: Runtime, world: World, filters: CaseFilters) -> tuple[str, Any]:
    """The one statement that reads a page by its number."""
    [page] = row_statements(runtime, world, filters)
    return page


CASES = 100_000
#: Rows sharing one value of each column, as at 100,000 cases in 500 desa and 12 states, half
#: of them finished, one in ten with no due time (``None``: the index's ``due_at IS NULL``),
#: due times spread over the year; a column not named here is taken as nearly unique.
GROUP = {"desa_id": 200, "state": 8_000, "is_final": 50_000, None: 90_000, "due_at": 50}


def plan_as_at_scale(cursor: Any) -> None:
    """Give SQLite's planner the statistics ``ANALYZE`` writes at 100,000 cases: with the two
    rows of a test it may take any index, and which one it took depended on the order the
    tests ran in. Each further column of an index narrows the rows its prefix matches by that
    column's share of the table."""
    cursor.execute("ANALYZE")
    cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'cases'")
    for _seq, name, *_ in cursor.execute("PRAGMA index_list(cases)").fetchall():
        columns = [row[2] for row in cursor.execute(f"PRAGMA index_info('{name}')").fetchall()]
        rows, prefix = [], float(CASES)
        for column in columns:
            prefix = max(1.0, prefix * GROUP.get(column, 1) / CASES)
            rows.append(str(round(prefix)))
        stat = " ".join([str(CASES), *rows])
        cursor.execute("INSERT INTO sqlite_stat1 VALUES ('cases', ?, ?)", (name, stat))
    cursor.execute("ANALYZE sqlite_schema")  # the planner reads sqlite_stat1 again


def plan_at_scale(
    runtime: Runtime,
    statement: str,
    params: Any,
    postgres_off: tuple[str, ...] = (),
    *,
    verbose: bool = False,
) -> str:
    """``statement``'s plan as on a big table: SQLite's with the statistics of 100,000 cases;
    PostgreSQL's with the ``postgres_off`` ways of reading turned off (``seqscan``, ``sort``:
    what a table too big to read or sort whole rules out), ``verbose`` with each node's
    output columns."""
    raw = runtime.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if runtime.engine.dialect.name == "sqlite":
            plan_as_at_scale(cursor)
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        for kind in postgres_off:
            cursor.execute(f"SET enable_{kind} = off")
        cursor.execute(f"EXPLAIN {'VERBOSE ' if verbose else ''}{statement}", params)
        return "\n".join(str(row[0]) for row in cursor.fetchall())
    finally:
        raw.rollback()
        raw.invalidate()  # its planner holds the statistics or the settings written above


def assert_read_in_list_order(runtime: Runtime, statement: str, params: Any) -> None:
    """SQLite, with the statistics of 100,000 cases, reads ``statement``'s rows from the list's
    ordered index and sorts nothing."""
    plan = plan_at_scale(runtime, statement, params)
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
    assert "ix_cases_list_order" in plan, plan


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
    plan = plan_at_scale(runtime, statement, params, postgres_off=("seqscan", "sort"))
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
    assert "Sort" not in plan, plan
    assert index in plan, plan


def test_a_supervisors_first_page_reads_the_list_order_not_every_case_in_reach_sorted(
    runtime: Runtime, world: World, cases: Cases
) -> None:
    """With statistics that make one desa look rare (a full ANALYZE of 100,000 cases in 500
    desa), SQLite took the scope ``desa_id IN (…)`` to pick ``ix_cases_desa_id`` and sorted
    every case under the Polres for the first page (210 ms at 100,000); the scope now only
    filters the ordered index's rows. PostgreSQL gets the plain SQL: it plans the scope as a
    semi-join by its own statistics (bench.case_list times it at 1,000,000 cases; with the few
    rows of a test it sorts them, rightly)."""
    for _ in range(2):
        cases.report()
    statement, params = page_statement(runtime, world, CaseFilters())
    scope = statement.split("WHERE", 1)[1].split("ORDER BY")[0]
    if runtime.engine.dialect.name != "sqlite":
        assert "+cases.desa_id" not in scope
        assert "cases.desa_id IN" in scope
        return
    assert "+cases.desa_id IN" in scope
    assert_read_in_list_order(runtime, statement, params)


def test_a_common_words_page_on_sqlite_is_read_in_list_order_and_counted_by_its_matches(
    runtime: Runtime, world: World, cases: Cases, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word in one case of seven ("sawah") found more than a thousand cases at 100,000: SQLite
    gathered every case that matched from the FTS index and sorted them all for a page of 20
    (61-92 ms at p95). Past COMMON matches the page reads the list's order and tests each case
    against the matches; the count, which stops at a thousand, still goes by the matches. Rare
    words keep the plain search (test_case_search_index); PostgreSQL has its own way of
    telling a common word (mediasi.cases.search)."""
    monkeypatch.setattr(search, "COMMON", 1)  # two cases hold the word: common here
    kept = {cases.report(title="Sengketa batas sawah"), cases.report(title="Air sawah")}
    cases.report(title="Kambing lepas")
    chosen = CaseFilters(q="Sawah")
    with runtime.sessions() as session:
        listed = CaseQueries(session).list_cases(world.actor("polres_supervisor"), chosen, utcnow())
    assert {row.case.id for row in listed.rows} == kept
    statement, params = page_statement(runtime, world, chosen)
    statements = [s for s, _ in list_statements(runtime, world, chosen)]
    [count] = [s for s in statements if "count(*)" in s and "desa_id IN" in s]  # in scope
    if runtime.engine.dialect.name != "sqlite":
        assert "+cases.id" not in statement
        return
    assert "+cases.id IN" in statement
    assert "+cases.id" not in count
    assert_read_in_list_order(runtime, statement, params)


@pytest.mark.parametrize("filters", [CaseFilters(), CaseFilters(state="assessed")])
def test_the_count_in_reach_is_answered_from_an_index_alone(
    runtime: Runtime, world: World, cases: Cases, filters: CaseFilters
) -> None:
    """Every list counts the cases in reach, stopping past its cap: it reads no column of the
    rows, so an index of the scope's (and the filter's) columns answers it without a visit to
    the table for each. Counting ``cases.id`` sent SQLite to the table for every one of 10,001
    rows (an officer's count at 100,000 cases: 15.3 ms, now 0.4)."""
    for _ in range(2):
        cases.fire(cases.report(), "assess")
    [(count, params)] = [
        (s, p) for s, p in list_statements(runtime, world, filters) if "count(*)" in s
    ]
    plan = plan_at_scale(runtime, count, params, postgres_off=("seqscan", "bitmapscan"))
    if runtime.engine.dialect.name == "sqlite":
        assert "SEARCH cases USING COVERING INDEX" in plan, plan
    elif not filters.state:  # with one, PostgreSQL weighs its indexes by its statistics
        assert "Index Only Scan" in plan, plan
