"""A paused deadline on both backends, with the deadline scanner running: the scanner leaves
it alone while the pause lasts, the overdue lists and counts do not show it, resuming moves the
due time by the paused time, and a pause past its limit counts as the deadline passing."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import pytest

from mediasi.audit.services import verify_all
from mediasi.cases.kinds import DEADLINE_PAUSED, DEADLINE_RESUMED
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.deadlines.pauses import PauseService
from mediasi.deadlines.schemas import PauseForm
from mediasi.deadlines.services import DeadlineScanner, ScanReport
from mediasi.errors import Conflict
from mediasi.runtime import Runtime
from mediasi.statistics.counts import overdue_now
from mediasi.statistics.scope import scope_of
from mediasi.statistics.selection import Selection
from mediasi.supervision.queries import SupervisionQueries
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World


def wib(day: int, month: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


def scan(runtime: Runtime, at: datetime) -> ScanReport:
    return DeadlineScanner(
        runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: at
    ).run()


def pause(runtime: Runtime, world: World, case_id: UUID, at: datetime, reason: str) -> None:
    with runtime.sessions.begin() as session:
        service = PauseService(runtime.case_service(session, clock=lambda: at))
        version = service.cases.get(case_id, world.actor("officer")).version
        service.pause(case_id, world.actor("officer"), PauseForm(reason=reason), version)


def resume(runtime: Runtime, world: World, case_id: UUID, at: datetime) -> None:
    with runtime.sessions.begin() as session:
        service = PauseService(runtime.case_service(session, clock=lambda: at))
        version = service.cases.get(case_id, world.actor("officer")).version
        service.resume(case_id, world.actor("officer"), version)


def case_of(runtime: Runtime, case_id: UUID) -> Case:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def overdue_seen(runtime: Runtime, world: World, at: datetime) -> tuple[int, int, int, int]:
    """What the officer's home, the supervisor's desk and the statistics count as overdue."""
    officer, supervisor = world.actor("officer"), world.actor("supervisor")
    with runtime.sessions() as session:
        home = CaseQueries(session).due(officer, at)[1]
        queries = SupervisionQueries(session, runtime.workflows.registry)
        desk = queries.overdue(supervisor, at)
        load = sum(o.overdue for o in queries.officer_load(supervisor, at))
        scope = scope_of(session, supervisor, None, "Asia/Jakarta")
        figures = overdue_now(session, Selection(supervisor, scope), at)
        return len(home), len(desk), load, figures


def verified(runtime: Runtime) -> None:
    with runtime.sessions() as session:
        results = verify_all(session, runtime.workflows.registry)
        assert [(r.reference, r.problems) for r in results if not r.ok] == []


def test_a_paused_mediation_is_not_overdue_and_its_due_time_moves_on_resume(
    runtime: Runtime, world: World, timed: TimedCases
) -> None:
    case_id = timed.mediated(wib(1, 12, 9, 30))  # '14 days': due Tuesday 15 December 09:30
    pause(runtime, world, case_id, wib(10, 12, 9, 30), "Pihak teradu dirawat di rumah sakit")
    paused = case_of(runtime, case_id)
    assert paused.paused_at == wib(10, 12, 9, 30)
    assert paused.pause_until == wib(9, 1, 9, 30).replace(year=2027)  # 30 days on

    past_due = wib(16, 12, 8)
    assert scan(runtime, past_due).handled == 0
    assert case_of(runtime, case_id).state == "mediated"
    assert overdue_seen(runtime, world, past_due) == (0, 0, 0, 0)

    resume(runtime, world, case_id, wib(17, 12, 9, 30))  # paused 7 days: due 22 December
    resumed = case_of(runtime, case_id)
    assert resumed.due_at == wib(22, 12, 9, 30)
    assert (resumed.paused_at, resumed.pause_until, resumed.pause_reason) == (None, None, None)
    assert overdue_seen(runtime, world, wib(22, 12, 9)) == (0, 0, 0, 0)
    assert scan(runtime, wib(22, 12, 9)).handled == 0

    late = wib(22, 12, 10)
    assert overdue_seen(runtime, world, late) == (1, 1, 1, 1)
    report = scan(runtime, late)
    assert [action for _, action in report.fired] == ["escalate_overdue"]
    assert case_of(runtime, case_id).state == "escalated"
    with runtime.sessions() as session:
        timeline = CaseQueries(session).timeline(case_id)
    kinds = [e.trigger for e in reversed(timeline)][-3:]
    assert kinds == [DEADLINE_PAUSED, DEADLINE_RESUMED, "escalate_overdue"]
    verified(runtime)


def test_a_pause_past_its_limit_counts_as_the_deadline_passing(
    runtime: Runtime, world: World, timed: TimedCases
) -> None:
    case_id = timed.mediated(wib(1, 12, 9, 30))
    pause(runtime, world, case_id, wib(2, 12, 10), "Pelapor merantau ke Kalimantan")
    # The original due time has long passed; the pause holds it until its own limit.
    assert scan(runtime, wib(31, 12, 23)).handled == 0
    limit = wib(1, 1, 10).replace(year=2027)
    report = scan(runtime, limit)
    assert [action for _, action in report.fired] == ["escalate_overdue"]
    case = case_of(runtime, case_id)
    assert case.state == "escalated"
    assert case.paused_at is None
    with runtime.sessions() as session:
        last = CaseQueries(session).timeline(case_id)[0]
    assert last.payload == {"reason": "Jeda tenggat status 'Dalam mediasi' melewati batasnya."}
    verified(runtime)


def test_a_state_that_declares_no_pause_refuses_one_and_writes_nothing(
    runtime: Runtime, world: World, timed: TimedCases
) -> None:
    case_id = timed.report(wib(1, 12, 9))  # 'reported' is not pausable
    before = case_of(runtime, case_id).version
    with pytest.raises(Conflict, match="tidak dapat dijeda"):
        pause(runtime, world, case_id, wib(1, 12, 10), "Pihak sakit")
    after = case_of(runtime, case_id)
    assert (after.version, after.paused_at) == (before, None)


def test_a_step_out_of_the_state_ends_its_pause(
    runtime: Runtime, world: World, timed: TimedCases
) -> None:
    case_id = timed.report(wib(1, 12, 9))
    timed.fire(case_id, "assess", wib(1, 12, 10))
    pause(runtime, world, case_id, wib(2, 12, 10), "Menunggu pihak pulang")
    with pytest.raises(Conflict, match="sudah dijeda"):
        pause(runtime, world, case_id, wib(2, 12, 11), "Lagi")
    timed.invite(case_id, wib(3, 12, 9))
    timed.fire(case_id, "schedule_mediation", wib(3, 12, 10))
    case = case_of(runtime, case_id)
    assert (case.state, case.paused_at, case.pause_until) == ("mediated", None, None)
    assert case.due_at == wib(17, 12, 10)
    verified(runtime)
