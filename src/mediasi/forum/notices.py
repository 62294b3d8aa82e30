"""Members are told when an activity is scheduled, in the same transaction as the schedule
(the outbox): each serving member with a phone number or an email address on record, at the
address the registry, their account or the roster holds. The message says the forum, the
kind, the day, the time and the place; nothing else about anyone."""

from __future__ import annotations

from uuid import UUID
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Tokoh, User
from mediasi.accounts.zones import area_timezone
from mediasi.config import Settings
from mediasi.forum.kinds import ACTIVITY_KINDS
from mediasi.forum.models import Forum, ForumActivity, ForumEvent, ForumMember
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.producers import ZONE_NAMES
from mediasi.notifications.recipients import Recipient, RecipientKind

KIND = "forum_activity_scheduled"


def members_to_tell(session: Session, forum: Forum) -> list[Recipient]:
    """The serving members with an address, each once."""
    rows = session.scalars(
        select(ForumMember).where(ForumMember.forum_id == forum.id, ForumMember.ended_on.is_(None))
    )
    found: dict[str, Recipient] = {}
    for member in rows:
        person = _recipient(session, member, forum.area_id)
        if person is not None and (person.phone or person.email):
            found.setdefault(person.key, person)
    return list(found.values())


def _recipient(session: Session, member: ForumMember, area_id: UUID) -> Recipient | None:
    if member.tokoh_id is not None:
        tokoh = session.get(Tokoh, member.tokoh_id)
        if tokoh is None:
            return None
        return Recipient(
            RecipientKind.TOKOH, str(tokoh.id), tokoh.name, tokoh.phone, tokoh.email, area_id
        )
    if member.user_id is not None:
        user = session.get(User, member.user_id)
        if user is None or not user.is_active:
            return None
        return Recipient(
            RecipientKind.USER,
            str(user.id),
            user.full_name,
            user.phone,
            user.email,
            area_id,
            user.language,
        )
    return Recipient(
        RecipientKind.MEMBER, str(member.id), member.name, member.phone, member.email, area_id
    )


def tell_members(
    session: Session,
    settings: Settings,
    forum: Forum,
    activity: ForumActivity,
    event: ForumEvent,
) -> int:
    """Queue the invitation for every member to tell; how many were queued."""
    zone = area_timezone(session, forum.area_id, settings.timezone)
    local = activity.starts_at.astimezone(ZoneInfo(zone))
    params = {
        "forum": forum.name,
        "kind": ACTIVITY_KINDS[activity.kind].get("id"),
        "date": format_date(local.date(), "EEE, d MMM y", locale="id"),
        "time": format_time(local, "HH.mm", locale="id") + " " + ZONE_NAMES.get(zone, zone),
        "place": activity.place,
    }
    outbox = Outbox(session, settings, clock=lambda: event.created_at)
    people = members_to_tell(session, forum)
    for person in people:
        outbox.enqueue(KIND, person, params, dedupe=f"{event.id}:{KIND}:{person.key}", fresh=True)
    return len(people)
