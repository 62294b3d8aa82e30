"""The audit trail as the API sends it: every event exactly as stored, with the hashes, so a
client can re-verify the chain offline."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.audit.export import trail_rows
from mediasi.audit.services import Trail
from mediasi.cases.models import Case


class TrailEventOut(BaseModel):
    """One event as stored. Its ``hash`` is the SHA-256 (hex) of the UTF-8 JSON of
    ``case_id, seq, actor_id, actor_name, actor_role, trigger, from_state, to_state, payload,
    created_at, prev_hash`` with the keys sorted, no spaces and non-ASCII kept; ``prev_hash``
    is the event before's ``hash`` (64 zeros for the first)."""

    reference: str = Field(examples=["SGK/KEPANJEN/2026/0001"])
    case_id: str
    seq: int = Field(examples=[1])
    # As hashed: UTC, with microseconds.
    created_at: str = Field(examples=["2026-05-11T02:00:00.000000+00:00"])
    actor_id: str | None
    actor_name: str
    actor_role: str
    trigger: str = Field(examples=["case.reported"])
    from_state: str | None
    to_state: str
    payload: dict[str, Any]
    prev_hash: str = Field(examples=["0" * 64])
    hash: str


def trail_events(rows: list[dict[str, Any]]) -> list[TrailEventOut]:
    return [TrailEventOut.model_validate(row) for row in rows]


class CaseTrailOut(BaseModel):
    case_id: UUID
    reference: str
    # The chain links and every hash matches, and replaying the events gives the stored case.
    intact: bool
    problems: list[str]
    events: list[TrailEventOut]

    @classmethod
    def of(cls, case: Case, trail: Trail) -> CaseTrailOut:
        rows = trail_rows((case.reference, event) for event in trail.events)
        return cls(
            case_id=case.id,
            reference=case.reference,
            intact=trail.verification.ok,
            problems=trail.verification.problems,
            events=trail_events(rows),
        )
