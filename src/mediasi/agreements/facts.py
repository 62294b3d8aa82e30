"""What guards know of a case's agreement: whether its current version is fully signed, and
its open and broken obligations, all nothing until a version is frozen (registered by the
runtime as a facts source). Only a frozen version costs more than its status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.models import Agreement, AgreementVersion
from mediasi.agreements.rules import fully_signed, obligation_counts
from mediasi.agreements.status import FROZEN
from mediasi.cases.hooks import FactsSource
from mediasi.cases.models import Case


def _columns(case_id: ColumnElement[UUID]) -> dict[str, ColumnElement[Any]]:
    current = and_(
        AgreementVersion.agreement_id == Agreement.id,
        AgreementVersion.number == Agreement.current_number,
    )
    status = select(AgreementVersion.status).join(Agreement, current)
    return {"agreement_status": status.where(Agreement.case_id == case_id).scalar_subquery()}


def _facts(session: Session, case: Case, values: Mapping[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "agreement_fully_signed": False,
        "open_obligations": 0,
        "broken_obligations": 0,
    }
    if values["agreement_status"] != FROZEN:
        return facts
    lookups = AgreementLookups(session)
    version = lookups.current_of(case.id)
    assert version is not None  # its status was just read, in the same transaction
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


AGREEMENT_FACTS = FactsSource(_columns, _facts)
