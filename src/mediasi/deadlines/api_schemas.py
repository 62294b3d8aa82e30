"""What the API sends and takes for a case's deadline: where it stands (due, paused, expired)
and what the state allows; a pause's reason, and the case version every change carries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.api.versions import CaseVersion, NewVersion
from mediasi.cases.models import Case
from mediasi.deadlines.schemas import PauseForm
from mediasi.web.openapi_input import with_example
from mediasi.workflow.spec import PauseSpec


class PauseIn(PauseForm):
    """Pause the state's deadline: why, in words, and the case version."""

    model_config = with_example({"version": 4, "reason": "Pihak teradu dirawat di RS"})

    version: CaseVersion


class DeadlineOut(BaseModel):
    case_id: UUID
    version: NewVersion
    state: str = Field(examples=["assessed"])
    due_at: datetime | None
    # When the deadline passed and the workflow's expiry was handled (null: it has not).
    expired_at: datetime | None
    # Whether the state's deadline may be paused, and for how long at most ("14 days").
    pausable: bool
    pause_max: str | None = Field(examples=["30 days"])
    paused_at: datetime | None
    pause_reason: str | None = Field(examples=["Pihak teradu dirawat di RS"])
    # A pause still running then counts as the deadline passing.
    pause_until: datetime | None

    @classmethod
    def of(cls, case: Case, rule: PauseSpec | None) -> DeadlineOut:
        return cls(
            case_id=case.id,
            version=case.version,
            state=case.state,
            due_at=case.due_at,
            expired_at=case.deadline_expired_at,
            pausable=rule is not None,
            pause_max=str(rule.max) if rule is not None else None,
            paused_at=case.paused_at,
            pause_reason=case.pause_reason,
            pause_until=case.pause_until,
        )
