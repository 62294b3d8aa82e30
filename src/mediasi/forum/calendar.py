"""The forum calendar of an area for a month, and the coming activities on the home page.

The area is any node in the reader's reach (by code; anything else is not found, the same
answer as for a code that does not exist); the month is typed as 2026-11 and defaults to this
one; days are the Asia/Jakarta days the rest of the reports use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, path_begins
from mediasi.errors import FieldErrors, NotFound
from mediasi.forum import kinds
from mediasi.forum.access import areas_in_reach, visible_forums
from mediasi.forum.models import Forum, ForumActivity
from mediasi.i18n import _
from mediasi.reports.period import PeriodChoice, months_after
from mediasi.validation import BlankIsNone, Form, short_word, validate
from mediasi.workflow.durations import LOCAL_TZ

UPCOMING_DAYS = 30
UPCOMING_SHOWN = 5


class CalendarQuery(Form):
    month: Annotated[str | None, short_word(7), BlankIsNone] = None
    area: Annotated[str | None, short_word(40), BlankIsNone] = None


@dataclass(frozen=True)
class Entry:
    activity: ForumActivity
    forum: Forum
    area_name: str


@dataclass(frozen=True)
class Calendar:
    month: date  # its first day
    area: Area | None  # None: everything in reach
    areas: list[Area]  # the nodes in reach, to choose from
    days: list[tuple[date, list[Entry]]]  # only the days with an activity

    @property
    def previous(self) -> str:
        return f"{months_after(self.month, -1):%Y-%m}"

    @property
    def next(self) -> str:
        return f"{months_after(self.month, 1):%Y-%m}"


def _entries(session: Session, actor: Actor, *where: Any, limit: int | None = None) -> list[Entry]:
    rows = session.execute(
        select(ForumActivity, Forum, Area.name)
        .join(Forum, Forum.id == ForumActivity.forum_id)
        .join(Area, Area.id == Forum.area_id)
        .where(visible_forums(actor), *where)
        .order_by(ForumActivity.starts_at, Forum.name)
        .limit(limit)
    )
    return [Entry(activity, forum, name) for activity, forum, name in rows]


def calendar(session: Session, actor: Actor, params: Mapping[str, Any], now: datetime) -> Calendar:
    """Refuses a wrong month (422, beside ``month``), an area out of reach (404)."""
    query = validate(CalendarQuery, dict(params))
    try:
        choice = validate(PeriodChoice, {"period": "month", "value": query.month})
    except FieldErrors as refused:
        raise FieldErrors({"month": next(iter(refused.errors.values()))}) from None
    period = choice.chosen(now.astimezone(LOCAL_TZ).date())
    areas = sorted(
        session.scalars(select(Area).where(areas_in_reach(actor))),
        key=lambda a: a.path,
    )
    area = None
    if query.area is not None:
        area = next((a for a in areas if a.code == query.area), None)
        if area is None:
            raise NotFound(_("Wilayah itu tidak ditemukan di wilayah Anda."))
    begins, ends = period.span(LOCAL_TZ)
    where = [ForumActivity.starts_at >= begins, ForumActivity.starts_at < ends]
    if area is not None:
        where.append(
            Forum.area_id.in_(select(Area.id).where(path_begins(Area.path, literal(area.path))))
        )
    days: dict[date, list[Entry]] = {}
    for entry in _entries(session, actor, *where):
        days.setdefault(entry.activity.starts_at.astimezone(LOCAL_TZ).date(), []).append(entry)
    return Calendar(period.start, area, areas, sorted(days.items()))


def upcoming(session: Session, actor: Actor, now: datetime) -> list[Entry]:
    """The next scheduled activities of the forums in reach, within a month."""
    return _entries(
        session,
        actor,
        ForumActivity.status == kinds.SCHEDULED,
        ForumActivity.starts_at >= now,
        ForumActivity.starts_at < now + timedelta(days=UPCOMING_DAYS),
        limit=UPCOMING_SHOWN,
    )
