"""Days between two stored times, as SQL both backends run: SQLite keeps times as text and
subtracts Julian days; PostgreSQL subtracts timestamps and counts the seconds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SECONDS_A_DAY = 86400.0


class days_between(FunctionElement[float]):  # noqa: N801 - used like a SQL function
    """``days_between(later, earlier)``: fractional days from ``earlier`` to ``later``."""

    type = Float()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(days_between)
def _postgresql(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / {SECONDS_A_DAY})"
