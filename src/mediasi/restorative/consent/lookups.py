"""What the consent's guard, service and page section share: the guard's name, which
workflows ask for consent, and whose consent stands on a case."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.restorative.consent.models import VictimConsent
from mediasi.workflow.spec import WorkflowSpec

CONSENT_GUARD = "victim_consented"


def uses_guard(specs: Iterable[WorkflowSpec], guard: str) -> frozenset[str]:
    """The workflows (by name) whose steps name ``guard`` in some version."""
    return frozenset(spec.name for spec in specs for t in spec.transitions if guard in t.guards)


def consented_parties(session: Session, case_id: UUID) -> list[UUID]:
    """The parties of the case whose consent stands (given, not withdrawn)."""
    return [
        party_id
        for party_id in session.scalars(
            select(VictimConsent.party_id).where(
                VictimConsent.case_id == case_id, VictimConsent.withdrawn_at.is_(None)
            )
        )
        if party_id is not None
    ]
