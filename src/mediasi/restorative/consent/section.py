"""The victim's consent on the case page (registered by the runtime as a page section): for
each victim, the consent that stands or the statement to sign, and any consent withdrawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.hooks import PageSection
from mediasi.cases.models import Case, Party
from mediasi.restorative.consent.lookups import CONSENT_GUARD, uses_guard
from mediasi.restorative.consent.models import VictimConsent
from mediasi.restorative.consent.rules import digest_of, victims_of
from mediasi.restorative.consent.services import statement
from mediasi.workflow.loader import WorkflowRegistry


@dataclass(frozen=True)
class VictimRow:
    """A victim of the case: their consent that stands, or the statement they would sign."""

    party: Party
    consent: VictimConsent | None
    text: str
    digest: str


@dataclass(frozen=True)
class ConsentView:
    victims: list[VictimRow]
    withdrawn: list[VictimConsent]


def consent_view(session: Session, case: Case) -> ConsentView:
    parties = list(
        session.scalars(select(Party).where(Party.case_id == case.id).order_by(Party.created_at))
    )
    consents = list(
        session.scalars(
            select(VictimConsent)
            .where(VictimConsent.case_id == case.id)
            .order_by(VictimConsent.given_at)
        )
    )
    standing = {c.party_id: c for c in consents if c.withdrawn_at is None}
    rows = []
    for victim in victims_of(parties):
        text = statement(case, victim, parties)
        rows.append(VictimRow(victim, standing.get(victim.id), text, digest_of(text)))
    return ConsentView(rows, [c for c in consents if c.withdrawn_at is not None])


def consent_section(registry: WorkflowRegistry) -> PageSection:
    """The section for the workflows that ask for consent (in any version published so far);
    nothing read for the others."""
    workflows = registry.derived(lambda specs: uses_guard(specs, CONSENT_GUARD))

    def section(session: Session, case: Case, _: Actor) -> dict[str, Any]:
        if case.workflow not in workflows():
            return {"consent": None}
        return {"consent": consent_view(session, case)}

    return section
