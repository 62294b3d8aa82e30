"""Verifying the public reports' own chains, as ``audit verify`` does for the cases'."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.audit.services import chain_problems, in_batches
from mediasi.intake.codes import format_code
from mediasi.intake.models import PublicReport, ReportEvent


def report_link(event: ReportEvent) -> tuple[UUID, str | None, str]:
    return event.report_id, event.from_status, event.to_status


def verify_reports(session: Session, batch: int = 500) -> Iterator[tuple[str, list[str]]]:
    """(the report's code, the breaks in its chain) for every report, in batches. A report
    must have at least its submission event, and its last event must say its status."""
    for report in in_batches(session, PublicReport, batch):
        events = list(
            session.scalars(
                select(ReportEvent)
                .where(ReportEvent.report_id == report.id)
                .order_by(ReportEvent.seq)
            )
        )
        problems = chain_problems(events, link=report_link)
        if not events:
            problems.append("no events: the report's submission was never recorded")
        elif events[-1].to_status != report.status:
            problems.append(f"the report says {report.status}, its last event not")
        yield format_code(report.code), problems
