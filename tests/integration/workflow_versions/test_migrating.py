"""Moving 1,000 open cases to a new version: each moved once, in its own transaction, even
when the run is interrupted and run again; replay (``audit verify``) stays true."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import func, insert, select

from mediasi.audit.services import verify_all
from mediasi.audit.stays import rebuild_stays
from mediasi.cases import kinds
from mediasi.cases.chain import GENESIS
from mediasi.cases.event_model import Event
from mediasi.cases.ledger import event_row, json_value
from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseEdit
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.workflow_versions.models import FINISHED, RUNNING, WorkflowMigration
from tests.factories import World
from tests.integration.workflow_versions.test_publishing import publish
from tests.workflow_texts import sengketa_v2

CASES = 1000


def open_cases(runtime: Runtime, world: World, n: int) -> None:
    """``n`` sengketa v1 cases as the case service writes them (a chained report; every third
    also assessed, every tenth withdrawn), inserted in bulk with the stays their events imply:
    the ORM's unit of work took seconds over a thousand cases and their events."""
    officer = world.actor("officer")
    start = utcnow() - timedelta(days=1)
    cases: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for i in range(n):
        case: dict[str, Any] = {
            "id": uuid4(),
            "reference": f"MED/UJI/{i:05d}",
            "polsek_id": world.polsek_a,
            "year": 2026,
            "number": i + 1,
            "workflow": "sengketa",
            "workflow_version": 1,
            "state": "reported",
            "category": "batas_tanah",
            "title": f"Sengketa {i}",
            "description": "",
            "desa_id": world.desa_a1,
            "reporter_name": "Pelapor",
            "reporter_phone": None,
            "risk_level": None,
            "assigned_officer_id": officer.id,
            "state_entered_at": start,
            "is_final": False,
        }
        snapshot = {name: json_value(case[name]) for name in kinds.CASE_FIELDS}
        payload = {"case": snapshot, "workflow": "sengketa", "workflow_version": 1}
        steps = [(kinds.CASE_REPORTED, None, "reported", payload)]
        if i % 10 == 9:
            steps.append(("withdraw", "reported", "withdrawn", {}))
            case["is_final"] = True
        elif i % 3 == 0:
            steps.append(("assess", "reported", "assessed", {}))
        prev = GENESIS
        for seq, (trigger, before, after, data) in enumerate(steps, start=1):
            states = (before, after)
            event = event_row((case["id"], seq, prev), officer, trigger, states, data, start)
            events.append(event)
            prev = event["hash"]
        cases.append({**case, "state": after, "version": len(steps), "last_hash": prev})
    with runtime.sessions.begin() as session:
        session.execute(insert(Case.__table__), cases)
        session.execute(insert(Event.__table__), events)
        rebuild_stays(session, [case["id"] for case in cases])


def migrated_events(runtime: Runtime) -> dict[UUID, int]:
    with runtime.sessions() as session:
        rows = session.execute(
            select(Event.case_id, func.count())
            .where(Event.trigger == kinds.WORKFLOW_MIGRATED)
            .group_by(Event.case_id)
        )
        return {case_id: count for case_id, count in rows}


class Interrupted(Exception):
    pass


def test_a_thousand_open_cases_move_once_each_through_an_interrupted_run(
    own: Runtime, world: World
) -> None:
    open_cases(own, world, CASES)
    publish(own, world, sengketa_v2())
    migrations = own.migrations()
    admin = world.actor("admin")

    plan = migrations.plan("sengketa", 2, {})
    assert (len(plan.cases), plan.moving, plan.refused) == (900, 900, 0)
    assessed = next(c for c in plan.cases if c.move.before == "assessed")
    assert assessed.move.after == "telaah"

    def stop_at_400(done: int, total: int) -> None:
        if done == 400:
            raise Interrupted

    with pytest.raises(Interrupted):
        migrations.run("sengketa", 2, {}, admin, progress=stop_at_400)
    assert len(migrated_events(own)) == 400
    with own.sessions() as session:
        [cut] = session.scalars(select(WorkflowMigration)).all()
        assert (cut.status, cut.finished_at, cut.moved) == (RUNNING, None, 400)

    record = migrations.run("sengketa", 2, {}, admin)
    assert (record.status, record.moved, record.refused, record.failed) == (FINISHED, 500, 0, 0)
    moved = migrated_events(own)
    assert len(moved) == 900
    assert set(moved.values()) == {1}
    with own.sessions() as session:
        states = dict(
            session.execute(
                select(Case.state, func.count())
                .where(Case.workflow_version == 2)
                .group_by(Case.state)
            ).all()
        )
        closed = session.scalar(
            select(func.count()).where(Case.workflow_version == 1, Case.is_final.is_(True))
        )
        assert states == {"telaah": 300, "reported": 600}
        assert closed == 100
        broken = [r for r in verify_all(session, own.workflows.registry) if not r.ok]
    assert broken == []
    assert migrations.run("sengketa", 2, {}, admin).moved == 0


def test_cases_whose_state_maps_nowhere_are_refused_and_stay(own: Runtime, world: World) -> None:
    open_cases(own, world, 6)
    publish(own, world, sengketa_v2(mapped=False))
    migrations = own.migrations()
    plan = migrations.plan("sengketa", 2, {})
    refused = [c for c in plan.cases if c.move.refusal is not None]
    assert {c.move.before for c in refused} == {"assessed"}
    assert plan.moving == 4
    record = migrations.run("sengketa", 2, {}, world.actor("admin"))
    assert (record.moved, record.refused) == (4, 2)
    # Given at the run, the pair moves the rest.
    record = migrations.run("sengketa", 2, {"assessed": "telaah"}, world.actor("admin"))
    assert (record.moved, record.refused) == (2, 0)
    with own.sessions() as session:
        assert [r.problems for r in verify_all(session, own.workflows.registry) if not r.ok] == []


def test_a_case_changed_during_the_run_is_read_again_and_moved_as_it_now_is(
    own: Runtime, world: World
) -> None:
    """The run reads its cases a batch at a time; an officer who edits one case and withdraws
    another after the batch was read does not lose the edit, nor see a closed case reopened."""
    open_cases(own, world, 4)
    publish(own, world, sengketa_v2())
    officer = world.actor("officer")
    with own.sessions() as session:
        edited, withdrawn = session.scalars(
            select(Case)
            .where(Case.is_final.is_(False), Case.state == "reported")
            .order_by(Case.reference.desc())
        ).all()[:2]

    def officer_acts(done: int, total: int) -> None:
        if done == 1:
            with own.sessions.begin() as session:
                cases = own.case_service(session)
                cases.edit(
                    edited.id, officer, CaseEdit(title="Judul diubah petugas"), edited.version
                )
                cases.fire(
                    withdrawn.id, "withdraw", officer, {"reason": "Damai"}, withdrawn.version
                )

    record = own.migrations().run("sengketa", 2, {}, world.actor("admin"), progress=officer_acts)
    assert (record.moved, record.refused, record.failed) == (3, 0, 0)
    with own.sessions() as session:
        after = {c.id: c for c in session.scalars(select(Case))}
        assert (after[edited.id].title, after[edited.id].workflow_version) == (
            "Judul diubah petugas",
            2,
        )
        assert (after[withdrawn.id].state, after[withdrawn.id].workflow_version) == ("withdrawn", 1)
        assert [r.problems for r in verify_all(session, own.workflows.registry) if not r.ok] == []
