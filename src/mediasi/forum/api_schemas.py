"""What the forum API answers: forums, the roster over time, the forum's chained history,
activities with their attendance, photos and aspirations, the calendar. Words are the forum's
vocabulary (``mediasi.forum.kinds``); a member's phone is masked and their email never shown
(the page shows neither; they are kept to tell the member of an activity)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.accounts.models import Area, Tokoh, User
from mediasi.forum.models import (
    Forum,
    ForumActivity,
    ForumAspiration,
    ForumEvent,
    ForumMember,
    ForumPhoto,
)
from mediasi.phones import masked
from mediasi.web.paging import PageOut

NEW_VERSION = "The forum's version after the change: send it with the next change."


class AreaOut(BaseModel):
    id: UUID
    code: str = Field(examples=["NGADILANGKUNG"])
    name: str = Field(examples=["Ngadilangkung"])
    level: str = Field(examples=["desa"])

    @classmethod
    def of(cls, area: Area) -> AreaOut:
        return cls(id=area.id, code=area.code, name=area.name, level=area.level)


class ForumOut(BaseModel):
    id: UUID
    name: str = Field(examples=["FKPM Ngadilangkung"])
    area: AreaOut
    basis: str = Field(examples=["wilayah"])  # wilayah or kawasan
    kawasan: str | None
    meeting_place: str | None  # the BKPM
    formed_on: date | None
    version: int = Field(examples=[4])  # send it with a change (409 when stale)

    @classmethod
    def of(cls, forum: Forum, area: Area) -> ForumOut:
        return cls(
            id=forum.id,
            name=forum.name,
            area=AreaOut.of(area),
            basis=forum.basis,
            kawasan=forum.kawasan,
            meeting_place=forum.meeting_place,
            formed_on=forum.formed_on,
            version=forum.version,
        )


class ForumPageOut(PageOut):
    items: list[ForumOut]
    areas: list[AreaOut]  # the nodes a new forum may be formed on


class PersonOut(BaseModel):
    id: UUID
    name: str


class ForumDetailOut(ForumOut):
    """One forum, and whom its roster may take: the active tokoh of the registry in its area
    (``tokoh_id``), the officers and supervisors of its area (``user_id``)."""

    tokoh: list[PersonOut]
    officers: list[PersonOut]

    @classmethod
    def whole(
        cls, forum: Forum, area: Area, tokoh: list[Tokoh], officers: list[User]
    ) -> ForumDetailOut:
        return cls(
            **ForumOut.of(forum, area).model_dump(),
            tokoh=[PersonOut(id=t.id, name=t.name) for t in tokoh],
            officers=[PersonOut(id=u.id, name=u.full_name) for u in officers],
        )


class MemberOut(BaseModel):
    """One person's service in one position (a change of position ends it and starts another)."""

    id: UUID
    person_kind: str = Field(examples=["other"])  # tokoh, officer or other
    tokoh_id: UUID | None
    user_id: UUID | None
    name: str = Field(examples=["Ibu Sulastri"])
    phone: str | None = Field(examples=["0812****7890"])  # masked; a resident's own only
    element: str = Field(examples=["perempuan"])
    position: str = Field(examples=["anggota"])
    started_on: date
    ended_on: date | None  # null: still serving
    end_reason: str | None

    @classmethod
    def of(cls, row: ForumMember) -> MemberOut:
        return cls(
            id=row.id,
            person_kind=row.person_kind,
            tokoh_id=row.tokoh_id,
            user_id=row.user_id,
            name=row.name,
            phone=masked(row.phone) if row.phone else None,
            element=row.element,
            position=row.position,
            started_on=row.started_on,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
        )


class MemberPageOut(PageOut):
    items: list[MemberOut]


class MemberWritten(BaseModel):
    member: MemberOut  # after a change of position: the new seat's row
    version: int = Field(examples=[5], description=NEW_VERSION)


class ForumEventOut(BaseModel):
    """One change on the forum's chain (``audit verify`` checks it)."""

    seq: int
    trigger: str = Field(examples=["member.joined"])
    from_status: str | None
    to_status: str
    actor_name: str  # the full name of who made it
    at: datetime
    payload: dict[str, Any]
    hash: str

    @classmethod
    def of(cls, row: ForumEvent, actor_name: str) -> ForumEventOut:
        return cls(
            seq=row.seq,
            trigger=row.trigger,
            from_status=row.from_status,
            to_status=row.to_status,
            actor_name=actor_name,
            at=row.created_at,
            payload=row.payload,
            hash=row.hash,
        )


class ForumEventPageOut(PageOut):
    items: list[ForumEventOut]


