"""Fixtures shared by every test: a migrated database per backend, a small world of people.

Each backend gets a database of its own for the run (a temporary SQLite file; a PostgreSQL
database created here and dropped afterwards). PostgreSQL tests are skipped, with the reason,
only when no server answers on 127.0.0.1:5432.
"""

from __future__ import annotations

import copy
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar
from uuid import uuid4

import psycopg
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Table, event, select, text

from mediasi import i18n
from mediasi.accounts import passwords
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime
from mediasi.tables import metadata
from tests.factories import World, build_world
from tests.writes import stop_all

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
PG_ADMIN = os.environ.get("MEDIASI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True, scope="session")
def _catalogs() -> None:
    """The committed catalogs, as the app configures them at start-up (unit tests build no app)."""
    i18n.configure(ROOT / "locale", ("id", "en"))


# ---- the test run itself -------------------------------------------------------------------


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make ``--dist loadgroup`` honour ``xdist_group`` marks again.

    pytest-xdist 3.8 names a test's group by appending ``@group`` to ``item._nodeid`` on each
    worker; pytest 9 keeps the id in ``item._id`` and no longer reads ``_nodeid``, so every
    test looked ungrouped and each worker started its own live server and Chromium. The id
    xdist meant is copied over here (only on a loadgroup worker, only when it differs).

    The browser tests are two groups (``browser-a``, ``browser-b``) of about equal length, so
    each worker drives one Chromium through half of them instead of one worker all of them
    while the other ran out of work.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        wanted = getattr(item, "_nodeid", None)
        if isinstance(wanted, str) and wanted != item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(wanted)


# Young objects a test process allocates between two collections of the youngest generation
# (CPython's default is 700).
GC_YOUNG_THRESHOLD = 50_000


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """What the worker holds once collected (ten thousand test items, the imported app) is
    frozen out of the collector, and the youngest generation is collected less often: with
    CPython's defaults a worker spent about a tenth of the matrix's time in the collector,
    walking the same long-lived objects and collecting after every 700 allocations (measured on
    the SQLite cells alone: 7.2 s of 66 s; 4.0 s of 60 s after this)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 100)


class _RememberingHasher(PasswordHasher):
    """The app's hasher, same parameters, except that a (hash, password) pair it has verified
    once is answered from memory: argon2id at OWASP's parameters costs tens of milliseconds
    by design, and the suite logs the same people in with the same stored hash thousands of
    times. ``verify`` is a pure function of its two arguments, so every answer (a match, or
    the very exception a mismatch or a malformed hash raises) is the one argon2 gave."""

    def __init__(self, real: PasswordHasher) -> None:
        super().__init__(
            time_cost=real.time_cost,
            memory_cost=real.memory_cost,
            parallelism=real.parallelism,
            hash_len=real.hash_len,
            salt_len=real.salt_len,
            encoding=real.encoding,
            type=real.type,
        )
        self._answers: dict[tuple[str | bytes, str | bytes], Exception | None] = {}

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        key = (hash, password)
        if key not in self._answers:
            try:
                super().verify(hash, password)
                self._answers[key] = None
            except Exception as exc:
                self._answers[key] = exc
        failure = self._answers[key]
        if failure is not None:
            raise type(failure)(*failure.args)
        return True


@pytest.fixture(scope="session", autouse=True)
def _password_checks_remembered() -> Iterator[None]:
    """Every password check of the run goes through ``_RememberingHasher``; hashing itself
    (``hash_password``, ``needs_rehash``) is unchanged, so the tests of the stored parameters
    and of the rehash on login see argon2 at full cost."""
    real = passwords._HASHER
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", _RememberingHasher(real))
        yield


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


def _create_pg_database() -> tuple[str, str]:
    """A new database for tests. Its commits do not wait for the WAL to reach the disk
    (``synchronous_commit = off``): what a commit shows other sessions is unchanged, only a
    crash of the server could lose the last few, and a test database does not outlive the run.
    It halves the time of the many small transactions the tests make."""
    name = f"mediasi_test_{os.getpid()}_{uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
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


# For a test of what does not depend on the backend but costs a lot to do twice (a PDF that
# WeasyPrint renders): its cell on SQLite only, which is always there.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    # No background scanner, dispatcher, analysis or catalog watch: a test runs them itself,
    # when it means to (a watch would join one test's published versions into the registry
    # every later test of the session shares). No API rate limit within reach: a worker's
    # tests share one app and one client address, and a fast machine passes 300 API calls a
    # minute; test_rate_limits sets its own.
    return Settings(
        database_url=database_url,
        root_dir=ROOT,
        deadline_scanner=False,
        notify_dispatcher=False,
        planner_statistics=False,
        workflow_catalog_watch=False,
        api_rate_per_address=10**9,
        api_rate_per_token=10**9,
    )


@pytest.fixture(scope="session")
def migrated(settings: Settings) -> Iterator[Runtime]:
    runtime = Runtime.build(settings)
    migrate.upgrade(settings, runtime.engine)
    yield runtime
    runtime.close()


def _empty_tables(runtime: Runtime) -> None:
    """Delete every row, children before parents. On PostgreSQL one batch of DELETEs: a test
    leaves a few rows, and TRUNCATE (new files for every table) costs ten times as much. The
    batch runs as a replica, which skips the foreign keys' checks: children go first anyway, and
    checking every table that points at a user or an area for each deleted row cost more than
    the deletes."""
    tables = list(reversed(metadata.sorted_tables))
    with runtime.engine.begin() as conn:
        if runtime.settings.is_sqlite:
            for table in tables:
                conn.execute(table.delete())
        else:
            deletes = "; ".join(f'DELETE FROM "{t.name}"' for t in tables)
            conn.execute(text(f"SET LOCAL session_replication_role = replica; {deletes}"))


@pytest.fixture
def runtime(migrated: Runtime) -> Iterator[Runtime]:
    """A migrated database, emptied after each test."""
    try:
        yield migrated
    finally:
        stop_all()
        _empty_tables(migrated)


@pytest.fixture
def statements(runtime: Runtime) -> Iterator[list[str]]:
    """Every statement the runtime's engine sends while the test runs, as sent."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    event.listen(runtime.engine, "before_cursor_execute", record)
    yield seen
    event.remove(runtime.engine, "before_cursor_execute", record)


# The world each backend's first test built, with its rows: later tests get the same rows
# back in one INSERT per table instead of building them again through the ORM (a dozen flushes,
# about 20 ms on SQLite and 60 ms on PostgreSQL per test, over thousands of tests).
_WORLDS: dict[str, tuple[World, list[tuple[Table, list[dict[str, Any]]]]]] = {}


def _rows_of(runtime: Runtime) -> list[tuple[Table, list[dict[str, Any]]]]:
    """Every non-empty table's rows, parents first."""
    with runtime.engine.connect() as conn:
        image = [
            (t, [dict(r) for r in conn.execute(select(t)).mappings()])
            for t in metadata.sorted_tables
        ]
    return [(table, rows) for table, rows in image if rows]


def _put_back(runtime: Runtime, image: list[tuple[Table, list[dict[str, Any]]]]) -> None:
    """The rows of ``image``, foreign keys unchecked until the commit (SQLite) or at all
    (PostgreSQL as a replica, as ``_empty_tables``): they were consistent when taken, but within
    a table that points at itself (areas) an UPDATE can have left a child before its parent."""
    with runtime.engine.begin() as conn:
        if runtime.settings.is_sqlite:
            conn.execute(text("PRAGMA defer_foreign_keys = ON"))
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        for table, rows in image:
            conn.execute(table.insert(), rows)


@pytest.fixture
def world(runtime: Runtime) -> World:
    kept = _WORLDS.get(runtime.settings.database_url)
    if kept is None:
        _empty_tables(runtime)  # the first test of a run may still see what migrations wrote
        with runtime.sessions.begin() as session:
            built = build_world(session)
        kept = _WORLDS[runtime.settings.database_url] = (built, _rows_of(runtime))
    else:
        _put_back(runtime, kept[1])
    return copy.deepcopy(kept[0])


# What a fixture built over the world through the services, with every row then in the
# database, per backend and name (see ``kept``).
_KEPT: dict[tuple[str, str], tuple[Any, list[tuple[Table, list[dict[str, Any]]]]]] = {}


def kept(runtime: Runtime, name: str, build: Callable[[], T]) -> T:
    """What ``build`` returns, built by the first test of a backend that asks for ``name``;
    every later test gets the same rows back in one INSERT per table (and a copy of the same
    answer) instead of walking the services again. Call it right after the world is built,
    with a ``build`` that writes only rows: no files, nothing kept in memory."""
    key = (runtime.settings.database_url, name)
    found = _KEPT.get(key)
    if found is None:
        answer = build()
        _KEPT[key] = (copy.deepcopy(answer), _rows_of(runtime))
        return answer
    _empty_tables(runtime)
    _put_back(runtime, found[1])
    return copy.deepcopy(found[0])


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
