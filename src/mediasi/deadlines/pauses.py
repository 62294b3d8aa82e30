"""Pausing and resuming a state's deadline, each a chained event of the case.

Only a state whose workflow declares ``pausable`` may be paused, for at most the declared
``max``: past it the deadline scanner treats the deadline as passed (see
:mod:`mediasi.deadlines.services`). Resuming moves the due time by the time the pause took
from the deadline (working time for a deadline in working days: :mod:`mediasi.workflow.pauses`).
A step out of the state ends its pause with it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.kinds import DEADLINE_PAUSED, DEADLINE_RESUMED
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.db.unit_of_work import unit_of_work
from mediasi.deadlines.schemas import PauseForm
from mediasi.errors import Conflict
from mediasi.i18n import _
from mediasi.workflow.pauses import paused_time, resumed_due
from mediasi.workflow.spec import PauseSpec


def _moment(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


class PauseService:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @property
    def session(self) -> Session:
        return self.cases.session

    def rule(self, case: Case) -> PauseSpec | None:
        """The pause the case's current state allows, if any."""
        return self.cases.spec_of(case).states[case.state].pausable

    @unit_of_work
    def pause(self, case_id: UUID, actor: Actor, data: PauseForm, expected_version: int) -> Case:
        case = self.cases.writable(case_id, actor, expected_version)
        rule = self.rule(case)
        if rule is None or case.due_at is None:
            raise Conflict(_("Tenggat status ini tidak dapat dijeda."))
        if case.paused_at is not None:
            raise Conflict(_("Tenggat perkara ini sudah dijeda."))
        now = self.cases.clock()
        if case.deadline_expired_at is not None or case.due_at <= now:
            raise Conflict(_("Tenggat sudah lewat; tenggat yang lewat tidak dapat dijeda."))
        case.paused_at = now
        case.pause_reason = data.reason
        case.pause_until = rule.max.after(now)
        payload = {
            "reason": data.reason,
            "due_at": _moment(case.due_at),
            "until": _moment(case.pause_until),
        }
        self.cases.record(case, actor, DEADLINE_PAUSED, payload)
        return case

    @unit_of_work
    def resume(self, case_id: UUID, actor: Actor, expected_version: int) -> Case:
        case = self.cases.writable(case_id, actor, expected_version)
        state = self.cases.spec_of(case).states[case.state]
        if case.paused_at is None or case.due_at is None or state.deadline is None:
            raise Conflict(_("Tenggat perkara ini tidak sedang dijeda."))
        now = self.cases.clock()
        before = case.due_at
        taken = paused_time(state.deadline, case.paused_at, now)
        case.due_at = resumed_due(state.deadline, before, case.paused_at, now)
        payload = {
            "paused_at": _moment(case.paused_at),
            "due_before": _moment(before),
            "due_at": _moment(case.due_at),
            "paused_seconds": int(taken.total_seconds()),
        }
        case.paused_at = case.pause_until = case.pause_reason = None
        self.cases.record(case, actor, DEADLINE_RESUMED, payload)
        return case
