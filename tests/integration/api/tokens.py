"""Making API tokens in tests, as the token page would, and the header that carries one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from mediasi.accounts.roles import Role
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.tokens.models import ApiToken
from mediasi.tokens.schemas import TokenForm
from mediasi.tokens.scopes import features_for
from mediasi.tokens.services import TokenService
from tests.factories import World


def issue(
    runtime: Runtime, world: World, username: str, scopes: tuple[str, ...] | None = None
) -> str:
    """A live token of ``username`` with ``scopes`` (by default every feature its owner can
    hold, to write); its text."""
    actor = world.actor(username)
    if scopes is None:
        scopes = tuple(f"{f}:write" for f in features_for(actor.role == Role.ADMIN))
    with runtime.sessions.begin() as session:
        form = TokenForm(name=f"uji {username}", scopes=list(scopes), days=30)
        return TokenService(session, actor).create_own(form).text


def held_since_admin(runtime: Runtime, world: World, username: str, scopes: tuple[str, ...]) -> str:
    """A token of ``username`` holding ``scopes`` that only an admin is given: made while its
    owner was an admin, whose role then changed (the token acts with the role it has now)."""
    return rescoped(runtime, issue(runtime, world, username, ("cases:read",)), scopes)


def rescoped(runtime: Runtime, text: str, scopes: tuple[str, ...]) -> str:
    """The token ``text``, holding ``scopes`` from now on, whatever its form allowed."""
    with runtime.sessions.begin() as session:
        mine = ApiToken.prefix == prefix_of(text)
        session.execute(update(ApiToken).where(mine).values(scopes=" ".join(scopes)))
    return text


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
