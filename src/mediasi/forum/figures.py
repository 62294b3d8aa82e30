"""What the forums of an area did in a period, for the statistics page and the monthly anev:
activities held by kind, who came (members and residents), aspirations raised and followed
up, and cases that started at a forum. Plain SQL aggregates over the forums whose area is the
given node or under it (or, for an officer's own reach, one of the given desa)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area, path_begins
from mediasi.forum import kinds
from mediasi.forum.models import Forum, ForumActivity, ForumAspiration, ForumAttendance


@dataclass(frozen=True)
class ForumFigures:
    held: Counter[str]  # activities held in the period, by kind
    members_present: int  # member attendances at them
    residents: int  # residents counted at them
    raised: int  # aspirations raised in the period
    followed: int  # … of which done or turned into a case by now
    cases: int  # aspirations turned into a case in the period

    @property
    def held_total(self) -> int:
        return sum(self.held.values())


def _forums(node_path: str | None, desa_ids: Sequence[UUID]) -> ColumnElement[bool]:
    if node_path is not None:
        return Forum.area_id.in_(select(Area.id).where(path_begins(Area.path, literal(node_path))))
    return Forum.area_id.in_(list(desa_ids))


def forum_figures(
    session: Session,
    node_path: str | None,
    desa_ids: Sequence[UUID],
    begins: datetime,
    ends: datetime,
) -> ForumFigures:
    """The figures of the forums of ``node_path`` (or of ``desa_ids`` when it is None) over
    ``[begins, ends)``."""
    forums = _forums(node_path, desa_ids)
    held_where = (
        ForumActivity.status == kinds.HELD,
        ForumActivity.starts_at >= begins,
        ForumActivity.starts_at < ends,
        ForumActivity.forum_id.in_(select(Forum.id).where(forums)),
    )
    by_kind = session.execute(
        select(
            ForumActivity.kind, func.count(), func.coalesce(func.sum(ForumActivity.residents), 0)
        )
        .where(*held_where)
        .group_by(ForumActivity.kind)
    ).all()
    present = session.scalar(
        select(func.count())
        .select_from(ForumAttendance)
        .join(ForumActivity, ForumActivity.id == ForumAttendance.activity_id)
        .where(*held_where)
    )
    in_forums = ForumAspiration.forum_id.in_(select(Forum.id).where(forums))
    raised_in = (ForumAspiration.raised_at >= begins, ForumAspiration.raised_at < ends, in_forums)
    raised = session.execute(
        select(
            func.count(),
            func.count().filter(ForumAspiration.status.in_(kinds.FINISHED)),
        ).where(*raised_in)
    ).one()
    cases = session.scalar(
        select(func.count()).where(
            in_forums,
            ForumAspiration.status == kinds.CASE,
            ForumAspiration.closed_at >= begins,
            ForumAspiration.closed_at < ends,
        )
    )
    return ForumFigures(
        held=Counter({kind: int(count) for kind, count, _ in by_kind}),
        members_present=int(present or 0),
        residents=sum(int(residents) for _, _, residents in by_kind),
        raised=int(raised[0]),
        followed=int(raised[1]),
        cases=int(cases or 0),
    )
