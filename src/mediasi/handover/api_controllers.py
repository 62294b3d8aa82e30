"""``/api/handovers``: the handover page (``/serah-terima``) as JSON, for supervisors and admins
within their reach: the desa with the officer holding each, the officers a desa may go to,
the handovers made, and handing a desa over through the page's service (a desa or officer
outside one's reach 422 naming the field; the desa's holder changed meanwhile 409)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.status_codes import HTTP_201_CREATED
from pydantic import BaseModel, Field

from mediasi.cases.desk import Desk
from mediasi.handover.controllers import SUPERVISORS_OR_ADMINS, provide_handover_service
from mediasi.handover.models import Handover
from mediasi.handover.queries import HandoverQueries, HandoverRow
from mediasi.handover.schemas import HandoverForm
from mediasi.handover.services import HandoverService
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared, with_example
from mediasi.web.paging import PAGE, PageOut, PageQuery, Span, page_fields, page_of

Handovers = NamedDependency[HandoverService]


class HandoverIn(HandoverForm):
    """Which desa, to which officer, why; ``from_officer_id`` the holder the caller saw
    (none for a desa without an officer): another handover meanwhile makes it a 409."""

    model_config = with_example(
        {
            "desa_id": "6f1c2d3e-0000-4000-8000-00000000000a",
            "to_officer_id": "6f1c2d3e-0000-4000-8000-00000000000b",
            "from_officer_id": "6f1c2d3e-0000-4000-8000-00000000000c",
            "reason": "Mutasi ke Polsek Kepanjen",
        }
    )


class DesaOut(BaseModel):
    id: UUID
    name: str = Field(examples=["Ngadilangkung"])
    officer_id: UUID | None = Field(description="The officer holding it now (none: vacant).")
    officer_name: str | None


class DesaPageOut(PageOut):
    items: list[DesaOut]


class OfficerOut(BaseModel):
    id: UUID
    name: str = Field(examples=["Bripka Sugeng"])
    area_id: UUID | None = Field(description="Their Polsek.")


class OfficerPageOut(PageOut):
    items: list[OfficerOut]


class HandoverOut(BaseModel):
    id: UUID
    desa_id: UUID
    from_officer_id: UUID | None
    to_officer_id: UUID
    by_user_id: UUID
    reason: str
    made_at: datetime
    cases_moved: int
    sessions_moved: int
    signatures_pending: int

    @classmethod
    def of(cls, row: Handover) -> HandoverOut:
        return cls(
            id=row.id,
            desa_id=row.desa_id,
            from_officer_id=row.from_officer_id,
            to_officer_id=row.to_officer_id,
            by_user_id=row.by_user_id,
            reason=row.reason,
            made_at=row.created_at,
            cases_moved=row.cases_moved,
            sessions_moved=row.sessions_moved,
            signatures_pending=row.signatures_pending,
        )


class HandoverRowOut(HandoverOut):
    desa_name: str
    from_name: str | None
    to_name: str
    by_name: str

    @classmethod
    def of_row(cls, row: HandoverRow) -> HandoverRowOut:
        names = {
            "desa_name": row.desa_name,
            "from_name": row.from_name,
            "to_name": row.to_name,
            "by_name": row.by_name,
        }
        return cls(**HandoverOut.of(row.handover).model_dump(), **names)


class HandoverPageOut(PageOut):
    items: list[HandoverRowOut]


class HandoverApiController(Controller):
    path = "/api/handovers"
    tags = ("handover",)
    opt = {"feature": "handover"}
    guards = [SUPERVISORS_OR_ADMINS]
    dependencies = {"handovers": Provide(provide_handover_service, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:handovers",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def made(self, desk: NamedDependency[Desk], handovers: Handovers) -> HandoverPageOut:
        """The handovers of desa in the caller's reach, the latest first, 20 a page."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        queries = HandoverQueries(handovers.session)
        span = Span.of(queries.count_in_reach(desk.actor), wanted.page)
        rows = queries.made_in_reach(desk.actor, span.size, span.offset)
        here = desk.request.app.route_reverse("api:handovers")
        return HandoverPageOut(
            items=[HandoverRowOut.of_row(r) for r in rows], **page_fields(here, span)
        )

    @get(
        "/desa",
        sync_to_thread=True,
        name="api:handover_desa",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def desa(self, desk: NamedDependency[Desk], handovers: Handovers) -> DesaPageOut:
        """The desa the caller may hand over, by name, each with the officer holding it."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        held = HandoverQueries(handovers.session).desa_in_reach(desk.actor)
        here = desk.request.app.route_reverse("api:handover_desa")
        rows, fields = page_of(held, wanted.page, here)
        items = [
            DesaOut(
                id=h.desa.id, name=h.desa.name, officer_id=h.officer_id, officer_name=h.officer_name
            )
            for h in rows
        ]
        return DesaPageOut(items=items, **fields)

    @get(
        "/officers",
        sync_to_thread=True,
        name="api:handover_officers",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def officers(self, desk: NamedDependency[Desk], handovers: Handovers) -> OfficerPageOut:
        """The active officers a desa in the caller's reach may go to, by name."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        people = HandoverQueries(handovers.session).officers_in_reach(desk.actor)
        here = desk.request.app.route_reverse("api:handover_officers")
        rows, fields = page_of(people, wanted.page, here)
        items = [OfficerOut(id=u.id, name=u.full_name, area_id=u.area_id) for u in rows]
        return OfficerPageOut(items=items, **fields)

    @post(
        "/",
        sync_to_thread=True,
        name="api:handover",
        status_code=HTTP_201_CREATED,
        **documented(writes=True),
        **declared(body=HandoverIn),
    )
    def hand_over(
        self, desk: NamedDependency[Desk], handovers: Handovers, data: JsonBody = None
    ) -> HandoverOut:
        """Hand a desa over: the desa, its open cases (with their sessions and pending
        signatures) and the old officer's follow-ups on them go to the successor, at once."""
        return HandoverOut.of(handovers.hand_over(desk.actor, validate(HandoverIn, data)))
