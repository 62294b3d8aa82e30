"""The web fixtures, and a forum of desa A1 set up through the forum services, so that each
test exercises only the route it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select

from mediasi.forum.activities import ActivityService
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.models import Forum, ForumActivity, ForumAspiration, ForumEvent, ForumMember
from mediasi.forum.schemas import ActivityForm, AspirationForm, ForumForm, MemberForm, RecordForm
from mediasi.forum.services import ForumService
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.integration.supervision.conftest import open_as  # noqa: F401 - a fixture
from tests.integration.web.conftest import (  # noqa: F401 - fixtures used by the tests
    app,
    cases,
    client,
    db,
    web,
)


def local(moment: datetime) -> str:
    """A time as a ``datetime-local`` input sends it."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


@dataclass
class Forums:
    runtime: Runtime
    world: World

    def create(self, *, area: UUID | None = None, by: str = "officer", **fields: Any) -> UUID:
        data = {"name": "FKPM Ngadilangkung", "area_id": area or self.world.desa_a1, **fields}
        with self.runtime.sessions.begin() as session:
            return ForumService(session).create(self.world.actor(by), ForumForm(**data)).id

    def member(self, forum_id: UUID, *, by: str = "officer", **fields: Any) -> UUID:
        data = {
            "person_kind": "other",
            "name": "Ibu Sulastri",
            "element": "perempuan",
            "position": "anggota",
            "started_on": date(2026, 1, 5),
            **fields,
        }
        with self.runtime.sessions.begin() as session:
            service = ForumService(session)
            return service.add_member(self.world.actor(by), forum_id, MemberForm(**data)).id

    def activity(
        self, forum_id: UUID, *, when: datetime, by: str = "officer", **fields: Any
    ) -> UUID:
        data = {
            "kind": "dialog",
            "starts_at": when,
            "place": "Balai desa",
            "topic": "Balap liar",
            **fields,
        }
        with self.runtime.sessions.begin() as session:
            service = ActivityService(session, self.runtime.settings)
            return service.schedule(self.world.actor(by), forum_id, ActivityForm(**data)).id

    def record(self, activity_id: UUID, members: list[UUID], residents: int = 30) -> None:
        data = RecordForm(
            members=members, residents=residents, minutes="Warga mengeluhkan balap liar."
        )
        with self.runtime.sessions.begin() as session:
            ActivityService(session, self.runtime.settings).record(
                self.world.actor("officer"), activity_id, data
            )

    def aspiration(self, activity_id: UUID, **fields: Any) -> UUID:
        data = {
            "kind": "keluhan",
            "text": "Balap liar tiap malam Minggu di jalan desa",
            "owner": "Bhabinkamtibmas",
            "due_on": date.today() + timedelta(days=14),
            **fields,
        }
        with self.runtime.sessions.begin() as session:
            service = AspirationService(self.runtime.case_service(session))
            return service.raise_(
                self.world.actor("officer"), activity_id, AspirationForm(**data)
            ).id

    def get(self, model: type[Any], row_id: UUID) -> Any:
        with self.runtime.sessions() as session:
            return session.get(model, row_id)

    def members(self, forum_id: UUID) -> list[ForumMember]:
        with self.runtime.sessions() as session:
            return list(
                session.scalars(
                    select(ForumMember)
                    .where(ForumMember.forum_id == forum_id)
                    .order_by(ForumMember.started_on, ForumMember.created_at)
                )
            )

    def events(self, forum_id: UUID) -> list[ForumEvent]:
        with self.runtime.sessions() as session:
            return list(
                session.scalars(
                    select(ForumEvent)
                    .where(ForumEvent.forum_id == forum_id)
                    .order_by(ForumEvent.seq)
                )
            )

    def aspirations(self, activity_id: UUID) -> list[ForumAspiration]:
        with self.runtime.sessions() as session:
            return list(
                session.scalars(
                    select(ForumAspiration).where(ForumAspiration.activity_id == activity_id)
                )
            )


@pytest.fixture
def forums(runtime: Runtime, world: World) -> Forums:
    return Forums(runtime, world)


__all__ = ["Forum", "ForumActivity", "Forums", "local"]
