"""``Authorization: Bearer <token>`` on the JSON API: whose token, and that it still holds.

A token is alive while it is neither expired nor revoked and its owner is active; it acts
with the owner's role and area as they are now (read with the token, one indexed query).
Its last use (time and address) is written at most once a minute, in a short transaction of
its own, so a busy integration does not turn every read into a write.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.middleware.authentication import AuthenticationResult
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from mediasi.accounts.models import User
from mediasi.accounts.roles import Role
from mediasi.accounts.sessions import SessionUser
from mediasi.db.base import utcnow
from mediasi.db.engine import read_only_transactions
from mediasi.errors import Unauthorized
from mediasi.i18n import _
from mediasi.tokens.minting import digest_of, looks_like_token
from mediasi.tokens.models import ApiToken
from mediasi.tokens.scopes import TokenGrant, parse

TOUCH_EVERY = timedelta(minutes=1)
_HEADER = re.compile(r"^bearer +(\S+) *$", re.IGNORECASE)

MALFORMED = _("Tajuk Authorization harus berbentuk 'Bearer <token>' dengan token mediasi.")
DEAD = _("Token tidak dikenal, sudah kedaluwarsa, atau sudah dicabut.")


class BadToken(Unauthorized, title="Invalid token"):
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}  # noqa: RUF012


def _address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return (connection.client.host if connection.client else "unknown")[:64]


def find(session: Session, text: str, now: datetime) -> tuple[ApiToken, User] | None:
    """The live token with this text and its active owner, or None."""
    query = (
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.digest == digest_of(text),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
            User.is_active.is_(True),
        )
    )
    row = session.execute(query).tuples().first()
    return (row[0], row[1]) if row else None


def touch_due(token: ApiToken, now: datetime) -> bool:
    """Whether a use is to be recorded: none was within the last minute."""
    return token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY


def touch(session: Session, token: ApiToken, address: str, now: datetime) -> None:
    """Record a use (a node that recorded one meanwhile wins; nothing more is written)."""
    session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token.id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - TOUCH_EVERY),
        )
        .values(last_used_at=now, last_used_from=address)
    )


class Bearer:
    """Kept in the app's state; the authentication middleware calls it for a bearer header."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], header: str
    ) -> AuthenticationResult:
        match = _HEADER.match(header)
        if not match or not looks_like_token(match.group(1)):
            raise BadToken(MALFORMED)
        text, address = match.group(1), _address(connection)

        def look_up() -> AuthenticationResult | None:
            now = utcnow()
            with self.sessions() as session:
                found = find(session, text, now)
            if found is None:
                return None
            token, owner = found
            if touch_due(token, now):
                # Its own write transaction: the lookup's may be a safe request's read-only one.
                with read_only_transactions(False), self.sessions.begin() as session:
                    touch(session, token, address, now)
            user = SessionUser(owner.id, owner.username, owner.full_name, Role(owner.role))
            grant = TokenGrant(token.id, token.prefix, parse(token.scopes))
            return AuthenticationResult(user=user, auth=grant)

        result = await anyio.to_thread.run_sync(look_up)
        if result is None:
            raise BadToken(DEAD)
        return result
