"""``/statistik``: the statistics page for supervisors (their area, drilling down) and
officers (their desa). A wrong period, workflow or category is said beside its filter (422);
an area out of reach is not found (404)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.cases.desk import Desk
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.forum.kinds import ACTIVITY_KINDS
from mediasi.i18n import _, format_date, timezone
from mediasi.reports.period import PeriodKind, value_of
from mediasi.statistics.charts import charts_of
from mediasi.statistics.definitions import DEFINITIONS, OBLIGATION_LABELS, OUTCOME_LABELS
from mediasi.statistics.service import Answer, StatisticsService
from mediasi.web.errors import language
from mediasi.web.forms import Failure, submit
from mediasi.web.render import render
from mediasi.workflow.spec import CLOSED_OUTCOMES

Service = NamedDependency[StatisticsService]
CASE_WORKERS_ONLY = requires(
    Role.OFFICER, Role.SUPERVISOR, refusal=_("Statistik hanya untuk petugas dan pengawas.")
)
PAGE = "statistics/page.html"
FILTERS = ("period", "value", "start", "end", "area", "workflow", "category")
BESIDE = ("period", "value", "start", "end", "workflow", "category")  # the area has no input
SHOWN_LENGTH = 40


def provide_statistics(case_service: NamedDependency[CaseService]) -> StatisticsService:
    return StatisticsService(case_service.session, case_service.engine.registry, str(timezone()))


def shown_filters(params: dict[str, Any]) -> dict[str, str]:
    """The filters as typed, to show again beside their errors (only what an input holds)."""
    return {
        name: value
        for name in FILTERS
        if isinstance(value := params.get(name), str)
        and len(value) <= SHOWN_LENGTH
        and value.isprintable()
    }


def asked(answer: Answer) -> dict[str, str]:
    """The query as understood, each filter once: a month, quarter or year by its value, a
    range by its days; the page's links and form start from it."""
    query, period = answer.query, answer.statistics.figures.period
    values = {
        name: str(value)
        for name in ("area", "workflow", "category")
        if (value := getattr(query, name)) is not None
    }
    values["period"] = query.period.value
    if query.period is PeriodKind.RANGE:
        values.update(start=period.start.isoformat(), end=period.end.isoformat())
    else:
        values["value"] = value_of(query.period, period.start)
    return values


class StatisticsController(Controller):
    path = "/statistik"
    guards = [CASE_WORKERS_ONLY]
    dependencies = {"statistics": Provide(provide_statistics, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="statistics:page")
    def page(self, desk: NamedDependency[Desk], statistics: Service) -> Response[Any]:
        params = dict(desk.request.query_params)
        shown = shown_filters(params)

        def figures(answer: Answer) -> Response[Any]:
            return self._page(desk, statistics, answer, asked(answer), {}, 200)

        def refused(failure: Failure) -> Response[Any]:
            return self._page(desk, statistics, None, shown, failure.errors, failure.status)

        return submit(
            lambda: statistics.statistics(desk.actor, params, utcnow()),
            success=figures,
            failure=refused,
            values=shown,
        )

    @staticmethod
    def _page(
        desk: Desk,
        statistics: StatisticsService,
        answer: Answer | None,
        values: dict[str, Any],
        errors: dict[str, Any],
        status: int,
    ) -> Response[Any]:
        lang = language(desk.request)
        latest = statistics.workflows()
        return render(
            desk.request,
            PAGE,
            status=status,
            answer=answer,
            stats=answer.statistics if answer else None,
            charts=charts_of(answer.statistics, lang) if answer else [],
            values=values,
            errors=errors,
            others={n: e for n, e in errors.items() if n not in BESIDE},
            kinds=list(PeriodKind),
            workflows=latest,
            workflow_labels={spec.name: spec.label for spec in latest},
            state_specs={(spec.name, n): st for spec in latest for n, st in spec.states.items()},
            month_label=lambda first: format_date(first, lang, "MMM y"),
            categories=statistics.categories(values.get("workflow") if answer else None),
            definitions=DEFINITIONS,
            outcomes=CLOSED_OUTCOMES,
            outcome_labels=OUTCOME_LABELS,
            obligation_labels=OBLIGATION_LABELS,
            forum_kinds=ACTIVITY_KINDS,
        )
