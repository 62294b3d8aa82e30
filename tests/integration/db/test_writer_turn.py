"""Writers of one SQLite database take turns across processes as across threads: a writer of a
second worker waits for the turn on the file beside the database, not in SQLite's busy
handler (whose pauses grow to 100 ms), and gets it when the first one's transaction ends.
Two engines on one file stand for two workers: each opens the file for itself, as each
worker process does."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from mediasi.config import normalise_database_url
from mediasi.db.engine import make_engine
from mediasi.db.writer_turn import WriterTurn
from tests.integration.test_config import count_up


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "turns.db"


@pytest.fixture
def workers(database: Path) -> Iterator[tuple[Engine, Engine]]:
    url = normalise_database_url(f"sqlite:///{database}", database.parent)
    first, second = make_engine(url), make_engine(url)
    with first.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    yield first, second
    first.dispose()
    second.dispose()


def _turn_is_free(database: Path) -> bool:
    """Whether another process could take the turn now."""
    opened = os.open(database.with_name(database.name + ".writer"), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(opened, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(opened)
    return True


def test_a_second_workers_writer_waits_for_the_turn_before_it_begins(
    workers: tuple[Engine, Engine], database: Path
) -> None:
    first, second = workers
    begun: list[str] = []

    def seen(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        if statement.startswith("BEGIN"):
            begun.append(statement)

    event.listen(second, "before_cursor_execute", seen)
    done = threading.Event()

    def write() -> None:
        with second.begin() as conn:
            conn.execute(text("UPDATE counter SET n = n + 1"))
        done.set()

    with first.begin() as conn:
        conn.execute(text("UPDATE counter SET n = n + 1"))
        assert not _turn_is_free(database)
        waiting = threading.Thread(target=write)
        waiting.start()
        assert not done.wait(0.3)
        # Still waiting for the turn: it has not gone to wait at SQLite's lock.
        assert begun == []
    waiting.join(10)
    assert done.is_set()
    assert begun == ["BEGIN IMMEDIATE"]
    assert _turn_is_free(database)
    with first.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 2


def test_writers_of_two_workers_take_turns_and_lose_no_write(
    workers: tuple[Engine, Engine],
) -> None:
    """A read, then a write of what was read, four threads in each worker: turns never handed
    on would hang them, a turn given up would fail them."""
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=count_up, args=(engine, 25, errors))
        for engine in workers
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with workers[0].connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 2 * 4 * 25


def test_a_turn_not_had_in_time_is_given_up_and_taken_later(database: Path) -> None:
    held, waiting = WriterTurn(database), WriterTurn(database)
    assert held.take(timeout=1)
    assert not waiting.take(timeout=0.05)
    held.give_back()
    assert waiting.take(timeout=1)  # neither its threads' lock nor the file was kept
    waiting.give_back()
    assert _turn_is_free(database)
