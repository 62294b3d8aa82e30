"""``/api/forums``: the partnership forum pages as JSON (``forum:*``): the forums in reach, one
forum, forming and editing one, its roster over time, its chained history, its activities and
its open aspirations, the calendar.

The pages' services, scope and people: officers and supervisors only (a tokoh or the admin
403), a forum out of the caller's reach 404 (as if it did not exist), a wrong field 422 naming
it. Every write to a forum carries the forum ``version`` the caller read (409 when stale,
nothing written) and answers the version to send next. The activities' own routes are in
:mod:`mediasi.forum.activity_api_controllers`."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.status_codes import HTTP_201_CREATED

from mediasi.cases.desk import Desk
from mediasi.db.base import utcnow
from mediasi.forum.access import areas_for_forums
from mediasi.forum.activities import ActivityService
from mediasi.forum.api_inputs import ActivityIn, EndIn, ForumEditIn, ForumIn, MemberIn, MoveIn
from mediasi.forum.api_schemas import (
    ActivityOut,
    ActivityPageOut,
    ActivityWritten,
    AreaOut,
    AspirationOut,
    AspirationPageOut,
    CalendarEntryOut,
    CalendarOut,
    ForumDetailOut,
    ForumEventOut,
    ForumEventPageOut,
    ForumOut,
    ForumPageOut,
    MemberOut,
    MemberPageOut,
    MemberWritten,
)
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.calendar import calendar
from mediasi.forum.controllers import DEPENDENCIES, STAFF_ONLY
from mediasi.forum.models import Forum, ForumMember
from mediasi.forum.services import ForumService
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, Query, declared, text
from mediasi.web.paging import PAGE, PageQuery, page_of

Here = NamedDependency[Desk]
Forums = NamedDependency[ForumService]
ForumId = FromPath[UUID]
READ_LIST = {"sync_to_thread": True, **documented(404, 422), **declared(query=[PAGE])}
WRITE = {"sync_to_thread": True, "status_code": 200, **documented(404, writes=True)}
CREATE = {**WRITE, "status_code": HTTP_201_CREATED}
CALENDAR_QUERY = (
    Query(
        "month",
        text(7, r"^\d{4}-\d{2}$"),
        "The month, as 2026-11 (default: this month, in WIB).",
        example="2026-11",
    ),
    Query(
        "area",
        text(40),
        "The code of an area node in the caller's reach (default: all of it; another: 404).",
        example="NGADILANGKUNG",
    ),
)


def detail(forums: ForumService, forum: Forum) -> ForumDetailOut:
    return ForumDetailOut.whole(
        forum, forums.area_of(forum), forums.tokoh_choices(forum), forums.officer_choices(forum)
    )


def member_written(
    forums: ForumService, desk: Desk, forum_id: UUID, row: ForumMember
) -> MemberWritten:
    """The member as changed, with the forum's version now."""
    return MemberWritten(
        member=MemberOut.of(row), version=forums.forum(desk.actor, forum_id).version
    )


