"""Fixtures shared by every test: a migrated database per backend, a small world of people.

Each backend gets a database of its own for the run (a temporary SQLite file; a PostgreSQL
database created here and dropped afterwards). PostgreSQL tests are skipped, with the reason,
only when no server answers on 127.0.0.1:5432.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from sqlalchemy import text

from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.db.models import metadata
from mediasi.runtime import Runtime
from tests.factories import World, build_world

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("MEDIASI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


def _create_pg_database() -> tuple[str, str]:
    name = f"mediasi_test_{os.getpid()}_{uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def _drop_pg_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def login_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The login throttle's delays, recorded instead of waited: no test sleeps through them."""
    from mediasi.accounts import throttle

    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(throttle, "pause", record)
    return waits


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'mediasi.db'}"
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(f"PostgreSQL at {PG_ADMIN} does not answer: {reason}")
    name, url = _create_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(name)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, root_dir=ROOT, deadline_scanner=False)


@pytest.fixture(scope="session")
def migrated(settings: Settings) -> Iterator[Runtime]:
    runtime = Runtime.build(settings)
    migrate.upgrade(settings, runtime.engine)
    yield runtime
    runtime.close()


def _empty_tables(runtime: Runtime) -> None:
    with runtime.engine.begin() as conn:
        if runtime.settings.is_sqlite:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
        else:
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture
def runtime(migrated: Runtime) -> Iterator[Runtime]:
    """A migrated database, emptied after each test."""
    try:
        yield migrated
    finally:
        _empty_tables(migrated)


@pytest.fixture
def world(runtime: Runtime) -> World:
    with runtime.sessions.begin() as session:
        return build_world(session)


# ---- added for the integration tests ------------------------------------------------------


def _fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(f"PostgreSQL at {PG_ADMIN} does not answer: {reason}")
    name, url = _create_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty database of each backend (not migrated), dropped afterwards."""
    yield from _fresh_database(request.param, tmp_path)


@pytest.fixture
def fresh_postgres_url(tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty PostgreSQL database, for what only PostgreSQL has."""
    yield from _fresh_database("postgresql", tmp_path)
