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
"""

from __future__ import annotations

import anyio.to_thread
from advanced_alchemy.extensions.litestar import sync_autocommit_handler_maker
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from mediasi.db.engine import read_only_transactions

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


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
        async def send_after_commit(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self._end(message, scope)
            await send(message)

        await next_app(scope, receive, send_after_commit)

    async def _end(self, message: Message, scope: Scope) -> None:
        if self._commit_on_loop:
            self._commit_or_rollback(message, scope)
        else:
            # A commit that waits on the network and the disk (PostgreSQL's WAL flush) runs in
            # a worker thread: on the event loop it would hold up every other request meanwhile.
            await anyio.to_thread.run_sync(self._commit_or_rollback, message, scope)


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
