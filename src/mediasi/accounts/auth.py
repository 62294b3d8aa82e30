"""Session authentication: server-side sessions in the database or Redis, a new id at every
login, the user read from the session (see :mod:`mediasi.accounts.sessions`)."""

from __future__ import annotations

import copy
import time
from typing import Any
from uuid import UUID

import anyio.to_thread
from advanced_alchemy.extensions.litestar import SQLAlchemySyncConfig
from litestar.connection import ASGIConnection
from litestar.middleware.authentication import AuthenticationResult
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.security.session_auth import SessionAuth, SessionAuthMiddleware
from litestar.types import Empty, Message, ScopeSession

from mediasi.accounts.actor import Actor
from mediasi.accounts.sessions import (
    SEEN,
    SessionUser,
    issued_here,
    new_session_id,
    session_user,
    stored_session,
)
from mediasi.config import Settings
from mediasi.db.engine import read_only_transactions
from mediasi.db.unit_of_work import has_only_read
from mediasi.web.csrf import bearer_call
from mediasi.web.transactions import SAFE_METHODS, in_one_transaction

ROTATE = "mediasi_rotate_session"
LOADED = "mediasi_session_loaded"
COOKIE = "mediasi_session"
# The app's database config, in its state, when web sessions are kept in the database.
REQUEST_DATABASE = "mediasi_request_database"
# What checks an ``Authorization`` header on the JSON API, in the app's state (the tokens
# feature provides it; this module does not import it).
BEARER = "mediasi_bearer"
SESSION_MAX_AGE = 12 * 3600
# A session unchanged by a request is written again (its expiry slid on) at most this often:
# writing it on every request made every page view a write transaction.
SESSION_REFRESH_SECONDS = 300
PUBLIC_PATHS = [
    "/login",
    "/static",
    "/favicon.ico",
    "/healthz",
    "/lang",
    "/verify",
    "/schema",
    "/webhooks",
]


class RotatingSessionBackend(ServerSideSessionBackend):
    """Issues a fresh session id when a handler asks (at login), so a planted id is useless;
    the id carries its owner's digest, so that all of a user's sessions can be ended."""

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        state = connection.scope.setdefault("state", {})
        if state.get(ROTATE):
            if "rotated_session_id" not in state:
                settings: Settings = connection.app.state.settings
                session = connection.scope.get("session")
                owner = UUID(str(session.get("user_id") if isinstance(session, dict) else None))
                state["rotated_session_id"] = new_session_id(settings.secret_key, owner)
            return str(state["rotated_session_id"])
        session_id = super().get_session_id(connection)
        # A cookie no server issued (any text a client sends) never names the session kept for
        # it: it would be echoed in Set-Cookie, which only takes Latin-1.
        return session_id if issued_here(session_id) else self.generate_session_id()

    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        data = await self._load(connection)
        if data:
            connection.scope.setdefault("state", {})[LOADED] = copy.deepcopy(data)
        return data

    async def _load(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        """A request reads its session from the database store in its own transaction (the
        one its handler goes on in), so that it opens one transaction.

        Except a change on SQLite that is not a step (:func:`in_one_transaction`): it reads
        apart, on a plain connection without the write lock. There its own transaction begins
        IMMEDIATE, and opening it this early would make any unit of work the request opens
        beside it (the login delay, a tracking attempt, a token's use) wait on it."""
        db_config: SQLAlchemySyncConfig | None = connection.app.state.get(REQUEST_DATABASE)
        session_id = connection.cookies.get(self.config.key)
        if session_id is not None and not issued_here(session_id):
            return {}
        if db_config is None or not session_id:
            return await super().load_from_connection(connection)

        def in_request() -> bytes | None:
            db = db_config.provide_session(connection.app.state, connection.scope)
            begins = not db.in_transaction()
            data = stored_session(db, session_id)
            if begins:
                has_only_read(db)
            return data

        def apart() -> bytes | None:
            with read_only_transactions(), db_config.get_engine().connect() as conn:
                return stored_session(conn, session_id)

        safe = connection.scope.get("method") in SAFE_METHODS
        locks_early = db_config.get_engine().dialect.name == "sqlite"
        read_apart = not safe and locks_early and not in_one_transaction(connection.scope)
        data = await anyio.to_thread.run_sync(apart if read_apart else in_request)
        return self.deserialize_data(data) if data is not None else {}

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        state = connection.scope.get("state", {})
        old = connection.cookies.get(self.config.key)
        if (scope_session is Empty or not scope_session) and not old:
            # An anonymous request with no session: nothing to store and nothing to delete, so
            # health probes, static files and the login page never touch the session store.
            return
        if isinstance(scope_session, dict) and scope_session and not state.get(ROTATE):
            now = int(time.time())
            if scope_session == state.get(LOADED) and now - _seen(scope_session) < (
                SESSION_REFRESH_SECONDS
            ):
                return  # unchanged and recently written: the stored row and the cookie stand
            scope_session[SEEN] = now
        if state.get(ROTATE) and old:
            await self.delete(old, store=self.config.get_store_from_app(connection.scope["app"]))
        await super().store_in_message(scope_session, message, connection)


def _seen(session: dict[str, Any]) -> int:
    value = session.get(SEEN)
    return value if isinstance(value, int) else 0


class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend


def rotate_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    connection.scope.setdefault("state", {})[ROTATE] = True


async def retrieve_user(
    session: dict[str, Any], connection: ASGIConnection[Any, Any, Any, Any]
) -> SessionUser | None:
    """The session's user, from the session alone: no row is read per request."""
    settings: Settings = connection.app.state.settings
    return session_user(session, connection.cookies.get(COOKIE), settings.secret_key)


class SessionOrBearerMiddleware(SessionAuthMiddleware):
    """The web session, or on the JSON API an ``Authorization`` header instead: a request
    that sends one there is judged by it alone (its cookie is not looked at). A page never
    accepts a token: there the header is ignored and the session decides."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization")
        if header is not None and bearer_call(connection.scope):
            bearer = connection.app.state.get(BEARER)
            if bearer is not None:
                result: AuthenticationResult = await bearer(connection, header)
                return result
        return await super().authenticate_request(connection)


def session_auth(https: bool) -> SessionAuth[SessionUser, ServerSideSessionBackend]:
    return SessionAuth[SessionUser, ServerSideSessionBackend](
        retrieve_user_handler=retrieve_user,
        authentication_middleware_class=SessionOrBearerMiddleware,
        session_backend_config=RotatingSessionConfig(
            store="sessions",
            secure=https,
            httponly=True,
            samesite="lax",
            max_age=SESSION_MAX_AGE,
            key=COOKIE,
            exclude=["^/healthz", "^/static", "^/favicon.ico"],
        ),
        exclude=[f"^{path}" for path in PUBLIC_PATHS],
    )


def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    user: SessionUser = connection.user
    return user.actor
