"""The first day of the calendar month a stored time falls in, in a named time zone, as SQL
both backends run: PostgreSQL converts with ``AT TIME ZONE``; SQLite has no time zones, so
the engine gives each connection a function of its own (:func:`register`) that converts in
Python with the same zone database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SQLITE_FUNCTION = "mediasi_local_month"


class local_month(FunctionElement[date]):  # noqa: N801 - used like a SQL function
    """``local_month(moment, zone)``: the first day of the month ``moment`` falls in, in
    ``zone`` (an IANA name)."""

    type = Date()
    inherit_cache = True


@compiles(local_month, "sqlite")
def _sqlite(element: local_month, compiler: SQLCompiler, **kw: Any) -> str:
    moment, zone = (compiler.process(c, **kw) for c in element.clauses)
    return f"{SQLITE_FUNCTION}({moment}, {zone})"


@compiles(local_month)
def _postgresql(element: local_month, compiler: SQLCompiler, **kw: Any) -> str:
    moment, zone = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(date_trunc('month', {moment} AT TIME ZONE {zone}) AS DATE)"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def month_of(moment: datetime, zone: str) -> date:
    """The first day of the month ``moment`` (aware) falls in, in ``zone``."""
    local = moment.astimezone(_zone(zone))
    return date(local.year, local.month, 1)


def _sqlite_month(stored: str | None, zone: str | None) -> str | None:
    """SQLite keeps a time as UTC text without its offset."""
    if stored is None or zone is None:
        return None
    return month_of(datetime.fromisoformat(stored).replace(tzinfo=UTC), zone).isoformat()


def register(dbapi_connection: Any) -> None:
    """Give a new SQLite connection the function :class:`local_month` compiles to."""
    dbapi_connection.create_function(SQLITE_FUNCTION, 2, _sqlite_month, deterministic=True)
