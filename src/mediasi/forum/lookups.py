"""What every forum service shares: the session and clock, a forum, activity or aspiration
found within the actor's reach (anything else is not found, as if it did not exist) and, when
the caller says which version of the forum it saw, not changed since; and the one way a change
is written (the row, then its chained event, flushed under the forum's version lock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from mediasi.accounts.actor import Actor
from mediasi.db.base import utcnow
from mediasi.errors import Conflict, NotFound
from mediasi.forum import ledger
from mediasi.forum.access import visible_forums
from mediasi.forum.models import Forum, ForumActivity, ForumAspiration, ForumEvent
from mediasi.i18n import _

FORUM_GONE = _("Forum tidak ditemukan.")
ACTIVITY_GONE = _("Kegiatan forum tidak ditemukan.")
ASPIRATION_GONE = _("Aspirasi tidak ditemukan.")
CHANGED = _(
    "Forum ini baru saja diubah orang lain. Tidak ada yang disimpan; muat ulang lalu coba lagi."
)


def seen(forum: Forum, version: int | None) -> Forum:
    """The forum, if it is still at the ``version`` the caller saw (the API sends the one it
    read, the pages the one they showed): else 409, nothing written."""
    if version is not None and version != forum.version:
        raise Conflict(
            _(
                "Forum ini sudah diubah orang lain sejak dibaca (versi %(expected)s, sekarang "
                "%(current)s). Tidak ada yang disimpan; muat ulang lalu coba lagi.",
                expected=version,
                current=forum.version,
            )
        )
    return forum


class ForumStore:
    def __init__(self, session: Session, clock: Callable[[], datetime] = utcnow) -> None:
        self.session = session
        self.clock = clock

    def forum(self, actor: Actor, forum_id: UUID, version: int | None = None) -> Forum:
        found = self.session.scalars(
            select(Forum).where(Forum.id == forum_id, visible_forums(actor))
        ).one_or_none()
        if found is None:
            raise NotFound(FORUM_GONE)
        return seen(found, version)

    def activity(
        self, actor: Actor, activity_id: UUID, version: int | None = None
    ) -> tuple[Forum, ForumActivity]:
        found = self.session.execute(
            select(Forum, ForumActivity)
            .join(ForumActivity, ForumActivity.forum_id == Forum.id)
            .where(ForumActivity.id == activity_id, visible_forums(actor))
        ).one_or_none()
        if found is None:
            raise NotFound(ACTIVITY_GONE)
        return seen(found[0], version), found[1]

    def aspiration(
        self, actor: Actor, aspiration_id: UUID, version: int | None = None
    ) -> tuple[Forum, ForumAspiration]:
        found = self.session.execute(
            select(Forum, ForumAspiration)
            .join(ForumAspiration, ForumAspiration.forum_id == Forum.id)
            .where(ForumAspiration.id == aspiration_id, visible_forums(actor))
        ).one_or_none()
        if found is None:
            raise NotFound(ASPIRATION_GONE)
        return seen(found[0], version), found[1]

    def chain(
        self,
        forum: Forum,
        actor: Actor,
        trigger: str,
        statuses: tuple[str | None, str],
        payload: dict[str, Any],
    ) -> ForumEvent:
        """Append the change's event and write everything now, so that a second writer of
        the same forum is refused here (the version moved) rather than at commit."""
        event = ledger.record(self.session, forum, actor, trigger, statuses, payload, self.clock())
        try:
            self.session.flush()
        except StaleDataError:
            raise Conflict(CHANGED) from None
        return event
