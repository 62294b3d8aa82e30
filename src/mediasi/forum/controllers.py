""" "Forum kemitraan": the forums in reach, one forum's page (its roster and activities), and
the calendar. Officers and supervisors only; which forums is the services' area check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody

from mediasi.accounts.actor import Actor
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.cases.forms import expected_version
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.forum import kinds
from mediasi.forum.access import areas_for_forums
from mediasi.forum.activities import ActivityService
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.calendar import Calendar, calendar
from mediasi.forum.schemas import ActivityForm, EndService, ForumForm, MemberForm, MovePosition
from mediasi.forum.services import ForumService
from mediasi.i18n import _
from mediasi.validation import validate
from mediasi.web.forms import Failure, form_fields, submit
from mediasi.web.render import go, render

Form = URLEncodedBody[dict[str, Any]]
Forums = NamedDependency[ForumService]
Me = NamedDependency[Actor]
STAFF_ONLY = requires(
    Role.OFFICER, Role.SUPERVISOR, refusal=_("Forum kemitraan hanya untuk petugas dan pengawas.")
)
LABELS: dict[str, Any] = {
    "bases": kinds.BASES,
    "person_kinds": kinds.PERSON_KINDS,
    "elements": kinds.ELEMENTS,
    "positions": kinds.POSITIONS,
    "activity_kinds": kinds.ACTIVITY_KINDS,
    "activity_statuses": kinds.ACTIVITY_STATUSES,
    "aspiration_kinds": kinds.ASPIRATION_KINDS,
    "follow_up": kinds.FOLLOW_UP,
    "event_labels": kinds.EVENTS,
}


def provide_forums(case_service: NamedDependency[CaseService]) -> ForumService:
    return ForumService(case_service.session, case_service.clock)


def provide_activities(
    request: Request[Any, Any, Any], case_service: NamedDependency[CaseService]
) -> ActivityService:
    settings = request.app.state.settings
    return ActivityService(case_service.session, settings, case_service.clock)


def provide_aspirations(case_service: NamedDependency[CaseService]) -> AspirationService:
    return AspirationService(case_service)


DEPENDENCIES = {
    "forums": Provide(provide_forums, sync_to_thread=False),
    "activities": Provide(provide_activities, sync_to_thread=False),
    "aspirations": Provide(provide_aspirations, sync_to_thread=False),
}


def _list(
    request: Request[Any, Any, Any],
    forums: ForumService,
    actor: Actor,
    status: int = 200,
    **extra: Any,
) -> Response[Any]:
    context: dict[str, Any] = {"errors": {}, "values": {}, "message": None, **extra}
    return render(
        request,
        "forum/list.html",
        status=status,
        forums=forums.forums(actor),
        areas=areas_for_forums(forums.session, actor),
        **LABELS,
        **context,
    )


def _page(
    request: Request[Any, Any, Any],
    forums: ForumService,
    activities: ActivityService,
    actor: Actor,
    forum_id: UUID,
    status: int = 200,
    **extra: Any,
) -> Response[Any]:
    forum = forums.forum(actor, forum_id)
    context: dict[str, Any] = {"errors": {}, "values": {}, "form": None, "message": None, **extra}
    roster = forums.roster(forum)
    return render(
        request,
        "forum/page.html",
        status=status,
        forum=forum,
        area=forums.area_of(forum),
        serving=[m for m in roster if m.ended_on is None],
        former=[m for m in roster if m.ended_on is not None],
        activities=activities.activities(forum),
        history=forums.history(forum),
        tokoh=forums.tokoh_choices(forum),
        officers=forums.officer_choices(forum),
        **LABELS,
        **context,
    )


def page_version(values: dict[str, Any]) -> int | None:
    """The forum version the page showed, taken out of the posted fields: every form of the
    forum pages carries it, so a change made from a page opened before someone else's is
    refused (409, nothing written) instead of overwriting it. A post without one (no page of
    ours sends that) still meets the version lock at flush."""
    if "version" not in values:
        return None
    return expected_version({"version": values.pop("version")})


def _changed(
    request: Request[Any, Any, Any],
    forums: ForumService,
    activities: ActivityService,
    actor: Actor,
    forum_id: UUID,
    data: dict[str, Any],
    form: str,
    act: Callable[[dict[str, Any], int | None], Any],
) -> Response[Any]:
    """One change to one forum: back to its page at the changed part, or the page again with
    the form's errors beside its fields and what was typed."""
    values = form_fields(data)
    anchor = {"edit": "forum", "schedule": "activities"}.get(form, "roster")

    def done(_: Any) -> Response[Any]:
        page = request.app.route_reverse("forum:page", forum_id=forum_id)
        return go(request, f"{page}#{anchor}")

    def refused(failure: Failure) -> Response[Any]:
        return _page(
            request,
            forums,
            activities,
            actor,
            forum_id,
            failure.status,
            errors=failure.errors,
            values=dict(failure.values),
            form=form,
            message=failure.message,
        )

    def attempt() -> Any:
        version = page_version(values)
        return act(values, version)

    return submit(attempt, values=values, success=done, failure=refused)