class ActivityOut(BaseModel):
    id: UUID
    forum_id: UUID
    kind: str = Field(examples=["dialog"])
    starts_at: datetime
    place: str
    topic: str
    status: str = Field(examples=["scheduled"])  # scheduled or held
    residents: int | None  # once held
    minutes: str | None
    recorded_at: datetime | None

    @classmethod
    def fields_of(cls, row: ForumActivity) -> dict[str, Any]:
        return {
            "id": row.id,
            "forum_id": row.forum_id,
            "kind": row.kind,
            "starts_at": row.starts_at,
            "place": row.place,
            "topic": row.topic,
            "status": row.status,
            "residents": row.residents,
            "minutes": row.minutes,
            "recorded_at": row.recorded_at,
        }

    @classmethod
    def of(cls, row: ForumActivity) -> ActivityOut:
        return cls(**cls.fields_of(row))


class ActivityPageOut(PageOut):
    items: list[ActivityOut]


class ActivityWritten(BaseModel):
    activity: ActivityOut
    version: int = Field(examples=[7], description=NEW_VERSION)


class AttendeeOut(BaseModel):
    """A member serving on the activity's day: whose attendance can be recorded."""

    member_id: UUID
    name: str
    position: str
    present: bool


class PhotoOut(BaseModel):
    id: UUID
    filename: str = Field(examples=["dialog.jpg"])
    media_type: str = Field(examples=["image/jpeg"])
    size: int
    sha256: str
    location_removed: bool  # its GPS position was taken out
    added_at: datetime
    link: str  # where to download it

    @classmethod
    def of(cls, row: ForumPhoto, link: str) -> PhotoOut:
        return cls(
            id=row.id,
            filename=row.filename,
            media_type=row.media_type,
            size=row.size,
            sha256=row.sha256,
            location_removed=row.location_removed,
            added_at=row.added_at,
            link=link,
        )


class PhotoWritten(BaseModel):
    photo: PhotoOut
    version: int = Field(examples=[8], description=NEW_VERSION)


class AspirationOut(BaseModel):
    id: UUID
    activity_id: UUID
    kind: str = Field(examples=["keluhan"])  # aspirasi or keluhan
    text: str
    raised_by: str | None
    owner: str
    due_on: date
    status: str = Field(examples=["open"])  # open, in_progress, done or case
    note: str | None
    raised_at: datetime
    closed_at: datetime | None
    case_id: UUID | None  # the case it became

    @classmethod
    def of(cls, row: ForumAspiration) -> AspirationOut:
        return cls(
            id=row.id,
            activity_id=row.activity_id,
            kind=row.kind,
            text=row.text,
            raised_by=row.raised_by,
            owner=row.owner,
            due_on=row.due_on,
            status=row.status,
            note=row.note,
            raised_at=row.raised_at,
            closed_at=row.closed_at,
            case_id=row.case_id,
        )


class AspirationPageOut(PageOut):
    items: list[AspirationOut]


class AspirationWritten(BaseModel):
    aspiration: AspirationOut
    version: int = Field(examples=[9], description=NEW_VERSION)


class CaseMade(BaseModel):
    """The case an aspiration became (the aspiration now says ``case``)."""

    case_id: UUID
    reference: str = Field(examples=["ADU/KEPANJEN/2026/0007"])
    link: str  # the case in the API
    aspiration: AspirationOut
    version: int = Field(examples=[10], description=NEW_VERSION)


class TopicOut(BaseModel):
    value: str = Field(examples=["pengaduan:ketertiban"])  # a case's ``topic``
    label: str = Field(examples=["Ketertiban umum"])  # in Indonesian
    workflow: str = Field(examples=["Pengaduan masyarakat"])


class ActivityDetailOut(ActivityOut):
    """One activity as its page shows it, with what its forms may name."""

    forum_name: str
    version: int = Field(examples=[8], description="The forum's version: send it with a change.")
    members: list[AttendeeOut]
    photos: list[PhotoOut]
    aspirations: list[AspirationOut]
    topics: list[TopicOut]  # what an aspiration may become
    desa: list[AreaOut]  # where its case may be registered by the caller


class CalendarEntryOut(ActivityOut):
    forum_name: str
    area_name: str


class CalendarOut(BaseModel):
    month: str = Field(examples=["2026-11"])
    area: AreaOut | None  # null: everything in the caller's reach
    previous: str = Field(examples=["2026-10"])
    next: str = Field(examples=["2026-12"])
    areas: list[AreaOut]  # the nodes in reach, by ``code`` for ``area``
    activities: list[CalendarEntryOut]  # by time (Asia/Jakarta days)
