"""Hints for the query planners: SQLite's, written so that PostgreSQL reads the plain SQL, and
PostgreSQL's JIT compiler, turned off where it costs more than it saves; and what PostgreSQL's
planner expects a statement to find, read from its statistics without running it.

SQLite picks an index per table from its statistics, and with the statistics of a full
``ANALYZE`` it took the case scope ``desa_id IN (…the desa under a Polres…)`` to be selective:
it read every case in reach by ``ix_cases_desa_id`` and sorted them all for the first page
(210 ms at 100,000 cases), where reading the list's ordered index and skipping the few cases
out of reach takes 0.1 ms. A unary ``+`` on the column (SQLite's documented way to keep a term
from driving an index) leaves the ordered indexes to the ORDER BY; an equality filter on the
same column (one desa chosen) still uses its own index.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class not_an_index_key(FunctionElement[Any]):  # noqa: N801 -- used like a SQL function
    """The column itself, which SQLite will not use to pick an index for this term."""

    inherit_cache = True
    name = "not_an_index_key"

    def __init__(self, column: ColumnElement[Any] | InstrumentedAttribute[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(not_an_index_key)
def _plain(element: not_an_index_key, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(not_an_index_key, "sqlite")
def _unary_plus(element: not_an_index_key, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.clauses, **kw)


def for_aggregates(session: Session) -> None:
    """For the rest of the transaction, PostgreSQL runs its statements without compiling them
    to machine code first (JIT), and groups rows in memory. It compiles a statement whose
    estimated cost is high, and a statistics statement over a year of a Polres is estimated
    high though it reads a few thousand index entries: the compiling took 1.7 s where the
    reading took 0.2 s (measured at 100,000 cases). And it guesses the groups of a statistics
    statement from each column's distinct values multiplied (330,000 where there were 930, at
    a million cases), so with the default 4 MB of working memory it sorted the half million
    stays of two years on disk to group them (2 s of the 6 s): 64 MB lets it hash them.
    Other backends have nothing to set."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def expected_rows(session: Session, statement: ClauseElement) -> float:
    """The rows PostgreSQL's planner expects ``statement`` to give, from the statistics
    ``ANALYZE`` keeps (PostgreSQL's documented way to estimate a count without counting:
    ``EXPLAIN`` plans the statement and reads nothing). An estimate, right or wrong by any
    factor: for choosing a way to read, never for a figure shown."""
    compiled = statement.compile(dialect=session.get_bind().dialect)
    connection = session.connection()
    plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
    return float(plan.scalar_one()[0]["Plan"]["Plan Rows"])
