"""The ``mediasi`` command against real databases: demo data, and failing with one readable
line (never a traceback) when the database cannot be used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from mediasi.accounts.models import User
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.cli import main
from mediasi.config import Settings
from mediasi.runtime import Runtime
from tests.factories import ROOT_DIR, cli_env

# The demo may leave these states empty (an agreement needs signatures).
DEMO_MAY_MISS = {("sengketa", "agreed")}


def workflow_states(runtime: Runtime) -> set[tuple[str, str]]:
    """Every (workflow, state) of the loaded workflows."""
    return {
        (spec.name, state) for spec in runtime.workflows.registry.all() for state in spec.states
    }


def run(database_url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env={**cli_env(database_url), **(env or {})})


def assert_one_line_error(result: Result, *expected: str) -> str:
    """Exit 1 through click (not an uncaught exception), one 'error: …' line, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for text in expected:
        assert text in lines[0]
    return lines[0]


def counts(runtime: Runtime) -> tuple[int, int, int]:
    with runtime.sessions() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Case, Event, User)
        )


def states(runtime: Runtime) -> dict[tuple[str, str], int]:
    with runtime.sessions() as session:
        rows = session.execute(
            select(Case.workflow, Case.state, func.count()).group_by(Case.workflow, Case.state)
        ).all()
    return {(workflow, state): n for workflow, state, n in rows}


# ---- demo ---------------------------------------------------------------------------------


def test_demo_twice_is_idempotent_spread_and_verified(runtime: Runtime, settings: Settings) -> None:
    first = run(settings.database_url, "demo")
    assert first.exit_code == 0, first.output
    assert "demo data ready" in first.stdout
    after_first = counts(runtime)
    cases, events, users = after_first
    assert cases == 66  # 65, and the one a forum's aspiration became
    assert users >= 8
    assert events > 2 * cases  # each case has its report and its parties at least

    # Spread over every state of every workflow (bar those it may leave empty).
    present = states(runtime)
    assert sum(present.values()) == 66
    assert set(present) <= workflow_states(runtime)
    missing = workflow_states(runtime) - set(present) - DEMO_MAY_MISS
    assert missing == set(), f"present: {sorted(present)}"

    second = run(settings.database_url, "demo")
    assert second.exit_code == 0, second.output
    assert "already present, none added" in second.stdout
    assert "forums: already present, none added" in second.stdout
    assert counts(runtime) == after_first

    verified = run(settings.database_url, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "all 66 cases, 69 reports and 3 forums verified" in verified.stdout


# ---- failures a person can act on ---------------------------------------------------------


def test_an_unsupported_database_is_refused(tmp_path: Path) -> None:
    assert_one_line_error(run("mysql://x", "db", "upgrade"), "mysql", "sqlite", "postgresql")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("sqlite://", "needs a SQLite file"),
        ("sqlite:///:memory:", "needs a SQLite file"),
        ("not a url", "MEDIASI_DATABASE_URL is not a database URL"),
    ],
)
def test_an_unusable_url_is_refused(url: str, reason: str) -> None:
    assert_one_line_error(run(url, "db", "upgrade"), reason)


def test_an_unreachable_postgresql_is_reported() -> None:
    line = assert_one_line_error(
        run("postgresql://postgres@127.0.0.1:5999/mediasi", "db", "upgrade"),
        "cannot use the database",
    )
    assert "5999" in line


def test_a_missing_postgresql_database_is_reported() -> None:
    assert_one_line_error(
        run("postgresql://postgres@127.0.0.1:5432/mediasi_does_not_exist", "audit", "verify"),
        "cannot use the database",
        "mediasi_does_not_exist",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["demo"],
        ["audit", "verify"],
        ["db", "revision", "-m", "x"],
        ["report", "monthly", "--area", "KEPANJEN", "--month", "2026-11"],
    ],
    ids=" ".join,
)
def test_every_command_refuses_an_unmigrated_database(
    fresh_database_url: str, args: list[str]
) -> None:
    assert_one_line_error(run(fresh_database_url, *args), "not current", "mediasi db upgrade")


def test_serve_refuses_an_unmigrated_database_before_it_starts_a_worker(
    fresh_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: started.append(kwargs))
    result = run(fresh_database_url, "serve", "--workers", "2")
    assert_one_line_error(result, "not current", "mediasi db upgrade")
    assert started == []


def test_a_bad_setting_is_named() -> None:
    result = CliRunner().invoke(
        main,
        ["db", "upgrade"],
        env={**cli_env("sqlite:///var/unused.db"), "MEDIASI_DEADLINE_SCAN_SECONDS": "1"},
    )
    assert_one_line_error(result, "MEDIASI_DEADLINE_SCAN_SECONDS")


MKDIR_BUG = (
    "src/mediasi/db/engine.py make_engine (line 42) creates the SQLite file's folder with "
    "Path.mkdir outside any handler; when it cannot (a path under a regular file, a read-only "
    "place) the OSError escapes src/mediasi/cli.py _friendly as a traceback"
)


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("catatan rapat, bukan basis data\n" * 200)
    assert_one_line_error(run(f"sqlite:///{junk}", "db", "upgrade"), "cannot use the database")


def test_a_sqlite_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert_one_line_error(run(f"sqlite:///{blocker}/mediasi.db", "db", "upgrade"), "a-file")


# ---- workflows check ----------------------------------------------------------------------


def test_workflows_check_passes_the_shipped_workflows() -> None:
    result = run("sqlite:///var/unused.db", "workflows", "check")
    assert result.exit_code == 0, result.output
    assert "ok: sengketa v1" in result.stdout
    assert "ok: pengaduan v1" in result.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("name: rusak\nversion: 1\nstates: [\n", "not valid YAML"),
        ("pengaduan.yaml", "hilang"),
    ],
    ids=["yaml", "unknown-state"],
)
def test_workflows_check_rejects_a_bad_file(tmp_path: Path, content: str, reason: str) -> None:
    bad = tmp_path / "rusak.yaml"
    if content.endswith(".yaml"):
        # A shipped workflow with one transition leading to a state that does not exist.
        shipped = (ROOT_DIR / "workflows" / content).read_text()
        content = shipped.replace("dest: resolved", "dest: hilang")
    bad.write_text(content)
    result = run("sqlite:///var/unused.db", "workflows", "check", str(bad))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.startswith("error: workflow files are invalid:")
    assert f"{bad}:" in result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.output
