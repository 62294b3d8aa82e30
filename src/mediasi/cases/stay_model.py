"""A case's stays, one row each time it entered a state: the read model the statistics count.

Every figure of the statistics page is about stays (a case opened is its first stay, closed a
stay in a final state, an escalation a stay in a review state, days in a state a stay's
length), so they are kept as rows beside the event log, written in the same transaction as the
event that changes them (:mod:`mediasi.cases.stays`), and ``audit verify`` recomputes them from
the log. The case's desa, workflow, category and officer are copied onto each of its stays and
follow the case when it changes, so a figure reads one indexed range and joins nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import DefaultBase

# The columns the two indexes a period is counted by carry besides the desa and the time.
ENTERED = ["workflow", "version", "state", "entered_seq", "category", "officer_id"]
ENTERED += ["entered_by", "case_id"]
LEFT = ["officer_id", "due_at", "paused_since", "workflow", "version", "state", "left_to"]
LEFT += ["left_by_system", "flagged", "entered_at", "paused_days", "left_seq", "category"]
REPORT_KEYS = ["desa_id", "officer_id", "workflow", "category"]
OPEN = "left_at IS NULL AND paused_since IS NULL"
REPORT = "entered_seq = 1"


def _where(condition: str) -> dict[str, Any]:
    """A partial index's condition, on both backends."""
    return {"postgresql_where": text(condition), "sqlite_where": text(condition)}


class CaseStay(DefaultBase):
    """From the event that moved the case into ``state`` (``entered_seq``) to the one that
    moved it out (``left_seq``; none while it is still there). ``version`` is the workflow
    version the state counts under: the one in force when the case left it (a migration that
    keeps the state's name moves an open stay to the new version)."""

    __tablename__ = "case_stays"
    __table_args__ = (
        # What a period counts, read from these indexes alone (a third quicker on SQLite than
        # looking each row up, measured at 100,000 cases): the stays begun in it (opened,
        # closed, escalated, agreed) and the stays ended in it (days in a state, deadlines
        # met, supervisors' decisions), each with the columns its statistics group and sum.
        # The open stays (no ``left_at``) come first in the second, by officer: the cases
        # overdue now are counted there, per desa and officer in the index's order.
        Index("ix_case_stays_desa_entered", "desa_id", "entered_at", *ENTERED),
        Index("ix_case_stays_desa_left", "desa_id", "left_at", *LEFT),
        # The open stays past their deadline and each case's first stay, alone (0021): the
        # cases overdue now, and the cases handled in a period looked up by their report.
        Index("ix_case_stays_open_due", "desa_id", "due_at", "officer_id", **_where(OPEN)),
        Index("ix_case_stays_reports", "case_id", *REPORT_KEYS, **_where(REPORT)),
    )

    case_id: Mapped[UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    entered_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Copies of the case's columns (no foreign keys of their own: the case row has them).
    desa_id: Mapped[UUID]
    workflow: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    officer_id: Mapped[UUID | None]
    state: Mapped[str] = mapped_column(String(40))
    entered_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    entered_by: Mapped[str] = mapped_column(String(60))  # the trigger of the entering event
    left_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    left_seq: Mapped[int | None] = mapped_column(Integer)
    left_to: Mapped[str | None] = mapped_column(String(40))
    left_by_system: Mapped[bool] = mapped_column(Boolean, default=False)
    # The deadline scanner recorded the state's deadline as passed while the case was here.
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    # Days the state's deadline stood paused, and since when while a pause still runs.
    paused_days: Mapped[float] = mapped_column(Float, default=0.0)
    paused_since: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    # While the case stands here: when the state's deadline falls (the case row's ``due_at``).
    due_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
