"""What a request wrote to the database, seen as it happens instead of by comparing snapshots.

A refused request must write nothing. Comparing every row of every table before and after
proved it, but two snapshots of a growing database cost more than the request under test, and
the security and authorisation suites make thousands of them. The engine tells instead: every
INSERT, UPDATE or DELETE that touched a row, kept when its transaction commits and dropped
when it rolls back (a write undone by a rollback was never written).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import Engine

from mediasi.runtime import Runtime

_PENDING = "tests.writes.pending"
_DML = re.compile(
    r'^\s*(?:WITH\b.*?\)\s*)?(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?',
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class Writes:
    """The rows written and committed while watching, by table (those in ``skip`` aside)."""

    skip: tuple[str, ...]
    committed: list[tuple[str, str, Any]] = field(default_factory=list)

    @property
    def tables(self) -> list[str]:
        """The tables written to, in the order they were first written."""
        return list(dict.fromkeys(table for table, _, _ in self.committed))

    def values(self) -> Iterator[str]:
        """Every text value written (parameters of the committed statements)."""
        for _, _, parameters in self.committed:
            yield from texts(parameters)

    def __bool__(self) -> bool:
        return bool(self.committed)

    def __repr__(self) -> str:
        return f"Writes({[(table, verb) for table, verb, _ in self.committed]})"


def texts(value: Any) -> Iterator[str]:
    """Every string inside ``value`` (statement parameters, a decoded JSON document)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


_LIVE: list[Watch] = []


class Watch:
    """Records the writes committed through ``runtime``'s engine from now until ``stop``.

    Web sessions are left out by default: reading a page may refresh one."""

    def __init__(self, runtime: Runtime, *, skip: tuple[str, ...] = ("web_sessions",)) -> None:
        self.writes = Writes(skip)
        self._engine: Engine = runtime.engine
        self._listeners = (
            ("begin", self._began),
            ("after_cursor_execute", self._executed),
            ("commit", self._committed),
            ("rollback", self._rolled_back),
        )
        for name, listener in self._listeners:
            event.listen(self._engine, name, listener)
        _LIVE.append(self)

    def stop(self) -> Writes:
        """Stop watching; what was written meanwhile."""
        if self in _LIVE:
            _LIVE.remove(self)
            for name, listener in self._listeners:
                event.remove(self._engine, name, listener)
        return self.writes

    def written(self) -> list[str]:
        """Stop watching; the tables written meanwhile (empty when nothing was)."""
        return self.stop().tables

    def _began(self, conn: Connection) -> None:
        conn.info.pop(self._key, None)

    def _executed(
        self,
        conn: Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        match = _DML.match(statement)
        if match is None or cursor.rowcount == 0:
            return
        table = match.group(2).lower()
        if table not in self.writes.skip:
            verb = match.group(1).split()[0].upper()
            conn.info.setdefault(self._key, []).append((table, verb, parameters))

    def _committed(self, conn: Connection) -> None:
        self.writes.committed.extend(conn.info.pop(self._key, []))

    def _rolled_back(self, conn: Connection) -> None:
        conn.info.pop(self._key, None)

    @property
    def _key(self) -> tuple[str, int]:
        return (_PENDING, id(self))


def stop_all() -> None:
    """Stop the watches a failed test left running."""
    for watch in list(_LIVE):
        watch.stop()
