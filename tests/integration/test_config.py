"""Settings turn the URL a person types into one with mediasi's drivers; SQLite engines get the
pragmas and the locking that a multi-threaded server needs."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import PendingRollbackError

from mediasi.config import ConfigError, Settings, normalise_database_url
from mediasi.db.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine, read_only_transactions

ROOT = Path("/srv/mediasi")


@pytest.mark.parametrize(
    ("raw", "driver", "database"),
    [
        ("sqlite:///var/x.db", "sqlite+pysqlite", str(ROOT / "var" / "x.db")),
        ("sqlite:////data/mediasi.db", "sqlite+pysqlite", "/data/mediasi.db"),
        ("sqlite+pysqlite:///var/x.db", "sqlite+pysqlite", str(ROOT / "var" / "x.db")),
        ("postgresql://u:p@db.local:5432/mediasi", "postgresql+psycopg", "mediasi"),
        pytest.param("postgres://u@db.local/mediasi", "postgresql+psycopg", "mediasi"),
        ("postgresql+psycopg://u@db.local/mediasi", "postgresql+psycopg", "mediasi"),
    ],
)
def test_plain_urls_get_mediasi_drivers(raw: str, driver: str, database: str) -> None:
    url = normalise_database_url(raw, ROOT)
    assert url.drivername == driver
    assert url.database == database


def test_postgresql_keeps_host_port_user_and_password() -> None:
    url = normalise_database_url("postgresql://mediasi:rahasia@10.0.0.5:6432/kasus", ROOT)
    assert (url.host, url.port, url.username, url.password) == (
        "10.0.0.5",
        6432,
        "mediasi",
        "rahasia",
    )
    assert "rahasia" not in url.render_as_string(hide_password=True)


def test_settings_resolve_a_relative_sqlite_file_under_the_root(tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite:///var/x.db", root_dir=tmp_path)
    assert settings.sqlalchemy_url.database == str(tmp_path / "var" / "x.db")
    assert settings.is_sqlite
    assert settings.workflows_dir == tmp_path / "workflows"
    assert settings.migrations_dir == tmp_path / "migrations"


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MEDIASI_DATABASE_URL", "postgresql://u@db/mediasi")
    monkeypatch.setenv("MEDIASI_ROOT_DIR", str(tmp_path))
    settings = Settings()
    assert settings.sqlalchemy_url.drivername == "postgresql+psycopg"
    assert not settings.is_sqlite
    assert settings.root_dir == tmp_path


@pytest.mark.parametrize("raw", ["sqlite://", "sqlite:///:memory:", "sqlite+pysqlite:///:memory:"])
def test_an_in_memory_sqlite_is_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match="SQLite file"):
        normalise_database_url(raw, ROOT)


@pytest.mark.parametrize(
    "raw", ["mysql://u@h/db", "mysql+pymysql://u@h/db", "oracle://u@h/db", "mssql://u@h/db"]
)
def test_other_databases_are_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match="supports sqlite:/// and postgresql://"):
        normalise_database_url(raw, ROOT)


def test_garbage_is_refused() -> None:
    with pytest.raises(ConfigError, match="not a database URL"):
        normalise_database_url("database di laptop", ROOT)


def test_a_refused_url_surfaces_when_settings_are_used() -> None:
    settings = Settings(database_url="mysql://x")
    with pytest.raises(ConfigError):
        _ = settings.sqlalchemy_url


# ---- SQLite engine (SQLite only, by construction: these tests build their own engine) ----


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = normalise_database_url(f"sqlite:///{tmp_path / 'sub' / 'folder' / 'pragma.db'}", ROOT)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_sqlite_connections_get_the_pragmas(sqlite_engine: Engine, tmp_path: Path) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    # The folder of the database file is created on demand.
    assert (tmp_path / "sub" / "folder" / "pragma.db").exists()


def test_sqlite_enforces_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.begin() as conn:
        conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        conn.execute(
            text("CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent(id))")
        )
    with pytest.raises(Exception, match="FOREIGN KEY"), sqlite_engine.begin() as conn:
        conn.execute(text("INSERT INTO child (id, p) VALUES (1, 42)"))


def _try_to_write(path: str) -> str | None:
    """From a plain connection with no wait: the error, or None if the write lock was free."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return None
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        other.close()


