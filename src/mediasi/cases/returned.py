"""A case a supervisor sent back: its last workflow step was a supervisor's (returning an
escalation with instructions) and it is still open. The officer sees the instructions at the
head of the case page, and the case is marked on home, until they take the next step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.roles import Role
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import is_transition
from mediasi.cases.models import Case
from mediasi.i18n import Translatable
from mediasi.workflow.spec import WorkflowSpec


@dataclass(frozen=True)
class Returned:
    by: str
    at: datetime
    fields: Sequence[tuple[Translatable, str]]  # the instructions, as the step's form named them


def returned_to_officer(
    spec: WorkflowSpec, case: Case, timeline: Iterable[Event], names: Mapping[UUID, str]
) -> Returned | None:
    """The supervisor's step that the officer has yet to answer, from the newest event back."""
    if case.is_final:
        return None
    last = next((e for e in timeline if is_transition(e.trigger)), None)
    if last is None or last.actor_role != Role.SUPERVISOR:
        return None
    transition = spec.transition(last.trigger, last.from_state or "")
    if transition is None:
        return None
    fields = [
        (f.label, str(last.payload[f.name]))
        for f in transition.fields
        if last.payload.get(f.name) not in (None, "")
    ]
    return Returned(last.actor_shown(names), last.created_at, fields)


def returned_among(session: Session, case_ids: set[UUID]) -> set[UUID]:
    """Which of these open cases wait on the officer after a supervisor's step."""
    if not case_ids:
        return set()
    last_step = (
        select(Event.case_id, func.max(Event.seq).label("seq"))
        # is_transition, in SQL: a trigger without a dot
        .where(Event.case_id.in_(case_ids), Event.trigger.not_like("%.%"))
        .group_by(Event.case_id)
        .subquery()
    )
    query = (
        select(Event.case_id)
        .join(last_step, (Event.case_id == last_step.c.case_id) & (Event.seq == last_step.c.seq))
        .join(Case, Case.id == Event.case_id)
        .where(Event.actor_role == Role.SUPERVISOR, Case.is_final.is_(False))
    )
    return set(session.scalars(query))
