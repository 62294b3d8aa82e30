"""How long things took, summed from the period's tallies of stays: report to agreement, each
stay in a state, and whether a stay ended within its deadline.

Medians and 90th percentiles are computed in Python (SQLite has no ``percentile_cont``) from
one number per agreement of the period, never from the cases.

A *stay* runs from the event that moved a case into a state to the event that moved it out;
it counts in the period it ended in. A stay in a state with a deadline *met* it unless the
deadline scanner acted on it (it fired the state's ``on_expiry`` step as the system, or
recorded the deadline as passed) before the case left.

Time the deadline stood paused is not time in the state: a stay's days leave out each pause in
it, from the ``deadline.paused`` event to the ``deadline.resumed`` one (or to the scanner's
flag or the step out of the state, either of which ends a pause), on the clock. The paused days
are kept as a figure of their own. (How a stay keeps them: :mod:`mediasi.cases.stays`.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from mediasi.statistics.selection import Selection
from mediasi.statistics.tallies import Entry, Exit, exits, state_of
from mediasi.workflow.loader import WorkflowRegistry


@dataclass(frozen=True)
class StateStay:
    """Stays in one state of a workflow that ended in the period, and their mean length."""

    workflow: str
    state: str
    stays: int
    mean_days: float  # in the state, paused time left out
    paused_days: float = 0.0  # paused, in all these stays together


def days_to_agreement(entries: Iterable[Entry]) -> list[float]:
    """Days from the report to each agreement recorded in the period, fewest first (in the
    same order however the entries were grouped and read)."""
    return sorted(
        e.agreement_days for e in entries if e.agreement_days is not None for _ in range(e.stays)
    )


def stays_by_state(ended: Iterable[Exit]) -> list[StateStay]:
    """Per workflow and state, in the workflow's order, then the order the states were
    first left in."""
    totals: dict[tuple[str, str], list[float]] = {}
    for x in ended:
        total = totals.setdefault((x.workflow, x.state), [0, 0.0, 0.0, x.first_seq])
        total[0] += x.stays
        total[1] += x.days
        total[2] += x.paused
        total[3] = min(total[3], x.first_seq)
    ordered = sorted(totals.items(), key=lambda item: (item[0][0], item[1][3]))
    return [
        StateStay(workflow, state, int(n), days / n, paused)
        for (workflow, state), (n, days, paused, _first) in ordered
    ]


def state_stays(
    session: Session, sel: Selection, begins: datetime, ends: datetime
) -> list[StateStay]:
    """The stays of ``sel`` ended in [begins, ends), by state."""
    return stays_by_state(exits(session, sel, (begins, ends)))


def deadlines_met(registry: WorkflowRegistry, ended: Iterable[Exit]) -> tuple[int, int]:
    """(stays with a deadline that ended in the period, those that met it)."""
    due = met = 0
    for x in ended:
        state = state_of(registry, x.workflow, x.version, x.state)
        if state is not None and state.deadline is not None:
            due += x.stays
            met += 0 if x.missed else x.stays
    return due, met
