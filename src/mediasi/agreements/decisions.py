"""What a signature records besides the signatory: what they decided and how, and where the
request came from, as the server saw it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from mediasi.accounts.actor import Actor
from mediasi.agreements.models import Evidence
from mediasi.agreements.status import SIGNED

MAX_USER_AGENT = 300


@dataclass(frozen=True)
class ClientInfo:
    """Where a signature came from: the client's address and browser, as the server saw them."""

    ip: str
    user_agent: str

    @classmethod
    def of(cls, ip: str | None, user_agent: str | None) -> ClientInfo:
        return cls((ip or "unknown")[:64], (user_agent or "unknown")[:MAX_USER_AGENT])


@dataclass(frozen=True)
class OfficerSlot:
    """A signatory's place on a case's agreement, filled on the officer's device: the case, the
    signatory's key, and the officer."""

    case_id: UUID
    signatory: str
    officer: Actor


@dataclass(frozen=True)
class Posted:
    """What every signing form posts besides its own fields: the number of the agreement
    version the person read, the case version the page showed, and where it came from."""

    number: int
    expected_version: int
    client: ClientInfo


@dataclass(frozen=True)
class Decision:
    """What a signatory decided, how, and what else the record keeps."""

    method: str
    decision: str = SIGNED
    typed_name: str | None = None
    reason: str | None = None
    evidence: Evidence | None = None

    def columns(self) -> dict[str, Any]:
        """The signature's columns that say what was decided and how."""
        evidence = self.evidence
        return {
            "method": self.method,
            "decision": self.decision,
            "reason": self.reason,
            "typed_name": self.typed_name,
            "evidence_id": evidence.id if evidence else None,
            "evidence_sha256": evidence.sha256 if evidence else None,
        }
