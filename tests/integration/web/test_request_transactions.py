"""How many database transactions a signed-in request opens: a page view one, in which its
web session is read; a step one, on both backends. On SQLite any other change reads its
session apart, in a read-only transaction, because its own begins by taking the write lock
(see ``web.transactions.in_one_transaction``): a unit of work the request opens beside it (a
login's delay, a token's use, a workflow migration's batches) must not wait on the request."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import event

from mediasi.runtime import Runtime
from tests.factories import PAYLOADS, World
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Cases, Db, Web


@pytest.fixture
def begun(runtime: Runtime) -> Iterator[list[str]]:
    """The statements that begin a transaction, in order, as the engine runs them."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT")):
            seen.append(statement.strip().upper().split(" SA_")[0])

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


def test_a_step_opens_one_transaction_in_which_it_reads_its_session_and_writes(
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
    # The session's read wrote nothing: the step runs in the transaction, with no savepoint.
    assert during == (["BEGIN IMMEDIATE"] if runtime.settings.is_sqlite else ["BEGIN"])


def test_a_refused_step_after_the_session_read_writes_nothing_and_the_next_one_goes_through(
    web: Web, cases: Cases, db: Db
) -> None:
    """The step's unit of work runs in the request's transaction (no savepoint): its refusal
    rolls that back whole, the session's read with it, and the form comes back with its
    errors."""
    case_id: UUID = cases.report()
    web.login_as("officer").case_page(case_id)
    version, events = web.version(case_id), len(db.events(case_id))
    refused = web.post(f"/cases/{case_id}/steps/escalate", {"version": version}, htmx=True)
    assert refused.status_code == 422
    assert (db.case(case_id).state, len(db.events(case_id))) == ("reported", events)
    form = {"version": web.version(case_id), **PAYLOADS["escalate"]}
    assert web.post(f"/cases/{case_id}/steps/escalate", form, htmx=True).status_code == 200
    assert db.case(case_id).state == "escalated"


def test_a_signed_in_login_with_the_wrong_password_is_refused_without_waiting_on_itself(
    web: Web, begun: list[str], runtime: Runtime
) -> None:
    """The login's delay reads, and its failure is kept, in units of work of their own: with a
    session cookie, the request reads it apart rather than hold the write lock they need."""
    web.login_as("officer")
    begun.clear()
    started = time.monotonic()
    response = web.post("/login", {"username": "officer", "password": "not-the-password"})
    assert response.status_code == 401
    assert time.monotonic() - started < 10  # a request waiting on itself waits 15 s, then fails
    if runtime.settings.is_sqlite:
        assert begun[0] == "BEGIN"  # the session, read apart without the write lock


def test_a_step_with_a_session_cookie_and_a_bearer_token_does_not_wait_on_itself(
    web: Web, world: World, cases: Cases, db: Db, runtime: Runtime
) -> None:
    """A token's use is kept in a unit of work of its own: a step that carries one reads its
    web session apart on SQLite, so the token's write does not wait on the step's lock."""
    case_id: UUID = cases.report()
    web.login_as("officer")
    token = issue(runtime, world, "officer")
    started = time.monotonic()
    response = web.client.post(
        f"/api/cases/{case_id}/transitions/escalate",
        json={"version": db.case(case_id).version, "fields": PAYLOADS["escalate"]},
        headers={**bearer(token), "x-csrftoken": web.csrf},
    )
    assert response.status_code == 200, response.text[:300]
    assert time.monotonic() - started < 10
    assert db.case(case_id).state == "escalated"
