"""The benchmarks' databases: a temporary SQLite file, or a PostgreSQL database created for
the run and dropped after it (skipped, with the reason, when no server answers)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import psycopg

PG_ADMIN = os.environ.get("MEDIASI_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def sqlite_database(keep: bool = False) -> Iterator[str]:
    """A file in a folder of its own, removed afterwards unless ``keep``."""
    if keep:
        yield f"sqlite:///{Path(tempfile.mkdtemp(prefix='mediasi-bench-')) / 'bench.db'}"
        return
    with tempfile.TemporaryDirectory(prefix="mediasi-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def postgres_unavailable() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


@contextmanager
def postgres_database(keep: bool = False) -> Iterator[str]:
    """A database of its own, dropped afterwards unless ``keep``."""
    name = f"mediasi_bench_{os.getpid()}_{uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        if not keep:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def each_backend(choice: str, run: Callable[[str, str], None], keep: bool = False) -> None:
    """``run(label, url)`` on SQLite, PostgreSQL or both (``choice``), each in a database of its
    own, left in place with ``keep`` (its URL printed); PostgreSQL is skipped, with the reason,
    when no server answers."""
    if choice in ("sqlite", "both"):
        with sqlite_database(keep) as url:
            _kept(keep, "SQLite", url)
            run("SQLite", url)
    if choice in ("postgresql", "both"):
        reason = postgres_unavailable()
        if reason:
            print(f"\nPostgreSQL: skipped ({reason})")
            return
        with postgres_database(keep) as url:
            _kept(keep, "PostgreSQL", url)
            run("PostgreSQL", url)


def _kept(keep: bool, backend: str, url: str) -> None:
    if keep:
        print(f"\n{backend} database (kept afterwards): {url}", flush=True)
