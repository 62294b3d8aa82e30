"""The home page: each role starts from what it needs to do today."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby
from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency

from mediasi import i18n
from mediasi.cases.desk import Desk
from mediasi.cases.pages import activity_label
from mediasi.db.base import utcnow
from mediasi.followups.queries import agenda
from mediasi.forum.calendar import upcoming
from mediasi.handover.queries import HandoverQueries
from mediasi.web.render import render

# How long a handover an officer received stays on their home page.
RECENT_HANDOVER_DAYS = 30


class HomeController(Controller):
    @get("/", sync_to_thread=True, name="home")
    def home(self, desk: NamedDependency[Desk]) -> Any:
        now = utcnow()
        request, actor, case_queries = desk.request, desk.actor, desk.case_queries
        registry = desk.case_service.engine.registry
        open_cases = case_queries.my_open_cases(actor)

        def state_order(row: Any) -> tuple[str, int]:
            spec = registry.get(row.case.workflow, row.case.workflow_version)
            return (row.case.workflow, list(spec.states).index(row.case.state))

        grouped = [
            (
                registry.get(rows[0].case.workflow, rows[0].case.workflow_version),
                rows[0].case.state,
                rows,
            )
            for key, group in groupby(sorted(open_cases, key=state_order), key=state_order)
            for rows in [list(group)]
        ]
        today, overdue = case_queries.due(actor, now)
        returned = case_queries.returned(open_cases)
        return render(
            request,
            "home.html",
            grouped=grouped,
            open_count=len(open_cases),
            returned=returned,
            returned_rows=[row for row in open_cases if row.case.id in returned],
            due_today=today,
            overdue=overdue,
            activity=[
                {
                    "event": item.event,
                    "reference": item.reference,
                    "case_id": item.case_id,
                    "actor": item.actor,
                    "label": activity_label(
                        registry,
                        item.workflow,
                        item.workflow_version,
                        item.event.trigger,
                        item.event.from_state,
                    ),
                }
                for item in case_queries.recent_activity(actor)
            ],
            specs={(s.name, s.version): s for s in registry.all()},
            forum_upcoming=upcoming(desk.case_service.session, actor, now),
            follow_ups=agenda(
                desk.case_service.session, actor, now.astimezone(i18n.timezone()).date()
            ),
            handovers=HandoverQueries(desk.case_service.session).received(
                actor, now - timedelta(days=RECENT_HANDOVER_DAYS)
            ),
        )
