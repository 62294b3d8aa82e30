"""What guards know of a case's sessions: how many were held or failed, and whether the latest
one failed (registered by the runtime as a facts source)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from mediasi.cases.hooks import FactsSource
from mediasi.cases.models import Case
from mediasi.mediation.models import SCHEDULED, MediationSession


def _columns(case_id: ColumnElement[UUID]) -> dict[str, ColumnElement[Any]]:
    status = MediationSession.status
    of_case = MediationSession.case_id == case_id
    count = select(func.count()).select_from(MediationSession).where(of_case)
    latest = select(status).where(of_case).order_by(MediationSession.scheduled_at.desc())
    return {
        "sessions_held": count.where(status != SCHEDULED).scalar_subquery(),
        "sessions_failed": count.where(status == "failed").scalar_subquery(),
        "latest_session": latest.limit(1).scalar_subquery(),
    }


def _facts(_: Session, __: Case, values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "sessions_held": values["sessions_held"],
        "sessions_failed": values["sessions_failed"],
        "extra": {"latest_session_failed": values["latest_session"] in ("failed", "postponed")},
    }


SESSION_FACTS = FactsSource(_columns, _facts)
