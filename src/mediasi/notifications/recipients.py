"""Who a message is for: a person known by role, name and the addresses we hold for them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class RecipientKind(StrEnum):
    TOKOH = "tokoh"
    PARTY = "party"
    REPORTER = "reporter"
    USER = "user"
    MEMBER = "member"  # a forum member with no account and no place in the tokoh registry
    TEST = "test"


@dataclass(frozen=True)
class Recipient:
    """``phone`` in E.164 where known; ``area_id`` is where their clock is (quiet hours)."""

    kind: RecipientKind
    ref: str | None
    name: str
    phone: str | None = None
    email: str | None = None
    area_id: UUID | None = None
    language: str = "id"

    @property
    def key(self) -> str:
        """Stable within a case: part of each message's de-duplication key."""
        return f"{self.kind}:{self.ref or self.phone or self.email or self.name}"
