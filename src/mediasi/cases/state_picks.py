"""The states the workflow files mark (final, review, the agreement's step), as SQL conditions
over a stay's (or the case row's) own workflow version: what the statistics count by, and
what the monthly roll-up (:mod:`mediasi.cases.rollup`) is kept by, so both say the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, false, or_, select
from sqlalchemy.orm import aliased

from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import StateSpec, WorkflowSpec

StatePick = Callable[[WorkflowSpec, StateSpec], bool]


def states_where(
    registry: WorkflowRegistry,
    state: SQLColumnExpression[Any],
    wanted: StatePick,
    *,
    workflow: SQLColumnExpression[Any] | None = None,
    version: SQLColumnExpression[Any] | None = None,
) -> ColumnElement[bool]:
    """``state`` (a column naming a state of the case's workflow version, by default the
    case row's) is one ``wanted`` picks; one clause per workflow version, so a state counts
    as its own version's file declares it."""
    named = Case.workflow if workflow is None else workflow
    numbered = Case.workflow_version if version is None else version
    clauses = [
        and_(
            named == spec.name,
            numbered == spec.version,
            state.in_(names),
        )
        for spec in registry.all()
        if (names := [name for name, st in spec.states.items() if wanted(spec, st)])
    ]
    return or_(*clauses) if clauses else false()


def stay_in(
    registry: WorkflowRegistry,
    wanted: StatePick,
    stay: type[CaseStay] = CaseStay,
    state: SQLColumnExpression[Any] | None = None,
) -> ColumnElement[bool]:
    """The stay's state (or ``state``, another of its columns naming one) is one ``wanted``
    picks in the stay's own workflow version."""
    named = stay.state if state is None else state
    return states_where(registry, named, wanted, workflow=stay.workflow, version=stay.version)


def is_final(spec: WorkflowSpec, state: StateSpec) -> bool:
    return state.final


def is_escalation(spec: WorkflowSpec, state: StateSpec) -> bool:
    """A state where the case waits for a supervisor's decision on it, other than approving
    a settlement already reached (a restorative settlement awaiting approval is no
    escalation: it has not failed)."""
    return state.review and not state.settlement


def agreement_step(registry: WorkflowRegistry, stay: type[CaseStay] = CaseStay) -> Any:
    """The stay was entered by the step its workflow version records the signed agreement
    with."""
    clauses = [
        and_(
            stay.workflow == spec.name,
            stay.version == spec.version,
            stay.entered_by == step.trigger,
            stay.state == step.dest,
        )
        for spec in registry.all()
        if (step := spec.agreement_transition()) is not None
    ]
    return or_(*clauses) if clauses else false()


def escalated_before(registry: WorkflowRegistry, stay: type[CaseStay] = CaseStay) -> Any:
    """The stay's case had a stay (after its report) in an escalation state. A scalar
    subquery, looked up per stay by the case's key: as an EXISTS, PostgreSQL read every review
    stay of the table into a hash first."""
    earlier = aliased(CaseStay)
    return (
        select(earlier.entered_seq)
        .where(
            earlier.case_id == stay.case_id,
            earlier.entered_seq > 1,
            stay_in(registry, is_escalation, earlier),
        )
        .limit(1)
        .scalar_subquery()
        .is_not(None)
    )


def reported_at(stay: type[CaseStay] = CaseStay) -> Any:
    """When the stay's case was reported: its first stay's beginning."""
    report = aliased(CaseStay)
    return (
        select(report.entered_at)
        .where(report.case_id == stay.case_id, report.entered_seq == 1)
        .scalar_subquery()
    )
