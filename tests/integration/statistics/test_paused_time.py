"""Days in a state leave paused time out, on SQLite and PostgreSQL, with the paused days shown
as a figure of their own; the answer is worked out by hand.

Two sengketa cases of desa A1 in May 2026 (WIB), both assessed on 5 May 09:00 and moved on to
mediation. The first paused its deadline from 6 to 9 May (3 days, resumed) and again from 10
May until the step out on 12 May 09:00 (2 days, ended by the step): 7 days in the state, 5
paused, 2 counted. The second stayed 4 days without a pause. Assessed: mean (2 + 4) / 2 = 3
days, 5 paused days."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from mediasi.deadlines.pauses import PauseService
from mediasi.deadlines.schemas import PauseForm
from mediasi.runtime import Runtime
from mediasi.statistics.scope import scope_of
from mediasi.statistics.selection import Selection
from mediasi.statistics.timings import state_stays
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World
from tests.integration.statistics.conftest import shown
from tests.integration.supervision.conftest import OpenAs


def may(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 5, day, hour, 0, tzinfo=LOCAL_TZ)


def pause(runtime: Runtime, world: World, case_id: UUID, at: datetime, resume: bool) -> None:
    with runtime.sessions.begin() as session:
        service = PauseService(runtime.case_service(session, clock=lambda: at))
        officer = world.actor("officer")
        version = service.cases.get(case_id, officer).version
        if resume:
            service.resume(case_id, officer, version)
        else:
            service.pause(case_id, officer, PauseForm(reason="Teradu sakit"), version)


def assessed(timed: TimedCases) -> UUID:
    case_id = timed.report(may(4))
    timed.fire(case_id, "assess", may(5))
    timed.invite(case_id, may(5))
    return case_id


def test_days_in_a_state_leave_paused_time_out(
    runtime: Runtime, world: World, open_as: OpenAs
) -> None:
    timed = TimedCases(runtime, world)
    paused, plain = assessed(timed), assessed(timed)
    pause(runtime, world, paused, may(6), resume=False)
    pause(runtime, world, paused, may(9), resume=True)
    pause(runtime, world, paused, may(10), resume=False)
    later = {"session_at": "2026-05-20T09:00"}
    timed.fire(paused, "schedule_mediation", may(12), **later)
    timed.fire(plain, "schedule_mediation", may(9), **later)

    with runtime.sessions() as session:
        supervisor = world.actor("supervisor")
        sel = Selection(supervisor, scope_of(session, supervisor, None, "Asia/Jakarta"))
        stays = {s.state: s for s in state_stays(session, sel, may(1, 0), may(31, 23))}
    assert stays["assessed"].stays == 2
    assert round(stays["assessed"].mean_days, 6) == 3.0
    assert round(stays["assessed"].paused_days, 6) == 5.0
    assert (stays["reported"].mean_days, stays["reported"].paused_days) == (1.0, 0.0)

    page = open_as("supervisor").get("/statistik?period=month&value=2026-05").text
    assert shown(page, "mean_days", 'data-state="sengketa:assessed"') == "3"
    assert shown(page, "paused_days") == "5"
