"""``GET /healthz``: 200 when the database answers and is migrated, 503 otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
from litestar.testing import TestClient

from mediasi.app import create_app
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime
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
