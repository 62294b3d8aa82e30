"""The deadline scanner. Each expiry is handled exactly once, whatever the number of scanners:

one short transaction per case, which takes the case row with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL (a second scanner skips it) and the database write lock on SQLite (``BEGIN
IMMEDIATE``), and which either fires the state's ``on_expiry`` trigger as the system actor
or marks the expiry as flagged. Both clear the case from the next scan, and both live in the
database, so a restart loses nothing and repeats nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from mediasi.accounts.actor import SYSTEM
from mediasi.cases.hooks import CaseHooks
from mediasi.cases.kinds import DEADLINE_EXPIRED
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.errors import MediasiError
from mediasi.i18n import format_datetime
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.loader import FLAG_ONLY

log = logging.getLogger("mediasi.deadlines")

MAX_PER_RUN = 10_000


@dataclass
class ScanReport:
    fired: list[tuple[str, str]] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return len(self.fired) + len(self.flagged)

    def summary(self) -> str:
        return f"deadlines: {len(self.fired)} fired, {len(self.flagged)} flagged" + (
            f", {len(self.failed)} could not fire and were flagged" if self.failed else ""
        )


def _due(now: datetime) -> Any:
    """The next case whose deadline ran out: a running one past its due time, or a paused one
    past the longest pause its state allows (which counts as the deadline passing)."""
    return (
        select(Case)
        .where(
            or_(
                and_(Case.due_at <= now, Case.paused_at.is_(None)),
                Case.pause_until <= now,
            ),
            Case.is_final.is_(False),
            Case.deadline_expired_at.is_(None),
        )
        .order_by(Case.due_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


class DeadlineScanner:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        engine: WorkflowEngine,
        hooks: CaseHooks,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.engine = engine
        self.hooks = hooks
        self.clock = clock

    def run(self, limit: int = MAX_PER_RUN) -> ScanReport:
        """Handle every expiry due now; returns what was done."""
        report = ScanReport()
        now = self.clock()
        for _ in range(limit):
            with self.sessions.begin() as session:
                case = session.scalars(_due(now)).first()
                if case is None:
                    break
                try:
                    with session.begin_nested():
                        self._expire(session, case, now, report)
                except (KeyError, MediasiError) as exc:
                    # A case whose workflow version is not loaded (or that cannot be moved)
                    # must not block every other deadline: it is set aside and reported.
                    case.deadline_expired_at = now
                    report.failed.append((case.reference, f"{type(exc).__name__}: {exc}"))
                    log.error("deadline of %s could not be handled: %s", case.reference, exc)
        if report.handled:
            log.info(report.summary())
        return report

    def _expire(self, session: Session, case: Case, now: datetime, report: ScanReport) -> None:
        service = CaseService(session, self.engine, self.hooks, clock=lambda: now)
        spec = service.spec_of(case)
        action = spec.states[case.state].on_expiry or FLAG_ONLY
        due = format_datetime(case.due_at, "id", "dd-MM-y HH:mm z") if case.due_at else ""
        # A pause past its limit ends here: the deadline it held counts as passed.
        overrun = _moment(case.pause_until) if case.paused_at is not None else None
        case.paused_at = case.pause_until = case.pause_reason = None
        if action != FLAG_ONLY:
            transition = spec.transition(action, case.state)
            payload: dict[str, Any] = {}
            if transition and any(f.name == "reason" for f in transition.fields):
                label = spec.states[case.state].label.id
                payload["reason"] = (
                    f"Jeda tenggat status '{label}' melewati batasnya."
                    if overrun
                    else f"Tenggat status '{label}' ({due}) terlewati."
                )
            try:
                with session.begin_nested():
                    service.fire(case.id, action, SYSTEM, payload, case.version)
            except MediasiError as exc:
                report.failed.append((case.reference, exc.text("en")))
                log.warning("deadline of %s: %s could not fire: %s", case.reference, action, exc)
            else:
                report.fired.append((case.reference, action))
                return
        case.deadline_expired_at = now
        flagged: dict[str, Any] = {"due_at": due, "action": FLAG_ONLY}
        if overrun:
            flagged["pause_until"] = overrun
        service.record(case, SYSTEM, DEADLINE_EXPIRED, flagged)
        report.flagged.append(case.reference)