class ForumApiController(Controller):
    path = "/api/forums"
    tags = ("forum",)
    opt = {"feature": "forum"}
    guards = [STAFF_ONLY]
    dependencies = DEPENDENCIES

    @get("/", name="api:forums", **READ_LIST)
    def list_(self, desk: Here, forums: Forums) -> ForumPageOut:
        """The forums in the caller's reach, by area then name (``page``), and the area nodes
        a new forum may be formed on."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:forums")
        rows, fields = page_of(forums.forums(desk.actor), wanted.page, here)
        areas = areas_for_forums(forums.session, desk.actor)
        return ForumPageOut(
            items=[ForumOut.of(forum, area) for forum, area in rows],
            areas=[AreaOut.of(a) for a in areas],
            **fields,
        )

    @post("/", name="api:forum_create", **CREATE, **declared(body=ForumIn))
    def create(self, desk: Here, forums: Forums, data: JsonBody = None) -> ForumDetailOut:
        """Form a forum on an area node in the caller's reach (422 beside ``area_id`` else)."""
        forum = forums.create(desk.actor, validate(ForumIn, data))
        return detail(forums, forum)

    @get(
        "/calendar",
        sync_to_thread=True,
        name="api:forum_calendar",
        **documented(404, 422),
        **declared(query=CALENDAR_QUERY),
    )
    def month(self, desk: Here, forums: Forums) -> CalendarOut:
        """The activities of a month in the forums of the caller's reach (or of one area
        node), by time, as the calendar page shows them."""
        found = calendar(forums.session, desk.actor, dict(desk.request.query_params), utcnow())
        entries = [entry for _day, day_entries in found.days for entry in day_entries]
        return CalendarOut(
            month=f"{found.month:%Y-%m}",
            area=AreaOut.of(found.area) if found.area else None,
            previous=found.previous,
            next=found.next,
            areas=[AreaOut.of(a) for a in found.areas],
            activities=[
                CalendarEntryOut(
                    **ActivityOut.fields_of(e.activity),
                    forum_name=e.forum.name,
                    area_name=e.area_name,
                )
                for e in entries
            ],
        )

    @get("/{forum_id:uuid}", sync_to_thread=True, name="api:forum", **documented(404))
    def one(self, desk: Here, forums: Forums, forum_id: ForumId) -> ForumDetailOut:
        """One forum, its version, and whom its roster may take."""
        return detail(forums, forums.forum(desk.actor, forum_id))

    @put("/{forum_id:uuid}", name="api:forum_edit", **WRITE, **declared(body=ForumEditIn))
    def edit(
        self, desk: Here, forums: Forums, forum_id: ForumId, data: JsonBody = None
    ) -> ForumDetailOut:
        """Its name, model, meeting place and formation day (the same details again change
        nothing)."""
        body = validate(ForumEditIn, data)
        return detail(forums, forums.edit(desk.actor, forum_id, body.details(), body.version))

    @get("/{forum_id:uuid}/members", name="api:forum_members", **READ_LIST)
    def roster(self, desk: Here, forums: Forums, forum_id: ForumId) -> MemberPageOut:
        """The roster over time: who serves now (by seat), then who served (``ended_on``)."""
        forum = forums.forum(desk.actor, forum_id)
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:forum_members", forum_id=forum_id)
        rows, fields = page_of(forums.roster(forum), wanted.page, here)
        return MemberPageOut(items=[MemberOut.of(m) for m in rows], **fields)

    @post(
        "/{forum_id:uuid}/members", name="api:forum_add_member", **CREATE, **declared(body=MemberIn)
    )
    def add_member(
        self, desk: Here, forums: Forums, forum_id: ForumId, data: JsonBody = None
    ) -> MemberWritten:
        """A member in one seat (ketua, wakil ketua and sekretaris one at a time; nobody
        twice at once)."""
        body = validate(MemberIn, data)
        row = forums.add_member(desk.actor, forum_id, body, body.version)
        return member_written(forums, desk, forum_id, row)

    @post(
        "/{forum_id:uuid}/members/{member_id:uuid}/end",
        name="api:forum_end_member",
        **WRITE,
        **declared(body=EndIn),
    )
    def end_member(
        self,
        desk: Here,
        forums: Forums,
        forum_id: ForumId,
        member_id: FromPath[UUID],
        data: JsonBody = None,
    ) -> MemberWritten:
        """End a member's service (their row stays, with the day and the reason)."""
        body = validate(EndIn, data)
        row = forums.end_member(desk.actor, forum_id, member_id, body, body.version)
        return member_written(forums, desk, forum_id, row)

    @post(
        "/{forum_id:uuid}/members/{member_id:uuid}/move",
        name="api:forum_move_member",
        **WRITE,
        **declared(body=MoveIn),
    )
    def move_member(
        self,
        desk: Here,
        forums: Forums,
        forum_id: ForumId,
        member_id: FromPath[UUID],
        data: JsonBody = None,
    ) -> MemberWritten:
        """Move a serving member to another seat: the answer is the new seat's row."""
        body = validate(MoveIn, data)
        row = forums.move_member(desk.actor, forum_id, member_id, body, body.version)
        return member_written(forums, desk, forum_id, row)

    @get("/{forum_id:uuid}/events", name="api:forum_events", **READ_LIST)
    def history(self, desk: Here, forums: Forums, forum_id: ForumId) -> ForumEventPageOut:
        """The forum's chained history, the newest first (its latest hundred changes)."""
        forum = forums.forum(desk.actor, forum_id)
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:forum_events", forum_id=forum_id)
        rows, fields = page_of(forums.history(forum), wanted.page, here)
        return ForumEventPageOut(items=[ForumEventOut.of(e, n) for e, n in rows], **fields)

    @get("/{forum_id:uuid}/activities", name="api:forum_activities", **READ_LIST)
    def activity_list(
        self,
        desk: Here,
        forums: Forums,
        activities: NamedDependency[ActivityService],
        forum_id: ForumId,
    ) -> ActivityPageOut:
        """The forum's activities, the latest first (one whole: ``/api/forums/activities/…``)."""
        forum = forums.forum(desk.actor, forum_id)
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:forum_activities", forum_id=forum_id)
        rows, fields = page_of(activities.activities(forum), wanted.page, here)
        return ActivityPageOut(items=[ActivityOut.of(a) for a in rows], **fields)

    @post(
        "/{forum_id:uuid}/activities",
        name="api:forum_schedule",
        **CREATE,
        **declared(body=ActivityIn),
    )
    def schedule(
        self,
        desk: Here,
        forums: Forums,
        activities: NamedDependency[ActivityService],
        forum_id: ForumId,
        data: JsonBody = None,
    ) -> ActivityWritten:
        """Schedule an activity (the members with an address are told of a coming one)."""
        body = validate(ActivityIn, data)
        row = activities.schedule(desk.actor, forum_id, body, body.version)
        version = forums.forum(desk.actor, forum_id).version
        return ActivityWritten(activity=ActivityOut.of(row), version=version)

    @get("/{forum_id:uuid}/aspirations", name="api:forum_aspirations", **READ_LIST)
    def open_aspirations(
        self,
        desk: Here,
        forums: Forums,
        aspirations: NamedDependency[AspirationService],
        forum_id: ForumId,
    ) -> AspirationPageOut:
        """The forum's aspirations still open or in progress, the earliest due first (every
        aspiration of an activity, finished ones too, is in the activity's answer)."""
        forum = forums.forum(desk.actor, forum_id)
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:forum_aspirations", forum_id=forum_id)
        rows, fields = page_of(aspirations.open_of(forum), wanted.page, here)
        return AspirationPageOut(items=[AspirationOut.of(a) for a in rows], **fields)
