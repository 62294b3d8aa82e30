"""Cases taken through every kind of event the statistics' stays follow, by the services a
person uses (no row written by hand), for the tests of the stays and of their backfill.

``steps`` (sengketa, desa A1, May 2026 WIB): reported 4 May; the scanner flags the deadline
on 8 May; assessed 9 May; its category edited; the deadline paused 10 May, resumed 12 May and
paused again 13 May; a tokoh invited; mediation scheduled 14 May (which ends the pause: 3 days
paused); the scanner escalates it as overdue on 29 May; then the desa is handed over.
``agreed``: mediated, an agreement drafted, frozen and signed (events that move nothing), then
the agreement step. ``rescheduled``: mediated, its deadline paused, its session failed, then
rescheduled (a step back into the same state: a new due time, and the pause ends). ``reported``
and ``assessed``: left in those states."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseEdit
from mediasi.db.base import utcnow
from mediasi.deadlines.pauses import PauseService
from mediasi.deadlines.schemas import PauseForm
from mediasi.deadlines.services import DeadlineScanner
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World
from tests.integration.agreements.conftest import Agreements
from tests.integration.handover.conftest import add_officer
from tests.integration.handover.test_handover import hand_over
from tests.integration.web.conftest import Cases

EDITED_CATEGORY = "utang_piutang"


def may(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 5, day, hour, tzinfo=LOCAL_TZ)


def scan(runtime: Runtime, at: datetime) -> None:
    DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: at).run()


def _version(runtime: Runtime, case_id: UUID) -> int:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.version


def pause(runtime: Runtime, world: World, case_id: UUID, at: datetime, *, resume: bool) -> None:
    with runtime.sessions.begin() as session:
        service = PauseService(runtime.case_service(session, clock=lambda: at))
        officer, version = world.actor("officer"), _version(runtime, case_id)
        if resume:
            service.resume(case_id, officer, version)
        else:
            service.pause(case_id, officer, PauseForm(reason="Teradu sakit"), version)


def edit_category(runtime: Runtime, world: World, case_id: UUID, at: datetime) -> None:
    with runtime.sessions.begin() as session:
        runtime.case_service(session, clock=lambda: at).edit(
            case_id,
            world.actor("officer"),
            CaseEdit(category=EDITED_CATEGORY),
            _version(runtime, case_id),
        )


def every_kind(runtime: Runtime, world: World) -> dict[str, UUID]:
    """The cases above, by name; the desa's new officer under ``successor``."""
    timed = TimedCases(runtime, world)
    steps = timed.report(may(4))
    scan(runtime, may(8))
    timed.fire(steps, "assess", may(9))
    edit_category(runtime, world, steps, may(9, 10))
    pause(runtime, world, steps, may(10), resume=False)
    pause(runtime, world, steps, may(12), resume=True)
    pause(runtime, world, steps, may(13), resume=False)
    timed.invite(steps, may(13, 12))
    timed.fire(steps, "schedule_mediation", may(14), session_at="2026-05-20T09:00")
    scan(runtime, may(29))
    cases = Cases(runtime, world)
    agreed = Agreements(runtime, world, cases).agreed()
    rescheduled = cases.mediated()
    pause(runtime, world, rescheduled, utcnow(), resume=False)
    cases.record_session(rescheduled)
    later = (utcnow().astimezone(LOCAL_TZ) + timedelta(days=3)).strftime("%Y-%m-%dT09:00")
    cases.fire(rescheduled, "reschedule", session_at=later, place="Balai desa")
    reported, assessed = cases.report(), cases.report()
    cases.fire(assessed, "assess")
    successor = add_officer(runtime, world)
    hand_over(runtime, world, "supervisor", desa_id=world.desa_a1, to_officer_id=successor)
    return {
        "steps": steps,
        "agreed": agreed,
        "rescheduled": rescheduled,
        "reported": reported,
        "assessed": assessed,
        "successor": successor,
    }
