"""One database transaction per request, committed before the response starts.

The transaction is opened once: for a safe method the session middleware reads the web
session in it (see ``accounts.auth``) and the handler goes on in it. Its mode is set before
either, by :class:`TransactionMode` at the front of the app: safe methods read in DEFERRED
mode.

advanced-alchemy's autocommit hook runs as an app-level ``before_send``, i.e. *after* the
session middleware has written the server-side session to the store. On SQLite that store
write would wait on the request's own write lock. :class:`TransactionMiddleware` sits inside
the session middleware (it is attached to the routers), so the request's transaction is
committed, or rolled back on an error status, first.

A middleware outside this one may ask for the whole answer to be written in the request's own
transaction (:data:`BEFORE_COMMIT`): the idempotency keys keep a call's answer with its work,
so that no crash can leave the work done and its answer lost.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio.to_thread
from advanced_alchemy.extensions.litestar import (
    SQLAlchemySyncConfig,
    sync_autocommit_handler_maker,
)
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send
from sqlalchemy.orm import Session

from mediasi.db.engine import read_only_transactions

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# A route's ``opt`` key, set where the handler writes through the request's own session alone:
# on SQLite it reads the web session in its transaction too (see :func:`in_one_transaction`).
IN_ONE_TRANSACTION = "mediasi_in_one_transaction"
# A JSON API call's key, whose claim is a unit of work of its own (``api.idempotency``).
IDEMPOTENCY_HEADER = b"idempotency-key"
# The statuses whose transaction is committed (advanced-alchemy's rule with redirects committed).
COMMITTED = range(200, 400)
# The app state's key of the database config whose sessions the requests use.
DATABASE_CONFIG = "mediasi_database_config"
# The scope state's key of a :data:`BeforeCommit`.
BEFORE_COMMIT = "mediasi.before_commit"
BeforeCommit = Callable[[Session, HTTPResponseStartEvent, bytes], None]


def in_one_transaction(scope: Scope) -> bool:
    """On SQLite a change's own transaction holds the write lock from its start, and a unit of
    work the request opens beside it would wait on the request itself: a login's delay, a
    tracking attempt, a bearer token's use, an idempotency key's claim, a workflow migration's
    batches. So a change reads its web session apart (``accounts.auth``) unless its route is
    marked :data:`IN_ONE_TRANSACTION` (the steps, whose handlers write through the request's
    session alone) and no bearer token or idempotency key comes with it."""
    handler = scope.get("route_handler")
    if handler is None or not handler.opt.get(IN_ONE_TRANSACTION):
        return False
    apart = (b"authorization", IDEMPOTENCY_HEADER)
    return not any(key in apart for key, _ in scope.get("headers", ()))


class TransactionMiddleware(ASGIMiddleware):
    """``commit_on_loop``: SQLite's commit (WAL, ``synchronous=NORMAL``: no disk flush, and it
    never waits on a lock, since the transaction already holds the write lock) costs less
    than the hop to a worker thread, which was a tenth of an API step's CPU."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, session_scope_key: str, *, commit_on_loop: bool = False) -> None:
        # advanced-alchemy gives each config its own scope key (a second app in one process
        # gets '_sqlalchemy_db_session_1'), so the key comes from the app's config.
        self._commit_or_rollback = sync_autocommit_handler_maker(
            commit_on_redirect=True, session_scope_key=session_scope_key
        )
        self._commit_on_loop = commit_on_loop

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        before: BeforeCommit | None = scope.get("state", {}).get(BEFORE_COMMIT)
        if before is not None:
            await next_app(scope, receive, self._whole_answer_first(scope, send, before))
            return

        async def send_after_commit(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self._end(message, scope)
            await send(message)

        await next_app(scope, receive, send_after_commit)

    def _whole_answer_first(self, scope: Scope, send: Send, before: BeforeCommit) -> Send:
        """Holds the answer until its body is whole, hands it to ``before`` in the request's
        transaction when that transaction is to be committed, then commits and sends it."""
        starts: list[HTTPResponseStartEvent] = []
        chunks: list[bytes] = []

        async def send_whole(message: Message) -> None:
            if message["type"] == "http.response.start":
                starts.append(message)
                return
            if not starts or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            start, body = starts.pop(), b"".join(chunks)
            if start["status"] in COMMITTED:
                # The request's session, or a new one for a handler that read nothing: the
                # commit below ends either. (The config is read from the app's state: Litestar
                # deep-copies a middleware, and a config holds its engine.)
                app_state = scope["app"].state
                config: SQLAlchemySyncConfig = app_state[DATABASE_CONFIG]
                await self._end(
                    start,
                    scope,
                    lambda: before(config.provide_session(app_state, scope), start, body),
                )
            else:
                await self._end(start, scope)
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        return send_whole

    async def _end(
        self, message: Message, scope: Scope, before: Callable[[], None] | None = None
    ) -> None:
        def finish() -> None:
            if before is not None:
                try:
                    before()
                except BaseException:
                    failed: HTTPResponseStartEvent = {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [],
                    }
                    self._commit_or_rollback(failed, scope)
                    raise
            self._commit_or_rollback(message, scope)

        if self._commit_on_loop:
            finish()
        else:
            # A commit that waits on the network and the disk (PostgreSQL's WAL flush) runs in
            # a worker thread: on the event loop it would hold up every other request meanwhile.
            await anyio.to_thread.run_sync(finish)


class TransactionMode(ASGIMiddleware):
    """Requests by a safe method never take SQLite's write lock, from their first statement
    (the web session's read) on."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method") in SAFE_METHODS:
            with read_only_transactions():
                await next_app(scope, receive, send)
        else:
            await next_app(scope, receive, send)
