"""The victim's consent on the case page (registered by the runtime as a page section): for
each victim, the consent that stands or the statement to sign, and any consent withdrawn."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.hooks import PageSection
from mediasi.cases.models import Case
from mediasi.restorative.consent.lookups import CONSENT_GUARD, uses_guard
from mediasi.restorative.consent.services import consent_view
from mediasi.workflow.loader import WorkflowRegistry


def consent_section(registry: WorkflowRegistry) -> PageSection:
    """The section for the workflows that ask for consent (in any version published so far);
    nothing read for the others."""
    workflows = registry.derived(lambda specs: uses_guard(specs, CONSENT_GUARD))

    def section(session: Session, case: Case, _: Actor) -> dict[str, Any]:
        if case.workflow not in workflows():
            return {"consent": None}
        return {"consent": consent_view(session, case)}

    return section