class ForumController(Controller):
    path = "/forum"
    guards = [STAFF_ONLY]
    dependencies = DEPENDENCIES

    @get("/", name="forum:list", sync_to_thread=True)
    def list_(self, request: Request[Any, Any, Any], forums: Forums, actor: Me) -> Response[Any]:
        return _list(request, forums, actor)

    @post("/", name="forum:create", sync_to_thread=True)
    def create(
        self, request: Request[Any, Any, Any], forums: Forums, actor: Me, data: Form
    ) -> Response[Any]:
        values = form_fields(data)

        def done(forum: Any) -> Response[Any]:
            return go(request, request.app.route_reverse("forum:page", forum_id=forum.id))

        def refused(failure: Failure) -> Response[Any]:
            return _list(
                request,
                forums,
                actor,
                failure.status,
                errors=failure.errors,
                values=dict(failure.values),
                message=failure.message,
            )

        return submit(
            lambda: forums.create(actor, validate(ForumForm, values)),
            values=values,
            success=done,
            failure=refused,
        )

    @get("/kalender", name="forum:calendar", sync_to_thread=True)
    def calendar(self, request: Request[Any, Any, Any], forums: Forums, actor: Me) -> Response[Any]:
        params = dict(request.query_params)
        shown = {
            k: v
            for k in ("month", "area")
            if isinstance(v := params.get(k), str) and len(v) <= 40 and v.isprintable()
        }

        def shown_calendar(found: Calendar) -> Response[Any]:
            return render(
                request, "forum/calendar.html", cal=found, values=shown, errors={}, **LABELS
            )

        def refused(failure: Failure) -> Response[Any]:
            return render(
                request,
                "forum/calendar.html",
                status=failure.status,
                cal=None,
                values=shown,
                errors=failure.errors,
                **LABELS,
            )

        return submit(
            lambda: calendar(forums.session, actor, params, utcnow()),
            values=shown,
            success=shown_calendar,
            failure=refused,
        )

    @get("/{forum_id:uuid}", name="forum:page", sync_to_thread=True)
    def page(
        self,
        request: Request[Any, Any, Any],
        forums: Forums,
        activities: NamedDependency[ActivityService],
        actor: Me,
        forum_id: FromPath[UUID],
    ) -> Response[Any]:
        return _page(request, forums, activities, actor, forum_id)

    @post("/{forum_id:uuid}", name="forum:edit", sync_to_thread=True)
    def edit(
        self,
        request: Request[Any, Any, Any],
        forums: Forums,
        activities: NamedDependency[ActivityService],
        actor: Me,
        forum_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _changed(
            request,
            forums,
            activities,
            actor,
            forum_id,
            data,
            "edit",
            lambda values, seen: forums.edit(actor, forum_id, validate(ForumForm, values), seen),
        )

    @post("/{forum_id:uuid}/anggota", name="forum:add_member", sync_to_thread=True)
    def add_member(
        self,
        request: Request[Any, Any, Any],
        forums: Forums,
        activities: NamedDependency[ActivityService],
        actor: Me,
        forum_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _changed(
            request,
            forums,
            activities,
            actor,
            forum_id,
            data,
            "member",
            lambda values, seen: forums.add_member(
                actor, forum_id, validate(MemberForm, values), seen
            ),
        )

    @post(
        "/{forum_id:uuid}/anggota/{member_id:uuid}/akhiri",
        name="forum:end_member",
        sync_to_thread=True,
    )
    def end_member(
        self,
        request: Request[Any, Any, Any],
        forums: Forums,
        activities: NamedDependency[ActivityService],
        actor: Me,
        forum_id: FromPath[UUID],
        member_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _changed(
            request,
            forums,
            activities,
            actor,
            forum_id,
            data,
            f"end-{member_id}",
            lambda values, seen: forums.end_member(
                actor, forum_id, member_id, validate(EndService, values), seen
            ),
        )

    @post(
        "/{forum_id:uuid}/anggota/{member_id:uuid}/jabatan",
        name="forum:move_member",
        sync_to_thread=True,
    )
    def move_member(
        self,
        request: Request[Any, Any, Any],
        forums: Forums,
        activities: NamedDependency[ActivityService],
        actor: Me,
        forum_id: FromPath[UUID],
        member_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _changed(
            request,
            forums,
            activities,
            actor,
            forum_id,
            data,
            f"move-{member_id}",
            lambda values, seen: forums.move_member(
                actor, forum_id, member_id, validate(MovePosition, values), seen
            ),
        )

    @post("/{forum_id:uuid}/kegiatan", name="forum:schedule", sync_to_thread=True)
    def schedule(
        self,
        request: Request[Any, Any, Any],
        forums: Forums,
        activities: NamedDependency[ActivityService],
        actor: Me,
        forum_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _changed(
            request,
            forums,
            activities,
            actor,
            forum_id,
            data,
            "schedule",
            lambda values, seen: activities.schedule(
                actor, forum_id, validate(ActivityForm, values), seen
            ),
        )
