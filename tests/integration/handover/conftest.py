"""The handover tests' second officer."""

from __future__ import annotations

from uuid import UUID

import pytest

from mediasi.accounts.models import User
from mediasi.runtime import Runtime
from tests.factories import World, password_hash


def add_officer(runtime: Runtime, world: World, username: str = "pengganti") -> UUID:
    """An officer of Polsek A who holds no desa yet (a successor to hand one over to)."""
    with runtime.sessions.begin() as session:
        user = User(
            username=username,
            full_name="Bripka Pengganti",
            role="officer",
            area_id=world.polsek_a,
            password_hash=password_hash(),
            phone="081298765432",
        )
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture
def successor(runtime: Runtime, world: World) -> UUID:
    return add_officer(runtime, world)
