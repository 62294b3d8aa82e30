"""A forum's activities: scheduled (members are told), then recorded once held — who of the
members came, how many residents, the minutes — with photos of the day.

A photo is a JPEG or PNG by its first bytes, at most 5 MB, and loses the place it was taken
(``mediasi.images``): a photo of a gathering at someone's house says where they live."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from mediasi.accounts.actor import Actor
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound, Unprocessable
from mediasi.forum import kinds, ledger
from mediasi.forum.lookups import ForumStore
from mediasi.forum.models import Forum, ForumActivity, ForumAttendance, ForumMember, ForumPhoto
from mediasi.forum.notices import tell_members
from mediasi.forum.schemas import ActivityForm, RecordForm
from mediasi.i18n import _
from mediasi.images import UnreadableImage, without_location
from mediasi.reports.period import EARLIEST, LATEST
from mediasi.uploads import IMAGES, CheckedUpload, UploadedFile, check_file
from mediasi.workflow.durations import LOCAL_TZ

NOT_YET = _("Kegiatan ini belum berlangsung; catat setelah kegiatannya dimulai.")
PHOTO_FIELD = "photo"
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PER_ACTIVITY = 6
# The route's body limit: one photo at its limit and the framing, with a margin so that a
# photo a little too big is refused beside the field rather than by the error page.
BODY_LIMIT = 6 * 1024 * 1024


class ActivityService(ForumStore):
    def __init__(
        self, session: Session, settings: Settings, clock: Callable[[], datetime] = utcnow
    ) -> None:
        super().__init__(session, clock)
        self.settings = settings

    # ---- reads -----------------------------------------------------------------------------

    def activities(self, forum: Forum) -> list[ForumActivity]:
        """The forum's activities, the latest first."""
        return list(
            self.session.scalars(
                select(ForumActivity)
                .where(ForumActivity.forum_id == forum.id)
                .order_by(ForumActivity.starts_at.desc())
            )
        )

    def attendance(self, activity: ForumActivity) -> set[UUID]:
        return set(
            self.session.scalars(
                select(ForumAttendance.member_id).where(ForumAttendance.activity_id == activity.id)
            )
        )

    def members_on(self, forum: Forum, activity: ForumActivity) -> list[ForumMember]:
        """Who served on the activity's day: the members whose attendance can be recorded."""
        day = activity.starts_at.astimezone(LOCAL_TZ).date()
        return list(
            self.session.scalars(
                select(ForumMember)
                .where(
                    ForumMember.forum_id == forum.id,
                    ForumMember.started_on <= day,
                    (ForumMember.ended_on.is_(None)) | (ForumMember.ended_on > day),
                )
                .order_by(ForumMember.name)
            )
        )

    def photos(self, activity: ForumActivity) -> list[ForumPhoto]:
        return list(
            self.session.scalars(
                select(ForumPhoto)
                .where(ForumPhoto.activity_id == activity.id)
                .order_by(ForumPhoto.added_at)
            )
        )

    def photo(self, actor: Actor, activity_id: UUID, photo_id: UUID) -> ForumPhoto:
        _forum, activity = self.activity(actor, activity_id)
        row = self.session.scalars(
            select(ForumPhoto)
            .where(ForumPhoto.id == photo_id, ForumPhoto.activity_id == activity.id)
            .options(undefer(ForumPhoto.data))
        ).first()
        if row is None:
            raise NotFound(_("Foto tidak ditemukan."))
        return row

    # ---- writes ----------------------------------------------------------------------------

    @unit_of_work
    def schedule(
        self, actor: Actor, forum_id: UUID, data: ActivityForm, version: int | None = None
    ) -> ForumActivity:
        """A new activity; a past one is scheduled too (recorded after the fact), and only a
        coming one sends invitations."""
        forum = self.forum(actor, forum_id, version)
        starts_at = _local(data.starts_at, "starts_at")
        activity = ForumActivity(
            id=uuid4(),
            forum_id=forum.id,
            kind=data.kind,
            starts_at=starts_at,
            place=data.place,
            topic=data.topic,
            status=kinds.SCHEDULED,
        )
        self.session.add(activity)
        payload = {
            "activity_id": str(activity.id),
            "kind": activity.kind,
            "starts_at": starts_at.isoformat(timespec="minutes"),
            "place": activity.place,
            "topic": activity.topic,
        }
        event = self.chain(
            forum, actor, ledger.ACTIVITY_SCHEDULED, (None, kinds.SCHEDULED), payload
        )
        if starts_at > self.clock():
            tell_members(self.session, self.settings, forum, activity, event)
        return activity

    @unit_of_work
    def record(
        self, actor: Actor, activity_id: UUID, data: RecordForm, version: int | None = None
    ) -> ForumActivity:
        """How it went: once, after it began; the attendance counts members serving that day."""
        forum, activity = self.activity(actor, activity_id, version)
        if activity.status == kinds.HELD:
            raise Conflict(_("Kegiatan ini sudah dicatat."))
        if activity.starts_at > self.clock():
            raise Unprocessable(NOT_YET)
        serving = {m.id: m for m in self.members_on(forum, activity)}
        present = list(dict.fromkeys(data.members))
        strangers = [m for m in present if m not in serving]
        if strangers:
            raise FieldErrors({"members": _("Pilih anggota forum yang menjabat pada hari itu.")})
        for member_id in present:
            self.session.add(ForumAttendance(activity_id=activity.id, member_id=member_id))
        activity.status = kinds.HELD
        activity.residents = data.residents
        activity.minutes = data.minutes
        activity.recorded_at = self.clock()
        payload = {
            "activity_id": str(activity.id),
            "members": [str(m) for m in present],
            "residents": data.residents,
            "minutes": data.minutes,
        }
        self.chain(forum, actor, ledger.ACTIVITY_RECORDED, (kinds.SCHEDULED, kinds.HELD), payload)
        return activity

    @unit_of_work
    def add_photo(
        self,
        actor: Actor,
        activity_id: UUID,
        posted: Sequence[UploadedFile],
        version: int | None = None,
    ) -> ForumPhoto:
        forum, activity = self.activity(actor, activity_id, version)
        if len(posted) != 1:
            raise FieldErrors({PHOTO_FIELD: _("Pilih satu foto sekali kirim.")})
        held = self.session.scalar(
            select(func.count())
            .select_from(ForumPhoto)
            .where(ForumPhoto.activity_id == activity.id)
        )
        if (held or 0) >= PER_ACTIVITY:
            raise FieldErrors(
                {PHOTO_FIELD: _("Satu kegiatan paling banyak %(count)s foto.", count=PER_ACTIVITY)}
            )
        checked, data, removed = _photo(posted[0])
        row = ForumPhoto(
            id=uuid4(),
            activity_id=activity.id,
            filename=checked.filename,
            media_type=checked.media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            location_removed=removed,
            added_by=actor.id,
            added_at=self.clock(),
            data=data,
        )
        self.session.add(row)
        payload = {
            "activity_id": str(activity.id),
            "photo_id": str(row.id),
            "file": row.filename,
            "sha256": row.sha256,
            "size": row.size,
            "location_removed": removed,
        }
        self.chain(forum, actor, ledger.PHOTO_ADDED, (activity.status, activity.status), payload)
        return row


def _local(moment: datetime, field: str) -> datetime:
    """A ``datetime-local`` value is WIB; refused outside the years the reports count."""
    if not EARLIEST.year <= moment.year <= LATEST.year:
        raise FieldErrors(
            {
                field: _(
                    "Tanggal harus antara %(earliest)s dan %(latest)s.",
                    earliest=EARLIEST.isoformat(),
                    latest=LATEST.isoformat(),
                )
            }
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def _photo(upload: UploadedFile) -> tuple[CheckedUpload, bytes, bool]:
    """The photo as posted, the bytes that will be kept, whether its location was taken out."""
    checked = check_file(
        upload,
        field=PHOTO_FIELD,
        max_bytes=MAX_PHOTO_BYTES,
        fallback="foto",
        missing=_("Berkas foto kosong."),
        wrong_kind=_("Berkas ini bukan foto JPEG atau PNG."),
    )
    if checked.media_type not in IMAGES:
        raise FieldErrors({PHOTO_FIELD: _("Berkas ini bukan foto JPEG atau PNG.")})
    try:
        data, removed = without_location(checked.data)
    except UnreadableImage:
        raise FieldErrors({PHOTO_FIELD: _("Foto ini tidak dapat dibuka.")}) from None
    return checked, data, removed
