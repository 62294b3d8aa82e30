"""Making API tokens in tests, as the token page would, and the header that carries one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.tokens.models import ApiToken
from mediasi.tokens.schemas import TokenForm
from mediasi.tokens.scopes import ALL_SCOPES
from mediasi.tokens.services import TokenService
from tests.factories import World

EVERYTHING = tuple(s for s in ALL_SCOPES if s.endswith(":write"))


def issue(
    runtime: Runtime, world: World, username: str, scopes: tuple[str, ...] = EVERYTHING
) -> str:
    """A live token of ``username`` with ``scopes``; its text."""
    with runtime.sessions.begin() as session:
        form = TokenForm(name=f"uji {username}", scopes=list(scopes), days=30)
        return TokenService(session, world.actor(username)).create_own(form).text


def bearer(text: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {text}"}


def age(runtime: Runtime, prefix: str, *, expired: bool = False, revoked: bool = False) -> None:
    """Make the token with ``prefix`` expired or revoked, as time or its owner would."""
    values = {}
    if expired:
        values["expires_at"] = utcnow() - timedelta(seconds=1)
    if revoked:
        values["revoked_at"] = utcnow()
    with runtime.sessions.begin() as session:
        session.execute(update(ApiToken).where(ApiToken.prefix == prefix).values(**values))


def prefix_of(text: str) -> str:
    return text[:12]
