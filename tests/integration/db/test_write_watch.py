"""The security suites prove that a refused request wrote nothing by watching the engine
(tests/writes.py); a watch that missed a write would let every one of them pass."""

from __future__ import annotations

from sqlalchemy import text, update

from mediasi.accounts.models import User
from mediasi.runtime import Runtime
from tests.factories import World
from tests.writes import Watch


def test_a_committed_write_is_seen_with_its_table_and_values(
    runtime: Runtime, world: World
) -> None:
    watch = Watch(runtime)
    with runtime.sessions.begin() as session:
        session.execute(update(User).where(User.username == "officer").values(full_name="Baru\x01"))
    writes = watch.stop()
    assert writes.tables == ["users"]
    assert "Baru\x01" in list(writes.values())


def test_a_rolled_back_write_a_read_and_a_write_that_matched_no_row_are_not_writes(
    runtime: Runtime, world: World
) -> None:
    watch = Watch(runtime)
    with runtime.sessions() as session:
        session.execute(update(User).values(full_name="Dibatalkan"))
        session.rollback()
    with runtime.sessions.begin() as session:
        session.execute(text("SELECT count(*) FROM users"))
        session.execute(update(User).where(User.username == "nobody").values(full_name="x"))
    assert watch.written() == []


def test_the_tables_left_out_and_writes_after_the_stop_are_not_counted(
    runtime: Runtime, world: World
) -> None:
    watch = Watch(runtime, skip=("users",))
    with runtime.sessions.begin() as session:
        session.execute(update(User).values(full_name="Dilewati"))
    assert watch.written() == []
    with runtime.engine.begin() as conn:
        conn.execute(text("UPDATE users SET full_name = 'Sesudah'"))
    assert watch.written() == []
