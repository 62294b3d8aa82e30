"""A mediation case with its parties and the tokoh involved in it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediasi.accounts.models import Area, Tokoh, User
from mediasi.cases.chain import GENESIS
from mediasi.db.base import UUIDAuditBase

_LIST_ORDER = ("is_final", text("(due_at IS NULL)"), "due_at", text("reference DESC"))


class Case(UUIDAuditBase):
    """One dispute or complaint. ``version`` guards every write (optimistic locking)."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("polsek_id", "year", "number"),
        # The list's order (open first, by due time with none last, newest reference first):
        # a page reads its rows in order instead of sorting every case in reach (0008).
        Index("ix_cases_list_order", *_LIST_ORDER),
        # The same order behind the two commonest filters, one desa and one state (0012);
        # the counts read the narrower single-column indexes (measured: a third quicker).
        Index("ix_cases_desa_list_order", "desa_id", *_LIST_ORDER),
        Index("ix_cases_state_list_order", "state", *_LIST_ORDER),
        # What the list's counts of a state and of the overdue test, within the desa in reach,
        # read from the index alone (0023): at a million cases they read the table.
        Index("ix_cases_desa_state", "desa_id", "state"),
        Index("ix_cases_desa_overdue", "desa_id", "is_final", "due_at", "paused_at"),
    )

    reference: Mapped[str] = mapped_column(String(60), unique=True)
    polsek_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    workflow: Mapped[str] = mapped_column(String(40))
    workflow_version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(40), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    desa_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"), index=True)
    reporter_name: Mapped[str] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(20))
    assigned_officer_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    risk_level: Mapped[str | None] = mapped_column(String(10))
    state_entered_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), index=True)
    # Set when the deadline scanner handled the expiry of the current state (once per entry).
    deadline_expired_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    is_final: Mapped[bool] = mapped_column(default=False, index=True)
    # A deadline paused with a reason (the state declares ``pausable``): since when, why, and
    # when the pause runs out and the scanner treats the deadline as passed (0018).
    paused_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    pause_reason: Mapped[str | None] = mapped_column(String(300))
    pause_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # The newest event's hash: the next event links to it without reading the events, and
    # ``audit verify`` checks it against the chain, so a chain cut short at its end shows.
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS, server_default=GENESIS)

    # The service sets the next version itself (it is also the event's sequence number); the
    # ORM still checks the old one in the UPDATE's WHERE and raises StaleDataError if it moved.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012

    desa: Mapped[Area] = relationship(foreign_keys=[desa_id], lazy="raise")
    polsek: Mapped[Area] = relationship(foreign_keys=[polsek_id], lazy="raise")
    assigned_officer: Mapped[User | None] = relationship(lazy="raise")
    parties: Mapped[list[Party]] = relationship(
        back_populates="case", lazy="raise", order_by="Party.created_at"
    )
    tokoh_links: Mapped[list[CaseTokoh]] = relationship(
        back_populates="case", lazy="raise", order_by="CaseTokoh.created_at"
    )


class ReferenceCounter(UUIDAuditBase):
    """The last reference number per Polsek and year; its row lock serialises numbering."""

    __tablename__ = "reference_counters"
    __table_args__ = (UniqueConstraint("polsek_id", "year"),)

    polsek_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Party(UUIDAuditBase):
    """A person in a case: complainant, respondent, victim or witness."""

    __tablename__ = "parties"

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    # Indexed: once per offender looks an offender's earlier settlements up by NIK (0013).
    nik: Mapped[str | None] = mapped_column(String(16), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))

    case: Mapped[Case] = relationship(back_populates="parties", lazy="raise")


class CaseTokoh(UUIDAuditBase):
    """A tokoh taking part in a case, as mediator or witness."""

    __tablename__ = "case_tokoh"
    __table_args__ = (UniqueConstraint("case_id", "tokoh_id"),)

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    tokoh_id: Mapped[UUID] = mapped_column(ForeignKey("tokoh.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    case: Mapped[Case] = relationship(back_populates="tokoh_links", lazy="raise")
    tokoh: Mapped[Tokoh] = relationship(lazy="raise")
