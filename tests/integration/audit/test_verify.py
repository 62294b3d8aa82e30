"""Tamper evidence: any change made behind the service's back, straight in the database, is
found by ``verify_case`` and by ``mediasi audit verify`` (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from mediasi.audit.services import CaseVerification, events_of, verify_all, verify_case
from mediasi.cases.chain import event_hash
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.cases.schemas import TokohInvite
from mediasi.cli import main
from mediasi.config import Settings
from mediasi.intake.codes import format_code
from mediasi.intake.models import ReportEvent
from mediasi.runtime import Runtime
from tests.factories import PAYLOADS, World, cli_env, submitted

# The history built below: 1 reported, 2-3 parties, 4 assess, 5 tokoh invited, 6 scheduled.
ASSESS = 4
LAST = 6


def build_history(runtime: Runtime, world: World) -> tuple[UUID, UUID]:
    """A case with a real history, and a second, untouched case beside it."""
    officer = world.actor("officer")
    with runtime.sessions.begin() as session:
        service = runtime.case_service(session)
        case = service.report(officer, world.report())
        case = service.fire(case.id, "assess", officer, PAYLOADS["assess"], case.version)
        service.invite_tokoh(case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1), case.version)
        case = service.fire(
            case.id, "schedule_mediation", officer, PAYLOADS["schedule_mediation"], case.version
        )
        assert case.version == LAST
        other = service.report(officer, world.report(desa=world.desa_a2))
        return case.id, other.id


def verify(runtime: Runtime, case_id: UUID) -> CaseVerification:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return verify_case(session, case, runtime.workflows.registry)


def tamper(runtime: Runtime, change: Callable[[Session], Any]) -> None:
    with runtime.sessions.begin() as session:
        change(session)


def set_event(case_id: UUID, seq: int, **values: Any) -> Callable[[Session], Any]:
    return lambda s: s.execute(
        update(Event).where(Event.case_id == case_id, Event.seq == seq).values(**values)
    )


def stored_event(runtime: Runtime, case_id: UUID, seq: int) -> Event:
    with runtime.sessions() as session:
        return next(e for e in events_of(session, case_id) if e.seq == seq)


def test_a_fresh_history_verifies(runtime: Runtime, world: World) -> None:
    case_id, other_id = build_history(runtime, world)
    for cid in (case_id, other_id):
        result = verify(runtime, cid)
        assert result.ok, result.problems
    with runtime.sessions() as session:
        results = list(verify_all(session, runtime.workflows.registry, batch=1))
    assert len(results) == 2
    assert all(r.ok for r in results)


EDITS: dict[str, Callable[[Event], dict[str, Any]]] = {
    "payload": lambda e: {"payload": {**e.payload, "assessment": "Tidak layak."}},
    "to_state": lambda e: {"to_state": "mediated"},
    "from_state": lambda e: {"from_state": "assessed"},
    "trigger": lambda e: {"trigger": "withdraw"},
    "actor_name": lambda e: {"actor_name": "orang lain"},
    "actor_role": lambda e: {"actor_role": "supervisor"},
    "created_at": lambda e: {"created_at": e.created_at - timedelta(days=1)},
    "hash": lambda e: {"hash": "f" * 64},
    "prev_hash": lambda e: {"prev_hash": "0" * 64},
}


@pytest.mark.parametrize("column", list(EDITS))
def test_editing_any_event_column_is_found(runtime: Runtime, world: World, column: str) -> None:
    case_id, other_id = build_history(runtime, world)
    original = stored_event(runtime, case_id, ASSESS)
    tamper(runtime, set_event(case_id, ASSESS, **EDITS[column](original)))

    result = verify(runtime, case_id)
    assert not result.ok
    assert any(p.startswith(f"event {ASSESS}:") for p in result.problems), result.problems
    if column == "hash":
        # The next event no longer links to it either.
        assert f"event {ASSESS + 1}: does not link to the event before it" in result.problems
    assert verify(runtime, other_id).ok


def test_a_changed_risk_level_in_a_payload_is_also_caught_by_replay(
    runtime: Runtime, world: World
) -> None:
    case_id, _ = build_history(runtime, world)
    original = stored_event(runtime, case_id, ASSESS)
    tamper(
        runtime, set_event(case_id, ASSESS, payload={**original.payload, "risk_level": "tinggi"})
    )
    problems = verify(runtime, case_id).problems
    assert f"event {ASSESS}: content was changed after it was written" in problems
    assert any("replay disagrees" in p and "risk_level" in p for p in problems), problems


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(
    runtime: Runtime, world: World
) -> None:
    case_id, _ = build_history(runtime, world)
    e = stored_event(runtime, case_id, ASSESS)
    forged_payload = {**e.payload, "assessment": "Tidak layak."}
    forged = event_hash(
        case_id=e.case_id,
        seq=e.seq,
        actor_id=e.actor_id,
        actor_name=e.actor_name,
        actor_role=e.actor_role,
        trigger=e.trigger,
        from_state=e.from_state,
        to_state=e.to_state,
        payload=forged_payload,
        created_at=e.created_at,
        prev_hash=e.prev_hash,
    )
    tamper(runtime, set_event(case_id, ASSESS, payload=forged_payload, hash=forged))
    problems = verify(runtime, case_id).problems
    assert problems == [f"event {ASSESS + 1}: does not link to the event before it"]


@pytest.mark.parametrize(
    ("seq", "expected"), [(LAST, "5 events for a case at version 6"), (ASSESS, "event 4:")]
)
def test_a_deleted_event_is_found(runtime: Runtime, world: World, seq: int, expected: str) -> None:
    case_id, other_id = build_history(runtime, world)
    tamper(
        runtime,
        lambda s: s.execute(delete(Event).where(Event.case_id == case_id, Event.seq == seq)),
    )
    result = verify(runtime, case_id)
    assert any(p.startswith(expected) for p in result.problems), result.problems
    assert verify(runtime, other_id).ok


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"state": "withdrawn"}, "state"),
        ({"title": "Judul yang diganti"}, "title"),
        ({"risk_level": "rendah"}, "risk_level"),
        ({"category": "warisan"}, "category"),
    ],
)
def test_a_case_row_changed_behind_the_service_is_found(
    runtime: Runtime, world: World, values: dict[str, Any], field: str
) -> None:
    case_id, _ = build_history(runtime, world)
    tamper(runtime, lambda s: s.execute(update(Case).where(Case.id == case_id).values(**values)))
    problems = verify(runtime, case_id).problems
    assert any(
        p.startswith(f"replay disagrees with the stored case: {field} ") for p in problems
    ), problems


def test_a_version_bumped_without_an_event_is_found(runtime: Runtime, world: World) -> None:
    case_id, _ = build_history(runtime, world)
    tamper(
        runtime,
        lambda s: s.execute(update(Case).where(Case.id == case_id).values(version=LAST + 1)),
    )
    assert f"{LAST} events for a case at version {LAST + 1}" in verify(runtime, case_id).problems


def test_a_history_cut_short_at_its_end_is_found(runtime: Runtime, world: World) -> None:
    """The newest event deleted and the version put back to match: the count agrees, the
    hash the case row keeps of its newest event does not."""
    case_id, other_id = build_history(runtime, world)

    def cut(session: Session) -> None:
        session.execute(delete(Event).where(Event.case_id == case_id, Event.seq == LAST))
        session.execute(update(Case).where(Case.id == case_id).values(version=LAST - 1))

    tamper(runtime, cut)
    problems = verify(runtime, case_id).problems
    assert "the case's last hash is not its newest event's" in problems
    assert verify(runtime, other_id).ok


# ---- the command ----------------------------------------------------------------------------


def test_audit_verify_passes_on_a_clean_database(
    runtime: Runtime, world: World, settings: Settings
) -> None:
    build_history(runtime, world)
    result = CliRunner().invoke(main, ["audit", "verify"], env=cli_env(settings.database_url))
    assert result.exit_code == 0, result.output
    # Each case the officer registered is a report on record too (its door: walk-in).
    assert "all 2 cases, 2 reports and 0 forums verified" in result.stdout


def test_audit_verify_names_the_broken_case(
    runtime: Runtime, world: World, settings: Settings
) -> None:
    case_id, other_id = build_history(runtime, world)
    with runtime.sessions() as session:
        broken, intact = (
            session.scalars(select(Case.reference).where(Case.id == cid)).one()
            for cid in (case_id, other_id)
        )
    tamper(runtime, set_event(case_id, ASSESS, actor_name="orang lain"))

    result = CliRunner().invoke(main, ["audit", "verify"], env=cli_env(settings.database_url))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"BROKEN {broken}: event {ASSESS}: content was changed" in result.stdout
    assert intact not in result.stdout
    assert "1 of 4 chains fail verification" in result.stderr
    assert "Traceback" not in result.output


def test_audit_verify_checks_the_public_reports_chains_too(
    runtime: Runtime, world: World, settings: Settings
) -> None:
    intact, changed = (
        submitted(runtime, world),
        submitted(
            runtime, world, reporter_phone="0813-1111-2222", what="Ada balap liar tiap malam."
        ),
    )
    env = cli_env(settings.database_url)
    clean = CliRunner().invoke(main, ["audit", "verify"], env=env)
    assert "all 0 cases, 2 reports and 0 forums verified" in clean.stdout
    with runtime.sessions.begin() as session:
        session.execute(
            update(ReportEvent)
            .where(ReportEvent.report_id == changed.id)
            .values(payload={"source": "web", "workflow": "pengaduan", "category": "lainnya"})
        )
    result = CliRunner().invoke(main, ["audit", "verify"], env=env)
    assert result.exit_code == 1
    assert f"BROKEN report {format_code(changed.code)}: event 1: content was changed" in (
        result.stdout
    )
    assert format_code(intact.code) not in result.stdout
    assert "1 of 2 chains fail verification" in result.stderr
