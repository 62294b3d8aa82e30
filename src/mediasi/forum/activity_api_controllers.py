"""``/api/forums/activities/{activity_id}``: one forum activity as its page (``forum:activity``)
shows and changes it: recording how it went, its photos (uploaded as multipart, downloaded as
kept), the aspirations raised there with their follow-up, and the step into a case.

The same services, scope and people as the page; each write carries the forum ``version`` the
caller read (409 when stale) and answers the version to send next."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.status_codes import HTTP_201_CREATED

from mediasi.accounts.actor import Actor
from mediasi.cases.desk import Desk
from mediasi.forum.activities import BODY_LIMIT, MAX_PHOTO_BYTES, PHOTO_FIELD, ActivityService
from mediasi.forum.api_inputs import AspirationIn, CaseIn, PhotoIn, ProgressIn, RecordIn
from mediasi.forum.api_schemas import (
    ActivityDetailOut,
    ActivityOut,
    AreaOut,
    AspirationOut,
    AspirationWritten,
    AttendeeOut,
    CaseMade,
    PhotoOut,
    PhotoWritten,
    TopicOut,
)
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.controllers import DEPENDENCIES, STAFF_ONLY
from mediasi.forum.models import ForumAspiration, ForumPhoto
from mediasi.uploads import IMAGES, posted_files
from mediasi.validation import validate
from mediasi.web.boundary import FILE
from mediasi.web.downloads import inline
from mediasi.web.forms import flat
from mediasi.web.openapi import documented, file_answer
from mediasi.web.openapi_input import FileBody, JsonBody, declared

Here = NamedDependency[Desk]
Activities = NamedDependency[ActivityService]
Aspirations = NamedDependency[AspirationService]
ActivityId = FromPath[UUID]
WRITE = {"sync_to_thread": True, "status_code": 200, **documented(404, writes=True)}
CREATE = {**WRITE, "status_code": HTTP_201_CREATED}
PHOTO = "The photo: JPEG or PNG, at most 5 MB (its location is taken out)."


def photo_link(request: Request[Any, Any, Any], row: ForumPhoto) -> str:
    return request.app.route_reverse(
        "api:forum_photo", activity_id=row.activity_id, photo_id=row.id
    )


def whole(
    desk: Desk, activities: ActivityService, aspirations: AspirationService, activity_id: UUID
) -> ActivityDetailOut:
    """The activity as its page shows it, with the forum's version now."""
    actor = desk.actor
    forum, activity = activities.activity(actor, activity_id)
    present = activities.attendance(activity)
    return ActivityDetailOut(
        **ActivityOut.fields_of(activity),
        forum_name=forum.name,
        version=forum.version,
        members=[
            AttendeeOut(member_id=m.id, name=m.name, position=m.position, present=m.id in present)
            for m in activities.members_on(forum, activity)
        ],
        photos=[PhotoOut.of(p, photo_link(desk.request, p)) for p in activities.photos(activity)],
        aspirations=[AspirationOut.of(a) for a in aspirations.of_activity(activity)],
        topics=[
            TopicOut(value=value, label=label.get("id"), workflow=workflow.get("id"))
            for workflow, choices in aspirations.topics()
            for value, label in choices
        ],
        desa=[AreaOut.of(d) for d in aspirations.desa_for_case(actor, forum)],
    )


def written(
    aspirations: AspirationService, actor: Actor, row: ForumAspiration
) -> AspirationWritten:
    """The aspiration as changed, with the forum's version now."""
    forum, _row = aspirations.aspiration(actor, row.id)
    return AspirationWritten(aspiration=AspirationOut.of(row), version=forum.version)


