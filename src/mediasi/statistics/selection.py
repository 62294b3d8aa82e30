"""What every statistics statement filters on: the cases in scope, of a workflow and a
category if asked, and the states the workflow files mark (final, review, with a deadline),
as SQL conditions over the case's own workflow version, on the case rows or on the stays
(:class:`~mediasi.cases.stay_model.CaseStay`, which copy the case's columns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_

from mediasi.accounts.actor import Actor
from mediasi.cases.access import visible_cases
from mediasi.cases.models import Case
from mediasi.cases.state_picks import (
    StatePick,
    is_escalation,
    is_final,
    states_where,
    stay_in,
)
from mediasi.cases.stay_model import CaseStay
from mediasi.db.planner import not_an_index_key
from mediasi.statistics.scope import Scope
from mediasi.workflow.spec import StateSpec, WorkflowSpec

__all__ = [
    "Selection",
    "StatePick",
    "ends_as",
    "has_deadline",
    "is_escalation",
    "is_final",
    "states_where",
    "stay_in",
    "within",
]


@dataclass(frozen=True)
class Selection:
    """Whose cases are counted: the actor's, within ``scope``, of ``workflow`` and
    ``category`` when given."""

    actor: Actor
    scope: Scope
    workflow: str | None = None
    category: str | None = None

    def cases(self, *, by_desa: bool = True) -> list[ColumnElement[bool]]:
        """The conditions on :class:`Case` (the actor's visibility is always one of them).
        ``by_desa=False``: SQLite is not to read the cases by their desa (a statement that
        reads a few rows of another table first and looks their cases up)."""
        desa = Case.desa_id if by_desa else not_an_index_key(Case.desa_id)
        where = [visible_cases(self.actor, in_list_order=not by_desa), self.scope.covers(desa)]
        if self.workflow is not None:
            where.append(Case.workflow == self.workflow)
        if self.category is not None:
            where.append(Case.category == self.category)
        return where

    def stays(self) -> list[ColumnElement[bool]]:
        """The same conditions on the cases' stays. The scope's desa are the actor's reach
        (:func:`~mediasi.statistics.scope.scope_of`), the areas whose cases the actor sees."""
        where = [self.scope.covers(CaseStay.desa_id)]
        if self.workflow is not None:
            where.append(CaseStay.workflow == self.workflow)
        if self.category is not None:
            where.append(CaseStay.category == self.category)
        return where


def within(
    column: SQLColumnExpression[Any], begins: datetime, ends: datetime
) -> ColumnElement[bool]:
    return and_(column >= begins, column < ends)


def has_deadline(spec: WorkflowSpec, state: StateSpec) -> bool:
    return state.deadline is not None


def ends_as(outcome: str) -> StatePick:
    return lambda spec, state: state.final and state.outcome == outcome
