"""A report's own chained log: what happened to it, who did it, provably in order.

The hash is the case events' own (``cases.chain.event_hash``) over the report's id and its
status before and after, so one verifier covers both kinds of chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.chain import GENESIS, event_hash
from mediasi.intake.models import PublicReport, ReportEvent

SUBMITTED = "report.submitted"
ACCEPTED_AS_CASE = "report.accepted"
MERGED_INTO_CASE = "report.merged"
DECLINED_WITH_REASON = "report.declined"
RECORDED_BY_OFFICER = "report.recorded"
NOTED = "report.noted"
ATTACHED = "report.attached"

# Who submitted: a resident, who has no account.
RESIDENT_NAME = "warga"
RESIDENT_ROLE = "public"


def record(
    session: Session,
    report: PublicReport,
    actor: Actor | None,
    trigger: str,
    from_status: str | None,
    payload: dict[str, Any],
    now: datetime,
) -> ReportEvent:
    last = session.execute(
        select(ReportEvent.seq, ReportEvent.hash)
        .where(ReportEvent.report_id == report.id)
        .order_by(ReportEvent.seq.desc())
        .limit(1)
    ).first()
    seq = (last.seq if last else 0) + 1
    prev = last.hash if last else GENESIS
    name = actor.name if actor else RESIDENT_NAME
    role = str(actor.role) if actor else RESIDENT_ROLE
    actor_id = actor.id if actor else None
    event = ReportEvent(
        report_id=report.id,
        seq=seq,
        actor_id=actor_id,
        actor_name=name,
        actor_role=role,
        trigger=trigger,
        from_status=from_status,
        to_status=report.status,
        payload=payload,
        created_at=now,
        prev_hash=prev,
        hash=event_hash(
            case_id=report.id,
            seq=seq,
            actor_id=actor_id,
            actor_name=name,
            actor_role=role,
            trigger=trigger,
            from_state=from_status,
            to_state=report.status,
            payload=payload,
            created_at=now,
            prev_hash=prev,
        ),
    )
    session.add(event)
    return event
