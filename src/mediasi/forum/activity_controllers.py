"""One forum activity's page: recording how it went (attendance, residents, minutes), its
photos, and the aspirations raised there with their follow-up and the step into a case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, MultipartBody, URLEncodedBody

from mediasi.accounts.actor import Actor
from mediasi.cases.models import Case
from mediasi.forum.activities import (
    BODY_LIMIT,
    MAX_PHOTO_BYTES,
    PER_ACTIVITY,
    PHOTO_FIELD,
    ActivityService,
)
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.controllers import DEPENDENCIES, LABELS, STAFF_ONLY, page_version
from mediasi.forum.schemas import AspirationForm, CaseForm, ProgressForm, record_form
from mediasi.uploads import posted_files
from mediasi.validation import validate
from mediasi.web.downloads import inline
from mediasi.web.forms import Failure, first, form_fields, submit
from mediasi.web.render import go, render

Form = URLEncodedBody[dict[str, Any]]
Multipart = MultipartBody[dict[str, Any]]
Activities = NamedDependency[ActivityService]
Aspirations = NamedDependency[AspirationService]
Me = NamedDependency[Actor]


def _many(data: dict[str, Any], name: str) -> list[Any]:
    """A field that may be sent many times (the ticked members), as a list."""
    value = data.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _page(
    request: Request[Any, Any, Any],
    activities: ActivityService,
    aspirations: AspirationService,
    actor: Actor,
    activity_id: UUID,
    status: int = 200,
    **extra: Any,
) -> Response[Any]:
    forum, activity = activities.activity(actor, activity_id)
    context: dict[str, Any] = {"errors": {}, "values": {}, "form": None, "message": None, **extra}
    return render(
        request,
        "forum/activity.html",
        status=status,
        forum=forum,
        activity=activity,
        members=activities.members_on(forum, activity),
        present=activities.attendance(activity),
        photos=activities.photos(activity),
        max_photos=PER_ACTIVITY,
        aspirations=aspirations.of_activity(activity),
        topics=aspirations.topics(),
        desa=aspirations.desa_for_case(actor, forum),
        **LABELS,
        **context,
    )


def _acted(
    request: Request[Any, Any, Any],
    activities: ActivityService,
    aspirations: AspirationService,
    actor: Actor,
    activity_id: UUID,
    values: dict[str, Any],
    form: str,
    act: Callable[[int | None], Any],
) -> Response[Any]:
    """One action on an activity or one of its aspirations: to the case it made, or back to
    the activity; else the activity again with the form's errors and what was typed."""

    def done(result: Any) -> Response[Any]:
        if isinstance(result, Case):
            return go(request, request.app.route_reverse("cases:detail", case_id=result.id))
        page = request.app.route_reverse("forum:activity", activity_id=activity_id)
        anchor = "photos" if form == "photo" else "aspirations" if form != "record" else "record"
        return go(request, f"{page}#{anchor}")

    def refused(failure: Failure) -> Response[Any]:
        return _page(
            request,
            activities,
            aspirations,
            actor,
            activity_id,
            failure.status,
            errors=failure.errors,
            values=dict(failure.values),
            form=form,
            message=failure.message,
        )

    return submit(lambda: act(page_version(values)), values=values, success=done, failure=refused)


class ActivityController(Controller):
    path = "/forum"
    guards = [STAFF_ONLY]
    dependencies = DEPENDENCIES

    @get("/kegiatan/{activity_id:uuid}", name="forum:activity", sync_to_thread=True)
    def activity(
        self,
        request: Request[Any, Any, Any],
        activities: Activities,
        aspirations: Aspirations,
        actor: Me,
        activity_id: FromPath[UUID],
    ) -> Response[Any]:
        return _page(request, activities, aspirations, actor, activity_id)

    @post("/kegiatan/{activity_id:uuid}/catat", name="forum:record", sync_to_thread=True)
    def record(
        self,
        request: Request[Any, Any, Any],
        activities: Activities,
        aspirations: Aspirations,
        actor: Me,
        activity_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        values = {**form_fields(data), "members": _many(data, "members")}
        return _acted(
            request,
            activities,
            aspirations,
            actor,
            activity_id,
            values,
            "record",
            lambda seen: activities.record(actor, activity_id, record_form(values), seen),
        )

    @post(
        "/kegiatan/{activity_id:uuid}/foto",
        name="forum:add_photo",
        sync_to_thread=True,
        request_max_body_size=BODY_LIMIT,
    )
    def add_photo(
        self,
        request: Request[Any, Any, Any],
        activities: Activities,
        aspirations: Aspirations,
        actor: Me,
        activity_id: FromPath[UUID],
        data: Multipart,
    ) -> Response[Any]:
        return _acted(
            request,
            activities,
            aspirations,
            actor,
            activity_id,
            {k: first(v) for k, v in data.items() if k == "version"},
            "photo",
            lambda seen: activities.add_photo(
                actor, activity_id, posted_files(data, PHOTO_FIELD, MAX_PHOTO_BYTES), seen
            ),
        )

    @get(
        "/kegiatan/{activity_id:uuid}/foto/{photo_id:uuid}", name="forum:photo", sync_to_thread=True
    )
    def photo(
        self,
        activities: Activities,
        actor: Me,
        activity_id: FromPath[UUID],
        photo_id: FromPath[UUID],
    ) -> Response[bytes]:
        row = activities.photo(actor, activity_id, photo_id)
        return inline(row.data, row.media_type, row.filename, **{"X-Content-SHA256": row.sha256})

    @post("/kegiatan/{activity_id:uuid}/aspirasi", name="forum:raise", sync_to_thread=True)
    def raise_(
        self,
        request: Request[Any, Any, Any],
        activities: Activities,
        aspirations: Aspirations,
        actor: Me,
        activity_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        values = form_fields(data)
        return _acted(
            request,
            activities,
            aspirations,
            actor,
            activity_id,
            values,
            "raise",
            lambda seen: aspirations.raise_(
                actor, activity_id, validate(AspirationForm, values), seen
            ),
        )

    @post(
        "/kegiatan/{activity_id:uuid}/aspirasi/{aspiration_id:uuid}",
        name="forum:progress",
        sync_to_thread=True,
    )
    def progress(
        self,
        request: Request[Any, Any, Any],
        activities: Activities,
        aspirations: Aspirations,
        actor: Me,
        activity_id: FromPath[UUID],
        aspiration_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        values = form_fields(data)
        return _acted(
            request,
            activities,
            aspirations,
            actor,
            activity_id,
            values,
            f"progress-{aspiration_id}",
            lambda seen: aspirations.progress(
                actor, activity_id, aspiration_id, validate(ProgressForm, values), seen
            ),
        )

    @post(
        "/kegiatan/{activity_id:uuid}/aspirasi/{aspiration_id:uuid}/perkara",
        name="forum:to_case",
        sync_to_thread=True,
    )
    def to_case(
        self,
        request: Request[Any, Any, Any],
        activities: Activities,
        aspirations: Aspirations,
        actor: Me,
        activity_id: FromPath[UUID],
        aspiration_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        values = form_fields(data)
        return _acted(
            request,
            activities,
            aspirations,
            actor,
            activity_id,
            values,
            f"case-{aspiration_id}",
            lambda seen: aspirations.to_case(
                actor, activity_id, aspiration_id, validate(CaseForm, values), seen
            ),
        )