class ActivityApiController(Controller):
    path = "/api/forums/activities/{activity_id:uuid}"
    tags = ("forum",)
    opt = {"feature": "forum"}
    guards = [STAFF_ONLY]
    dependencies = DEPENDENCIES

    @get("/", sync_to_thread=True, name="api:forum_activity", **documented(404))
    def activity(
        self, desk: Here, activities: Activities, aspirations: Aspirations, activity_id: ActivityId
    ) -> ActivityDetailOut:
        """The activity: who of the members serving that day came, the photos, the
        aspirations, and what an aspiration may become (``topics``, ``desa``)."""
        return whole(desk, activities, aspirations, activity_id)

    @post("/record", name="api:forum_record", **WRITE, **declared(body=RecordIn))
    def record(
        self,
        desk: Here,
        activities: Activities,
        aspirations: Aspirations,
        activity_id: ActivityId,
        data: JsonBody = None,
    ) -> ActivityDetailOut:
        """Record how it went, once, after it began (409 once recorded, 422 before)."""
        body = validate(RecordIn, data)
        activities.record(desk.actor, activity_id, body, body.version)
        return whole(desk, activities, aspirations, activity_id)

    @post(
        "/photos",
        name="api:forum_add_photo",
        request_max_body_size=BODY_LIMIT,
        opt={"body": FILE},
        **CREATE,
        **declared(body=PhotoIn, files={PHOTO_FIELD: PHOTO}),
    )
    def add_photo(
        self, desk: Here, activities: Activities, activity_id: ActivityId, data: FileBody
    ) -> PhotoWritten:
        """Add a photo of the day (multipart: ``version`` and the part ``photo``)."""
        fields = {key[:40]: value for key, value in flat(data).items() if key != PHOTO_FIELD}
        body = validate(PhotoIn, fields)
        posted = posted_files(data, PHOTO_FIELD, MAX_PHOTO_BYTES)
        row = activities.add_photo(desk.actor, activity_id, posted, body.version)
        forum, _activity = activities.activity(desk.actor, activity_id)
        return PhotoWritten(
            photo=PhotoOut.of(row, photo_link(desk.request, row)), version=forum.version
        )

    @get(
        "/photos/{photo_id:uuid}",
        sync_to_thread=True,
        name="api:forum_photo",
        **documented(404),
        **file_answer(*IMAGES, description="The photo, as it is kept (without its location)."),
    )
    def photo(
        self, desk: Here, activities: Activities, activity_id: ActivityId, photo_id: FromPath[UUID]
    ) -> Response[bytes]:
        """A photo of the activity, with its SHA-256 (``X-Content-SHA256``)."""
        row = activities.photo(desk.actor, activity_id, photo_id)
        return inline(row.data, row.media_type, row.filename, **{"X-Content-SHA256": row.sha256})

    @post("/aspirations", name="api:forum_raise", **CREATE, **declared(body=AspirationIn))
    def raise_(
        self, desk: Here, aspirations: Aspirations, activity_id: ActivityId, data: JsonBody = None
    ) -> AspirationWritten:
        """Record an aspiration or complaint raised at the activity, once it has begun."""
        body = validate(AspirationIn, data)
        row = aspirations.raise_(desk.actor, activity_id, body, body.version)
        return written(aspirations, desk.actor, row)

    @post(
        "/aspirations/{aspiration_id:uuid}/progress",
        name="api:forum_progress",
        **WRITE,
        **declared(body=ProgressIn),
    )
    def progress(
        self,
        desk: Here,
        aspirations: Aspirations,
        activity_id: ActivityId,
        aspiration_id: FromPath[UUID],
        data: JsonBody = None,
    ) -> AspirationWritten:
        """Its follow-up: in progress or done, with a note (409 once finished)."""
        body = validate(ProgressIn, data)
        row = aspirations.progress(desk.actor, activity_id, aspiration_id, body, body.version)
        return written(aspirations, desk.actor, row)

    @post(
        "/aspirations/{aspiration_id:uuid}/case",
        name="api:forum_to_case",
        **CREATE,
        **declared(body=CaseIn),
    )
    def to_case(
        self,
        desk: Here,
        aspirations: Aspirations,
        activity_id: ActivityId,
        aspiration_id: FromPath[UUID],
        data: JsonBody = None,
    ) -> CaseMade:
        """Register a case of the dispute or complaint workflow, prefilled from the
        aspiration, and link the two (409 once finished)."""
        body = validate(CaseIn, data)
        case = aspirations.to_case(desk.actor, activity_id, aspiration_id, body, body.version)
        forum, row = aspirations.aspiration(desk.actor, aspiration_id)
        return CaseMade(
            case_id=case.id,
            reference=case.reference,
            link=desk.request.app.route_reverse("api:case", case_id=case.id),
            aspiration=AspirationOut.of(row),
            version=forum.version,
        )
