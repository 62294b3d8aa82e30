"""A handover and a step on one of its cases at the same moment, on SQLite and PostgreSQL.

The step runs for real on another connection, started between the handover reading the desa's
cases and writing them. The handover reads them under a row lock (PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` holds every other writer off for the whole transaction), so the step waits
for it and then meets the moved version: refused as stale, told to the user, never silently
overwritten, and the handover is whole.

An earlier attempt bumped a case's version with an ORM ``update(Case)`` inside the handover's
own session. That statement also updates the loaded object (``synchronize_session``), so the
handover's ``UPDATE … WHERE version = :seen`` matched the bumped row and nothing looked stale:
the simulation was wrong, not the lock. A write the mapper did not see (plain SQL) is what
the version lock is for, and it refuses the handover whole.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mediasi.accounts.models import OfficerDesa
from mediasi.audit.services import verify_all
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseEdit
from mediasi.db.base import utcnow
from mediasi.errors import FieldErrors, StaleVersion
from mediasi.handover import services as handover_services
from mediasi.runtime import Runtime
from tests.factories import TimedCases, World
from tests.integration.handover.test_handover import hand_over
from tests.writes import Watch

WAIT = 30.0  # far above any honest wait: only a deadlock trips it


def between_read_and_write(
    monkeypatch: pytest.MonkeyPatch, act: Callable[[Session, list[UUID]], None]
) -> None:
    """Run ``act`` once the handover has read the desa's cases, before it writes any."""
    counted = handover_services._scheduled_sessions

    def hooked(session: Session, case_ids: list[UUID]) -> Any:
        act(session, case_ids)
        return counted(session, case_ids)

    monkeypatch.setattr(handover_services, "_scheduled_sessions", hooked)


def triggers(runtime: Runtime, case_id: UUID) -> list[str]:
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Event.trigger).where(Event.case_id == case_id).order_by(Event.seq)
            )
        )


def test_a_step_taken_during_a_handover_waits_and_is_refused_never_lost(
    runtime: Runtime, world: World, successor: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = TimedCases(runtime, world).report(utcnow())
    with runtime.sessions() as session:
        seen = session.get(Case, case_id).version  # type: ignore[union-attr]
    supervisor = world.actor("supervisor")  # keeps the desa in reach after the handover
    before = triggers(runtime, case_id)

    def edit() -> Any:
        with runtime.sessions.begin() as session:
            return runtime.case_service(session).edit(
                case_id, supervisor, CaseEdit(title="Judul diperbaiki pengawas"), seen
            )

    pool = ThreadPoolExecutor(1)
    step: list[Future[Any]] = []
    between_read_and_write(monkeypatch, lambda _s, _ids: step.append(pool.submit(edit)))
    try:
        record = hand_over(
            runtime, world, "supervisor", desa_id=world.desa_a1, to_officer_id=successor
        )
        with pytest.raises(StaleVersion):
            step[0].result(timeout=WAIT)
    finally:
        pool.shutdown(wait=True)

    assert record.cases_moved == 1
    assert triggers(runtime, case_id) == [*before, "case.handed_over"]
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert (case.title, case.assigned_officer_id) == ("Sengketa batas sawah", successor)  # type: ignore[union-attr]
        assert all(r.ok for r in verify_all(session, runtime.workflows.registry))


def test_a_case_changed_unseen_refuses_the_whole_handover(
    runtime: Runtime, world: World, successor: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    timed = TimedCases(runtime, world)
    first, second = timed.report(utcnow()), timed.report(utcnow())
    before = triggers(runtime, first)
    # A write the mapper knows nothing of (Core SQL on the table, so the loaded object keeps
    # its version): the version lock, not the row lock, must catch it.
    cases = Case.__table__
    between_read_and_write(
        monkeypatch,
        lambda session, _ids: session.execute(
            update(cases).where(cases.c.id == second).values(version=cases.c.version + 1)
        ),
    )
    watch = Watch(runtime)
    with pytest.raises(StaleVersion):
        hand_over(runtime, world, "supervisor", desa_id=world.desa_a1, to_officer_id=successor)
    assert watch.written() == []
    with runtime.sessions() as session:
        holders = session.scalars(
            select(OfficerDesa.user_id).where(OfficerDesa.desa_id == world.desa_a1)
        ).all()
        assert holders == [world.actor("officer").id]
    assert triggers(runtime, first) == triggers(runtime, second) == before


@pytest.mark.parametrize("by", ["supervisor", "officer"])
def test_a_report_made_during_a_handover_never_stays_with_the_officer_handed_from(
    runtime: Runtime, world: World, successor: UUID, monkeypatch: pytest.MonkeyPatch, by: str
) -> None:
    """A case reported in the desa while the desa is being handed over waits for the handover:
    the supervisor's report goes to the successor, and the officer handed from may no longer
    report there. (Without the desa's lock, PostgreSQL let the report read the old holder and
    commit beside the handover, leaving the case with an officer who no longer held the desa.)"""

    def report() -> UUID:
        with runtime.sessions.begin() as session:
            return runtime.case_service(session).report(world.actor(by), world.report()).id

    pool = ThreadPoolExecutor(1)
    reported: list[Future[UUID]] = []

    def alongside(_session: Session, _ids: list[UUID]) -> None:
        reported.append(pool.submit(report))
        wait(reported, timeout=1.5)  # a report nothing holds back is done well within this

    between_read_and_write(monkeypatch, alongside)
    try:
        record = hand_over(
            runtime, world, "supervisor", desa_id=world.desa_a1, to_officer_id=successor
        )
        if by == "officer":
            with pytest.raises(FieldErrors) as refused:
                reported[0].result(timeout=WAIT)
            assert "bukan wilayah tugas" in str(refused.value.errors["desa_id"])
            return
        case_id = reported[0].result(timeout=WAIT)
    finally:
        pool.shutdown(wait=True)

    assert record.cases_moved == 0  # the report came after the handover, not beside it
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert case.assigned_officer_id == successor
        assert all(r.ok for r in verify_all(session, runtime.workflows.registry))
