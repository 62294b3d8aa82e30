"""What guards know of a case's agreement (registered by the runtime as a facts provider)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.rules import fully_signed, obligation_counts
from mediasi.agreements.status import FROZEN
from mediasi.cases.models import Case


def agreement_facts(session: Session, case: Case) -> dict[str, Any]:
    """Whether the current version is fully signed, and its open and broken obligations (all
    nothing until a version is frozen)."""
    facts: dict[str, Any] = {
        "agreement_fully_signed": False,
        "open_obligations": 0,
        "broken_obligations": 0,
    }
    lookups = AgreementLookups(session)
    version = lookups.current_of(case.id)
    if version is None or version.status != FROZEN:
        return facts
    obligations = lookups.obligations_of(version.id)
    counts = obligation_counts(obligations)
    facts["open_obligations"] = counts["open"]
    facts["broken_obligations"] = counts["broken"]
    facts["agreement_fully_signed"] = fully_signed(
        version,
        obligations,
        lookups.signatures_of(version.id),
        lookups.missing_signatories(case.id, version),
    )
    return facts
