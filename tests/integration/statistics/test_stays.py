"""The stays the statistics count (``case_stays``) follow every kind of event as it is written,
on SQLite and PostgreSQL: a step, an edit, a pause and its resume, the deadline scanner's flag
and its step, the agreement, a handover and a workflow migration. ``audit verify`` finds them
equal to what the log implies (and names a case whose stays were changed behind the ledger's
back), and the migration's backfill (0020) writes the same rows from the log alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from mediasi.audit.services import verify_all
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.cli import main
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import ROOT_DIR, TimedCases, World, build_world, cli_env
from tests.integration.statistics.histories import EDITED_CATEGORY, every_kind, may, pause, scan
from tests.integration.workflow_versions.test_publishing import publish
from tests.workflow_texts import sengketa_v2

Row = dict[str, Any]


def stays(runtime: Runtime, case_id: UUID | None = None) -> list[Row]:
    """Every stay (of one case), in order, as column values."""
    query = select(CaseStay).order_by(CaseStay.case_id, CaseStay.entered_seq)
    if case_id is not None:
        query = query.where(CaseStay.case_id == case_id)
    with runtime.sessions() as session:
        return [
            {c.name: getattr(stay, c.name) for c in CaseStay.__table__.columns}
            for stay in session.scalars(query)
        ]


def path(rows: list[Row]) -> list[tuple[Any, ...]]:
    """What each stay says beyond its times: state, how it was entered and left, flags, the
    days paused (to the second), the workflow version."""
    return [
        (
            r["state"],
            r["entered_by"],
            r["left_to"],
            r["left_by_system"],
            r["flagged"],
            round(r["paused_days"] * 86400),
            r["version"],
        )
        for r in rows
    ]


def linked(rows: list[Row]) -> bool:
    """Each stay ends where the next begins, and only the last is open."""
    ends = [(r["left_seq"], r["left_at"]) for r in rows[:-1]]
    starts = [(r["entered_seq"], r["entered_at"]) for r in rows[1:]]
    return ends == starts and rows[-1]["left_seq"] is None


def all_verified(runtime: Runtime) -> list[list[str]]:
    with runtime.sessions() as session:
        return [r.problems for r in verify_all(session, runtime.workflows.registry) if not r.ok]


DAY = 86400


def test_stays_follow_every_kind_of_event(runtime: Runtime, world: World) -> None:
    made = every_kind(runtime, world)
    steps = stays(runtime, made["steps"])
    assert path(steps) == [
        # Flagged by the scanner on 8 May, then assessed by the officer.
        ("reported", "case.reported", "assessed", False, True, 0, 1),
        # Paused 10–12 May and 13 May until the step out on the 14th.
        ("assessed", "assess", "mediated", False, False, 3 * DAY, 1),
        ("mediated", "schedule_mediation", "escalated", True, False, 0, 1),
        ("escalated", "escalate_overdue", None, False, False, 0, 1),
    ]
    assert linked(steps)
    # The edit and the handover followed onto every stay, closed or open.
    assert {(r["category"], r["officer_id"]) for r in steps} == {
        (EDITED_CATEGORY, made["successor"])
    }

    agreed = stays(runtime, made["agreed"])
    assert [(r["state"], r["entered_by"]) for r in agreed] == [
        ("reported", "case.reported"),
        ("assessed", "assess"),
        ("mediated", "schedule_mediation"),
        ("agreed", "agree"),
    ]
    assert linked(agreed)

    # Rescheduled: still in mediation, its pause ended and its due time the case's new one.
    rescheduled = stays(runtime, made["rescheduled"])
    with runtime.sessions() as session:
        case = session.get(Case, made["rescheduled"])
        assert case is not None
        due, paused = case.due_at, case.paused_at
    assert [r["state"] for r in rescheduled] == ["reported", "assessed", "mediated"]
    assert (rescheduled[-1]["due_at"], rescheduled[-1]["paused_since"], paused) == (due, None, None)
    assert rescheduled[-1]["left_at"] is None
    assert all_verified(runtime) == []


def test_a_pause_past_its_limit_ends_where_the_scanner_flags_it(
    runtime: Runtime, world: World
) -> None:
    """Paused 5 May (30 days at most); the scanner finds the pause run out on 10 June and
    flags the deadline: 36 days paused, not the day more until the step out."""
    timed = TimedCases(runtime, world)
    case_id = timed.report(may(4))
    timed.fire(case_id, "assess", may(4, 10))
    pause(runtime, world, case_id, may(5), resume=False)
    june = datetime(2026, 6, 10, 9, tzinfo=LOCAL_TZ)
    scan(runtime, june)
    timed.invite(case_id, june)
    later = {"session_at": "2026-06-20T09:00"}
    timed.fire(case_id, "schedule_mediation", june + timedelta(days=1), **later)
    assert path(stays(runtime, case_id))[1] == (
        "assessed",
        "assess",
        "mediated",
        False,
        True,
        36 * DAY,
        1,
    )
    assert all_verified(runtime) == []


@pytest.fixture
def own(runtime: Runtime, settings: Settings) -> Iterator[Runtime]:
    """A runtime of its own: publishing a workflow version changes its registry."""
    mine = Runtime.build(settings)
    try:
        yield mine
    finally:
        mine.close()


def migrate_sengketa(runtime: Runtime, world: World) -> None:
    """Version 2 renames ``assessed`` to ``telaah``; every open case moves to it."""
    publish(runtime, world, sengketa_v2())
    runtime.migrations().run("sengketa", 2, {}, world.actor("admin"))


def test_a_migration_moves_the_open_stay_and_keeps_the_closed_ones(
    own: Runtime, world: World
) -> None:
    made = every_kind(own, world)
    migrate_sengketa(own, world)

    # The state kept its name: the open stay counts under version 2 now, the others under 1.
    assert [(r["state"], r["version"]) for r in stays(own, made["steps"])] == [
        ("reported", 1),
        ("assessed", 1),
        ("mediated", 1),
        ("escalated", 2),
    ]
    assert [(r["state"], r["version"]) for r in stays(own, made["reported"])] == [("reported", 2)]
    # A renamed state: the migration ends the stay in the old name and opens one in the new.
    renamed = stays(own, made["assessed"])
    assert path(renamed)[1:] == [
        ("assessed", "assess", "telaah", False, False, 0, 1),
        ("telaah", "workflow.migrated", None, False, False, 0, 2),
    ]
    assert linked(renamed)
    assert all_verified(own) == []


@pytest.fixture
def fresh(fresh_database_url: str) -> Iterator[tuple[Runtime, World]]:
    settings = Settings(database_url=fresh_database_url, root_dir=ROOT_DIR)
    runtime = Runtime.build(settings)
    try:
        migrate.upgrade(settings, runtime.engine)
        with runtime.sessions.begin() as session:
            world = build_world(session)
        yield runtime, world
    finally:
        runtime.close()


def test_the_backfill_writes_from_the_log_the_stays_written_live(
    fresh: tuple[Runtime, World],
) -> None:
    runtime, world = fresh
    every_kind(runtime, world)
    migrate_sengketa(runtime, world)
    live = stays(runtime)
    assert len(live) == 15  # steps 4, agreed 4, rescheduled 3, reported 1, assessed 3

    config = migrate.alembic_config(runtime.settings, runtime.engine)
    command.downgrade(config, "0019")
    migrate.upgrade(runtime.settings, runtime.engine)

    filled = stays(runtime)
    assert [{**r, "paused_days": None} for r in filled] == [
        {**r, "paused_days": None} for r in live
    ]
    assert [round(r["paused_days"] * DAY) for r in filled] == [
        round(r["paused_days"] * DAY) for r in live
    ]
    assert all_verified(runtime) == []


TAMPERED = [
    (delete(CaseStay).where(CaseStay.entered_seq > 1), "no stay from event"),
    (
        update(CaseStay).where(CaseStay.entered_seq == 1).values(flagged=True),
        "flagged True != False",
    ),
    (update(CaseStay).values(category="warisan"), "category 'warisan' != 'batas_tanah'"),
    (update(CaseStay).values(paused_days=0.5), "paused days 0.500000 != 0.000000"),
]


@pytest.mark.parametrize(("change", "said"), TAMPERED)
def test_audit_verify_finds_stays_that_differ_from_the_log(
    runtime: Runtime, world: World, settings: Settings, change: Any, said: str
) -> None:
    case_id = TimedCases(runtime, world).mediated(may(4))
    with runtime.sessions.begin() as session:
        session.execute(change)
        reference = session.scalars(select(Case.reference).where(Case.id == case_id)).one()
    result = CliRunner().invoke(main, ["audit", "verify"], env=cli_env(settings.database_url))
    assert result.exit_code == 1, result.output
    assert any(
        line.startswith(f"BROKEN {reference}: statistics: ") and said in line
        for line in result.stdout.splitlines()
    ), result.stdout
