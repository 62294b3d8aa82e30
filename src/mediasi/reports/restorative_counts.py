"""The restorative justice report's two reads, each one statement over the cases an actor
sees (:func:`~mediasi.cases.access.visible_cases`) that were reported within a period.

A case is *reported* when its first event (``seq`` 1, written with the case) was; a case
changes its category or state later, so the figures say where the cases of the period stand
now. Both statements run alike on SQLite and PostgreSQL: the first counts in SQL, grouped; the
second streams the checklist answers (JSON in the events' payloads) for the rules in Python,
which judge them against each case's own workflow version."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.actor import Actor
from mediasi.cases.access import visible_cases
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case

STREAMED_ROWS = 500  # payloads held at once while the checklist answers are read


@dataclass(frozen=True)
class Standing:
    """How many cases of one workflow version and category stand in one state, ended by one
    step (``ended_by``, from ``ended_from``; both None while the case is not final)."""

    version: int
    category: str
    state: str
    ended_by: str | None
    ended_from: str | None
    cases: int


def _reported_within(
    query: Select[Any], actor: Actor, workflow: str, begins: datetime, ends: datetime
) -> Select[Any]:
    """``query`` over the cases of ``workflow`` the actor sees, reported in [begins, ends)."""
    report = aliased(Event)
    return query.join(report, and_(report.case_id == Case.id, report.seq == 1)).where(
        Case.workflow == workflow,
        visible_cases(actor),
        report.created_at >= begins,
        report.created_at < ends,
    )


def standings(
    session: Session, actor: Actor, workflow: str, begins: datetime, ends: datetime
) -> list[Standing]:
    """The cases counted by version, category, state and the step that ended them."""
    ending = aliased(Event)
    ended = and_(
        Case.is_final.is_(True),
        ending.case_id == Case.id,
        ending.to_state == Case.state,
        ending.from_state != Case.state,
    )
    columns = (
        Case.workflow_version,
        Case.category,
        Case.state,
        ending.trigger,
        ending.from_state,
    )
    query = select(*columns, func.count()).select_from(Case).outerjoin(ending, ended)
    query = _reported_within(query, actor, workflow, begins, ends).group_by(*columns)
    return [
        Standing(version, category, state, ended_by, ended_from, int(cases))
        for version, category, state, ended_by, ended_from, cases in session.execute(query)
    ]


def checklist_answers(
    session: Session,
    actor: Actor,
    workflow: str,
    triggers: list[str],
    begins: datetime,
    ends: datetime,
) -> Iterator[tuple[UUID, int, dict[str, Any]]]:
    """(case id, workflow version, payload) of every event of ``triggers`` (the steps that
    record a checklist) of the period's cases, each case's in the order they were recorded."""
    query = (
        select(Case.id, Case.workflow_version, Event.payload)
        .select_from(Case)
        .join(Event, Event.case_id == Case.id)
        .where(Event.trigger.in_(triggers))
        .order_by(Case.id, Event.seq)
    )
    query = _reported_within(query, actor, workflow, begins, ends)
    yield from session.execute(query.execution_options(yield_per=STREAMED_ROWS)).tuples()
