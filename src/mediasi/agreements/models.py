"""An agreement of a case, its versions, the obligations and signatures of each version, and
the scans of paper signatures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediasi.agreements.status import DRAFT, OPEN
from mediasi.db.base import UUIDAuditBase


class Agreement(UUIDAuditBase):
    """The peace agreement of one case; its text lives in numbered versions."""

    __tablename__ = "agreements"

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    current_number: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[AgreementVersion]] = relationship(
        back_populates="agreement", lazy="raise", order_by="AgreementVersion.number"
    )


class AgreementVersion(UUIDAuditBase):
    """One version of the text. ``content`` holds everything but the obligations (parties with
    their identities, chronology, restitution, witnesses, officer); once frozen, the canonical
    text, its SHA-256 and the verification code are stored beside it."""

    __tablename__ = "agreement_versions"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    agreement_id: Mapped[UUID] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    content: Mapped[dict[str, Any]] = mapped_column(JsonB)
    drafted_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    frozen_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    frozen_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    canonical_text: Mapped[str | None] = mapped_column(Text)
    digest: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    voided_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))

    agreement: Mapped[Agreement] = relationship(back_populates="versions", lazy="raise")
    obligations: Mapped[list[Obligation]] = relationship(
        back_populates="version", lazy="raise", order_by="Obligation.position"
    )


class Obligation(UUIDAuditBase):
    """A term of the agreement: who does what by when; after the agreement, kept or broken."""

    __tablename__ = "agreement_obligations"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    version_id: Mapped[UUID] = mapped_column(
        ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    obligor: Mapped[str] = mapped_column(String(60))
    obligor_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    amount: Mapped[int | None] = mapped_column(BigInteger)
    instalments: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    marked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    marked_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    version: Mapped[AgreementVersion] = relationship(back_populates="obligations", lazy="raise")


class Signature(UUIDAuditBase):
    """A signatory's decision on one frozen version, bound to the digest they saw."""

    __tablename__ = "agreement_signatures"
    __table_args__ = (UniqueConstraint("version_id", "signatory"),)

    version_id: Mapped[UUID] = mapped_column(
        ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True
    )
    signatory: Mapped[str] = mapped_column(String(60))
    signer_kind: Mapped[str] = mapped_column(String(10))
    signer_role: Mapped[str] = mapped_column(String(20))
    signer_name: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(12))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    typed_name: Mapped[str | None] = mapped_column(String(200))
    digest: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    ip: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300))
    recorded_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    evidence_id: Mapped[UUID | None] = mapped_column(ForeignKey("agreement_evidence.id"))
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))
    voided_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class Evidence(UUIDAuditBase):
    """The photo or scan of a paper signature, kept in the database with its SHA-256."""

    __tablename__ = "agreement_evidence"

    version_id: Mapped[UUID] = mapped_column(
        ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
