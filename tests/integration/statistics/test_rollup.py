"""The statistics' monthly roll-up (``mediasi.cases.rollup``), on SQLite and PostgreSQL: a
page of whole months read from it shows the same figures as one read from the stays; a step
taken through the app changes it in the same transaction; ``audit verify`` fails on a row that
differs from what the stays imply (and ``audit rollup`` counts it again); and the migration's
backfill (0022) writes the same rows as the live writes did."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import func, select, update

from mediasi.accounts.models import Area
from mediasi.cases import rollup
from mediasi.cases.rollup_model import EnteredMonth
from mediasi.cases.rollup_parts import PARTS
from mediasi.cli import main
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime
from mediasi.statistics import rollup_reading
from mediasi.statistics.figures import Statistics
from mediasi.statistics.service import StatisticsService
from tests.factories import TimedCases, World, cli_env
from tests.integration.statistics.histories import every_kind, may
from tests.integration.statistics.test_stays import fresh, migrate_sengketa  # noqa: F401
from tests.integration.statistics.world import Built

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
PERIODS = [
    {"period": "month", "value": "2026-09"},
    {"period": "month", "value": "2026-08"},
    {"period": "quarter", "value": "2026-Q3"},
    {"period": "year", "value": "2026"},
]


def statistics(runtime: Runtime, user: str, world: World, params: dict[str, str]) -> Statistics:
    with runtime.sessions() as session:
        service = StatisticsService(session, runtime.workflows.registry, "Asia/Jakarta")
        return service.statistics(world.actor(user), params, NOW).statistics


def _rounded(value: Any) -> Any:
    return round(value, 9) if isinstance(value, float) else value


def rows(runtime: Runtime) -> dict[str, set[tuple[Any, ...]]]:
    """Every roll-up row that counts something, by table; days to a billionth (a sum of days
    added stay by stay is not always the same last bit as SQL's SUM of them)."""
    with runtime.sessions() as session:
        return {
            part.table.name: {
                tuple(map(_rounded, row))
                for row in session.execute(select(part.table))
                if row[len(part.keys)]
            }
            for part in PARTS
        }


def differences(runtime: Runtime) -> list[str]:
    with runtime.sessions() as session:
        connection = session.connection()
        return list(rollup.differences(connection, runtime.workflows.registry, "Asia/Jakarta"))


@pytest.mark.parametrize("params", PERIODS, ids=lambda p: p["value"])
@pytest.mark.parametrize(
    ("user", "extra"),
    [
        ("supervisor", {}),
        ("supervisor_b", {}),
        ("officer", {}),
        ("supervisor", {"workflow": "sengketa"}),
        ("supervisor", {"category": "batas_tanah"}),
    ],
)
def test_the_rollup_and_the_stays_give_the_same_figures(
    runtime: Runtime,
    world: World,
    built: Built,
    monkeypatch: pytest.MonkeyPatch,
    user: str,
    extra: dict[str, str],
    params: dict[str, str],
) -> None:
    asked = {**params, **extra}
    used: list[bool] = []
    answers = rollup_reading.answers

    def spy(*args: Any) -> bool:
        used.append(answers(*args))
        return used[-1]

    monkeypatch.setattr(rollup_reading, "answers", spy)
    from_rollup = statistics(runtime, user, world, asked)
    assert used == [True]
    monkeypatch.setattr(rollup_reading, "answers", lambda *args: False)
    from_stays = statistics(runtime, user, world, asked)
    assert from_rollup == from_stays


def test_a_polres_whose_polsek_count_in_other_zones_is_read_from_the_stays(
    runtime: Runtime, world: World, built: Built
) -> None:
    with runtime.sessions() as session:
        service = StatisticsService(session, runtime.workflows.registry, "Asia/Jakarta")
        answer = service.statistics(world.actor("polres_supervisor"), PERIODS[0], NOW)
        assert not rollup_reading.answers(session, answer.statistics.selection, [])


def test_the_known_world_rolls_up_as_its_stays_imply(runtime: Runtime, built: Built) -> None:
    assert differences(runtime) == []
    assert sum(len(found) for found in rows(runtime).values()) > 0


def test_a_step_taken_through_the_app_is_rolled_up_with_it(runtime: Runtime, world: World) -> None:
    def opened() -> int:
        with runtime.sessions() as session:
            where = EnteredMonth.first.is_(True)
            return int(session.scalar(select(func.sum(EnteredMonth.stays)).where(where)) or 0)

    before = opened()
    timed = TimedCases(runtime, world)
    timed.mediated(may(4))
    assert opened() == before + 1
    assert differences(runtime) == []


def test_a_case_closed_long_after_its_escalation_counts_as_escalated(
    runtime: Runtime, world: World
) -> None:
    """The closing step is the one that reads every stay of the case: the escalation that
    makes the closed case count as escalated lies several stays back."""
    timed = TimedCases(runtime, world)
    case_id = timed.escalated(may(4))
    timed.fire(case_id, "return_escalation", may(5), by="supervisor")
    timed.fire(case_id, "withdraw", may(6))
    with runtime.sessions() as session:
        closed = select(EnteredMonth.stays, EnteredMonth.escalated).where(
            EnteredMonth.state == "withdrawn"
        )
        assert session.execute(closed).all() == [(1, 1)]
    assert differences(runtime) == []


def test_audit_verify_fails_on_a_rollup_row_that_differs(
    runtime: Runtime, world: World, settings: Settings
) -> None:
    TimedCases(runtime, world).mediated(may(4))
    env = cli_env(settings.database_url)
    assert CliRunner().invoke(main, ["audit", "verify"], env=env).exit_code == 0
    with runtime.sessions.begin() as session:
        session.execute(update(EnteredMonth).where(EnteredMonth.first).values(stays=2))
    result = CliRunner().invoke(main, ["audit", "verify"], env=env)
    assert result.exit_code == 1, result.output
    broken = [line for line in result.stdout.splitlines() if line.startswith("BROKEN")]
    assert broken
    assert all(line.startswith("BROKEN statistics roll-up: stats_entered") for line in broken)
    assert "kept (2, 0), the stays imply (1, 0)" in broken[0]
    assert CliRunner().invoke(main, ["audit", "rollup"], env=env).exit_code == 0
    assert CliRunner().invoke(main, ["audit", "verify"], env=env).exit_code == 0


def test_the_backfill_writes_the_rows_written_live(fresh: tuple[Runtime, World]) -> None:  # noqa: F811
    runtime, world = fresh
    every_kind(runtime, world)
    migrate_sengketa(runtime, world)
    live = rows(runtime)
    assert all(live.values())

    config = migrate.alembic_config(runtime.settings, runtime.engine)
    command.downgrade(config, "0021")
    migrate.upgrade(runtime.settings, runtime.engine)

    assert rows(runtime) == live
    assert differences(runtime) == []


def test_each_desa_counts_in_the_nearest_zone_set_on_it_or_above_it(
    runtime: Runtime, world: World
) -> None:
    """The polres's zone reaches every desa; a polsek's own zone wins below it, a desa's own
    below that; a sibling whose path differs only where a code has an underscore (which LIKE
    reads as any character) does not inherit it."""
    with runtime.sessions.begin() as session:
        unset = rollup.zones_of(session.connection(), [world.desa_a1], "UTC")
        assert unset == {"UTC": [world.desa_a1]}
        polres = session.get_one(Area, world.polres)
        twin = Area(code="KEPANJEN_X", name="X", level="polsek", parent_id=polres.id)
        twin.path = f"{polres.path}KEPANJEN_X/"
        lookalike = Area(code="KEPANJENXX", name="XX", level="polsek", parent_id=polres.id)
        lookalike.path = f"{polres.path}KEPANJENXX/"
        session.add_all([twin, lookalike])
        session.flush()
        zones = {
            world.polres: "Asia/Jakarta",
            world.polsek_b: "Asia/Makassar",
            world.desa_a2: "Asia/Jayapura",
            twin.id: "Asia/Pontianak",
        }
        for area_id, zone in zones.items():
            session.execute(update(Area).where(Area.id == area_id).values(timezone=zone))
        desa = [world.desa_a1, world.desa_a2, world.desa_b1, lookalike.id]
        found = rollup.zones_of(session.connection(), desa, "UTC")
    assert {zone: set(ids) for zone, ids in found.items()} == {
        "Asia/Jakarta": {world.desa_a1, lookalike.id},
        "Asia/Makassar": {world.desa_b1},
        "Asia/Jayapura": {world.desa_a2},
    }
