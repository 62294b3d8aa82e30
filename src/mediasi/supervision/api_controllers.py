"""``/api/supervision``: the supervisor's desk as JSON — the review queue and the overdue cases
a page at a time, the desk's figures, and the area's audit trail — for supervisors only,
within the area they oversee, as the desk page.

Accepting or returning an escalation is a step of the case:
``POST /api/cases/{id}/transitions/accept_escalation`` (``decision_note``) or
``…/return_escalation`` (``instructions``, the reason the officer reads)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency, Provide

from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.audit.api_schemas import trail_events
from mediasi.audit.export import trail_rows
from mediasi.cases.desk import Desk
from mediasi.db.base import utcnow
from mediasi.i18n import _
from mediasi.supervision.api_schemas import (
    DeskCaseOut,
    DeskFiguresOut,
    OverduePageOut,
    ReviewItemOut,
    ReviewPageOut,
    TrailExportOut,
)
from mediasi.supervision.controllers import provide_supervision_queries
from mediasi.supervision.queries import SupervisionQueries, events_in_scope
from mediasi.supervision.schemas import AREA_TRAIL_QUERY, AreaTrailQuery
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import declared
from mediasi.web.paging import PAGE, PageQuery, page_fields

Queries = NamedDependency[SupervisionQueries]
SUPERVISORS_ONLY = requires(Role.SUPERVISOR, refusal=_("Meja pengawas hanya untuk pengawas."))


class SupervisionApiController(Controller):
    path = "/api/supervision"
    tags = ("supervision",)
    opt = {"feature": "supervision"}
    guards = [SUPERVISORS_ONLY]
    dependencies = {"queries": Provide(provide_supervision_queries, sync_to_thread=False)}

    @get(
        "/queue",
        sync_to_thread=True,
        name="api:review_queue",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def queue(self, desk: NamedDependency[Desk], queries: Queries) -> ReviewPageOut:
        """Escalations awaiting a decision in the caller's area, the longest waiting first,
        20 a page (``page``)."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        items, span = queries.review_page(desk.actor, wanted.page)
        now, here = utcnow(), desk.request.app.route_reverse("api:review_queue")
        return ReviewPageOut(
            items=[ReviewItemOut.of(item, queries.registry, now) for item in items],
            **page_fields(here, span),
        )

    @get(
        "/overdue",
        sync_to_thread=True,
        name="api:overdue",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def overdue(self, desk: NamedDependency[Desk], queries: Queries) -> OverduePageOut:
        """Open cases past their deadline (not paused) in the caller's area, the longest
        overdue first, 20 a page (``page``)."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        now = utcnow()
        rows, span = queries.overdue_page(desk.actor, now, wanted.page)
        here = desk.request.app.route_reverse("api:overdue")
        return OverduePageOut(
            items=[DeskCaseOut.of(row, queries.registry, now) for row in rows],
            **page_fields(here, span),
        )

    @get("/figures", sync_to_thread=True, name="api:desk_figures", **documented())
    def figures(self, desk: NamedDependency[Desk], queries: Queries) -> DeskFiguresOut:
        """The desk's numbers: escalations awaiting review, overdue cases, and each officer
        holding a desa in the area with their open, overdue and agreed-this-month cases."""
        return DeskFiguresOut.of(queries.figures(desk.actor, utcnow()))

    @get(
        "/export",
        sync_to_thread=True,
        name="api:desk_export",
        **documented(422),
        **declared(query=AREA_TRAIL_QUERY),
    )
    def export(self, desk: NamedDependency[Desk], queries: Queries) -> TrailExportOut:
        """Every event of the area's cases (or one ``desa``'s) from ``start`` to ``end``, with
        the hashes, as the desk's JSON export; each case's events in order."""
        wanted = validate(AreaTrailQuery, dict(desk.request.query_params))
        events = events_in_scope(
            queries.session, desk.actor, wanted.begins, wanted.ends, wanted.desa
        )
        return TrailExportOut(
            start=wanted.start,
            end=wanted.end,
            desa=wanted.desa,
            events=trail_events(trail_rows(events)),
        )
