"""How many database transactions a signed-in request opens: a page view one, in which its
web session is read; a step one on PostgreSQL. On SQLite a change reads its session apart,
in a read-only transaction, because its own begins by taking the write lock (see
``accounts.auth``): its one writing transaction is the request's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import event

from mediasi.runtime import Runtime
from tests.factories import PAYLOADS
from tests.integration.web.conftest import Cases, Db, Web


@pytest.fixture
def begun(runtime: Runtime) -> Iterator[list[str]]:
    """The statements that begin a transaction, in order, as the engine runs them."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement.strip().upper())

    def on_begin(conn: Any) -> None:
        if conn.dialect.name != "sqlite":
            seen.append("BEGIN")

    event.listen(runtime.engine, "before_cursor_execute", record)
    event.listen(runtime.engine, "begin", on_begin)
    yield seen
    event.remove(runtime.engine, "before_cursor_execute", record)
    event.remove(runtime.engine, "begin", on_begin)


def test_a_page_view_opens_one_transaction(web: Web, cases: Cases, begun: list[str]) -> None:
    case_id = cases.report()
    web.login_as("officer").case_page(case_id)
    begun.clear()
    assert web.case_page(case_id).status_code == 200
    assert len(begun) == 1
    assert "IMMEDIATE" not in begun[0]


def test_a_step_opens_one_writing_transaction_and_on_postgresql_no_other(
    web: Web, cases: Cases, db: Db, begun: list[str], runtime: Runtime
) -> None:
    case_id: UUID = cases.report()
    web.login_as("officer").case_page(case_id)
    form = {"version": web.version(case_id), **PAYLOADS["escalate"]}
    begun.clear()
    response = web.post(f"/cases/{case_id}/steps/escalate", form, htmx=True)
    during = list(begun)
    assert response.status_code == 200
    assert db.case(case_id).state == "escalated"
    assert during == (["BEGIN", "BEGIN IMMEDIATE"] if runtime.settings.is_sqlite else ["BEGIN"])
