"""Entering a state sets the due time its workflow declares; a final state has none."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from mediasi.cases.event_model import Event
from mediasi.cases.kinds import DEADLINE_EXPIRED
from mediasi.cases.models import Case
from mediasi.deadlines.services import DeadlineScanner
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World


def wib(day: int, month: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_TZ)


# Friday 27 November 2026, 16:00 WIB; no public holiday until Christmas.
FRIDAY = wib(27, 11, 16)


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


def _case(runtime: Runtime, case_id: UUID) -> Case:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def _expiry_events(runtime: Runtime, case_id: UUID) -> list[Event]:
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Event)
                .where(Event.case_id == case_id, Event.trigger == DEADLINE_EXPIRED)
                .order_by(Event.seq)
            )
        )


def test_a_report_on_friday_afternoon_is_due_on_tuesday_afternoon(
    runtime: Runtime, timed: TimedCases
) -> None:
    case = _case(runtime, timed.report(FRIDAY))
    assert case.state == "reported"
    assert case.state_entered_at == FRIDAY
    assert case.due_at == wib(1, 12, 16)  # '2 working days': Monday, then Tuesday 16:00
    assert case.due_at.astimezone(LOCAL_TZ).strftime("%a %H:%M") == "Tue 16:00"
    assert case.deadline_expired_at is None
    assert case.is_final is False


def test_each_state_entered_gets_its_own_due_time(runtime: Runtime, timed: TimedCases) -> None:
    case_id = timed.report(FRIDAY)

    timed.fire(case_id, "assess", wib(30, 11, 10))  # '7 days'
    case = _case(runtime, case_id)
    assert (case.state, case.due_at) == ("assessed", wib(7, 12, 10))

    timed.invite(case_id, wib(30, 11, 11))
    assert _case(runtime, case_id).due_at == wib(7, 12, 10), "an invitation keeps the due time"

    timed.fire(case_id, "schedule_mediation", wib(1, 12, 9, 30))  # '14 days'
    case = _case(runtime, case_id)
    assert (case.state, case.due_at) == ("mediated", wib(15, 12, 9, 30))
    assert case.state_entered_at == wib(1, 12, 9, 30)

    timed.fire(case_id, "escalate", wib(3, 12, 14))  # Thursday + '3 working days'
    case = _case(runtime, case_id)
    assert (case.state, case.due_at) == ("escalated", wib(8, 12, 14))

    timed.fire(case_id, "return_escalation", wib(4, 12, 11), by="supervisor")
    case = _case(runtime, case_id)
    assert (case.state, case.due_at) == ("assessed", wib(11, 12, 11))
    assert case.state_entered_at == wib(4, 12, 11)


def test_an_escalation_over_christmas_skips_the_holiday(
    runtime: Runtime, timed: TimedCases
) -> None:
    # Thursday 24 December: Friday 25 is Christmas, then the weekend.
    case_id = timed.escalated(wib(24, 12, 8))
    assert _case(runtime, case_id).due_at == wib(30, 12, 8)  # Mon 28, Tue 29, Wed 30


@pytest.mark.parametrize(
    ("route", "final_state"),
    [(("escalate", "accept_escalation"), "referred"), (("withdraw",), "withdrawn")],
    ids=["referred", "withdrawn"],
)
def test_a_final_state_clears_the_due_time(
    runtime: Runtime, timed: TimedCases, route: tuple[str, ...], final_state: str
) -> None:
    case_id = timed.report(FRIDAY)
    at = FRIDAY
    for trigger in route:
        at += timedelta(hours=1)
        timed.fire(
            case_id, trigger, at, by="supervisor" if trigger.startswith("accept") else "officer"
        )
    case = _case(runtime, case_id)
    assert case.state == final_state
    assert case.is_final is True
    assert case.due_at is None
    assert case.state_entered_at == at
    # A closed case is never picked up by the scanner, however late it gets.
    report = DeadlineScanner(
        runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: at + timedelta(days=400)
    ).run()
    assert report.handled == 0
    assert _case(runtime, case_id).version == case.version


def test_entering_a_new_state_resets_the_expiry_mark(runtime: Runtime, timed: TimedCases) -> None:
    case_id = timed.report(FRIDAY)
    late = wib(2, 12, 8)  # Wednesday, the report was due Tuesday 16:00
    report = DeadlineScanner(
        runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: late
    ).run()
    assert len(report.flagged) == 1
    assert _case(runtime, case_id).deadline_expired_at == late

    timed.fire(case_id, "assess", wib(2, 12, 9))
    case = _case(runtime, case_id)
    assert case.state == "assessed"
    assert case.deadline_expired_at is None
    assert case.due_at == wib(9, 12, 9)

    # The new state's deadline expires in its turn: a second, separate expiry is recorded.
    later = wib(10, 12, 8)
    report = DeadlineScanner(
        runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: later
    ).run()
    assert len(report.flagged) == 1
    expiries = _expiry_events(runtime, case_id)
    assert [(e.from_state, e.created_at) for e in expiries] == [
        ("reported", late),
        ("assessed", later),
    ]
    assert _case(runtime, case_id).deadline_expired_at == later
