"""Who does a thing: a logged-in user or the system (deadline expiries)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from mediasi.accounts.models import User
from mediasi.accounts.roles import Role


@dataclass(frozen=True)
class Actor:
    id: UUID | None
    name: str
    role: Role

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.username, Role(user.role))

    @property
    def is_system(self) -> bool:
        return self.role == Role.SYSTEM


SYSTEM = Actor(None, "sistem", Role.SYSTEM)
