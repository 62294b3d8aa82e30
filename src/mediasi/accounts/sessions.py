"""Who is logged in, kept in the web session itself, and how every session of a user ends.

A request reads who its user is from the session it already loaded: no user row is read per
request. What used to be checked on that row (still active, password unchanged) is enforced
the other way round: a password reset or a deactivation deletes every session of the user, in
whichever store holds them. That works because a session's id begins with a keyed digest of
its owner (``owner_prefix``), so the store can find a user's sessions without reading them.
A session whose id does not carry its owner's digest is not accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, bindparam, delete, or_, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import User, WebSession
from mediasi.accounts.roles import Role
from mediasi.config import Settings
from mediasi.db.base import utcnow

DATABASE_NAMESPACE = "sessions"
REDIS_NAMESPACE = "mediasi_sessions"
SEEN = "seen"
_ID_BYTES = 32


@dataclass(frozen=True)
class SessionUser:
    """The logged-in user as pages and guards need them: what the session holds."""

    id: UUID
    username: str
    full_name: str
    role: Role

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.username, self.role)


def session_payload(user: User) -> dict[str, Any]:
    return {
        "user_id": str(user.id),
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        SEEN: int(time.time()),
    }


def session_user(
    session: dict[str, Any], session_id: str | None, secret: str
) -> SessionUser | None:
    """The session's user, or None for a session that is not one of ours in every part."""
    try:
        user_id = UUID(str(session.get("user_id")))
        role = Role(str(session.get("role")))
    except ValueError:
        return None
    username, full_name = session.get("username"), session.get("full_name")
    if not (isinstance(username, str) and isinstance(full_name, str)):
        return None
    if not (
        session_id and hmac.compare_digest(session_id.split(".")[0], owner_prefix(secret, user_id))
    ):
        return None
    return SessionUser(user_id, username, full_name, role)


def stored_session(db: Session | Connection, session_id: str) -> bytes | None:
    """A session's data from the database store, if it is there and has not expired."""
    return db.scalar(_STORED, {"key": session_id, "now": utcnow()})


# Built once, as every request with a session reads it (building it cost more than running it).
_STORED = select(WebSession.value).where(
    WebSession.key == bindparam("key"),
    WebSession.namespace == DATABASE_NAMESPACE,
    or_(
        WebSession.expires_at.is_(None),
        WebSession.expires_at > bindparam("now", type_=WebSession.__table__.c.expires_at.type),
    ),
)


def owner_prefix(secret: str, user_id: UUID) -> str:
    """Keyed, so a session id tells no one whose it is, and no one can make one for a user."""
    message = f"session-owner:{user_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:24]


def new_session_id(secret: str, user_id: UUID) -> str:
    return f"{owner_prefix(secret, user_id)}.{secrets.token_hex(_ID_BYTES)}"


# The ids issued here: hex (Litestar's anonymous ids), or the owner's digest, a dot and hex.
_ISSUED = re.compile(r"[0-9a-f]{1,64}(?:\.[0-9a-f]{1,128})?")


def issued_here(session_id: str) -> bool:
    """Whether a cookie's text has the shape of an id this app issues (any other text a client
    sends never names a session: echoed in Set-Cookie, which takes only Latin-1, it failed)."""
    return _ISSUED.fullmatch(session_id) is not None


class SessionEnder:
    """Ends every session of a user: rows in the caller's transaction, or keys in Redis."""

    def __init__(self, settings: Settings) -> None:
        self.secret = settings.secret_key
        self.redis_url = settings.redis_url

    def __call__(self, db: Session, user_id: UUID) -> None:
        prefix = owner_prefix(self.secret, user_id) + "."
        if self.redis_url is None:
            db.execute(
                delete(WebSession).where(
                    WebSession.namespace == DATABASE_NAMESPACE,
                    WebSession.key.startswith(prefix, autoescape=True),
                )
            )
            return
        import redis  # here, not at the top: 22 MB a node without Redis never needs

        # Deleted before the caller commits: if its commit then fails, the user only has to
        # log in again, and no session outlives a password that was changed.
        with redis.Redis.from_url(self.redis_url) as client:
            keys = list(client.scan_iter(match=f"{REDIS_NAMESPACE}:{prefix}*", count=500))
            if keys:
                client.delete(*keys)
