"""What the forum API takes: the forum pages' own forms (the same models, the same limits), each
write to an existing forum with ``version``, the forum version the caller read: every change to
the forum, its roster, an activity or an aspiration moves it, and a stale one is refused (409)
with nothing written. The answer of each write carries the version to send next."""

from __future__ import annotations

from pydantic import Field

from mediasi.errors import MAX_VERSION
from mediasi.forum.schemas import (
    ActivityForm,
    AspirationForm,
    CaseForm,
    EndService,
    ForumForm,
    MemberForm,
    MovePosition,
    ProgressForm,
    RecordForm,
)
from mediasi.validation import Form
from mediasi.web.openapi_input import with_example

FORUM_VERSION = "The forum version the caller last read (a stale one is refused with 409)."
AREA = "6f1c2d3e-0000-4000-8000-000000000001"
MEMBER = "6f1c2d3e-0000-4000-8000-000000000002"


class ForumVersion(Form):
    version: int = Field(ge=1, le=MAX_VERSION, description=FORUM_VERSION)


class ForumIn(ForumForm):
    """A new forum on an area node in the caller's reach (``areas`` of the forum list)."""

    model_config = with_example(
        {
            "name": "FKPM Ngadilangkung",
            "area_id": AREA,
            "basis": "wilayah",
            "meeting_place": "Balai Desa Ngadilangkung",
            "formed_on": "2026-01-05",
        }
    )


class ForumEditIn(ForumForm, ForumVersion):
    """The forum's details, whole, as the page's edit form sends them; ``area_id`` stays the
    forum's own (a forum does not move)."""

    model_config = with_example(
        {"version": 4, "name": "FKPM Ngadilangkung", "area_id": AREA, "basis": "wilayah"}
    )

    def details(self) -> ForumForm:
        return ForumForm.model_validate(self.model_dump(exclude={"version"}))


class MemberIn(MemberForm, ForumVersion):
    """A member from the tokoh registry (``tokoh_id``), an officer (``user_id``) or another
    resident (``name``, with a phone or email to be told of activities), in one position."""

    model_config = with_example(
        {
            "version": 4,
            "person_kind": "other",
            "name": "Ibu Sulastri",
            "phone": "0812-3456-7890",
            "element": "perempuan",
            "position": "anggota",
            "started_on": "2026-01-05",
        }
    )


class EndIn(EndService, ForumVersion):
    """A member's service ends on ``ended_on`` (not before it began), with a reason."""

    model_config = with_example(
        {"version": 5, "ended_on": "2026-06-30", "reason": "Pindah domisili"}
    )


class MoveIn(MovePosition, ForumVersion):
    """A member takes another seat from ``moved_on``; the old seat ends that day."""

    model_config = with_example({"version": 5, "position": "sekretaris", "moved_on": "2026-07-01"})


class ActivityIn(ActivityForm, ForumVersion):
    """An activity to come (the members with an address are told) or one held already,
    recorded afterwards; a time without an offset is WIB."""

    model_config = with_example(
        {
            "version": 6,
            "kind": "dialog",
            "starts_at": "2026-11-20T19:30:00+07:00",
            "place": "Balai Desa Ngadilangkung",
            "topic": "Balap liar di jalan desa",
        }
    )


class RecordIn(RecordForm, ForumVersion):
    """How the activity went, once it has begun: the members present (of those serving that
    day), how many residents came, the minutes."""

    model_config = with_example(
        {
            "version": 7,
            "members": [MEMBER],
            "residents": 35,
            "minutes": "Warga mengeluhkan balap liar tiap malam Minggu.",
        }
    )


class PhotoIn(ForumVersion):
    """A photo of the activity (JPEG or PNG, at most 5 MB, six an activity, in the part
    ``photo``); its location is taken out."""

    model_config = with_example({"version": 8})


class AspirationIn(AspirationForm, ForumVersion):
    """An aspiration or complaint raised at the activity (once it has begun), with who follows
    it up and by when."""

    model_config = with_example(
        {
            "version": 8,
            "kind": "keluhan",
            "text": "Balap liar tiap malam Minggu di jalan desa",
            "raised_by": "Pak RT 03",
            "owner": "Bhabinkamtibmas",
            "due_on": "2026-12-05",
        }
    )


class ProgressIn(ProgressForm, ForumVersion):
    """The follow-up of an open aspiration: in progress, or done, with a note."""

    model_config = with_example(
        {"version": 9, "status": "done", "note": "Portal jalan dipasang bersama warga."}
    )


class CaseIn(CaseForm, ForumVersion):
    """Turn an open aspiration into a case: ``topic`` is ``<workflow>:<category>`` of the
    dispute or complaint workflow (``topics`` of the activity), in a desa of the forum's
    area (``desa`` of the activity); who raised it becomes the complainant."""

    model_config = with_example(
        {
            "version": 9,
            "topic": "pengaduan:ketertiban",
            "title": "Balap liar di jalan desa",
            "desa_id": AREA,
            "reporter_name": "Pak RT 03",
        }
    )
