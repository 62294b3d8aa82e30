"""What the superior reads before approving a restorative justice settlement, gathered once
for the head of the case page: the eligibility checklist as answered, the victim's consent,
the peace agreement as signed, the restoration with the victim's statement, and the review
deadline the workflow file declares for the state.

Only a supervisor sees it, and only while the case stands in a state its workflow marks
``review: true`` (keadilan_restoratif: ``restored``); the case's scope was checked before the
page was built (404 outside it). Everything here is read through the features' own queries:
the checklist's latest answers, the consent section's view, the agreement lookups and the
document pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.agreements.canonical import format_code
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.models import AgreementVersion, Obligation, Signature
from mediasi.agreements.rules import valid_signatures
from mediasi.cases.checklists import answered_checklist
from mediasi.cases.hooks import PageSection
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.restorative.consent.services import ConsentView, consent_view
from mediasi.restorative.kinds import PEMULIHAN, WORKFLOW
from mediasi.restorative.models import CaseDocument
from mediasi.restorative.queries import latest_documents
from mediasi.workflow.durations import Duration
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import ChecklistItem, WorkflowSpec


@dataclass(frozen=True)
class Answer:
    """One checklist item as answered (``None``: the item was not answered)."""

    item: ChecklistItem
    answer: str | None

    @property
    def rules_out(self) -> bool:
        return self.answer == self.item.disqualifies_when


@dataclass(frozen=True)
class Eligibility:
    """The eligibility step as recorded: the offence, every item's answer, who and when."""

    offence: str
    answers: list[Answer]
    note: str
    at: datetime
    by: str

    @property
    def ruled_out(self) -> list[Answer]:
        return [a for a in self.answers if a.rules_out]


@dataclass(frozen=True)
class Signatory:
    """A signatory the frozen text names, with the decision that counts on it, if any."""

    name: str
    kind: str
    role: str
    signature: Signature | None


@dataclass(frozen=True)
class ApprovalReview:
    eligibility: Eligibility | None
    consent: ConsentView
    recorded_by: dict[UUID, str]
    agreement: AgreementVersion | None
    signatories: list[Signatory]
    obligations: list[Obligation]
    statement: CaseDocument | None  # the victim's statement that their rights are restored
    deadline: Duration | None
    due_at: datetime | None
    decisions: tuple[str, ...]  # the supervisor's steps out of the review, forms shown open

    @property
    def agreement_code(self) -> str:
        code = self.agreement.code if self.agreement else None
        return format_code(code) if code else ""

    @property
    def statement_code(self) -> str:
        return format_code(self.statement.code) if self.statement else ""

    @property
    def restoration(self) -> str:
        """What the officer declared restored, as the victim's statement prints it."""
        return str(self.statement.content.get("restoration", "")) if self.statement else ""


def approval_review(session: Session, spec: WorkflowSpec, case: Case) -> ApprovalReview:
    """Everything the superior judges before approving ``case`` (standing in a review state)."""
    lookups = AgreementLookups(session)
    version = lookups.current_of(case.id)
    signatories: list[Signatory] = []
    obligations: list[Obligation] = []
    if version is not None:
        valid = valid_signatures(version, lookups.signatures_of(version.id))
        signatories = [
            Signatory(s["name"], s["kind"], s["role"], valid.get(s["key"]))
            for s in version.content.get("signatories", [])
        ]
        obligations = lookups.obligations_of(version.id)
    consent = consent_view(session, case)
    answered = answered_checklist(session, spec, case.id)
    people = {row.consent.recorded_by_id for row in consent.victims if row.consent}
    if answered is not None:
        people.add(answered[1].actor_id)
    names = CaseQueries(session).user_names({p for p in people if p is not None})
    eligibility = None
    if answered is not None:
        field, event = answered
        given = event.payload.get(field.name) or {}
        eligibility = Eligibility(
            offence=str(event.payload.get("offence") or ""),
            answers=[Answer(item, given.get(item.key)) for item in field.items],
            note=str(event.payload.get("note") or ""),
            at=event.created_at,
            by=event.actor_shown(names),
        )
    return ApprovalReview(
        eligibility=eligibility,
        consent=consent,
        recorded_by=names,
        agreement=version,
        signatories=signatories,
        obligations=obligations,
        statement=latest_documents(session, case.id).get(PEMULIHAN),
        deadline=spec.states[case.state].deadline,
        due_at=case.due_at,
        decisions=tuple(
            t.trigger
            for t in spec.transitions
            if case.state in t.source and Role.SUPERVISOR in t.roles and t.style != "danger"
        ),
    )


def review_section(registry: WorkflowRegistry) -> PageSection:
    """The panel as a section of the case page (registered by the runtime): a supervisor's,
    on a restorative justice case awaiting their approval; nothing read for anyone else."""

    def section(session: Session, case: Case, actor: Actor) -> dict[str, Any]:
        if case.workflow != WORKFLOW or actor.role != Role.SUPERVISOR:
            return {"review": None}
        spec = registry.get(case.workflow, case.workflow_version)
        if not spec.states[case.state].review:
            return {"review": None}
        return {"review": approval_review(session, spec, case)}

    return section
