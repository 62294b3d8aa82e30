"""Where a slow list request spends its time: the statements one request runs, each with its
milliseconds, and the query plan of the slowest (PostgreSQL's ``EXPLAIN (ANALYZE, BUFFERS)``,
SQLite's ``EXPLAIN QUERY PLAN``), printed by the case-list benchmark for every shape that
misses its target, so the table's NOT MET comes with the reason."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event

SHOWN = 160  # characters of a statement's text in the listing


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: Any
    ms: float


def statements_of(engine: Engine, request: Callable[[], object]) -> list[Statement]:
    """The statements ``request`` ran on ``engine``, in order, each with its time."""
    ran: list[Statement] = []
    started: list[float] = []

    def before(*_: Any) -> None:
        started.append(time.perf_counter())

    def after(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        ran.append(Statement(sql, parameters, (time.perf_counter() - started.pop()) * 1000))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return ran


def plan_of(engine: Engine, statement: Statement, settings: Sequence[Statement] = ()) -> list[str]:
    """The plan of one statement, run again with its own parameters, after the ``settings``
    its request made (``SET LOCAL jit = off``)."""
    postgres = engine.dialect.name == "postgresql"
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for setting in settings:
            cursor.execute(setting.sql, setting.parameters)
        cursor.execute(explain + statement.sql, statement.parameters)
        rows = cursor.fetchall()
    finally:
        connection.close()
    return [str(row[0]) if postgres else f"{'  ' * int(row[1] > 0)}{row[-1]}" for row in rows]


def where_the_time_goes(engine: Engine, request: Callable[[], object], plans: int = 1) -> list[str]:
    """Lines for the report: the request's time against its statements' (the rest is Python:
    the framework, the session, the template), each statement's time, the plans of the
    ``plans`` slowest."""
    started = time.perf_counter()
    ran = statements_of(engine, request)
    whole = (time.perf_counter() - started) * 1000
    if not ran:
        return [f"{whole:.1f} ms, no statement ran"]
    in_sql = sum(s.ms for s in ran)
    lines = [f"{whole:.1f} ms in all, {in_sql:.1f} ms of it in {len(ran)} statements:"]
    lines += [f"{s.ms:8.1f} ms  {' '.join(s.sql.split())[:SHOWN]}" for s in ran]
    settings = [s for s in ran if s.sql.startswith("SET ")]
    for slow in sorted(ran, key=lambda s: -s.ms)[:plans]:
        lines.append(f"plan of {' '.join(slow.sql.split())[:SHOWN]} ({slow.ms:.1f} ms):")
        lines += ["  " + line for line in plan_of(engine, slow, settings)]
    return lines
