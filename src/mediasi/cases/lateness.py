"""When a case is running late: open, past its state's due time, and its deadline not paused.

A paused deadline is not running late (the pause has a limit of its own, which the deadline
scanner watches), so every overdue list and count asks this one condition.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_

from mediasi.cases.models import Case


def overdue_at(now: datetime) -> ColumnElement[bool]:
    return and_(Case.is_final.is_(False), Case.due_at < now, Case.paused_at.is_(None))


def running(now: datetime) -> ColumnElement[bool]:
    """Open with a deadline that runs: not paused (what is due today)."""
    return and_(Case.is_final.is_(False), Case.due_at >= now, Case.paused_at.is_(None))


def is_running_late(case: Case, now: datetime) -> bool:
    """:func:`overdue_at` for a case in hand."""
    due, paused = case.due_at, case.paused_at
    return not case.is_final and due is not None and due < now and paused is None
