"""The deadline scanner on both backends: each expiry handled once, whoever scans and when."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import func, or_, select, update

from mediasi.audit.services import verify_all
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import DEADLINE_EXPIRED
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.deadlines.services import DeadlineScanner, ScanReport
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.loader import load_workflows
from tests.factories import FixedClock, TimedCases, World

EXPIRIES = or_(Event.trigger == DEADLINE_EXPIRED, Event.trigger == "escalate_overdue")


def wib(day: int, month: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


def scan(runtime: Runtime, at: datetime) -> ScanReport:
    return DeadlineScanner(
        runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: at
    ).run()


def _case(runtime: Runtime, case_id: UUID) -> Case:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def _events(runtime: Runtime, case_id: UUID) -> list[Event]:
    with runtime.sessions() as session:
        return list(
            session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.seq))
        )


def _expiries_per_case(runtime: Runtime) -> Counter[UUID]:
    with runtime.sessions() as session:
        rows = session.execute(
            select(Event.case_id, func.count()).where(EXPIRIES).group_by(Event.case_id)
        )
        return Counter({case_id: int(n) for case_id, n in rows})


def _all_verified(runtime: Runtime) -> None:
    with runtime.sessions() as session:
        broken = [
            (r.reference, r.problems)
            for r in verify_all(session, runtime.workflows.registry)
            if not r.ok
        ]
    assert broken == []


def test_an_overdue_mediation_is_escalated_by_the_system(
    runtime: Runtime, timed: TimedCases
) -> None:
    case_id = timed.mediated(wib(1, 12, 9, 30))  # '14 days': due Tuesday 15 December 09:30
    reference = _case(runtime, case_id).reference
    late = wib(16, 12, 7)

    report = scan(runtime, late)

    assert report.fired == [(reference, "escalate_overdue")]
    assert (report.flagged, report.failed) == ([], [])
    assert report.summary() == "deadlines: 1 fired, 0 flagged"
    case = _case(runtime, case_id)
    assert case.state == "escalated"
    assert case.state_entered_at == late
    assert case.due_at == wib(21, 12, 7)  # the escalation's own '3 working days', Wed → Mon
    assert case.deadline_expired_at is None
    last = _events(runtime, case_id)[-1]
    assert (last.trigger, last.from_state, last.to_state) == (
        "escalate_overdue",
        "mediated",
        "escalated",
    )
    assert (last.actor_id, last.actor_role, last.actor_name) == (None, "system", "sistem")
    assert last.payload == {
        "reason": "Tenggat status 'Dalam mediasi' (15-12-2026 09:30 WIB) terlewati."
    }
    assert last.created_at == late

    assert scan(runtime, late + timedelta(hours=1)).handled == 0
    _all_verified(runtime)


def test_an_overdue_report_is_flagged_once(runtime: Runtime, timed: TimedCases) -> None:
    case_id = timed.report(wib(27, 11, 16))  # due Tuesday 1 December 16:00
    before = _case(runtime, case_id)
    late = wib(2, 12, 8)

    report = scan(runtime, late)

    assert report.flagged == [before.reference]
    assert report.fired == []
    case = _case(runtime, case_id)
    assert case.state == "reported", "a flag-only expiry leaves the state alone"
    assert case.deadline_expired_at == late
    assert case.due_at == before.due_at
    assert case.version == before.version + 1
    last = _events(runtime, case_id)[-1]
    assert (last.trigger, last.from_state, last.to_state) == (
        DEADLINE_EXPIRED,
        "reported",
        "reported",
    )
    assert (last.actor_role, last.actor_name) == ("system", "sistem")
    assert last.payload == {"due_at": "01-12-2026 16:00 WIB", "action": "flag"}

    # A second run, and a much later one, add nothing.
    for again in (late, late + timedelta(days=30)):
        assert scan(runtime, again).handled == 0
    assert len(_events(runtime, case_id)) == case.version
    assert _expiries_per_case(runtime) == Counter({case_id: 1})
    _all_verified(runtime)


def test_a_case_not_yet_due_is_untouched(runtime: Runtime, timed: TimedCases) -> None:
    waiting = timed.mediated(wib(1, 12, 9, 30))
    overdue = timed.report(wib(1, 12, 9, 30))  # due Thursday 3 December 09:30
    before = _case(runtime, waiting)

    report = scan(runtime, wib(15, 12, 9, 29))  # one minute before the mediation is due

    assert report.flagged == [_case(runtime, overdue).reference]
    assert report.fired == []
    after = _case(runtime, waiting)
    assert (after.state, after.version, after.due_at) == ("mediated", before.version, before.due_at)
    assert after.deadline_expired_at is None
    assert _expiries_per_case(runtime) == Counter({overdue: 1})


def _overdue_cases(timed: TimedCases, reported: int, mediated: int) -> list[UUID]:
    start = wib(2, 11, 9)
    ids = [timed.report(start + timedelta(minutes=n)) for n in range(reported)]
    ids += [timed.mediated(start + timedelta(minutes=n)) for n in range(mediated)]
    return ids


def test_two_scanners_at_once_handle_each_expiry_once(runtime: Runtime, timed: TimedCases) -> None:
    ids = _overdue_cases(timed, reported=24, mediated=6)
    late = wib(1, 12, 12)
    start = threading.Barrier(2, timeout=10)
    reports: list[ScanReport] = []
    errors: list[BaseException] = []

    def scanner() -> None:
        try:
            instance = DeadlineScanner(
                runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: late
            )
            start.wait()
            reports.append(instance.run())
        except BaseException as exc:  # reported below, the thread must not swallow it
            errors.append(exc)

    threads = [threading.Thread(target=scanner, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a scanner did not finish within 60 s"
    assert errors == []
    assert len(reports) == 2

    assert sum(r.handled for r in reports) == 30
    assert all(r.failed == [] for r in reports)
    fired = [ref for r in reports for ref, _ in r.fired]
    flagged = [ref for r in reports for ref in r.flagged]
    assert (len(fired), len(flagged)) == (6, 24)
    assert len(set(fired) | set(flagged)) == 30, "no case handled by both scanners"
    assert _expiries_per_case(runtime) == Counter({case_id: 1 for case_id in ids})
    states = Counter(_case(runtime, case_id).state for case_id in ids)
    assert states == Counter({"reported": 24, "escalated": 6})
    _all_verified(runtime)


def test_a_restart_between_scans_repeats_nothing(runtime: Runtime, timed: TimedCases) -> None:
    escalating = timed.mediated(wib(9, 11, 9))  # due Monday 23 November 09:00
    early = [timed.report(wib(23, 11, 9)) for _ in range(3)]  # due Wednesday 25 November 09:00
    later = [timed.report(wib(26, 11, 9)) for _ in range(3)]  # due Monday 30 November 09:00
    ref = {case_id: _case(runtime, case_id).reference for case_id in [escalating, *early, *later]}
    clock = FixedClock(wib(27, 11, 9))  # Friday

    first = DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks, clock=clock).run()
    assert first.fired == [(ref[escalating], "escalate_overdue")]
    assert sorted(first.flagged) == sorted(ref[c] for c in early)

    # The process stops; a new one starts on the same database, the clock has moved on.
    runtime.close()
    restarted = Runtime.build(runtime.settings)
    try:
        clock.advance(timedelta(days=4))  # Tuesday 1 December 09:00
        second = DeadlineScanner(
            restarted.sessions, restarted.workflows, restarted.hooks, clock=clock
        ).run()
        assert second.fired == []
        assert sorted(second.flagged) == sorted(ref[c] for c in later)

        # The escalation made by the first process now has its own deadline (Wednesday 09:00).
        clock.advance(timedelta(days=2))
        third = DeadlineScanner(
            restarted.sessions, restarted.workflows, restarted.hooks, clock=clock
        ).run()
        assert (third.fired, third.flagged) == ([], [ref[escalating]])
        assert (
            DeadlineScanner(restarted.sessions, restarted.workflows, restarted.hooks, clock=clock)
            .run()
            .handled
            == 0
        )
    finally:
        restarted.close()

    with runtime.sessions() as session:
        handled = Counter(
            (case_id, from_state)
            for case_id, from_state in session.execute(
                select(Event.case_id, Event.from_state).where(EXPIRIES)
            )
        )
    expected = {(c, "reported"): 1 for c in [*early, *later]}
    expected |= {(escalating, "mediated"): 1, (escalating, "escalated"): 1}
    assert handled == Counter(expected)
    _all_verified(runtime)


UNFIREABLE = """\
name: uji_tenggat
version: 1
label: {id: Uji tenggat, en: Deadline test}
initial: reported
categories:
  - {value: lainnya, label: {id: Lainnya, en: Other}}
