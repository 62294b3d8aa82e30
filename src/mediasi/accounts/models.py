"""Areas (Polda > Polres > Polsek > desa), users and the tokoh registry."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.extensions.litestar.store import StoreModelMixin
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    ColumnElement,
    ForeignKey,
    SQLColumnExpression,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediasi.db.base import UUIDAuditBase, UUIDBase


def path_begins(
    path: SQLColumnExpression[str], prefix: SQLColumnExpression[str]
) -> ColumnElement[bool]:
    """Whether an area ``path`` starts with ``prefix`` (the area is that node or under it),
    compared exactly: no LIKE, so an ``_`` or ``%`` in an area code is no wildcard, and letter
    case counts on every backend."""
    return func.substr(path, 1, func.length(prefix)) == prefix


class Area(UUIDAuditBase):
    """A node of the area tree; ``path`` chains the codes from the root, for subtree queries."""

    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(10), index=True)
    parent_id: Mapped[UUID | None] = mapped_column(ForeignKey("areas.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), unique=True)
    # WIB/WITA/WIT where this area differs from its parent (None: the parent's, then the
    # deployment's); quiet hours for messages follow the recipient's area time.
    timezone: Mapped[str | None] = mapped_column(String(40))

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", lazy="raise")


class User(UUIDAuditBase):
    """A person who logs in; ``area_id`` is the node a supervisor oversees, an officer's Polsek."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[UUID | None] = mapped_column(ForeignKey("areas.id"), index=True)
    rank: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2), default="id")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))

    area: Mapped[Area | None] = relationship(lazy="raise")


class OfficerDesa(UUIDBase):
    """A desa an officer holds (a Bhabinkamtibmas often holds two or three)."""

    __tablename__ = "officer_desa"
    __table_args__ = (UniqueConstraint("user_id", "desa_id"),)

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    desa_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"), index=True)


class Tokoh(UUIDAuditBase):
    """A community leader in the registry of a desa; may have a login to sign agreements."""

    __tablename__ = "tokoh"

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(120))
    desa_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    desa: Mapped[Area] = relationship(lazy="raise")


class WebSession(StoreModelMixin):
    """Server-side web sessions, in the database so that any app node can serve any request."""

    __tablename__ = "web_sessions"


class LoginAttempt(UUIDBase):
    """Every login attempt, for throttling per account and per address and for the audit."""

    __tablename__ = "login_attempts"

    username: Mapped[str] = mapped_column(String(60), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
