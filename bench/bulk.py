"""Rows written in bulk for the benchmarks' seeds: PostgreSQL's ``COPY … FROM STDIN`` (a
million cases' rows in minutes, where INSERTs took an hour and a half), plain INSERTs on
SQLite. Tables are written in the order given, in one transaction, so foreign keys hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Engine, Table, insert

Batch = Sequence[tuple[Table, list[dict[str, Any]]]]


def write(engine: Engine, batch: Batch) -> None:
    """Every table's rows (dicts by column key), in the order of ``batch``, committed once."""
    if engine.dialect.name == "postgresql":
        _copy(engine, batch)
        return
    with engine.begin() as connection:
        for table, rows in batch:
            if rows:
                connection.execute(insert(table), rows)


def _copy(engine: Engine, batch: Batch) -> None:
    """Through the engine's own psycopg connection; a JSON column's value sent as JSONB."""
    pooled = engine.raw_connection()
    try:
        conn = pooled.driver_connection
        assert conn is not None
        with conn.transaction(), conn.cursor() as cursor:
            for table, rows in batch:
                if not rows:
                    continue
                columns = [c for c in table.columns if c.key in rows[0]]  # as INSERT would
                names = ", ".join(f'"{c.name}"' for c in columns)
                json = {c.key for c in columns if isinstance(c.type, JSON)}
                with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(
                            [Jsonb(row[c.key]) if c.key in json else row[c.key] for c in columns]
                        )
    finally:
        pooled.close()
