"""The stays a log implies, worked out without a database: what ``audit verify`` holds the
kept stays to (and the tests' hand-written histories are given)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest

from mediasi.audit.stays import stays_of


@dataclass
class Logged:
    seq: int
    trigger: str
    from_state: str | None
    to_state: str
    created_at: datetime
    actor_role: str = "officer"
    payload: dict[str, Any] = field(default_factory=dict)


def day(n: int, hour: int = 9) -> datetime:
    return datetime(2026, 5, n, hour, tzinfo=UTC)


CASE = SimpleNamespace(
    id=uuid4(),
    desa_id=uuid4(),
    workflow="sengketa",
    workflow_version=2,
    category="batas_tanah",
    assigned_officer_id=uuid4(),
    due_at=day(20),
)


def test_a_pause_ends_at_the_scanner_s_flag_and_the_step_out_counts_nothing_more() -> None:
    log = [
        Logged(1, "case.reported", None, "reported", day(1), payload={"workflow_version": 1}),
        Logged(2, "assess", "reported", "assessed", day(2)),
        Logged(3, "deadline.paused", "assessed", "assessed", day(3)),
        Logged(4, "deadline.expired", "assessed", "assessed", day(5), actor_role="system"),
        Logged(5, "party.added", "assessed", "assessed", day(6)),
        Logged(6, "schedule_mediation", "assessed", "mediated", day(9)),
    ]
    reported, assessed, mediated = stays_of(CASE, log)  # type: ignore[arg-type]
    assert (reported["left_seq"], reported["left_to"], reported["version"]) == (2, "assessed", 1)
    assert assessed["flagged"] is True
    assert assessed["paused_days"] == pytest.approx(2.0)
    assert assessed["paused_since"] is None
    assert (mediated["left_at"], mediated["entered_by"]) == (None, "schedule_mediation")
    # The open stay has the case row's due time; a closed one none.
    assert (mediated["due_at"], assessed["due_at"]) == (day(20), None)
    assert {s["category"] for s in (reported, assessed, mediated)} == {"batas_tanah"}


def test_a_migration_moves_the_open_stay_or_ends_it_under_a_new_name() -> None:
    moved = {"workflow": "sengketa", "from_version": 1, "to_version": 2}
    log = [
        Logged(1, "case.reported", None, "reported", day(1), payload={"workflow_version": 1}),
        Logged(2, "assess", "reported", "assessed", day(2)),
        Logged(3, "workflow.migrated", "assessed", "telaah", day(3), "admin", moved),
        Logged(4, "deadline.paused", "telaah", "telaah", day(4)),
    ]
    stays = stays_of(CASE, log)  # type: ignore[arg-type]
    assert [(s["state"], s["version"], s["left_to"]) for s in stays] == [
        ("reported", 1, "assessed"),
        ("assessed", 1, "telaah"),
        ("telaah", 2, None),
    ]
    assert stays[-1]["paused_since"] == day(4)

    kept = Logged(3, "workflow.migrated", "assessed", "assessed", day(3), "admin", moved)
    same_name = [*log[:2], kept]
    assert [s["version"] for s in stays_of(CASE, same_name)] == [1, 2]  # type: ignore[arg-type]


def test_a_step_back_into_the_same_state_ends_the_pause_and_keeps_the_stay() -> None:
    log = [
        Logged(1, "case.reported", None, "mediated", day(1)),
        Logged(2, "deadline.paused", "mediated", "mediated", day(2)),
        Logged(3, "reschedule", "mediated", "mediated", day(3, 21)),
    ]
    [stay] = stays_of(CASE, log)  # type: ignore[arg-type]
    assert (stay["paused_days"], stay["paused_since"]) == (pytest.approx(1.5), None)
    assert (stay["left_at"], stay["due_at"]) == (None, day(20))
