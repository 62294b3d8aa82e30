"""``GET /healthz``: 200 when the database answers and is migrated, 503 otherwise."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from litestar.testing import TestClient
from sqlalchemy import Engine, event

from mediasi.app import create_app
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime
from mediasi.web.health import SCHEMA_RECHECK_SECONDS, SchemaChecks
from tests.conftest import ROOT
from tests.integration.web.conftest import Web

UNREACHABLE = "postgresql://mediasi@127.0.0.1:1/nowhere"


def _health(database_url: str) -> httpx.Response:
    settings = Settings(database_url=database_url, root_dir=ROOT, deadline_scanner=False)
    app = create_app(runtime=Runtime.build(settings))
    with TestClient(app, raise_server_exceptions=False) as client:
        return client.get("/healthz")


def test_a_migrated_database_is_healthy_without_logging_in(web: Web) -> None:
    response = web.get("/healthz")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_an_unmigrated_database_is_never_reported_healthy(fresh_database_url: str) -> None:
    response = _health(fresh_database_url)
    assert response.status_code >= 500
    assert '"ok"' not in response.text


def test_a_database_that_does_not_answer_is_never_reported_healthy() -> None:
    response = _health(UNREACHABLE)
    assert response.status_code >= 500
    assert '"ok"' not in response.text


def test_an_unmigrated_database_is_503_with_the_reason(fresh_database_url: str) -> None:
    response = _health(fresh_database_url)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "schema not migrated"}


def test_a_database_that_does_not_answer_is_503_with_the_reason() -> None:
    response = _health(UNREACHABLE)
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_a_migration_added_while_serving_makes_the_database_behind(
    web: Web, runtime: Runtime, tmp_path: Path
) -> None:
    """The heads are read once, not per probe, yet a deploy that adds a migration to the
    folder is seen at the next probe."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "migrations", root / "migrations")
    settings = runtime.settings.model_copy(update={"root_dir": root})
    assert migrate.heads(settings) == migrate.current(runtime.engine)
    [head] = migrate.heads(settings)
    (root / "migrations" / "versions" / "9999_next.py").write_text(
        f'revision = "9999"\ndown_revision = "{head}"\n\n\n'
        "def upgrade() -> None: ...\n\n\ndef downgrade() -> None: ...\n"
    )
    assert migrate.heads(settings) == {"9999"}


@contextmanager
def _schema_reads(engine: Engine) -> Iterator[list[str]]:
    """The statements on ``engine`` that read the schema's revision while inside."""
    seen: list[str] = []

    def executed(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if "FROM alembic_version" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", executed)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", executed)


def test_a_probe_reads_the_schema_revision_at_most_once_a_minute(
    web: Web, runtime: Runtime
) -> None:
    """Each probe asks the database to answer; the revision is read again only a minute after
    it was last found at the heads, or when the heads change, and a schema behind is never
    remembered."""
    assert web.get("/healthz").status_code == 200
    with _schema_reads(runtime.engine) as reads:
        for _ in range(3):
            assert web.get("/healthz").status_code == 200
    assert reads == []


def test_the_remembered_schema_expires_and_follows_the_heads(runtime: Runtime) -> None:
    now = [1000.0]
    checks = SchemaChecks(clock=lambda: now[0])
    heads = migrate.heads(runtime.settings)
    with _schema_reads(runtime.engine) as reads:
        assert checks.at_heads(runtime.engine, heads)
        assert checks.at_heads(runtime.engine, heads)
        assert len(reads) == 1
        now[0] += SCHEMA_RECHECK_SECONDS + 1
        assert checks.at_heads(runtime.engine, heads)
        assert len(reads) == 2
        # A deploy brings a migration the database has not run: behind at once, and every
        # probe asks again until it is run.
        assert not checks.at_heads(runtime.engine, {"9999"})
        assert not checks.at_heads(runtime.engine, {"9999"})
        assert len(reads) == 4
