"""What the API sends and accepts; personal numbers are masked, and hidden from a tokoh."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.accounts.actor import Actor
from mediasi.api.versions import CaseVersion
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, Party
from mediasi.cases.schemas import CaseEdit
from mediasi.errors import MAX_VERSION
from mediasi.validation import Form
from mediasi.web.masking import mask_nik, mask_phone
from mediasi.web.openapi_input import with_example
from mediasi.web.paging import PageOut
from mediasi.workflow.engine import TriggerOption
from mediasi.workflow.spec import WorkflowSpec


class CaseOut(BaseModel):
    id: UUID
    reference: str
    workflow: str
    workflow_version: int
    state: str
    state_label: str
    is_final: bool
    category: str
    title: str
    description: str
    desa_id: UUID
    assigned_officer_id: UUID | None
    risk_level: str | None
    state_entered_at: datetime
    due_at: datetime | None
    overdue: bool
    version: int

    @classmethod
    def of(cls, case: Case, spec: WorkflowSpec, now: datetime) -> CaseOut:
        """The case's own columns as they are, its state's label and whether it is overdue."""
        derived = {
            "state_label": spec.states[case.state].label.id,
            "overdue": bool(case.due_at and not case.is_final and case.due_at < now),
        }
        own = {name: getattr(case, name) for name in cls.model_fields if name not in derived}
        return cls(**own, **derived)


class CasePageOut(PageOut):
    """The neighbouring pages' links each carry a cursor: follow them rather than counting
    pages, so that a deep page is a seek, not an OFFSET."""

    items: list[CaseOut]
    # False: more than ``total`` cases match (counting stops there) and ``pages`` is a lower
    # bound; follow ``next`` to the end.
    total_exact: bool = True


class PartyOut(BaseModel):
    id: UUID
    role: str
    name: str
    nik: str | None
    phone: str | None
    address: str | None

    @classmethod
    def of(cls, party: Party, actor: Actor) -> PartyOut:
        """Officers and supervisors see masked numbers; a tokoh sees names and roles only."""
        private = actor.role == "tokoh"
        return cls(
            id=party.id,
            role=party.role,
            name=party.name,
            nik=None if private else (mask_nik(party.nik) if party.nik else None),
            phone=None if private else (mask_phone(party.phone) if party.phone else None),
            address=None if private else party.address,
        )


class FieldOut(BaseModel):
    name: str
    label: str
    type: str
    required: bool
    max_length: int
    min_length: int | None = None
    choices: list[str]
    # A checklist's item keys: answer it as {"key": "yes" | "no", …}.
    items: list[str] = []


class StepOut(BaseModel):
    trigger: str
    label: str
    dest: str
    available: bool
    blocked: list[str]
    fields: list[FieldOut]

    @classmethod
    def of(cls, option: TriggerOption) -> StepOut:
        t = option.transition
        return cls(
            trigger=t.trigger,
            label=t.label.id,
            dest=t.dest,
            available=option.available,
            blocked=[reason.get("id") for reason in option.blocked],
            fields=[
                FieldOut(
                    name=f.name,
                    label=f.label.id,
                    type=f.type.value,
                    required=f.required,
                    max_length=f.effective_max_length,
                    min_length=f.min_length,
                    choices=[c.value for c in f.choices],
                    items=[i.key for i in f.items],
                )
                for f in t.fields
            ],
        )


class CaseDetailOut(BaseModel):
    case: CaseOut
    parties: list[PartyOut]
    steps: list[StepOut]


class EventOut(BaseModel):
    seq: int
    created_at: datetime
    actor_name: str
    actor_role: str
    trigger: str
    from_state: str | None
    to_state: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls.model_validate(event, from_attributes=True)


class TransitionIn(Form):
    """Fire a step: the case version the client saw, and the step's fields (``GET …/steps``
    lists each step's fields)."""

    model_config = with_example({"version": 1, "fields": {"assessment": "Sengketa batas sawah"}})

    version: int = Field(ge=1, le=MAX_VERSION)
    fields: dict[str, Any] = Field(default_factory=dict, max_length=50)


class CaseEditIn(CaseEdit):
    """The case's own fields to change (a field left out keeps its value; the category is
    one of the case's workflow) and the case version the client saw."""

    model_config = with_example(
        {
            "version": 3,
            "title": "Sengketa patok batas sawah Dusun Krajan",
            "category": "batas_tanah",
        }
    )

    version: CaseVersion
