"""Reports an officer takes in person, by phone or on a visit, on the same record as the
public door's: every report is counted once, whatever door it came in by.

The case service calls this (through ``CaseHooks.door_recorder``) as it registers a case from
the officer's form or the case API; the report is decided at once (accepted as that case) and
gets a tracking code like any other, which the reporter is sent with the case's number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.models import Case
from mediasi.intake import ledger
from mediasi.intake.codes import format_code, unused_code
from mediasi.intake.models import ACCEPTED, OFFICER_DOORS, PATROL, PUBLIC_TASK, PublicReport
from mediasi.intake.queries import code_taken


def record_at_door(session: Session, actor: Actor, case: Case, door: str) -> dict[str, Any]:
    """The report behind ``case`` as taken at ``door``; what the case's first event says of
    it: the door, and the tracking code where there is a reporter to give it to."""
    assert door in OFFICER_DOORS, door
    now = case.state_entered_at
    # The case is not written yet (its first event gives it its version): nothing may flush
    # before the case service's own flush, which writes the case, then this report.
    with session.no_autoflush:
        return _record(session, actor, case, door, now)


def _record(session: Session, actor: Actor, case: Case, door: str, now: datetime) -> dict[str, Any]:
    report = PublicReport(
        id=uuid4(),
        code=unused_code(lambda code: code_taken(session, code)),
        source=door,
        desa_id=case.desa_id,
        workflow=case.workflow,
        category=case.category,
        what="\n\n".join(part for part in (case.title, case.description) if part),
        place="",
        reporter_name=case.reporter_name,
        reporter_phone=case.reporter_phone,
        anonymous=False,
        legal_basis=PUBLIC_TASK,
        submitted_at=now,
        due_at=case.due_at,
        status=ACCEPTED,
        decided_at=now,
        decided_by=actor.id,
        case_id=case.id,
    )
    session.add(report)
    payload = {"case_id": str(case.id), "reference": case.reference, "source": door}
    ledger.record(session, report, actor, ledger.RECORDED_BY_OFFICER, None, payload, now)
    if door == PATROL:
        return {"door": door}
    return {"door": door, "tracking_code": format_code(report.code)}
