"""Session authentication: server-side sessions in the database, a new id at every login,
and sessions that end when the password changes."""

from __future__ import annotations

import copy
import time
from typing import Any
from uuid import UUID

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.security.session_auth import SessionAuth
from litestar.types import Empty, Message, ScopeSession
from sqlalchemy.orm import Session, sessionmaker

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import User
from mediasi.accounts.services import AccountService
from mediasi.config import Settings
from mediasi.db.engine import read_only_transactions

ROTATE = "mediasi_rotate_session"
LOADED = "mediasi_session_loaded"
SESSION_MAX_AGE = 12 * 3600
# A session unchanged by a request is written again (its expiry slid on) at most this often:
# writing it on every request made every page view a write transaction.
SESSION_REFRESH_SECONDS = 300
SEEN = "seen"
PUBLIC_PATHS = [
    "/login",
    "/static",
    "/healthz",
    "/lang",
    "/verify",
    "/schema",
    "/webhooks",
]


class RotatingSessionBackend(ServerSideSessionBackend):
    """Issues a fresh session id when a handler asks (at login), so a planted id is useless."""

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        state = connection.scope.setdefault("state", {})
        if state.get(ROTATE):
            if "rotated_session_id" not in state:
                state["rotated_session_id"] = self.generate_session_id()
            return str(state["rotated_session_id"])
        return super().get_session_id(connection)

    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        with read_only_transactions():  # a read: on SQLite it must not queue behind writers
            data = await super().load_from_connection(connection)
        if data:
            connection.scope.setdefault("state", {})[LOADED] = copy.deepcopy(data)
        return data

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


def session_payload(user: User) -> dict[str, Any]:
    epoch = user.password_changed_at.isoformat() if user.password_changed_at else ""
    return {"user_id": str(user.id), "epoch": epoch, SEEN: int(time.time())}


def rotate_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    connection.scope.setdefault("state", {})[ROTATE] = True


async def retrieve_user(
    session: dict[str, Any], connection: ASGIConnection[Any, Any, Any, Any]
) -> User | None:
    """The session's user, if still active and the password has not changed since login."""
    sessions: sessionmaker[Session] = connection.app.state.sessions
    settings: Settings = connection.app.state.settings
    try:
        user_id = UUID(str(session.get("user_id")))
    except ValueError:
        return None

    def load() -> User | None:
        with read_only_transactions(), sessions() as db:
            user = AccountService(db, settings).get_active(user_id)
            if user is None or session_payload(user)["epoch"] != session.get("epoch"):
                return None
            return user

    return await anyio.to_thread.run_sync(load)


def session_auth(https: bool) -> SessionAuth[User, ServerSideSessionBackend]:
    return SessionAuth[User, ServerSideSessionBackend](
        retrieve_user_handler=retrieve_user,
        session_backend_config=RotatingSessionConfig(
            store="sessions",
            secure=https,
            httponly=True,
            samesite="lax",
            max_age=SESSION_MAX_AGE,
            key="mediasi_session",
            exclude=["^/healthz", "^/static"],
        ),
        exclude=[f"^{path}" for path in PUBLIC_PATHS],
    )


def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    user: User = connection.user
    return Actor.of(user)