states:
  reported:
    label: {id: Dilaporkan, en: Reported}
    deadline: 1 day
    on_expiry: escalate_overdue
  escalated:
    label: {id: Dieskalasi, en: Escalated}
    final: true
transitions:
  - trigger: escalate_overdue
    label: {id: Eskalasi otomatis, en: Automatic escalation}
    source: reported
    dest: escalated
    roles: [system]
    guards: [session_held]
"""


def test_an_expiry_whose_step_cannot_fire_is_flagged_instead(
    runtime: Runtime, world: World, tmp_path: Path
) -> None:
    (tmp_path / "uji.yaml").write_text(UNFIREABLE)
    engine = WorkflowEngine(load_workflows(tmp_path))
    reported_at = wib(2, 11, 9)
    with runtime.sessions.begin() as session:
        case = CaseService(session, engine, runtime.hooks, clock=lambda: reported_at).report(
            world.actor("officer"), world.report(workflow="uji_tenggat", category="lainnya")
        )
        case_id, reference, version = case.id, case.reference, case.version
    late = wib(4, 11, 9)

    report = DeadlineScanner(runtime.sessions, engine, runtime.hooks, clock=lambda: late).run()

    assert report.fired == []
    assert report.flagged == [reference]
    assert [ref for ref, _ in report.failed] == [reference]
    assert "session" in report.failed[0][1].lower()  # the guard's own words, in English
    assert report.summary() == "deadlines: 0 fired, 1 flagged, 1 could not fire and were flagged"
    case = _case(runtime, case_id)
    assert (case.state, case.version, case.deadline_expired_at) == ("reported", version + 1, late)
    assert [e.trigger for e in _events(runtime, case_id)][version:] == [DEADLINE_EXPIRED]
    assert (
        DeadlineScanner(runtime.sessions, engine, runtime.hooks, clock=lambda: late).run().handled
        == 0
    )


def test_one_case_of_an_unloaded_workflow_version_does_not_stop_every_other_deadline(
    runtime: Runtime, timed: TimedCases
) -> None:
    orphan = timed.report(wib(2, 11, 9))
    overdue = timed.report(wib(2, 11, 10))
    with runtime.sessions.begin() as session:
        session.execute(update(Case).where(Case.id == orphan).values(workflow_version=99))

    report = scan(runtime, wib(10, 11, 9))

    assert _case(runtime, overdue).deadline_expired_at == wib(10, 11, 9)
    assert _case(runtime, orphan).reference in {ref for ref, _ in report.failed}