def test_a_sqlite_transaction_takes_the_write_lock_at_begin(sqlite_engine: Engine) -> None:
    path = sqlite_engine.url.database
    assert path is not None
    with sqlite_engine.begin() as conn:
        conn.execute(text("SELECT 1"))  # only a read, yet the lock is held already
        assert _try_to_write(path) == "database is locked"
    assert _try_to_write(path) is None


def test_a_read_only_sqlite_transaction_leaves_the_write_lock_free(sqlite_engine: Engine) -> None:
    path = sqlite_engine.url.database
    assert path is not None
    with read_only_transactions(), sqlite_engine.begin() as conn:
        conn.execute(text("SELECT 1"))
        assert _try_to_write(path) is None


def test_a_second_sqlite_writer_waits_instead_of_failing(sqlite_engine: Engine) -> None:
    with sqlite_engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    first_has_lock = threading.Event()
    errors: list[BaseException] = []

    def writer(hold: float) -> None:
        try:
            with sqlite_engine.begin() as conn:
                conn.execute(text("UPDATE counter SET n = n + 1"))
                if hold:
                    first_has_lock.set()
                    threading.Event().wait(hold)
        except BaseException as exc:
            errors.append(exc)

    first = threading.Thread(target=writer, args=(0.5,))
    first.start()
    assert first_has_lock.wait(10)
    second = threading.Thread(target=writer, args=(0,))
    second.start()
    first.join(10)
    second.join(10)
    assert errors == []
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 2


def _counter(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))


def count_up(engine: Engine, times: int, errors: list[BaseException]) -> None:
    """A thread's share of the writes: a read, then a write of what was read, ``times`` over
    (turns that overlapped would lose updates); what went wrong goes to ``errors``."""
    try:
        for _ in range(times):
            with engine.begin() as conn:
                n = conn.execute(text("SELECT n FROM counter")).scalar_one()
                conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
    except BaseException as exc:
        errors.append(exc)


def test_many_writer_threads_take_turns_and_lose_no_write(sqlite_engine: Engine) -> None:
    """A read, then a write of what was read, in each transaction: turns that overlapped would
    lose updates; turns that were never handed on would hang the threads."""
    _counter(sqlite_engine)
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=count_up, args=(sqlite_engine, 25, errors)) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 8 * 25


@pytest.mark.parametrize("ending", ["error", "invalidated"])
def test_a_writer_that_fails_or_is_cut_off_hands_the_turn_on(
    sqlite_engine: Engine, ending: str
) -> None:
    """Otherwise every later writer of the process would wait out the whole busy timeout."""
    _counter(sqlite_engine)
    conn = sqlite_engine.connect()
    transaction = conn.begin()
    conn.execute(text("UPDATE counter SET n = 99"))
    if ending == "error":
        transaction.rollback()
    else:
        conn.invalidate()  # the connection is gone mid-transaction: no rollback ever comes
        with contextlib.suppress(PendingRollbackError):
            transaction.close()
    conn.close()
    done = threading.Event()

    def writer() -> None:
        with sqlite_engine.begin() as conn:
            conn.execute(text("UPDATE counter SET n = n + 1"))
        done.set()

    threading.Thread(target=writer, daemon=True).start()
    # Well inside the busy timeout: the turn was handed on, not waited out.
    assert done.wait(SQLITE_BUSY_TIMEOUT_MS / 1000 / 3)
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 1


def test_a_reader_does_not_wait_for_the_writers_turn(sqlite_engine: Engine) -> None:
    _counter(sqlite_engine)
    read: list[int] = []
    with sqlite_engine.begin() as writing:
        writing.execute(text("UPDATE counter SET n = 5"))
        reader = threading.Thread(target=lambda: read.append(_read(sqlite_engine)))
        reader.start()
        reader.join(SQLITE_BUSY_TIMEOUT_MS / 1000 / 3)
        assert read == [0]  # the last committed value, read while the write is open


def _read(engine: Engine) -> int:
    with read_only_transactions(), engine.begin() as conn:
        return int(conn.execute(text("SELECT n FROM counter")).scalar_one())
