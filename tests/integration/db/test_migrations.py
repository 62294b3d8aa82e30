"""The migrations build exactly the schema the models declare, on a brand-new database of
each backend, through the command a person runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from advanced_alchemy.types import GUID
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import NUMERIC, Engine, inspect, select

from mediasi.audit.services import verify_case
from mediasi.cases.models import Case
from mediasi.cases.search import text_search
from mediasi.cli import main
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.db.engine import make_engine
from mediasi.runtime import Runtime
from mediasi.tables import metadata
from tests.factories import PAYLOADS, ROOT_DIR, build_world, cli_env


@pytest.fixture
def fresh_engine(fresh_database_url: str) -> Iterator[Engine]:
    engine = make_engine(
        Settings(database_url=fresh_database_url, root_dir=ROOT_DIR).sqlalchemy_url
    )
    yield engine
    engine.dispose()


def upgrade(database_url: str) -> str:
    result = CliRunner().invoke(main, ["db", "upgrade"], env=cli_env(database_url))
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result.stdout


def schema_diff(engine: Engine) -> list[Any]:
    """What ``alembic revision --autogenerate`` would write: the models against the database
    (less the PostgreSQL-only search indexes, which the models do not declare)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": migrate.include_object}
        )
        return list(compare_metadata(context, metadata))


def guid_reflection_artefact(entry: Any) -> bool:
    """SQLite reflects a ``BINARY(16)`` UUID column as NUMERIC(16) (its type affinity)."""
    if not isinstance(entry, list) or len(entry) != 1 or entry[0][0] != "modify_type":
        return False
    *_, reflected, declared = entry[0]
    return isinstance(declared, GUID) and isinstance(reflected, NUMERIC)


def test_db_upgrade_creates_the_schema_the_models_declare(
    fresh_database_url: str, fresh_engine: Engine
) -> None:
    assert migrate.current(fresh_engine) == set()
    out = upgrade(fresh_database_url)
    assert "upgraded from empty to" in out

    heads = migrate.heads(Settings(database_url=fresh_database_url, root_dir=ROOT_DIR))
    assert migrate.current(fresh_engine) == heads
    tables = set(inspect(fresh_engine).get_table_names())
    assert set(metadata.tables) <= tables
    # Every table, column, type, index and constraint as the models say. Plain compare_type
    # cannot tell SQLite's reflected NUMERIC(16) from a BINARY(16) UUID column: only that
    # artefact is let through (the next test uses the project's own comparator).
    assert [d for d in schema_diff(fresh_engine) if not guid_reflection_artefact(d)] == []


def test_db_revision_would_write_nothing(fresh_database_url: str, fresh_engine: Engine) -> None:
    """The comparison ``mediasi db revision`` makes (the project's own type comparator, which
    knows the portable types) finds nothing on either backend."""
    upgrade(fresh_database_url)
    assert migrate.schema_differences(fresh_engine, metadata) == []


def test_db_upgrade_twice_changes_nothing(fresh_database_url: str, fresh_engine: Engine) -> None:
    upgrade(fresh_database_url)
    before = migrate.current(fresh_engine)
    out = upgrade(fresh_database_url)
    assert "is already at revision" in out
    assert migrate.current(fresh_engine) == before


def test_the_password_is_not_printed(fresh_postgres_url: str) -> None:
    # The test server trusts every login, so any password works and must stay hidden.
    with_password = fresh_postgres_url.replace("postgres@", "postgres:s3cret-pw@")
    out = upgrade(with_password)
    assert "s3cret-pw" not in out
    assert "***" in out


def test_the_hash_and_search_migrations_go_back_and_forth_keeping_what_cases_hold(
    fresh_database_url: str,
) -> None:
    """0010 and 0011 fill what they add from the rows already there: after a downgrade past
    them and an upgrade again, a case with a history still verifies and is still found."""
    settings = Settings(database_url=fresh_database_url, root_dir=ROOT_DIR)
    runtime = Runtime.build(settings)
    try:
        migrate.upgrade(settings, runtime.engine)
        with runtime.sessions.begin() as session:
            world = build_world(session)
        officer = world.actor("officer")
        with runtime.sessions.begin() as session:
            service = runtime.case_service(session)
            case = service.report(officer, world.report(title="Sengketa batas sawah"))
            case = service.fire(case.id, "assess", officer, PAYLOADS["assess"], case.version)
            case_id = case.id

        command.downgrade(migrate.alembic_config(settings, runtime.engine), "0009")
        migrate.upgrade(settings, runtime.engine)

        with runtime.sessions() as session:
            stored = session.get(Case, case_id)
            assert stored is not None
            assert verify_case(session, stored, runtime.workflows.registry).ok
            found = session.scalars(
                select(Case.id).where(text_search(session, "batas sawah").counted)
            ).all()
        assert found == [case_id]
        assert migrate.schema_differences(runtime.engine, metadata) == []
    finally:
        runtime.close()
