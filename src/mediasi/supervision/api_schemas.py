"""The supervisor's desk as the API sends it: the review queue, the overdue cases, the desk's
figures and the area's audit export. Labels are the workflow file's Indonesian ones."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.audit.api_schemas import TrailEventOut
from mediasi.cases.lateness import is_running_late
from mediasi.cases.queries import CaseRow
from mediasi.supervision.queries import DeskFigures, OfficerLoad, ReviewItem
from mediasi.web.paging import PageOut
from mediasi.workflow.loader import WorkflowRegistry


class DeskCaseOut(BaseModel):
    """A case as the desk lists it; ``version`` is what a decision on it must send."""

    id: UUID
    reference: str = Field(examples=["SGK/KEPANJEN/2026/0001"])
    title: str
    workflow: str
    workflow_version: int
    state: str = Field(examples=["escalated"])
    state_label: str = Field(examples=["Dieskalasi (menunggu tinjauan)"])
    desa_id: UUID
    desa_name: str
    officer_name: str | None
    state_entered_at: datetime
    due_at: datetime | None
    overdue: bool
    version: int

    @classmethod
    def of(cls, row: CaseRow, registry: WorkflowRegistry, now: datetime) -> DeskCaseOut:
        case = row.case
        spec = registry.get(case.workflow, case.workflow_version)
        return cls(
            id=case.id,
            reference=case.reference,
            title=case.title,
            workflow=case.workflow,
            workflow_version=case.workflow_version,
            state=case.state,
            state_label=spec.states[case.state].label.id,
            desa_id=case.desa_id,
            desa_name=row.desa_name,
            officer_name=row.officer_name,
            state_entered_at=case.state_entered_at,
            due_at=case.due_at,
            overdue=is_running_late(case, now),
            version=case.version,
        )


class ReviewItemOut(BaseModel):
    """An escalation (or a settlement for the superior's approval) awaiting a decision: take
    it with ``POST /api/cases/{id}/transitions/{trigger}`` (``GET …/steps`` lists them)."""

    case: DeskCaseOut
    waiting_since: datetime
    escalated_by: str
    reason: str | None
    target: str | None = Field(examples=["reskrim_polsek"])
    target_label: str | None = Field(examples=["Unit Reskrim Polsek"])

    @classmethod
    def of(cls, item: ReviewItem, registry: WorkflowRegistry, now: datetime) -> ReviewItemOut:
        label = item.target_label
        return cls(
            case=DeskCaseOut.of(item.row, registry, now),
            waiting_since=item.waiting_since,
            escalated_by=item.escalated_by,
            reason=item.reason,
            target=item.target,
            target_label=label if label is None or isinstance(label, str) else label.id,
        )


class ReviewPageOut(PageOut):
    items: list[ReviewItemOut]


class OverduePageOut(PageOut):
    items: list[DeskCaseOut]


class OfficerLoadOut(BaseModel):
    user_id: UUID
    name: str
    username: str
    open_cases: int
    overdue: int
    # Cases that reached 'agreed' since the first of this month (WIB).
    agreed_this_month: int

    @classmethod
    def of(cls, load: OfficerLoad) -> OfficerLoadOut:
        return cls(**vars(load))


class DeskFiguresOut(BaseModel):
    awaiting_review: int = Field(examples=[3])
    overdue: int = Field(examples=[5])
    officers: list[OfficerLoadOut]

    @classmethod
    def of(cls, figures: DeskFigures) -> DeskFiguresOut:
        return cls(
            awaiting_review=figures.awaiting_review,
            overdue=figures.overdue,
            officers=[OfficerLoadOut.of(o) for o in figures.officers],
        )


class TrailExportOut(BaseModel):
    start: date
    end: date
    desa: UUID | None
    events: list[TrailEventOut]
