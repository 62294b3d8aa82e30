"""What guards know of a case's checklist answers: the latest event that recorded any, and
which of its items rule the case out (registered by the runtime as a facts source).

The answers live in the event that recorded them, so the trail shows what was answered and
the rules (``workflow/checklist.py``) judge them against the case's own workflow version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import BindParameter, ColumnElement, bindparam, select
from sqlalchemy.orm import Session

from mediasi.cases.event_model import Event
from mediasi.cases.hooks import FactsSource
from mediasi.cases.models import Case
from mediasi.workflow.checklist import checklist_fields, checklist_triggers, recorded_findings
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import FieldSpec, WorkflowSpec

_ANSWERS = "checklist_answers"


def checklist_facts(registry: WorkflowRegistry) -> FactsSource:
    """The facts source for the workflows in ``registry``. The statement is built once; the
    triggers that can record answers are its parameter, read from the registry when it runs,
    so a version published with a new checklist step counts at once."""
    triggers = registry.derived(checklist_triggers)

    def columns(case_id: ColumnElement[UUID]) -> dict[str, ColumnElement[Any]]:
        answering: BindParameter[list[str]] = bindparam(
            "checklist_triggers", callable_=triggers, expanding=True
        )
        latest = (
            select(Event.payload)
            .where(Event.case_id == case_id, Event.trigger.in_(answering))
            .order_by(Event.seq.desc())
            .limit(1)
        )
        return {_ANSWERS: latest.scalar_subquery()}

    def read(_: Session, case: Case, values: Mapping[str, Any]) -> dict[str, Any]:
        payload = values[_ANSWERS]
        if not isinstance(payload, Mapping):  # no answers recorded (most workflows have none)
            return {"checklist_answered": False, "exclusions": ()}
        found = recorded_findings(registry.get(case.workflow, case.workflow_version), payload)
        if found is None:
            return {"checklist_answered": False, "exclusions": ()}
        return {"checklist_answered": True, "exclusions": found}

    return FactsSource(columns, read)


def answered_checklist(
    session: Session, spec: WorkflowSpec, case_id: UUID
) -> tuple[FieldSpec, Event] | None:
    """The first of the workflow's checklists the case answered, with the latest event that
    answered it (its payload holds the answers under the field's name): what the documents
    print and the supervisor reads before approving."""
    for field in checklist_fields(spec):
        step = next(t for t in spec.transitions if field in t.fields)
        event = session.scalars(
            select(Event)
            .where(Event.case_id == case_id, Event.trigger == step.trigger)
            .order_by(Event.seq.desc())
            .limit(1)
        ).first()
        if event is not None:
            return field, event
    return None
