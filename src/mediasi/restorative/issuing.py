"""Issuing the documents: told of every event as it is written (a runtime event listener), the
step of a restorative justice case that records a document's data issues that document in the
same transaction, so a document exists exactly when its step committed, and never half.

A step taken again (the restoration after the superior returned it) issues a new document;
the earlier one still verifies, as replaced."""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy.orm import Session

from mediasi.agreements.canonical import digest_of, verification_code
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.restorative.gathering import Gatherer
from mediasi.restorative.kinds import WORKFLOW, issued_by
from mediasi.restorative.models import CaseDocument
from mediasi.restorative.texts import document_text
from mediasi.workflow.loader import WorkflowRegistry


class DocumentIssuer:
    def __init__(self, registry: WorkflowRegistry) -> None:
        self.registry = registry

    def on_event(self, session: Session, case: Case, event: Event) -> None:
        if case.workflow != WORKFLOW:
            return
        kinds = issued_by(event.trigger)
        if not kinds:
            return
        gatherer = Gatherer(session, self.registry.get(case.workflow, case.workflow_version), case)
        for kind in kinds:
            content = gatherer.content(kind, event)
            digest = digest_of(document_text(content))
            document_id = uuid4()
            session.add(
                CaseDocument(
                    id=document_id,
                    case_id=case.id,
                    kind=kind.key,
                    event_id=event.id,
                    content=content,
                    digest=digest,
                    code=verification_code(document_id, digest),
                    issued_at=event.created_at,
                )
            )
        session.flush()
