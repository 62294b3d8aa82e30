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
    scopes = (ScopeType.HTTP,)

    def __init__(self, session_scope_key: str) -> None:
        # advanced-alchemy gives each config its own scope key (a second app in one process
        # gets '_sqlalchemy_db_session_1'), so the key comes from the app's config.
        self._commit_or_rollback = sync_autocommit_handler_maker(
            commit_on_redirect=True, session_scope_key=session_scope_key
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        async def send_after_commit(message: Message) -> None:
            if message["type"] == "http.response.start":
                # In a worker thread: a commit waits on the disk (PostgreSQL's WAL flush), and
                # on the event loop it would hold up every other request meanwhile.
                await anyio.to_thread.run_sync(self._commit_or_rollback, message, scope)
            await send(message)

        await next_app(scope, receive, send_after_commit)


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
