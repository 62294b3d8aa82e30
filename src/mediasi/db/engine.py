"""Engines tuned per backend; SQLite is set up to behave under a multi-threaded server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from mediasi.db import months
from mediasi.db.writer_turn import WriterTurn

SQLITE_BUSY_TIMEOUT_MS = 15_000
# Writers take turns (mediasi.db.writer_turn) before BEGIN IMMEDIATE, rather than wait in
# SQLite's busy handler.
HOLDS_WRITER = "mediasi_holds_writer"


class _NoRowLogging(logging.Filter):
    """SQLAlchemy logs fetched rows at DEBUG; rows hold NIK and phone numbers, which never go
    to a log. (Statement parameters are hidden by ``hide_parameters``.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("Row ", "Col "))


logging.getLogger("sqlalchemy.engine.Engine").addFilter(_NoRowLogging())

# True while serving a request that only reads (GET/HEAD): its SQLite transactions begin
# DEFERRED and so never hold the write lock. Everything else begins IMMEDIATE.
_read_only: ContextVar[bool] = ContextVar("mediasi_sqlite_read_only", default=False)


@contextmanager
def read_only_transactions(read_only: bool = True) -> Iterator[None]:
    """Transactions begun inside begin DEFERRED (or, with ``read_only=False``, IMMEDIATE again:
    a write made while serving a safe request, which a deferred transaction that has read
    could not make once another connection has written)."""
    token = _read_only.set(read_only)
    try:
        yield
    finally:
        _read_only.reset(token)


def make_engine(url: URL, *, echo: bool = False) -> Engine:
    """Build the engine for ``url``; statement parameters (NIK, phones) never reach a log.

    On SQLite: WAL so readers never block the writer, a busy timeout so a second writer waits,
    foreign keys on, and ``BEGIN IMMEDIATE`` so a transaction takes the write lock at its start
    (a deferred transaction that reads and later writes fails with 'database is locked' instead
    of waiting). Read-only requests opt out with :func:`read_only_transactions`.
    """
    if url.get_backend_name() != "sqlite":
        return create_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=10,
            hide_parameters=True,
        )

    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so SQLAlchemy's BEGIN is the one that runs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        months.register(dbapi_connection)

    in_memory = url.database in (None, "", ":memory:")
    writer = WriterTurn(None if in_memory else Path(str(url.database)).resolve())

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if _read_only.get():
            conn.exec_driver_sql("BEGIN")
            return
        # Past the busy timeout, go on: BEGIN IMMEDIATE then waits and fails as it always did.
        if writer.take(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            conn.info[HOLDS_WRITER] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(conn.info)
            raise

    def _release(info: dict[str, Any]) -> None:
        if info.pop(HOLDS_WRITER, False):
            writer.give_back()

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(conn: Any) -> None:
        _release(conn.info)

    # A connection that leaves the transaction any other way (invalidated, reset on return to
    # the pool, closed) gives the turn back too, so one failure never stops every writer.
    @event.listens_for(engine, "reset")
    def _on_reset(_dbapi_connection: Any, record: Any, _reset_state: Any) -> None:
        if record is not None:
            _release(record.info)

    @event.listens_for(engine, "invalidate")
    @event.listens_for(engine, "close")
    def _on_gone(_dbapi_connection: Any, record: Any, *_exception: Any) -> None:
        if record is not None:
            _release(record.info)

    return engine
